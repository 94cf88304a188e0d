#Requires -Version 7.2
<#
    PrivateLibvirtd: a private libvirtd (QEMU + test drivers over TCP on 127.0.0.1) for the lifecycle tests
    of PSLibvirt. No dependency on PSLibvirt: it drives the daemon with virsh only.

    Isolation: the daemon runs as root in its own mount namespace (unshare -m) in which private directories
    of the run are bind-mounted over /etc/libvirt, /run/libvirt, /var/lib/libvirt and /var/log/libvirt, so
    its configuration (libvirtd.conf, qemu.conf) and all driver state (domains, networks, pools, pid files,
    sockets) live in the run's temporary directory and never meet the host's or another run's. The QEMU
    capabilities cache (/var/cache/libvirt) is shared between runs in a persistent directory because
    probing QEMU costs seconds and libvirt validates (and atomically rewrites) that cache itself.
    See README.md beside this file.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Host paths that are replaced, inside the daemon's mount namespace, by directories of the run.
$script:BoundDirs = [ordered]@{
    'etc' = '/etc/libvirt'
    'run' = '/run/libvirt'
    'lib' = '/var/lib/libvirt'
    'log' = '/var/log/libvirt'
}
$script:CacheMountPoint = '/var/cache/libvirt'
$script:SaslMountPoint = '/etc/sasl2'
$script:DirPrefix = 'pslv-libvirtd-'
# The bootable test guest (Get-TestGuestImage, used by New-TestGuestXml -Boot).
Import-Module (Join-Path $PSScriptRoot 'TestGuestImage.psm1')
$script:QemuUser = 'libvirt-qemu'
# `kill` may be a PowerShell alias: always run the program.
$script:KillPath = @(Get-Command kill -CommandType Application -ErrorAction Ignore)[0].Source
if (-not $script:KillPath) { $script:KillPath = '/bin/kill' }

function Get-HarnessCacheDirectory {
    if ($env:PSLIBVIRT_HARNESS_CACHE) { return $env:PSLIBVIRT_HARNESS_CACHE }
    return '/var/tmp/pslibvirt-harness-cache'
}

function Invoke-HarnessTool {
    # Runs a program under coreutils `timeout` so that no call can hang; returns output, exit code.
    param(
        [Parameter(Mandatory)][string]$FilePath,
        [string[]]$ArgumentList = @(),
        [double]$TimeoutSeconds = 15
    )
    $output = & timeout --kill-after=2 ([string]$TimeoutSeconds) $FilePath @ArgumentList 2>&1
    $code = $LASTEXITCODE
    [pscustomobject]@{
        ExitCode = $code
        Output   = (@($output | ForEach-Object { "$_" }) -join "`n")
        TimedOut = ($code -eq 124 -or $code -eq 137)
    }
}

function Invoke-HarnessVirsh {
    param(
        [Parameter(Mandatory)][string]$Uri,
        [Parameter(Mandatory)][string[]]$ArgumentList,
        [double]$TimeoutSeconds = 15
    )
    Invoke-HarnessTool -FilePath 'virsh' -ArgumentList (@('-q', '-c', $Uri) + $ArgumentList) -TimeoutSeconds $TimeoutSeconds
}

function Test-ProcessAlive {
    # A zombie counts as gone: PID 1 of a container may never reap re-parented children.
    param([int]$Id)
    $stat = "/proc/$Id/stat"
    try { $text = [System.IO.File]::ReadAllText($stat) } catch { return $false }
    $state = $text.Substring($text.LastIndexOf(')') + 2, 1)
    return $state -ne 'Z' -and $state -ne 'X'
}

function Get-MountNamespace {
    param([int]$Id)
    try { return (Get-Item -LiteralPath "/proc/$Id/ns/mnt" -Force).LinkTarget } catch { return $null }
}

function Get-ProcessesInNamespace {
    <#
        The live processes in mount namespace $Namespace. With -Directory, only those whose namespace holds the bind
        mounts of that daemon directory: Linux reuses namespace ids once a namespace is gone, so after the daemon
        died its recorded id may name a newer daemon's namespace, whose processes must not be killed.
    #>
    param([string]$Namespace, [string]$Directory)
    if (-not $Namespace) { return @() }
    $ids = foreach ($d in [System.IO.Directory]::EnumerateDirectories('/proc')) {
        $name = [System.IO.Path]::GetFileName($d)
        if ($name -match '^\d+$' -and (Get-MountNamespace -Id ([int]$name)) -eq $Namespace -and (Test-ProcessAlive -Id ([int]$name))) {
            if ($Directory -and -not (Test-NamespaceOfDirectory -Id ([int]$name) -Directory $Directory)) { continue }
            [int]$name
        }
    }
    return @($ids)
}

