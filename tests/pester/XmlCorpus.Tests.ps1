#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    Real-world XML through the -Xml parameters (tests/data/xml, see its README): each file is defined once through
    the module and once through virsh (with --validate, as the module validates by default) on the same private
    libvirtd, and libvirt must have stored the same definition for both: the module drops and rewrites nothing. A
    file named bad-* must be refused by both, and the module's error must carry libvirt's reason as virsh prints it.
#>
BeforeDiscovery {
    $corpus = Join-Path $PSScriptRoot '../data/xml'
    $kinds = [ordered]@{
        domain    = @{ Cmdlet = 'New-Domain'; Define = 'define --validate'; Dump = 'dumpxml --inactive'; Undefine = 'undefine'; Uri = 'QemuUri' }
        network   = @{ Cmdlet = 'New-Network'; Define = 'net-define --validate'; Dump = 'net-dumpxml --inactive'; Undefine = 'net-undefine'; Uri = 'QemuUri' }
        pool      = @{ Cmdlet = 'New-StoragePool'; Define = 'pool-define --validate'; Dump = 'pool-dumpxml --inactive'; Undefine = 'pool-undefine'; Uri = 'QemuUri' }
        volume    = @{ Cmdlet = 'New-StorageVolume'; Define = 'vol-create corpus'; Dump = 'vol-dumpxml --pool corpus'; Undefine = 'vol-delete --pool corpus'; Uri = 'QemuUri' }
        secret    = @{ Cmdlet = 'New-LibvirtSecret'; Define = 'secret-define --validate'; Dump = 'secret-dumpxml'; Undefine = 'secret-undefine'; Uri = 'QemuUri' }
        nwfilter  = @{ Cmdlet = 'New-NetworkFilter'; Define = 'nwfilter-define --validate'; Dump = 'nwfilter-dumpxml'; Undefine = 'nwfilter-undefine'; Uri = 'QemuUri' }
        interface = @{ Cmdlet = 'New-HostInterface'; Define = 'iface-define --validate'; Dump = 'iface-dumpxml'; Undefine = 'iface-undefine'; Uri = 'TestUri' }
    }
    $cases = foreach ($kind in $kinds.Keys) {
        foreach ($file in Get-ChildItem (Join-Path $corpus $kind) -Filter *.xml | Sort-Object Name) {
            @{ Kind = $kind; File = $file.FullName; Name = "$kind/$($file.Name)"; Bad = $file.Name -like 'bad-*' } + $kinds[$kind]
        }
    }
}

BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) {
        $daemon = Start-PrivateLibvirtd
        # The module's connections are open first: the daemon's test:///default lives while one is open.
        $qemu = Connect-Hypervisor -Uri $daemon.QemuUri -Name corpus-qemu
        # Host interfaces on a daemon of their own, first opened on the test driver: on a daemon first opened on
        # the QEMU driver, the test driver's interface calls reach the host's read-only interface backend.
        $ifaceDaemon = Start-PrivateLibvirtd -Driver test
        $test = Connect-Hypervisor -Uri $ifaceDaemon.TestUri -Name corpus-test
        $poolDir = Join-Path $daemon.Directory 'corpus-pool'
        $null = New-Item -ItemType Directory -Path $poolDir
        $poolXml = Join-Path $daemon.Directory 'corpus-pool.xml'
        Set-Content $poolXml "<pool type='dir'><name>corpus</name><target><path>$poolDir</path></target></pool>"
        $null = Invoke-Virsh $daemon.QemuUri 'pool-create', $poolXml
    }
    $script:tried = 0; $script:same = 0; $script:refused = 0

    # libvirt's stored definition with the copy's name put back to @NAME@ and what libvirt generates per object
    # (UUIDs, MAC addresses, volume timestamps) left out.
    function Get-Stored([string] $Uri, [string] $Dump, [string] $Key, [string] $Name) {
        $text = Invoke-Virsh $Uri (@($Dump -split ' ') + $Key)
        $text = $text -replace [regex]::Escape($Name), '@NAME@'
        $text = $text -replace '(?s)<uuid>[^<]*</uuid>', '' -replace "<mac address='[^']*'/>", '' -replace '(?s)<timestamps>.*?</timestamps>', ''
        ($text -split "`n" | ForEach-Object TrimEnd | Where-Object { $_.Trim() }) -join "`n"
    }

    # The last reason virsh gave ("error: <reason>"; Invoke-Virsh puts virsh's lines on one line).
    function Get-VirshReason([string] $Message) { ($Message -split 'error: ')[-1].Trim() }
}

