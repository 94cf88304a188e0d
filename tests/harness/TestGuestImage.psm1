#Requires -Version 7.2
<#
    TestGuestImage: a tiny bootable x86_64 guest for tests that need a running operating system (guest agent,
    serial console, network): Debian's kernel and an initramfs with busybox and qemu-guest-agent. Built once per
    machine from Debian packages downloaded on demand (apt-get download + dpkg-deb -x, nothing is installed into
    the host) and cached under /var/tmp. No dependency on PSLibvirt. See README.md beside this file.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The guest's fixed network settings (QEMU user networking: no DHCP server needed, none is used).
$script:GuestAddress = '10.0.2.15'
$script:GuestPrefixLength = 24
$script:GuestGateway = '10.0.2.2'
$script:GuestHostname = 'pslv-guest'
# Kernel modules the guest loads (with their dependencies, read from each module's .modinfo), when the kernel
# has them as modules rather than built in.
$script:GuestModules = @('virtio_pci', 'virtio_console', 'virtio_net')

function Get-TestGuestCacheRoot {
    if ($env:PSLIBVIRT_GUEST_IMAGE_CACHE) { return $env:PSLIBVIRT_GUEST_IMAGE_CACHE }
    return '/var/tmp'
}

function Invoke-GuestImageTool {
    # Runs a program (under coreutils `timeout`: nothing hangs); throws with its output when it fails.
    param([Parameter(Mandatory)][string]$FilePath, [string[]]$ArgumentList = @(), [double]$TimeoutSeconds = 300,
        [string]$WorkingDirectory)
    $old = $PWD
    if ($WorkingDirectory) { Set-Location -LiteralPath $WorkingDirectory }
    try { $output = & timeout --kill-after=5 ([string]$TimeoutSeconds) $FilePath @ArgumentList 2>&1 }
    finally { if ($WorkingDirectory) { Set-Location -LiteralPath $old } }
    if ($LASTEXITCODE -ne 0) {
        throw "TestGuestImage: '$FilePath $($ArgumentList -join ' ')' failed (exit $LASTEXITCODE): $(@($output) -join "`n")"
    }
    return @($output | ForEach-Object { "$_" })
}

function Get-AptCandidate {
    # Name and candidate version of a Debian package; runs apt-get update once when the lists do not know it.
    param([Parameter(Mandatory)][string]$Package)
    foreach ($attempt in 1, 2) {
        $policy = & apt-cache policy $Package 2>$null
        $line = @($policy | Where-Object { $_ -match '^\s+Candidate:\s+(\S+)' })[0]
        if ($line -and $line -match 'Candidate:\s+(\S+)' -and $Matches[1] -ne '(none)') { return $Matches[1] }
        if ($attempt -eq 1) { $null = Invoke-GuestImageTool -FilePath 'apt-get' -ArgumentList @('update', '-qq') }
    }
    throw "TestGuestImage: Debian package '$Package' has no installable version (apt-cache policy $Package)"
}

function Get-TestGuestPackageSet {
    # The concrete packages the image is built from: linux-image-amd64 is a metapackage, its dependency the kernel.
    $meta = Get-AptCandidate -Package 'linux-image-amd64'
    $depends = & apt-cache depends linux-image-amd64 2>$null
    $kernel = @($depends | ForEach-Object { if ($_ -match '^\s+Depends:\s+(linux-image-6\.1\.\S+-amd64)$') { $Matches[1] } })
    if ($kernel.Count -eq 0) { throw "TestGuestImage: linux-image-amd64 $meta depends on no linux-image-6.1.*-amd64 package" }
    [ordered]@{
        $kernel[0]          = Get-AptCandidate -Package $kernel[0]
        'busybox-static'    = Get-AptCandidate -Package 'busybox-static'
        'qemu-guest-agent'  = Get-AptCandidate -Package 'qemu-guest-agent'
    }
}

function Get-ModuleDependency {
    # The `depends=` entry of a module's .modinfo section (a NUL-separated list of key=value strings).
    param([Parameter(Mandatory)][string]$Path)
    $text = [System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes($Path))
    $m = [regex]::Match($text, "\x00depends=([^\x00]*)\x00")
    if (-not $m.Success -or -not $m.Groups[1].Value) { return @() }
    return @($m.Groups[1].Value -split ',' | Where-Object { $_ })
}

function Get-GuestInitScript {
    param([string[]]$Modules)
    $insmod = ($Modules | ForEach-Object { "insmod /lib/modules/$_.ko" }) -join "`n"
    @"
#!/bin/sh
# /init of the PSLibvirt test guest (tests/harness/TestGuestImage.psm1).
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/virtio-ports /run /var/run /tmp /var/lib/qemu-ga
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
$insmod
hostname $script:GuestHostname
ip link set lo up
ip link set eth0 up
ip addr add $script:GuestAddress/$script:GuestPrefixLength dev eth0
ip route add default via $script:GuestGateway
# No udev: make the named port link that qemu-ga looks for.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  for p in /sys/class/virtio-ports/*; do
    [ -f "`$p/name" ] || continue
    n=`$(cat "`$p/name")
    [ -n "`$n" ] && [ ! -e "/dev/virtio-ports/`$n" ] && ln -s "/dev/`$(basename "`$p")" "/dev/virtio-ports/`$n"
  done
  [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ] && break
  usleep 200000
done
echo "pslv-guest: network $script:GuestAddress/$script:GuestPrefixLength, starting qemu-ga" > /dev/ttyS0
if [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ]; then
  ( while true; do qemu-ga -m virtio-serial -p /dev/virtio-ports/org.qemu.guest_agent.0 -t /var/lib/qemu-ga -f /run/qemu-ga.pid; sleep 1; done ) &
else
  echo "pslv-guest: no org.qemu.guest_agent.0 port, qemu-ga not started" > /dev/ttyS0
fi
echo "pslv-guest: ready" > /dev/ttyS0
while true; do
  setsid sh -c 'exec sh </dev/ttyS0 >/dev/ttyS0 2>&1'
done
"@
}

function Get-TestGuestImage {
    <#
    .SYNOPSIS
        A bootable test guest: [pscustomobject]@{ Kernel; Initrd; CommandLine; Address; PrefixLength; Gateway;
        Hostname; Directory; Packages; BuildSeconds }. Builds it once and caches it.
    .DESCRIPTION
        Downloads (apt-get download, into a temporary directory) the concrete linux-image-6.1.*-amd64 kernel package,
        busybox-static and qemu-guest-agent, extracts them with dpkg-deb -x, and writes an initramfs (cpio newc,
        gzip) holding busybox, qemu-ga with the shared libraries ldd names and the loader, the virtio kernel modules
        (with their dependencies) and an /init (see Get-GuestInitScript). The result is cached in
        /var/tmp/pslibvirt-guest-image-<hash of the package versions and this script> (or under
        $env:PSLIBVIRT_GUEST_IMAGE_CACHE); a second call returns at once. Needs root, apt-get, dpkg-deb, cpio,
        gzip, ldd. -Force rebuilds.
    #>
    [CmdletBinding()]
    param([switch]$Force)
    if (-not $IsLinux) { throw 'TestGuestImage: needs Linux (Debian)' }
    foreach ($tool in 'apt-get', 'apt-cache', 'dpkg-deb', 'cpio', 'gzip', 'ldd', 'timeout') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) {
            throw "TestGuestImage: '$tool' is not installed (apt-get install apt dpkg cpio gzip libc-bin coreutils)"
        }
    }
    $packages = Get-TestGuestPackageSet
    $scriptText = [System.IO.File]::ReadAllText($PSCommandPath)
    $key = (($packages.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ';') + "`n" + $scriptText
    $hash = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($key))).Substring(0, 16).ToLowerInvariant()
    $dir = Join-Path (Get-TestGuestCacheRoot) "pslibvirt-guest-image-$hash"
    $kernelName = @($packages.Keys)[0]

    $result = {
        param($Directory, [double]$Seconds)
        [pscustomobject]@{
            Kernel       = Join-Path $Directory 'vmlinuz'
            Initrd       = Join-Path $Directory 'initrd.gz'
            CommandLine  = 'console=ttyS0 quiet panic=-1'
            Address      = $script:GuestAddress
            PrefixLength = $script:GuestPrefixLength
            Gateway      = $script:GuestGateway
            Hostname     = $script:GuestHostname
            Directory    = $Directory
            Packages     = $packages
            BuildSeconds = $Seconds
        }
    }
    if (-not $Force -and (Test-Path -LiteralPath (Join-Path $dir 'complete'))) { return & $result $dir 0 }

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $work = Join-Path (Get-TestGuestCacheRoot) ("pslibvirt-guest-build-" + [System.IO.Path]::GetRandomFileName().Replace('.', ''))
    $null = New-Item -ItemType Directory -Path $work
    try {
        $debs = Join-Path $work 'debs'
        $null = New-Item -ItemType Directory -Path $debs
        # apt drops privileges to _apt for downloads: let it write there (else it warns and downloads as root).
        & chmod 0777 $debs
        $specs = @($packages.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" })
        $null = Invoke-GuestImageTool -FilePath 'apt-get' -ArgumentList (@('download', '-qq') + $specs) -WorkingDirectory $debs
        $x = Join-Path $work 'x'
        foreach ($deb in Get-ChildItem -LiteralPath $debs -Filter '*.deb') {
            $null = Invoke-GuestImageTool -FilePath 'dpkg-deb' -ArgumentList @('-x', $deb.FullName, $x)
        }
        $vmlinuz = @(Get-ChildItem -LiteralPath (Join-Path $x 'boot') -Filter 'vmlinuz-*')[0]
        $config = @(Get-ChildItem -LiteralPath (Join-Path $x 'boot') -Filter 'config-*')[0]
        $release = $vmlinuz.Name.Substring('vmlinuz-'.Length)

        # The initramfs tree.
        $root = Join-Path $work 'root'
        foreach ($d in 'bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'run', 'tmp', 'root', 'lib/modules', 'lib64', 'var/lib/qemu-ga') {
            $null = New-Item -ItemType Directory -Force -Path (Join-Path $root $d)
        }
        Copy-Item -LiteralPath (Join-Path $x 'bin/busybox') -Destination (Join-Path $root 'bin/busybox')
        $applets = Invoke-GuestImageTool -FilePath (Join-Path $root 'bin/busybox') -ArgumentList @('--list-full')
        foreach ($a in $applets) {
            $link = Join-Path $root $a
            if (-not (Test-Path -LiteralPath $link)) {
                $null = New-Item -ItemType Directory -Force -Path (Split-Path $link)
                $null = New-Item -ItemType SymbolicLink -Path $link -Target '/bin/busybox'
            }
        }
        $ga = Join-Path $x 'usr/sbin/qemu-ga'
        Copy-Item -LiteralPath $ga -Destination (Join-Path $root 'usr/sbin/qemu-ga')
        # Shared libraries of qemu-ga, as the host's loader resolves them (Debian 12 has them: QEMU needs them too).
        foreach ($line in Invoke-GuestImageTool -FilePath 'ldd' -ArgumentList @($ga)) {
            if ($line -match 'not found') { throw "TestGuestImage: qemu-ga needs a library the host lacks: $line" }
            $lib = if ($line -match '=>\s+(/\S+)') { $Matches[1] } elseif ($line -match '^\s*(/\S+)') { $Matches[1] } else { $null }
            if (-not $lib) { continue }
            $dest = Join-Path $root $lib.TrimStart('/')
            $null = New-Item -ItemType Directory -Force -Path (Split-Path $dest)
            Copy-Item -LiteralPath ((Get-Item -LiteralPath $lib).ResolvedTarget ?? $lib) -Destination $dest
        }
        # /lib64 -> the loader path ldd printed (/lib64/ld-linux-x86-64.so.2) is copied as is above; Debian's
        # libraries live in /lib/x86_64-linux-gnu, which the loader searches by default.

        # Kernel modules: only those the kernel does not build in, with their dependencies first.
        $configText = [System.IO.File]::ReadAllText($config.FullName)
        $moduleFiles = @{}
        foreach ($f in Get-ChildItem -LiteralPath (Join-Path $x "lib/modules/$release/kernel") -Recurse -File) {
            $n = $f.Name -replace '\.ko(\.xz|\.zst|\.gz)?$', ''
            if ($n -ne $f.Name) { $moduleFiles[$n.Replace('-', '_')] = $f.FullName }
        }
        $order = [System.Collections.Generic.List[string]]::new()
        $visit = $null
        $visit = {
            param([string]$Name)
            if ($order.Contains($Name)) { return }
            $file = $moduleFiles[$Name]
            if (-not $file) { throw "TestGuestImage: kernel module '$Name' is not in $kernelName" }
            if ($file -match '\.xz$') {
                $plain = Join-Path $work "$Name.ko"
                $null = Invoke-GuestImageTool -FilePath 'sh' -ArgumentList @('-c', "xz -dc '$file' > '$plain'")
                $file = $plain; $moduleFiles[$Name] = $plain
            } elseif ($file -match '\.(zst|gz)$') { throw "TestGuestImage: compressed module $file is not supported" }
            foreach ($dep in Get-ModuleDependency -Path $file) { & $visit $dep.Replace('-', '_') }
            $order.Add($Name)
        }
        $configName = @{ virtio_pci = 'CONFIG_VIRTIO_PCI'; virtio_console = 'CONFIG_VIRTIO_CONSOLE'; virtio_net = 'CONFIG_VIRTIO_NET' }
        foreach ($m in $script:GuestModules) {
            if ($configText -match "(?m)^$($configName[$m])=y$") { continue }   # built in
            & $visit $m
        }
        foreach ($m in $order) { Copy-Item -LiteralPath $moduleFiles[$m] -Destination (Join-Path $root "lib/modules/$m.ko") }

        Set-Content -LiteralPath (Join-Path $root 'etc/os-release') -Value @(
            'PRETTY_NAME="PSLibvirt test guest (busybox)"', 'NAME="PSLibvirt test guest"', 'ID=pslv-guest', "VERSION_ID=`"$release`"")
        Set-Content -LiteralPath (Join-Path $root 'etc/hostname') -Value $script:GuestHostname
        Set-Content -LiteralPath (Join-Path $root 'etc/passwd') -Value 'root:x:0:0:root:/root:/bin/sh'
        Set-Content -LiteralPath (Join-Path $root 'etc/group') -Value 'root:x:0:'
        $init = Join-Path $root 'init'
        [System.IO.File]::WriteAllText($init, (Get-GuestInitScript -Modules $order).Replace("`r`n", "`n"))
        & chmod 0755 $init

        $null = New-Item -ItemType Directory -Path (Join-Path $work 'out')
        $initrd = Join-Path $work 'out/initrd.gz'
        $null = Invoke-GuestImageTool -FilePath 'sh' -ArgumentList @('-c', "find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6 > '$initrd'") -WorkingDirectory $root
        Copy-Item -LiteralPath $vmlinuz.FullName -Destination (Join-Path $work 'out/vmlinuz')
        Set-Content -LiteralPath (Join-Path $work 'out/packages.txt') -Value $specs
        Set-Content -LiteralPath (Join-Path $work 'out/complete') -Value ''

        # Publish atomically: a concurrent build of the same image wins or loses the rename as a whole.
        if ($Force -and (Test-Path -LiteralPath $dir)) { Remove-Item -LiteralPath $dir -Recurse -Force }
        try { [System.IO.Directory]::Move((Join-Path $work 'out'), $dir) }
        catch { if (-not (Test-Path -LiteralPath (Join-Path $dir 'complete'))) { throw } }
    } finally {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
    return & $result $dir $watch.Elapsed.TotalSeconds
}

Export-ModuleMember -Function Get-TestGuestImage