function Test-NamespaceOfDirectory {
    # True when process $Id sees a bind mount whose source lies in $Directory (the daemon's private directories).
    param([int]$Id, [string]$Directory)
    $mountinfo = try { [System.IO.File]::ReadAllText("/proc/$Id/mountinfo") } catch { return $false }
    # mountinfo field 4 is the mount's root within its filesystem: for a bind of $Directory/run it is that path.
    foreach ($line in $mountinfo -split "`n") {
        $f = $line -split ' '
        if ($f.Count -gt 4 -and $f[3].StartsWith($Directory.TrimEnd('/') + '/', [StringComparison]::Ordinal)) { return $true }
    }
    return $false
}

function Wait-ProcessesGone {
    param([int[]]$Id, [double]$TimeoutSeconds)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $alive = @($Id | Where-Object { Test-ProcessAlive -Id $_ })
        if ($alive.Count -eq 0) { return $true }
        if ([DateTime]::UtcNow -ge $deadline) { return $false }
        [System.Threading.Thread]::Sleep(50)   # polling interval of a wait with a deadline
    }
}

function Stop-ProcessesHard {
    # SIGTERM, wait up to $TimeoutSeconds, then SIGKILL and wait again (bounded).
    param([int[]]$Id, [double]$TimeoutSeconds = 5)
    $Id = @($Id | Where-Object { $_ -gt 1 -and (Test-ProcessAlive -Id $_) })
    if ($Id.Count -eq 0) { return }
    & $script:KillPath -TERM @Id 2>$null
    if (Wait-ProcessesGone -Id $Id -TimeoutSeconds $TimeoutSeconds) { return }
    $left = @($Id | Where-Object { Test-ProcessAlive -Id $_ })
    if ($left.Count) { & $script:KillPath -KILL @left 2>$null }
    if (-not (Wait-ProcessesGone -Id $left -TimeoutSeconds 5)) {
        Write-Warning "PrivateLibvirtd: processes still alive after SIGKILL: $($left -join ', ')"
    }
}

function Get-LogTail {
    param([string]$Path, [int]$Lines = 30)
    if ($Path -and (Test-Path -LiteralPath $Path)) { return ((Get-Content -LiteralPath $Path -Tail $Lines) -join "`n") }
    return '(no log)'
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        return ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    } finally { $listener.Stop() }
}

function Test-TcpPortOpen {
    param([int]$Port, [int]$TimeoutMs = 1000, [string]$Address = '127.0.0.1')
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        $task = $client.ConnectAsync([System.Net.IPAddress]::Parse($Address), $Port)
        if (-not $task.Wait($TimeoutMs)) { return $false }
        return $client.Connected
    } catch { return $false } finally { $client.Dispose() }
}

function Test-PrivateLibvirtdSupported {
    <#
    .SYNOPSIS
        Whether a private libvirtd can run here. Returns $true, or $false plus a reason.
    .DESCRIPTION
        Without -Detailed: a [bool]; when $false the reason is also written as a warning.
        With -Detailed: [pscustomobject]@{ Supported = <bool>; Reason = <string or $null> } for
        `Set-ItResult -Skipped -Because $s.Reason` in Pester tests.
    #>
    [CmdletBinding()]
    param([switch]$Detailed)
    $reason = $null
    if (-not $IsLinux) { $reason = 'the private libvirtd needs Linux' }
    elseif ((& id -u) -ne '0') { $reason = 'the private libvirtd must run as root (QEMU system driver in a private mount namespace)' }
    else {
        foreach ($tool in 'libvirtd', 'virsh', 'qemu-system-x86_64', 'unshare', 'setsid', 'timeout', 'kill') {
            if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) {
                $reason = "'$tool' is not installed (apt-get install libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86)"
                break
            }
        }
        if (-not $reason) {
            $drivers = @('/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib') |
                ForEach-Object { "$_/libvirt/connection-driver/libvirt_driver_qemu.so" } | Where-Object { Test-Path -LiteralPath $_ }
            if (-not $drivers) { $reason = 'the libvirt QEMU driver is not installed (apt-get install libvirt-daemon-driver-qemu)' }
        }
        if (-not $reason) {
            $r = Invoke-HarnessTool -FilePath 'unshare' -ArgumentList @('--mount', '--propagation', 'private', 'true') -TimeoutSeconds 10
            if ($r.ExitCode -ne 0) { $reason = "cannot create a mount namespace (unshare -m): $($r.Output)" }
        }
    }
    if ($Detailed) { return [pscustomobject]@{ Supported = -not $reason; Reason = $reason } }
    if ($reason) { Write-Warning "Private libvirtd not supported: $reason" }
    return -not $reason
}