AfterAll {
    Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    if ($ifaceDaemon) { Stop-PrivateLibvirtd -Daemon $ifaceDaemon }
    if ($script:tried) { Write-Host "    corpus: $($script:tried) files, $($script:same) stored as virsh stores them, $($script:refused) refused with libvirt's reason by both" }
}

Describe 'XML corpus through the -Xml parameters, virsh as the oracle' -Tag 'Xml', 'Lifecycle' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It '<Name>' -ForEach $cases {
        $script:tried++
        $id = 'xc' + [IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 6)
        $mine = $id + 'm'; $theirs = $id + 'v'
        # (PowerShell's variables ignore case: $target, not $uri, beside the case's $Uri.)
        $target = if ($Uri -eq 'TestUri') { $ifaceDaemon.TestUri } else { $daemon.$Uri }
        $connection = if ($Uri -eq 'TestUri') { $test } else { $qemu }
        $template = Get-Content -Raw $File
        $theirsFile = Join-Path $daemon.Directory "$theirs.xml"
        Set-Content -LiteralPath $theirsFile -Value ($template -replace '@NAME@', $theirs) -NoNewline
        $params = @{ Xml = ($template -replace '@NAME@', $mine); Connection = $connection }
        if ($Kind -eq 'volume') { $params.PoolName = 'corpus' }

        $result = @(& $Cmdlet @params -ErrorVariable err -ErrorAction SilentlyContinue)
        $virshError = $null
        $virshOut = try { Invoke-Virsh $target (@($Define -split ' ') + $theirsFile) } catch { $virshError = "$_"; $null }

        if ($Bad) {
            $result | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $virshError | Should -Not -BeNullOrEmpty -Because 'virsh refuses it too'
            $reason = Get-VirshReason $virshError
            $reason | Should -Not -BeNullOrEmpty
            # (virsh prints libvirt's multi-line schema reasons on one line: compare with whitespace collapsed.)
            ($err[0].Exception.Message -replace '\s+', ' ') | Should -BeLike "*$([WildcardPattern]::Escape(($reason -replace '\s+', ' ')))*" -Because "the module passes libvirt's reason through (virsh: $reason)"
            $err[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified' -Because "$($err[0].FullyQualifiedErrorId)"
            $script:refused++
            return
        }
        $err | Should -BeNullOrEmpty -Because "virsh said: $virshOut$virshError"
        $virshError | Should -BeNullOrEmpty
        # What names each copy: the name, or for secrets the UUID libvirt gave it.
        if ($Kind -eq 'secret') {
            $myKey = "$($result[0].Uuid)"
            # (virsh -q does not print the UUID it defined: find virsh's copy by its usage, which holds its name.)
            $theirKey = @(Invoke-Virsh $target 'secret-list' -As Lines | Where-Object { $_ -match [regex]::Escape($theirs) } | ForEach-Object { ($_.Trim() -split '\s+')[0] })[0]
        } elseif ($Kind -eq 'volume') { $myKey = $result[0].Name; $theirKey = "$theirs" + [IO.Path]::GetExtension(($template -split '</?name>')[1]) }
        else { $myKey = $mine; $theirKey = $theirs }
        try {
            Get-Stored $target $Dump $myKey $mine | Should -Be (Get-Stored $target $Dump $theirKey $theirs)
            $script:same++
        } finally {
            foreach ($key in $myKey, $theirKey) { try { $null = Invoke-Virsh $target (@($Undefine -split ' ') + $key) } catch { } }
        }
    }
}