function Initialize-PrivateLibvirtdHost {
    # The harness's changes to the machine (documented in README.md): the libvirt-qemu system user and
    # group the QEMU driver looks up at start-up (even with user = "root"), the empty mount points below,
    # and the shared capabilities cache directory.
    if (-not (& getent group $script:QemuUser)) {
        & groupadd -r $script:QemuUser
        if ($LASTEXITCODE) { throw "groupadd -r $script:QemuUser failed" }
    }
    if (-not (& getent passwd $script:QemuUser)) {
        & useradd -r -g $script:QemuUser -d /var/lib/libvirt -M -s /usr/sbin/nologin $script:QemuUser
        if ($LASTEXITCODE) { throw "useradd -r $script:QemuUser failed" }
    }
    foreach ($p in @($script:BoundDirs.Values) + $script:CacheMountPoint + $script:SaslMountPoint + (Get-HarnessCacheDirectory)) {
        if (-not (Test-Path -LiteralPath $p)) { $null = New-Item -ItemType Directory -Path $p -Force }
    }
}

function Clear-StalePrivateLibvirtd {
    # Runs whose owner (the pwsh that started them) died without Stop-PrivateLibvirtd: stop and remove.
    $tmp = [System.IO.Path]::GetTempPath()
    foreach ($dir in Get-ChildItem -LiteralPath $tmp -Directory -Filter "$script:DirPrefix*" -ErrorAction Ignore) {
        $ownerFile = Join-Path $dir.FullName 'owner.pid'
        $owner = if (Test-Path -LiteralPath $ownerFile) { [int](Get-Content -LiteralPath $ownerFile -Raw) } else { 0 }
        if ($owner -and (Test-ProcessAlive -Id $owner)) { continue }
        if (-not $owner -and $dir.LastWriteTimeUtc -gt [DateTime]::UtcNow.AddMinutes(-2)) { continue } # being created
        Write-Warning "PrivateLibvirtd: cleaning a stale run in $($dir.FullName)"
        Stop-PrivateLibvirtd -Daemon (Get-DaemonFromDirectory -Directory $dir.FullName)
    }
}

function Get-DaemonFromDirectory {
    param([string]$Directory)
    $state = Join-Path $Directory 'daemon.json'
    if (Test-Path -LiteralPath $state) {
        $o = Get-Content -LiteralPath $state -Raw | ConvertFrom-Json
        $o | Add-Member -NotePropertyName Process -NotePropertyValue $null -Force
        return $o
    }
    return [pscustomobject]@{ Directory = $Directory; Pid = 0; Port = 0; Uri = $null; Namespace = $null; Process = $null; LogPath = $null }
}

function New-HarnessPki {
    <#
    .SYNOPSIS
        Certificates for a TLS run (certtool): a CA, a server certificate for 127.0.0.1/localhost, a client
        certificate, and a second CA that signed nothing. Client directories in libvirt's pkipath layout
        (cacert.pem, clientcert.pem, clientkey.pem): Client (the right ones), WrongCa (trusts the other CA only),
        NoClientCert (the right CA, no client certificate).
    #>
    param([string]$Directory)
    $null = New-Item -ItemType Directory -Path $Directory -Force
    function Invoke-Certtool([string[]]$Arguments) {
        $out = & certtool @Arguments 2>&1
        if ($LASTEXITCODE) { throw "certtool $($Arguments -join ' ') failed: $out" }
    }
    function New-Key([string]$Name) { $p = Join-Path $Directory "$Name-key.pem"; Invoke-Certtool '--generate-privkey', '--outfile', $p; $p }
    function New-Template([string]$Name, [string[]]$Lines) { $p = Join-Path $Directory "$Name.info"; Set-Content -LiteralPath $p -Value $Lines; $p }
    $caKey = New-Key 'ca'; $caCert = Join-Path $Directory 'ca-cert.pem'
    Invoke-Certtool '--generate-self-signed', '--load-privkey', $caKey, '--template', (New-Template 'ca' 'cn = PSLibvirt test CA', 'ca', 'cert_signing_key', 'expiration_days = 2'), '--outfile', $caCert
    $otherKey = New-Key 'otherca'; $otherCert = Join-Path $Directory 'otherca-cert.pem'
    Invoke-Certtool '--generate-self-signed', '--load-privkey', $otherKey, '--template', (New-Template 'otherca' 'cn = Some other CA', 'ca', 'cert_signing_key', 'expiration_days = 2'), '--outfile', $otherCert
    $serverKey = New-Key 'server'; $serverCert = Join-Path $Directory 'server-cert.pem'
    Invoke-Certtool '--generate-certificate', '--load-privkey', $serverKey, '--load-ca-certificate', $caCert, '--load-ca-privkey', $caKey, '--template', (New-Template 'server' 'organization = PSLibvirt tests', 'cn = localhost', 'dns_name = localhost', 'ip_address = 127.0.0.1', 'tls_www_server', 'encryption_key', 'signing_key', 'expiration_days = 2'), '--outfile', $serverCert
    $clientKey = New-Key 'client'; $clientCert = Join-Path $Directory 'client-cert.pem'
    Invoke-Certtool '--generate-certificate', '--load-privkey', $clientKey, '--load-ca-certificate', $caCert, '--load-ca-privkey', $caKey, '--template', (New-Template 'client' 'organization = PSLibvirt tests', 'cn = pslv-client', 'tls_www_client', 'encryption_key', 'signing_key', 'expiration_days = 2'), '--outfile', $clientCert
    # A client of the other CA: its own certificate is valid to it, so what fails is the server's certificate.
    $otherClientCert = Join-Path $Directory 'otherclient-cert.pem'
    Invoke-Certtool '--generate-certificate', '--load-privkey', $clientKey, '--load-ca-certificate', $otherCert, '--load-ca-privkey', $otherKey, '--template', (New-Template 'otherclient' 'organization = Elsewhere', 'cn = pslv-client', 'tls_www_client', 'encryption_key', 'signing_key', 'expiration_days = 2'), '--outfile', $otherClientCert
    $dirs = @{}
    foreach ($layout in @(@{ Name = 'Client'; Ca = $caCert; Cert = $clientCert }, @{ Name = 'WrongCa'; Ca = $otherCert; Cert = $otherClientCert }, @{ Name = 'NoClientCert'; Ca = $caCert; Cert = $null })) {
        $d = Join-Path $Directory $layout.Name.ToLowerInvariant()
        $null = New-Item -ItemType Directory -Path $d
        Copy-Item -LiteralPath $layout.Ca -Destination (Join-Path $d 'cacert.pem')
        if ($layout.Cert) {
            Copy-Item -LiteralPath $layout.Cert -Destination (Join-Path $d 'clientcert.pem')
            Copy-Item -LiteralPath $clientKey -Destination (Join-Path $d 'clientkey.pem')
        }
        $dirs[$layout.Name] = $d
    }
    [pscustomobject]@{
        CaCert = $caCert; ServerKey = $serverKey; ServerCert = $serverCert
        Client = $dirs.Client; WrongCa = $dirs.WrongCa; NoClientCert = $dirs.NoClientCert
    }
}

function Start-PrivateLibvirtd {
    <#
    .SYNOPSIS
        Starts a private libvirtd listening on 127.0.0.1:<Port> (TCP, no auth) and waits until it serves.
    .OUTPUTS
        PSCustomObject: Uri, TestUri, TestUriPrefix, QemuUri, Port, Pid, Directory, LogPath, Namespace,
        StartSeconds, Driver, Process.
    #>
    [CmdletBinding()]
    param(
        [ValidateRange(1, 65535)][int]$Port,
        [ValidateSet('qemu', 'test')][string]$Driver = 'qemu',
        [ValidateRange(1, 600)][double]$TimeoutSeconds = 90,
        # Also listen for TLS (certificates generated for the run: see README.md, "TLS and SASL").
        [switch]$Tls,
        # The TCP listener asks for SASL (DIGEST-MD5) with this user and password instead of no authentication.
        [string]$SaslUser,
        [string]$SaslPassword,
        # libvirtd's host_uuid (default: a new random one per run). libvirt refuses to migrate to "the same host",
        # which it judges by this UUID (and the host name): two daemons of this machine need different ones.
        [guid]$HostUuid = [guid]::NewGuid(),
        # The first port of the 64 ports QEMU of this daemon listens on for incoming migrations (qemu.conf
        # migration_port_min/max; default: a free block chosen per run), so that two daemons never offer the same one.
        [ValidateRange(1024, 65471)][int]$MigrationPortMin,
        # Run in this network namespace (one of New-PrivateNetwork's hosts: Namespace, Address) instead of the host's:
        # the daemon listens on the host's Address, and its QEMU takes incoming migrations there (migration_host).
        [object]$NetworkHost
    )
    $support = Test-PrivateLibvirtdSupported -Detailed
    if (-not $support.Supported) { throw "Private libvirtd not supported: $($support.Reason)" }
    Initialize-PrivateLibvirtdHost
    Clear-StalePrivateLibvirtd

    # A port we picked can be taken between the probe and libvirtd's bind: then retry with another one.
    $attempts = if ($PSBoundParameters.ContainsKey('Port')) { 1 } else { 3 }
    for ($attempt = 1; ; $attempt++) {
        $p = if ($PSBoundParameters.ContainsKey('Port')) { $Port } else { Get-FreeTcpPort }
        try {
            $migration = if ($PSBoundParameters.ContainsKey('MigrationPortMin')) { $MigrationPortMin } else { Get-FreeMigrationPortBlock }
            return Start-PrivateLibvirtdOnce -Port $p -Driver $Driver -TimeoutSeconds $TimeoutSeconds -Tls:$Tls -SaslUser $SaslUser -SaslPassword $SaslPassword -HostUuid $HostUuid -MigrationPortMin $migration -NetworkHost $NetworkHost
        } catch {
            if ($attempt -ge $attempts -or $_.Exception.Message -notmatch 'Address already in use|bind') { throw }
            Write-Warning "PrivateLibvirtd: port $p was taken, retrying with another one"
        }
    }
}

function Get-FreeMigrationPortBlock {
    # The first of 64 consecutive ports that are free now, in 20000-39999 (below Linux's ephemeral range, so the
    # picks of Get-FreeTcpPort land elsewhere), chosen at random so that two runs rarely pick the same block.
    for ($try = 0; $try -lt 20; $try++) {
        $first = 20000 + 64 * (Get-Random -Minimum 0 -Maximum 312)
        if (-not (@(0, 63) | Where-Object { Test-TcpPortOpen -Port ($first + $_) -TimeoutMs 100 })) { return $first }
    }
    throw 'No free block of 64 migration ports found in 20000-39999'
}

function Start-PrivateLibvirtdOnce {
    param([int]$Port, [string]$Driver, [double]$TimeoutSeconds, [switch]$Tls, [string]$SaslUser, [string]$SaslPassword,
        [guid]$HostUuid, [int]$MigrationPortMin, [object]$NetworkHost)
    $address = if ($NetworkHost) { $NetworkHost.Address } else { '127.0.0.1' }
    if (Test-TcpPortOpen -Port $Port -TimeoutMs 500 -Address $address) { throw "Port $Port on $address is already in use (bind)" }

    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ($script:DirPrefix + [System.IO.Path]::GetRandomFileName().Replace('.', ''))
    $null = New-Item -ItemType Directory -Path $dir
    Set-Content -LiteralPath (Join-Path $dir 'owner.pid') -Value $PID -NoNewline
    foreach ($k in @($script:BoundDirs.Keys) + 'sock') { $null = New-Item -ItemType Directory -Path (Join-Path $dir $k) }
    $etc = Join-Path $dir 'etc'
    $sock = Join-Path $dir 'sock'
    $log = Join-Path $dir 'libvirtd.log'
    $pidFile = Join-Path $dir 'libvirtd.pid'
    $conf = Join-Path $etc 'libvirtd.conf'

    $tlsPort = 0
    $pki = $null
    $tlsConf = 'listen_tls = 0'
    if ($Tls) {
        $tlsPort = Get-FreeTcpPort
        $pki = New-HarnessPki -Directory (Join-Path $dir 'pki')
        $tlsConf = @"
listen_tls = 1
tls_port = "$tlsPort"
auth_tls = "none"
key_file = "$($pki.ServerKey)"
cert_file = "$($pki.ServerCert)"
ca_file = "$($pki.CaCert)"
"@
    }
    $sasl = [bool]$SaslUser
    if ($sasl) {
        # libvirtd reads SASL's configuration from /etc/sasl2/libvirt.conf: the run's sasl2 directory is bound there.
        # DIGEST-MD5, because libvirt refuses a mechanism without a security layer on a plain TCP listener.
        $saslDir = Join-Path $dir 'sasl2'
        $null = New-Item -ItemType Directory -Path $saslDir
        $db = Join-Path $dir 'passwd.db'
        Set-Content -LiteralPath (Join-Path $saslDir 'libvirt.conf') -Value "mech_list: digest-md5`nsasldb_path: $db"
        $SaslPassword | & saslpasswd2 -p -a libvirt -f $db $SaslUser
        if ($LASTEXITCODE) { throw "saslpasswd2 failed ($LASTEXITCODE)" }
    }
    Set-Content -LiteralPath $conf -Value @"
# written by tests/harness/PrivateLibvirtd.psm1
$tlsConf
listen_tcp = 1
listen_addr = "$address"
tcp_port = "$Port"
auth_tcp = "$(if ($sasl) { 'sasl' } else { 'none' })"
auth_unix_ro = "none"
auth_unix_rw = "none"
unix_sock_dir = "$sock"
log_outputs = "3:file:$log"
host_uuid = "$HostUuid"
"@
    Set-Content -LiteralPath (Join-Path $etc 'qemu.conf') -Value @"
# written by tests/harness/PrivateLibvirtd.psm1
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
stdio_handler = "file"
# keep QEMU in the daemon's private mount namespace, so that Stop-PrivateLibvirtd finds every process of it
namespaces = [ ]
# Migration between two daemons of this machine: the destination's QEMU listens on ports of this daemon's own block.
# (libvirt refuses migration_address/migration_host = 127.0.0.1 in qemu.conf, "must not be the address of the local
# machine"; a migration confined to loopback passes -MigrationUri tcp://127.0.0.1, the listen address follows it.)
migration_port_min = $MigrationPortMin
migration_port_max = $($MigrationPortMin + 63)
$(if ($NetworkHost) { "migration_host = `"$address`"" })
"@
    # Inside the new mount namespace: bind the run's directories over libvirt's fixed system paths, then
    # exec libvirtd (same pid as the process we start: unshare without --fork execs, so does sh).
    $binds = foreach ($k in $script:BoundDirs.Keys) { "mount --bind '$dir/$k' '$($script:BoundDirs[$k])'" }
    $binds += "mount --bind '$(Get-HarnessCacheDirectory)' '$script:CacheMountPoint'"
    if ($sasl) { $binds += "mount --bind '$dir/sasl2' '$script:SaslMountPoint'" }
    $script = (@('set -e') + $binds + "exec libvirtd --listen -f '$conf' -p '$pidFile' </dev/null >>'$dir/stdio.log' 2>&1") -join "`n"

    # setsid: the daemon gets a session (and process group) of its own, so Ctrl+C in the terminal of the pwsh that
    # started it (SIGINT goes to the terminal's foreground process group) does not kill it and orphan its QEMU.
    # setsid execs (a child is no group leader, so it needs no fork): the pid stays libvirtd's.
    # ip netns exec execs too: in a network namespace the pid is still libvirtd's.
    $psi = [System.Diagnostics.ProcessStartInfo]::new('setsid')
    $netns = if ($NetworkHost) { 'ip', 'netns', 'exec', $NetworkHost.Namespace } else { @() }
    foreach ($a in @($netns) + @('unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c', $script)) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true   # never inherit (CI has no stdin)
    $psi.WorkingDirectory = $dir
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $proc = [System.Diagnostics.Process]::Start($psi)
    $proc.StandardInput.Close()

    $ns = $null
    $daemon = [pscustomobject]@{
        Uri           = if ($Driver -eq 'qemu') { "qemu+tcp://${address}:$Port/system" } else { "test+tcp://${address}:$Port/default" }
        QemuUri       = "qemu+tcp://${address}:$Port/system"
        TestUri       = "test+tcp://${address}:$Port/default"
        TestUriPrefix = "test+tcp://${address}:$Port/"
        # What the harness itself talks to (readiness, clean-up): the TCP URI, or the daemon's own UNIX socket when
        # the TCP listener asks for SASL.
        ControlUri    = if ($sasl) { "qemu+unix:///system?socket=$sock/libvirt-sock" } else { "qemu+tcp://${address}:$Port/system" }
        TlsPort       = $tlsPort
        TlsUri        = if ($Tls) { "qemu+tls://${address}:$tlsPort/system?pkipath=$($pki.Client)" } else { $null }
        Pki           = $pki
        Driver        = $Driver
        HostUuid      = $HostUuid
        MigrationPorts = "$MigrationPortMin-$($MigrationPortMin + 63)"
        Port          = $Port
        Pid           = $proc.Id
        Directory     = $dir
        LogPath       = $log
        StdioLogPath  = Join-Path $dir 'stdio.log'
        Namespace     = $null
        StartSeconds  = $null
        Process       = $proc
    }
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $lastError = ''
        while ($true) {
            if ($proc.HasExited) {
                throw "libvirtd exited with code $($proc.ExitCode) during start-up"
            }
            if (-not $ns) {
                # Recorded once the pid has left the host namespace (after unshare), for the clean-up.
                $cand = Get-MountNamespace -Id $proc.Id
                if ($cand -and $cand -ne (Get-MountNamespace -Id $PID)) {
                    $ns = $cand; $daemon.Namespace = $ns
                    $daemon | Select-Object -ExcludeProperty Process | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $dir 'daemon.json')
                }
            }
            $left = ($deadline - [DateTime]::UtcNow).TotalSeconds
            if ($left -le 0) { throw "libvirtd did not answer on $($daemon.Uri) within $TimeoutSeconds s: $lastError" }
            if (Test-TcpPortOpen -Port $Port -TimeoutMs 200 -Address $address) {
                # The first call can block while the QEMU driver probes capabilities: bounded by the deadline.
                $r = Invoke-HarnessVirsh -Uri ($sasl ? $daemon.ControlUri : $daemon.Uri) -ArgumentList 'version' -TimeoutSeconds ([Math]::Max(1, [Math]::Ceiling($left)))
                if ($r.ExitCode -eq 0) { break }
                $lastError = $r.Output
            }
            [System.Threading.Thread]::Sleep(50)   # polling interval of a wait with a deadline
        }
        $daemon.StartSeconds = [Math]::Round($sw.Elapsed.TotalSeconds, 2)
        $daemon | Select-Object -ExcludeProperty Process | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $dir 'daemon.json')
        return $daemon
    } catch {
        $why = $_.Exception.Message
        $tail = (Get-LogTail -Path $log) + "`n--- stdio ---`n" + (Get-LogTail -Path $daemon.StdioLogPath)
        Stop-PrivateLibvirtd -Daemon $daemon
        throw "Start-PrivateLibvirtd failed: $why`n--- tail of libvirtd log ---`n$tail"
    }
}

function Stop-PrivateLibvirtd {
    <#
    .SYNOPSIS
        Destroys the domains the private libvirtd still runs, stops it (SIGTERM, then SIGKILL after a
        deadline), kills whatever it left in its mount namespace (QEMU) and removes its directory.
        Idempotent.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)][AllowNull()][psobject]$Daemon)
    process {
        if (-not $Daemon) { return }
        $daemonPid = [int]$Daemon.Pid
        $alive = $daemonPid -gt 1 -and (Test-ProcessAlive -Id $daemonPid)
        $control = if ($Daemon.PSObject.Properties['ControlUri'] -and $Daemon.ControlUri) { $Daemon.ControlUri } else { $Daemon.QemuUri }
        if ($alive -and $Daemon.Port -and $control -and (Test-TcpPortOpen -Port $Daemon.Port -TimeoutMs 500 -Address ([uri]($control -replace '^[a-z+]+://', 'tcp://')).Host)) {
            $list = Invoke-HarnessVirsh -Uri $control -ArgumentList 'list', '--name' -TimeoutSeconds 10
            if ($list.ExitCode -eq 0) {
                foreach ($name in ($list.Output -split "`n" | ForEach-Object Trim | Where-Object { $_ })) {
                    $null = Invoke-HarnessVirsh -Uri $control -ArgumentList 'destroy', $name -TimeoutSeconds 10
                }
            }
        }
        if ($alive) {
            $ns = if ($Daemon.Namespace) { $Daemon.Namespace } else { Get-MountNamespace -Id $daemonPid }
            Stop-ProcessesHard -Id $daemonPid -TimeoutSeconds 10
        } else { $ns = $Daemon.Namespace }
        if ($Daemon.Process) {
            # Reap our child so its pid is really gone.
            $null = $Daemon.Process.WaitForExit(5000)
            $Daemon.Process.Dispose()
            $Daemon.Process = $null
        }
        # Leftover QEMU (or helpers) of this daemon: every live process still in its mount namespace,
        # plus the pid files of its private /run/libvirt/qemu.
        $left = @(Get-ProcessesInNamespace -Namespace $ns -Directory $Daemon.Directory)
        if ($Daemon.Directory) {
            foreach ($f in Get-ChildItem -LiteralPath (Join-Path $Daemon.Directory 'run/qemu') -Filter '*.pid' -ErrorAction Ignore) {
                $id = 0
                if ([int]::TryParse((Get-Content -LiteralPath $f.FullName -Raw -ErrorAction Ignore), [ref]$id) -and $id -gt 1) {
                    $cmd = try { [System.IO.File]::ReadAllText("/proc/$id/cmdline") } catch { '' }
                    if ($cmd -like '*qemu*') { $left += $id }
                }
            }
        }
        if ($left.Count) { Stop-ProcessesHard -Id ($left | Sort-Object -Unique) -TimeoutSeconds 5 }
        if ($Daemon.Directory -and (Test-Path -LiteralPath $Daemon.Directory) -and
            ([System.IO.Path]::GetFileName($Daemon.Directory)).StartsWith($script:DirPrefix)) {
            Remove-Item -LiteralPath $Daemon.Directory -Recurse -Force -ErrorAction Continue
        }
    }
}

function New-TestGuestXml {
    <#
    .SYNOPSIS
        XML of an x86_64 TCG guest (type 'qemu', machine 'pc'). Name test guests 'pslv-...'.
    .DESCRIPTION
        Without -Boot: diskless, nothing to boot; it starts in well under a second and just runs.
        With -Boot: it boots the test guest of Get-TestGuestImage (TestGuestImage.psm1: Debian's kernel and a busybox
        initramfs with qemu-guest-agent) by direct kernel boot, with a virtio-serial channel
        org.qemu.guest_agent.0, a serial console on a pty (logged to -SerialLogPath when given), and a virtio NIC on
        QEMU user networking (the guest sets the static address 10.0.2.15/24 itself: no DHCP, no dnsmasq).
        -AgentChannel adds only the agent channel (to a guest that boots nothing, whose agent never answers).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)][ValidatePattern('^[A-Za-z0-9][A-Za-z0-9_.+-]*$')][string]$Name,
        [ValidateRange(16, 4096)][int]$MemoryMiB = 64,
        [string]$SerialLogPath,
        [switch]$Boot,
        [switch]$AgentChannel,
        # an object from Get-TestGuestImage; built (or taken from its cache) when not given
        [object]$Image,
        [ValidatePattern('^52:54:00(:[0-9a-f]{2}){3}$')][string]$MacAddress
    )
    $esc = { param($s) [System.Security.SecurityElement]::Escape([string]$s) }
    $os = "<type arch='x86_64' machine='pc'>hvm</type>"
    $devices = [System.Collections.Generic.List[string]]::new()
    if ($Boot) {
        if (-not $PSBoundParameters.ContainsKey('MemoryMiB')) { $MemoryMiB = 256 }
        if (-not $Image) { $Image = Get-TestGuestImage }
        if (-not $MacAddress) { $MacAddress = '52:54:00:' + ((1..3 | ForEach-Object { '{0:x2}' -f (Get-Random -Maximum 256) }) -join ':') }
        $os += "`n    <kernel>$(& $esc $Image.Kernel)</kernel>`n    <initrd>$(& $esc $Image.Initrd)</initrd>`n    <cmdline>$(& $esc $Image.CommandLine)</cmdline>"
        $log = if ($SerialLogPath) { "<log file='$(& $esc $SerialLogPath)' append='off'/>" } else { '' }
        $devices.Add("<serial type='pty'>$log<target port='0'/></serial>")
        $devices.Add("<console type='pty'><target type='serial' port='0'/></console>")
        $devices.Add("<interface type='user'><mac address='$MacAddress'/><model type='virtio'/></interface>")
        $AgentChannel = $true
    } else {
        $devices.Add($(if ($SerialLogPath) {
            "<serial type='file'><source path='$(& $esc $SerialLogPath)'/></serial>"
        } else { "<serial type='null'/>" }))
    }
    if ($AgentChannel) {
        $devices.Add("<controller type='virtio-serial' index='0'/>")
        $devices.Add("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>")
    }
    @"
<domain type='qemu'>
  <name>$Name</name>
  <memory unit='MiB'>$MemoryMiB</memory>
  <currentMemory unit='MiB'>$MemoryMiB</currentMemory>
  <vcpu>1</vcpu>
  <os>
    $os
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type='usb' model='none'/>
    $($devices -join "`n    ")
    <memballoon model='none'/>
  </devices>
</domain>
"@
}

function Start-TestGuest {
    <#
    .SYNOPSIS
        Defines the domain -Xml (default: New-TestGuestXml -Name) on the daemon with virsh and starts it; throws with
        virsh's message when either fails. The XML is written to <Directory>/<Name>.xml.
    #>
    param([Parameter(Mandatory)] $Daemon, [Parameter(Mandatory)] [string]$Name, [string]$Xml = (New-TestGuestXml -Name $Name))
    $path = Join-Path $Daemon.Directory "$Name.xml"
    Set-Content -LiteralPath $path -Value $Xml
    foreach ($step in @(@('define', $path), @('start', $Name))) {
        $r = Invoke-HarnessVirsh -Uri $Daemon.Uri -ArgumentList $step -TimeoutSeconds 60
        if ($r.ExitCode -ne 0) { throw "virsh $($step -join ' ') failed: $($r.Output)" }
    }
}

. (Join-Path $PSScriptRoot 'PrivateSshd.ps1')
. (Join-Path $PSScriptRoot 'PrivateNetwork.ps1')

Export-ModuleMember -Function Start-PrivateLibvirtd, Stop-PrivateLibvirtd, New-TestGuestXml, Start-TestGuest, Test-PrivateLibvirtdSupported,
    Start-PrivateSshd, Stop-PrivateSshd, Get-PrivateSshdUri, New-PrivateNetwork, Remove-PrivateNetwork, Get-TestGuestImage
