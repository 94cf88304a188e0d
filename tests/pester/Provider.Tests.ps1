#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The Libvirt provider through the provider cmdlets: test driver (test:///default, tests/data/node.xml) for every row,
# and the domain and volume rows on the private libvirtd (virsh as the oracle there).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'
    $nodeUri = "test:///$nodeFile"
    $sep = [IO.Path]::DirectorySeparatorChar

    # A minimal test-driver domain definition.
    function New-TestDomainXml([string]$Name) {
        [System.Security.SecurityElement]::Escape($Name) | ForEach-Object {
            "<domain type='test'><name>$_</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>"
        }
    }
}

Describe 'Libvirt drives' -Tag 'Provider' {
    AfterEach {
        Get-PSDrive -PSProvider Libvirt -ErrorAction SilentlyContinue | Where-Object { $_.OwnsConnection } | Remove-PSDrive
        Get-Hypervisor | Disconnect-Hypervisor
    }

    It 'Connect-Hypervisor creates a drive named after the connection, Disconnect-Hypervisor removes it' {
        $h = Connect-Hypervisor -Uri 'test:///default'
        $h.Name | Should -Be 'test'
        $d = Get-PSDrive -Name test -PSProvider Libvirt
        $d | Should -BeOfType ([PSLibvirt.Provider.LibvirtDriveInfo])
        $d.Hypervisor | Should -Be $h
        $d.OwnsConnection | Should -BeFalse
        $d.Uri | Should -Be 'test:///default'
        Disconnect-Hypervisor -Connection $h
        Get-PSDrive -Name test -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It '-Name names the drive' {
        $null = Connect-Hypervisor -Uri 'test:///default' -Name 'lab one'
        (Get-PSDrive -Name 'lab one').Provider.Name | Should -Be 'Libvirt'
        @(Get-ChildItem 'lab one:\Domains').Name | Should -Be @('test')
    }

    It 'New-PSDrive -Root with a URI opens a connection of its own, Remove-PSDrive closes it' {
        $d = New-PSDrive -PSProvider Libvirt -Name kvm -Root $nodeUri
        $d | Should -BeOfType ([PSLibvirt.Provider.LibvirtDriveInfo])
        $d.OwnsConnection | Should -BeTrue
        $d.Root | Should -Be 'kvm'
        Get-Hypervisor | Should -BeNullOrEmpty   # the drive's connection is its own, not the session's
        @(Get-ChildItem kvm:\Domains).Name | Should -Be @('db1', 'web1')
        $h = $d.Hypervisor
        Remove-PSDrive kvm
        $h.IsClosed | Should -BeTrue
    }

    It 'New-PSDrive -Root with the name of an open connection browses an open connection without owning it' {
        $h = Connect-Hypervisor -Uri $nodeUri -Name node
        $d = New-PSDrive -PSProvider Libvirt -Name alias -Root node
        $d.Hypervisor | Should -Be $h
        Remove-PSDrive alias
        $h.IsClosed | Should -BeFalse
    }

    It 'New-PSDrive -Credential passes the credential to the connection (the test driver asks for none)' {
        $cred = [pscredential]::new('admin', (ConvertTo-SecureString 'secret' -AsPlainText -Force))
        $d = New-PSDrive -PSProvider Libvirt -Name withcred -Root 'test:///default' -Credential $cred
        $d.Credential.UserName | Should -Be 'admin'
        $d.OwnsConnection | Should -BeTrue
        @(Get-ChildItem withcred:\Domains).Name | Should -Be @('test')
        Remove-PSDrive withcred
        $d.Hypervisor.IsClosed | Should -BeTrue
    }

    It 'New-PSDrive with a bad root writes an error and creates nothing' {
        New-PSDrive -PSProvider Libvirt -Name bad -Root 'test:///no/such/node.xml' -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -BeGreaterThan 0
        $e[0].FullyQualifiedErrorId | Should -Match '^FileNotFound'
        Get-PSDrive -Name bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a drive whose connection was lost gives a clear error at once, no hang' {
        $d = New-PSDrive -PSProvider Libvirt -Name lost -Root $nodeUri
        $d.Hypervisor.Connection.Dispose()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        # The engine asks whether the path exists while it binds dynamic parameters too: the reason must not be hidden
        # behind 'Cannot retrieve the dynamic parameters' (GetDynamicParametersException).
        { Get-ChildItem lost:\Domains -ErrorAction Stop } | Should -Throw '*no longer usable*'
        foreach ($command in { Get-ChildItem lost:\Domains }, { Get-Item lost:\Domains\web1 }, { Get-Content lost:\Domains\web1 -Raw }) {
            $e = @(& { $ErrorActionPreference = 'Continue'; & $command } 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            @($e | Where-Object FullyQualifiedErrorId -Like 'GetDynamicParametersException*') | Should -BeNullOrEmpty -Because "$command"
            @($e | Where-Object FullyQualifiedErrorId -Like 'ConnectionLost,*').Count | Should -BeGreaterThan 0 -Because "$command reports the lost connection itself"
            ($e | Where-Object FullyQualifiedErrorId -Like 'ConnectionLost,*')[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        $err = $null
        try { Get-Content lost:\Domains\web1 -ErrorAction Stop } catch { $err = $_ }
        $err.Exception.Message | Should -Match 'no longer usable: it was closed'
        { Test-Path lost:\Domains\web1 -ErrorAction Stop } | Should -Throw '*no longer usable*'
        { Get-Item lost:\Domains\web1 -ErrorAction Stop } | Should -Throw '*no longer usable*'
    }
}

Describe 'Navigating a Libvirt drive' -Tag 'Provider' {
    BeforeAll { $null = New-PSDrive -PSProvider Libvirt -Name kvm -Root $nodeUri }
    AfterAll { Set-Location $repo; Remove-PSDrive kvm }

    It 'lists the folders at the root and the objects in them' {
        @(Get-ChildItem kvm:\).Name | Should -Be @('Domains', 'StoragePools', 'Networks', 'NetworkPorts', 'Snapshots', 'Checkpoints', 'Secrets', 'NodeDevices', 'Interfaces', 'NetworkFilters')
        @(Get-ChildItem kvm:\Domains).Name | Should -Be @('db1', 'web1')
        @(Get-ChildItem kvm:\Networks).Name | Should -Be @('lan')
        @(Get-ChildItem kvm:\StoragePools).Name | Should -Be @('images')
        @(Get-ChildItem kvm:\StoragePools\images).Name | Should -Contain 'web1.qcow2'
    }

    It 'items are the objects the cmdlets return' {
        $d = Get-Item kvm:\Domains\web1
        $d | Should -BeOfType ([PSLibvirt.Domain])
        $d.Uuid | Should -Be ([guid]'6695eb01-f6a4-8304-79aa-97f2502e193f')
        $d.PSChildName | Should -Be 'web1'
        $d.PSIsContainer | Should -BeFalse
        Get-Item kvm:\Networks\lan | Should -BeOfType ([PSLibvirt.Network])
        (Get-Item kvm:\Networks\lan).Bridge | Should -Be 'virbr1'
        Get-Item kvm:\StoragePools\images | Should -BeOfType ([PSLibvirt.StoragePool])
        Get-Item kvm:\StoragePools\images\web1.qcow2 | Should -BeOfType ([PSLibvirt.StorageVolume])
        Get-Item kvm:\ | Should -BeOfType ([PSLibvirt.Hypervisor])
        Get-Item kvm:\Domains | Should -BeOfType ([PSLibvirt.Provider.LibvirtFolder])
    }

    It 'pipes items into the cmdlets (Get-ChildItem | Suspend-Domain | Resume-Domain)' {
        Get-ChildItem kvm:\Domains -Filter web1 | Suspend-Domain
        (Get-Item kvm:\Domains\web1).State | Should -Be 'Paused'
        Get-ChildItem kvm:\Domains -Filter web1 | Resume-Domain
        (Get-Item kvm:\Domains\web1).State | Should -Be 'Running'
    }

    It 'recurses, with -Depth and -Name' {
        $all = @(Get-ChildItem kvm:\ -Recurse -Name)
        $all | Should -Contain "Domains${sep}web1"
        $all | Should -Contain "Networks${sep}lan"
        $all | Should -Contain "StoragePools${sep}images${sep}web1.qcow2"
        @(Get-ChildItem kvm:\ -Recurse -Depth 0 -Name) | Should -Be @('Domains', 'StoragePools', 'Networks', 'NetworkPorts', 'Snapshots', 'Checkpoints', 'Secrets', 'NodeDevices', 'Interfaces', 'NetworkFilters')
        $depth1 = @(Get-ChildItem kvm:\ -Recurse -Depth 1 -Name)
        $depth1 | Should -Contain "StoragePools${sep}images"
        $depth1 | Should -Not -Contain "StoragePools${sep}images${sep}web1.qcow2"
    }

    It 'filters with -Filter, -Include and -Exclude (wildcards)' {
        @(Get-ChildItem kvm:\Domains -Filter 'w*').Name | Should -Be @('web1')
        @(Get-ChildItem kvm:\Domains\* -Include 'd*').Name | Should -Be @('db1')
        @(Get-ChildItem kvm:\Domains\* -Exclude 'd*').Name | Should -Be @('web1')
        @(Get-ChildItem kvm:\ -Recurse -Filter '*.qcow2' -Name) | Should -Be @("StoragePools${sep}images${sep}web1.qcow2")
        @(Get-Item kvm:\Domains\*1).Count | Should -Be 2
    }

    It 'Test-Path: existing, missing, case-insensitive names, both separators, trailing separators' {
        Test-Path kvm:\Domains\web1 | Should -BeTrue
        Test-Path kvm:\Domains\nope | Should -BeFalse
        Test-Path kvm:\Nothing | Should -BeFalse
        Test-Path kvm:\Domains\web1\extra | Should -BeFalse
        Test-Path kvm:\domains\WEB1 | Should -BeTrue
        Test-Path kvm:/Domains/web1 | Should -BeTrue
        Test-Path kvm:\Domains\web1\ | Should -BeTrue
        Test-Path 'kvm:/StoragePools\images/web1.qcow2' | Should -BeTrue
        Test-Path kvm:\StoragePools\images -PathType Container | Should -BeTrue
        Test-Path kvm:\Domains\web1 -PathType Leaf | Should -BeTrue
        (Get-Item kvm:/domains/WEB1/).Name | Should -Be 'web1'
    }

    It 'Set-Location with absolute and relative paths' {
        Set-Location kvm:\Domains
        (Get-Location).Path | Should -Be "kvm:${sep}Domains"
        @(Get-ChildItem).Name | Should -Be @('db1', 'web1')
        (Get-Item web1).Name | Should -Be 'web1'
        Set-Location ..
        (Get-Location).Path | Should -Be "kvm:${sep}"
        Set-Location StoragePools/images
        (Get-Location).Path | Should -Be "kvm:${sep}StoragePools${sep}images"
        Set-Location ..\..\Networks
        (Get-Location).Path | Should -Be "kvm:${sep}Networks"
        Test-Path .\lan | Should -BeTrue
        Set-Location $repo
    }

    It 'completes names with Tab' {
        $m = (TabExpansion2 -inputScript 'Get-Item kvm:\Domains\w').CompletionMatches.CompletionText
        $m | Should -Contain "kvm:${sep}Domains${sep}web1"
        $m = (TabExpansion2 -inputScript 'Set-Location kvm:\Sto').CompletionMatches.CompletionText
        $m | Should -Contain "kvm:${sep}StoragePools"
    }

    It 'Copy-Item of a domain to another drive defines it there, shut off, with its name and UUID; again is ItemExists unless -Force' {
        $null = New-PSDrive -PSProvider Libvirt -Name kvm3 -Root "test://$nodeFile"
        try {
            Remove-Item kvm3:\Domains\db1 -Force -Confirm:$false
            Test-Path kvm3:\Domains\db1 | Should -BeFalse
            $copy = Copy-Item kvm:\Domains\db1 kvm3:\Domains -PassThru
            $copy.Name | Should -Be 'db1'
            $copy.Uuid | Should -Be (Get-Item kvm:\Domains\db1).Uuid
            "$($copy.State)" | Should -Be 'ShutOff'
            $copy.Hypervisor.Name | Should -Be 'kvm3'
            (Get-Content kvm3:\Domains\db1 -Raw) | Should -Match '<name>db1</name>'
            "$((Get-Item kvm:\Domains\db1).State)" | Should -Be 'Running' -Because 'the source keeps its domain as it was'
            Copy-Item kvm:\Domains\db1 kvm3:\ -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'ItemExists,Microsoft.PowerShell.Commands.CopyItemCommand'
            "$e" | Should -Match '-Force'
            Copy-Item kvm:\Domains\db1 kvm3:\ -Force -WhatIf
            Copy-Item kvm:\Domains\db1 kvm:\Domains -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            "$e2" | Should -Match 'New-Domain -Xml'
        }
        finally { Remove-PSDrive kvm3 }
    }

    It 'Move-Item of a domain to another drive is a migration: the test driver cannot, says so, and the domain stays' {
        $null = New-PSDrive -PSProvider Libvirt -Name kvm2 -Root 'test:///default'
        try {
            Move-Item kvm:\Domains\web1 kvm2:\Domains -ErrorVariable e -ErrorAction SilentlyContinue
            $e.Count | Should -Be 1
            $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,Microsoft.PowerShell.Commands.MoveItemCommand'
            $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $e[0].Exception.Message | Should -Match "Cannot move domain 'web1' from 'kvm' to 'kvm2': .* The domain is still on the source, Running\."
            Test-Path kvm:\Domains\web1 | Should -BeTrue
            Move-Item kvm:\Networks\lan kvm2:\Networks -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId | Should -Be 'MoveNotSupported,Microsoft.PowerShell.Commands.MoveItemCommand'
            $e2[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        }
        finally { Remove-PSDrive kvm2 }
    }
}

Describe 'Content: XML definitions' -Tag 'Provider' {
    BeforeEach { $null = New-PSDrive -PSProvider Libvirt -Name kvm -Root $nodeUri }
    AfterEach { Remove-PSDrive kvm }

    It 'Get-Content returns the definition of a domain, network, pool and volume' {
        ([xml]((Get-Content kvm:\Domains\web1) -join "`n")).domain.name | Should -Be 'web1'
        ([xml]((Get-Content kvm:\Domains\web1) -join "`n")).domain.uuid | Should -Be '6695eb01-f6a4-8304-79aa-97f2502e193f'
        ([xml]((Get-Content kvm:\Networks\lan) -join "`n")).network.name | Should -Be 'lan'
        ([xml]((Get-Content kvm:\StoragePools\images) -join "`n")).pool.name | Should -Be 'images'
        ([xml]((Get-Content kvm:\StoragePools\images\web1.qcow2) -join "`n")).volume.name | Should -Be 'web1.qcow2'
        Get-Content kvm:\Domains\web1 -TotalCount 1 | Should -Match '^<domain'
    }

    It 'Set-Content redefines a domain' {
        $xml = [xml]((Get-Content kvm:\Domains\db1) -join "`n")
        $xml.domain.vcpu.'#text' = '3'
        Set-Content kvm:\Domains\db1 -Value $xml.OuterXml
        ([xml]((Get-Content kvm:\Domains\db1) -join "`n")).domain.vcpu.'#text' | Should -Be '3'
    }

    It 'Set-Content from the pipeline, line by line' {
        (Get-Content kvm:\Domains\db1) -replace '</domain>', '<description>piped</description></domain>' | Set-Content kvm:\Domains\db1
        ((Get-Content kvm:\Domains\db1) -join "`n") | Should -Match '<description>piped</description>'
    }

    It 'Set-Content redefines a network' {
        $xml = (Get-Content kvm:\Networks\lan) -join "`n"
        Set-Content kvm:\Networks\lan -Value ($xml -replace '</network>', '<mtu size="9000"/></network>')
        Set-Content kvm:\Networks\lan -Value ($xml -replace '<name>lan</name>', '<name>wan</name>') -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        @(Get-ChildItem kvm:\Networks -Name) | Should -Be @('lan')
    }

    It 'a bad XML changes nothing: <Case>' -TestCases @(
        @{ Case = 'not XML'; Xml = '<domain><name>web1</name'; Id = 'InvalidXml' }
        @{ Case = 'another kind'; Xml = '<network><name>web1</name></network>'; Id = 'InvalidArgument' }
        @{ Case = 'another name'; Xml = "<domain type='test'><name>other</name><memory>1024</memory><os><type>hvm</type></os></domain>"; Id = 'InvalidArgument' }
        @{ Case = 'schema violation'; Xml = "<domain type='test'><name>web1</name><memory>lots</memory><os><type>hvm</type></os></domain>"; Id = 'Libvirt' }
        @{ Case = 'empty'; Xml = ''; Id = 'InvalidArgument' }
    ) {
        $before = (Get-Content kvm:\Domains\web1) -join "`n"
        Set-Content kvm:\Domains\web1 -Value $Xml -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Match "^$Id"
        $e[0].TargetObject | Should -Match 'web1$'
        (Get-Content kvm:\Domains\web1) -join "`n" | Should -Be $before
        @(Get-ChildItem kvm:\Domains -Name) | Should -Be @('db1', 'web1')
    }

    It 'Set-Content -WhatIf changes nothing' {
        $before = (Get-Content kvm:\Networks\lan) -join "`n"
        Set-Content kvm:\Networks\lan -Value ($before -replace 'virbr1', 'virbr7') -WhatIf
        (Get-Content kvm:\Networks\lan) -join "`n" | Should -Be $before
    }

    It 'a volume''s XML is read-only; Clear-Content is not supported' {
        Set-Content kvm:\StoragePools\images\web1.qcow2 -Value '<volume/>' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^ContentNotSupported'
        { Clear-Content kvm:\Domains\web1 -ErrorAction Stop } | Should -Throw '*not supported*'
        (Get-Item kvm:\Domains\web1).Name | Should -Be 'web1'
    }

    It 'New-Item defines a storage pool, Set-Content redefines it, Remove-Item undefines it' {
        $poolXml = "<pool type='dir'><name>second</name><target><path>/second</path></target></pool>"
        (New-Item kvm:\StoragePools -Name second -Value $poolXml) | Should -BeOfType ([PSLibvirt.StoragePool])
        $xml = (Get-Content kvm:\StoragePools\second) -join "`n"
        Set-Content kvm:\StoragePools\second -Value ($xml -replace '/second', '/srv/second')
        ((Get-Content kvm:\StoragePools\second) -join "`n") | Should -Match '/srv/second'
        Set-Content kvm:\StoragePools\second -Value ($xml -replace "type='dir'", "type='nosuchtype'") -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        ((Get-Content kvm:\StoragePools\second) -join "`n") | Should -Match '/srv/second'
        Remove-Item kvm:\StoragePools\second -Recurse
        Test-Path kvm:\StoragePools\second | Should -BeFalse
    }
}

Describe 'Items: New, Remove, Rename, Copy, Invoke, properties' -Tag 'Provider' {
    BeforeEach { $null = New-PSDrive -PSProvider Libvirt -Name kvm -Root $nodeUri }
    AfterEach { Remove-PSDrive kvm }

    It 'New-Item defines a domain from -Value XML; names with spaces, Unicode and wildcard characters need -LiteralPath' -TestCases @(
        @{ Name = 'my vm' }, @{ Name = 'vm [1]' }, @{ Name = 'Größe-日本' }, @{ Name = 'a*b' }
    ) {
        $d = New-Item kvm:\Domains -Name $Name -Value (New-TestDomainXml $Name)
        $d | Should -BeOfType ([PSLibvirt.Domain])
        $d.Name | Should -Be $Name
        Test-Path -LiteralPath "kvm:\Domains\$Name" | Should -BeTrue
        (Get-Item -LiteralPath "kvm:/Domains/$Name/").Name | Should -Be $Name
        (Get-Domain -Connection (Get-PSDrive kvm).Hypervisor).Name | Should -Contain $Name
        Remove-Item -LiteralPath "kvm:\Domains\$Name"
        Test-Path -LiteralPath "kvm:\Domains\$Name" | Should -BeFalse
    }

    It 'New-Item fills in a missing name element, refuses a duplicate and a mismatched name' {
        $xml = "<domain type='test'><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>"
        (New-Item kvm:\Domains\noname -Value $xml).Name | Should -Be 'noname'
        New-Item kvm:\Domains -Name web1 -Value (New-TestDomainXml 'web1') -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^ItemExists'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        New-Item kvm:\Domains -Name x1 -Value (New-TestDomainXml 'x2') -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Match '^InvalidArgument'
        Test-Path kvm:\Domains\x1, kvm:\Domains\x2 | Should -Be @($false, $false)
    }

    It 'New-Item -WhatIf defines nothing' {
        New-Item kvm:\Domains -Name whatif -Value (New-TestDomainXml 'whatif') -WhatIf
        Test-Path kvm:\Domains\whatif | Should -BeFalse
    }

    It 'New-Item creates a volume of a format and size; Copy-Item clones it within and across pools; Remove-Item deletes' {
        $v = New-Item kvm:\StoragePools\images -Name 'new disk.qcow2' -ItemType qcow2 -Value 1GB
        $v | Should -BeOfType ([PSLibvirt.StorageVolume])
        $v.Format | Should -Be 'qcow2'
        $v.CapacityBytes | Should -Be 1GB
        (New-Item kvm:\StoragePools\images -Name 'b.raw' -ItemType raw -Value '16MiB').CapacityBytes | Should -Be 16MB

        $c = Copy-Item 'kvm:\StoragePools\images\new disk.qcow2' 'kvm:\StoragePools\images\clone.qcow2' -PassThru
        $c.Name | Should -Be 'clone.qcow2'
        $c.CapacityBytes | Should -Be 1GB

        # (Across pools: on the private libvirtd below; the test driver looks the source up in the target pool.)
        Remove-Item 'kvm:\StoragePools\images\clone.qcow2' -WhatIf
        Test-Path kvm:\StoragePools\images\clone.qcow2 | Should -BeTrue
        Remove-Item 'kvm:\StoragePools\images\clone.qcow2' -Force
        Test-Path kvm:\StoragePools\images\clone.qcow2 | Should -BeFalse
    }

    It 'New-Item of a volume with a bad size or format writes an error and creates nothing' {
        New-Item kvm:\StoragePools\images -Name bad.img -ItemType raw -Value 'huge' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^InvalidSize'
        New-Item kvm:\StoragePools\images -Name bad.img -ItemType nosuchformat -Value 1MB -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-Path kvm:\StoragePools\images\bad.img | Should -BeFalse
    }

    It 'Remove-Item of a running domain needs -Force; -WhatIf changes nothing' {
        Remove-Item kvm:\Domains\web1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Match 'running'
        Remove-Item kvm:\Domains\web1 -Force -WhatIf
        Test-Path kvm:\Domains\web1 | Should -BeTrue
        Remove-Item kvm:\Domains\web1 -Force
        Test-Path kvm:\Domains\web1 | Should -BeFalse
        Remove-Item kvm:\Domains -Recurse -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2.Count | Should -BeGreaterThan 0
        Test-Path kvm:\Domains | Should -BeTrue
    }

    It 'Rename-Item renames a domain; Invoke-Item starts it' {
        $null = New-Item kvm:\Domains -Name old -Value (New-TestDomainXml 'old')
        Rename-Item kvm:\Domains\old -NewName 'new name' -PassThru | ForEach-Object Name | Should -Be 'new name'
        Test-Path kvm:\Domains\old | Should -BeFalse
        (Get-Item 'kvm:\Domains\new name').State | Should -Be 'ShutOff'
        Invoke-Item 'kvm:\Domains\new name'
        (Get-Item 'kvm:\Domains\new name').State | Should -Be 'Running'
        Rename-Item kvm:\Networks\lan -NewName x -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^RenameNotSupported'
    }

    It 'Get-ItemProperty and Set-ItemProperty: Autostart, Title, Description, memory, vCPUs' {
        $p = Get-ItemProperty kvm:\Domains\db1
        $p.VCpus | Should -Be 4
        $p.MaxMemoryBytes | Should -Be 4GB
        (Get-ItemProperty kvm:\Domains\web1 -Name Title).Title | Should -Be 'Front-end web server'
        Set-ItemProperty kvm:\Domains\db1 -Name Autostart -Value $true
        Set-ItemProperty kvm:\Domains\db1 -Name Title -Value 'Database'
        Set-ItemProperty kvm:\Domains\db1 -Name Description -Value 'Primary DB'
        Set-ItemProperty kvm:\Domains\db1 -Name MemoryBytes -Value 2GB
        Set-ItemProperty kvm:\Domains\db1 -Name VCpus -Value 2
        $d = Get-Item kvm:\Domains\db1
        $d.Autostart | Should -BeTrue
        $d.Title | Should -Be 'Database'
        $d.Description | Should -Be 'Primary DB'
        $d.MemoryBytes | Should -Be 2GB
        $d.VCpus | Should -Be 2
        Set-ItemProperty kvm:\Networks\lan -Name Autostart -Value $true
        (Get-Item kvm:\Networks\lan).Autostart | Should -BeTrue
        Set-ItemProperty kvm:\StoragePools\images -Name Autostart -Value $true
        (Get-Item kvm:\StoragePools\images).Autostart | Should -BeTrue
        Set-ItemProperty kvm:\Domains\db1 -Name Title -Value 'nope' -WhatIf
        (Get-Item kvm:\Domains\db1).Title | Should -Be 'Database'
    }

    It 'bad property names and values are errors that change nothing' {
        Set-ItemProperty kvm:\Domains\db1 -Name Colour -Value red -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Set-ItemProperty kvm:\Domains\db1 -Name VCpus -Value 'many' -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Match '^InvalidValue'
        (Get-Item kvm:\Domains\db1).VCpus | Should -Be 4
        Get-ItemProperty kvm:\Domains\db1 -Name Colour -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Match '^PropertyNotFound'
    }
}

Describe 'Folders of every kind: snapshots, secrets, node devices; Get-Content -Raw' -Tag 'Provider' {
    BeforeAll { $null = New-PSDrive -PSProvider Libvirt -Name kvm -Root $nodeUri }
    AfterAll { Set-Location $repo; Remove-PSDrive kvm }

    It 'Get-Content -Raw returns the definition as one string, as a FileSystem file' {
        $raw = Get-Content kvm:\Domains\web1 -Raw
        $raw | Should -BeOfType ([string])
        @($raw).Count | Should -Be 1
        $raw.TrimEnd() | Should -Be ((virsh -c $nodeUri dumpxml web1 --inactive) -join "`n").TrimEnd() -Because 'virsh is the oracle; -Raw keeps the line breaks'
        ([xml]$raw).domain.name | Should -Be 'web1'
        @(Get-Content kvm:\Domains\web1).Count | Should -BeGreaterThan 1 -Because 'without -Raw it is lines'
    }

    It 'Snapshots holds each domain as a folder of its snapshots, as Get-DomainSnapshot returns them' {
        $h = (Get-PSDrive kvm).Hypervisor
        $null = New-DomainSnapshot -Connection $h -DomainName web1 -Name drive-snap
        try {
            @(Get-ChildItem kvm:\Snapshots -Name) | Should -Be @('db1', 'web1')
            Test-Path kvm:\Snapshots\web1 -PathType Container | Should -BeTrue
            $s = Get-Item kvm:\Snapshots\web1\drive-snap
            $s | Should -BeOfType ([PSLibvirt.DomainSnapshot])
            $s.Domain | Should -Be 'web1'
            (Get-Content kvm:\Snapshots\web1\drive-snap -Raw) | Should -Match '<name>drive-snap</name>'
            Remove-Item kvm:\Snapshots\web1 -Recurse -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Match '^RemoveNotSupported' -Because 'domains are removed in Domains'
            Remove-Item kvm:\Snapshots\web1\drive-snap -Force -Confirm:$false
            Test-Path kvm:\Snapshots\web1\drive-snap | Should -BeFalse
            @(Get-DomainSnapshot -Connection $h -DomainName web1 -Name drive-snap -ErrorAction SilentlyContinue).Count | Should -Be 0
        }
        finally { Remove-DomainSnapshot -Connection $h -DomainName web1 -Name drive-snap -Confirm:$false -ErrorAction SilentlyContinue }
    }

    It 'Checkpoints holds each domain as a folder of its checkpoints, as Get-DomainCheckpoint returns them' {
        # test:///default: its running domain test has a disk (the domains of node.xml have none, and a checkpoint needs one).
        $d = New-PSDrive -PSProvider Libvirt -Name tck -Root 'test:///default'
        try {
            $h = $d.Hypervisor
            New-DomainCheckpoint -Connection $h -DomainName test -Name drive-ckpt
            @(Get-ChildItem tck:\Checkpoints -Name) | Should -Be @('test')
            Test-Path tck:\Checkpoints\test -PathType Container | Should -BeTrue
            $c = Get-Item tck:\Checkpoints\test\drive-ckpt
            $c | Should -BeOfType ([PSLibvirt.DomainCheckpoint])
            $c.Domain | Should -Be 'test'
            (Get-Content tck:\Checkpoints\test\drive-ckpt -Raw) | Should -Match '<name>drive-ckpt</name>'
            Remove-Item tck:\Checkpoints\test -Recurse -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Match '^RemoveNotSupported' -Because 'domains are removed in Domains'
            Remove-Item tck:\Checkpoints\test\drive-ckpt -Force -Confirm:$false
            Test-Path tck:\Checkpoints\test\drive-ckpt | Should -BeFalse
            @(Get-DomainCheckpoint -Connection $h -DomainName test).Count | Should -Be 0
        }
        finally { Remove-PSDrive tck }
    }

    It 'NodeDevices lists the node devices, each readable as XML (virsh nodedev-dumpxml as the oracle)' {
        $null = New-PSDrive -PSProvider Libvirt -Name tdef -Root 'test:///default'
        $names = @(Get-ChildItem tdef:\NodeDevices -Name)
        $names | Should -Contain 'computer'
        foreach ($n in $names) {
            $item = Get-Item "tdef:\NodeDevices\$n"
            $item | Should -BeOfType ([PSLibvirt.NodeDevice])
            (Get-Content "tdef:\NodeDevices\$n" -Raw).TrimEnd() | Should -Be ((virsh -c test:///default nodedev-dumpxml $n) -join "`n").TrimEnd()
        }
        Set-Content tdef:\NodeDevices\computer -Value '<device/>' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^ContentNotSupported'
        Remove-PSDrive tdef
    }

    It 'Interfaces lists the host interfaces, readable as XML (virsh iface-dumpxml as the oracle), and defines and removes them' {
        $null = New-PSDrive -PSProvider Libvirt -Name tif -Root 'test:///default'
        try {
            @(Get-ChildItem tif:\Interfaces -Name) | Should -Be @('eth1')
            Get-Item tif:\Interfaces\eth1 | Should -BeOfType ([PSLibvirt.HostInterface])
            (Get-Content tif:\Interfaces\eth1 -Raw).TrimEnd() | Should -Be ((virsh -c test:///default iface-dumpxml eth1) -join "`n").TrimEnd()
            # The name is the root's attribute: New-Item adds it when the document has none.
            $null = New-Item tif:\Interfaces\eth7 -Value "<interface type='ethernet'><mac address='52:54:00:aa:bb:07'/></interface>"
            (Get-Item tif:\Interfaces\eth7).MacAddress | Should -Be '52:54:00:aa:bb:07'
            New-Item tif:\Interfaces\eth8 -Value "<interface type='ethernet' name='other'/>" -ErrorVariable e -ErrorAction SilentlyContinue
            "$($e[0])" | Should -Match "names 'other', not 'eth8'"
            Remove-Item tif:\Interfaces\eth7 -Confirm:$false
            Test-Path tif:\Interfaces\eth7 | Should -BeFalse
        }
        finally { Remove-PSDrive tif }
    }

    It 'Secrets is an empty folder on a driver without secrets (the test driver)' {
        Test-Path kvm:\Secrets | Should -BeTrue
        @(Get-ChildItem kvm:\Secrets).Count | Should -Be 0
    }
}

Describe 'about_Libvirt_Provider examples' -Tag 'Provider' {
    BeforeDiscovery {
        $doc = Join-Path $PSScriptRoot '../../docs/en-US/about_Libvirt_Provider.md'
        $blocks = [regex]::Matches((Get-Content -Raw $doc), '(?s)```powershell\r?\n(.*?)```') | ForEach-Object { $_.Groups[1].Value }
        $examples = @($blocks | ForEach-Object -Begin { $i = 0 } -Process { @{ Number = ++$i; Code = $_ } })
    }

    It 'example <Number> runs without errors in a fresh runspace' -ForEach $examples {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $modulePath).AddStatement().AddScript($Code)
            $null = $ps.Invoke()
            ($ps.Streams.Error | ForEach-Object { $_.ToString() }) -join '; ' | Should -BeNullOrEmpty
            $ps.HadErrors | Should -BeFalse
        }
        finally {
            $ps.Dispose()
            Get-Hypervisor | Disconnect-Hypervisor
        }
    }
}

Describe 'The provider on the private libvirtd (QEMU)' -Tag 'Provider', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $null = New-PSDrive -PSProvider Libvirt -Name qemu -Root $daemon.QemuUri
            $poolDir = Join-Path $daemon.Directory 'pool'
            $null = New-Item -ItemType Directory $poolDir
            virsh -q -c $daemon.QemuUri pool-define-as pslv dir --target $poolDir | Out-Null
            virsh -q -c $daemon.QemuUri pool-start pslv | Out-Null
            $poolDir2 = Join-Path $daemon.Directory 'pool2'
            $null = New-Item -ItemType Directory $poolDir2
            virsh -q -c $daemon.QemuUri pool-define-as pslv2 dir --target $poolDir2 | Out-Null
            virsh -q -c $daemon.QemuUri pool-start pslv2 | Out-Null
        }
    }
    AfterAll {
        if ($daemon) {
            Remove-PSDrive qemu -ErrorAction SilentlyContinue
            Stop-PrivateLibvirtd -Daemon $daemon
        }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'defines, starts, reconfigures, renames and removes a QEMU domain through the drive' {
        $name = 'pslv-prov-' + [IO.Path]::GetRandomFileName().Replace('.', '')
        $d = New-Item qemu:\Domains -Name $name -Value (New-TestGuestXml -Name $name)
        $d.Name | Should -Be $name
        virsh -q -c $daemon.QemuUri list --all --name | Should -Contain $name
        Set-ItemProperty "qemu:\Domains\$name" -Name Title -Value 'via provider'
        virsh -q -c $daemon.QemuUri desc $name --title | Should -Be 'via provider'
        $xml = [xml]((Get-Content "qemu:\Domains\$name") -join "`n")
        $xml.domain.memory.'#text' = '98304'
        $xml.domain.currentMemory.'#text' = '98304'
        Set-Content "qemu:\Domains\$name" -Value $xml.OuterXml
        ([xml](virsh -c $daemon.QemuUri dumpxml $name --inactive | Out-String)).domain.memory.'#text' | Should -Be '98304'
        Set-Content "qemu:\Domains\$name" -Value '<domain type="qemu"><name>' -ErrorAction SilentlyContinue -ErrorVariable e
        $e.Count | Should -Be 1
        ([xml](virsh -c $daemon.QemuUri dumpxml $name --inactive | Out-String)).domain.memory.'#text' | Should -Be '98304'

        Invoke-Item "qemu:\Domains\$name"
        Wait-Until { (virsh -c $daemon.QemuUri domstate $name | Select-Object -First 1) -eq 'running' } 30 'the guest to run'
        (Get-Item "qemu:\Domains\$name").State | Should -Be 'Running'
        Remove-Item "qemu:\Domains\$name" -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Match 'running'
        virsh -q -c $daemon.QemuUri destroy $name | Out-Null
        Wait-Until { (virsh -c $daemon.QemuUri domstate $name | Select-Object -First 1) -eq 'shut off' } 30 'the guest to stop'
        Rename-Item "qemu:\Domains\$name" -NewName "$name-b"
        virsh -q -c $daemon.QemuUri list --all --name | Should -Contain "$name-b"
        Remove-Item "qemu:\Domains\$name-b"
        virsh -q -c $daemon.QemuUri list --all --name | Should -Not -Contain "$name-b"
    }

    It 'Secrets lists secrets by UUID with their definition (never a value); Remove-Item undefines one' {
        $uuid = [guid]::NewGuid().ToString()
        $xmlFile = Join-Path $daemon.Directory "secret-$uuid.xml"
        Set-Content $xmlFile "<secret ephemeral='no' private='yes'><uuid>$uuid</uuid><usage type='ceph'><name>drive-$uuid</name></usage></secret>"
        virsh -q -c $daemon.QemuUri secret-define $xmlFile | Out-Null
        virsh -q -c $daemon.QemuUri secret-set-value $uuid --base64 'c2VjcmV0' | Out-Null
        @(Get-ChildItem qemu:\Secrets -Name) | Should -Contain $uuid
        $item = Get-Item "qemu:\Secrets\$uuid"
        $item | Should -BeOfType ([PSLibvirt.Secret])
        $item.UsageId | Should -Be "drive-$uuid"
        $text = Get-Content "qemu:\Secrets\$uuid" -Raw
        $text.TrimEnd() | Should -Be ((virsh -c $daemon.QemuUri secret-dumpxml $uuid) -join "`n").TrimEnd()
        $text | Should -Not -Match 'c2VjcmV0'
        Remove-Item "qemu:\Secrets\$uuid" -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1 -Because 'removing a secret destroys its value: without -Force it asks, and a non-interactive session cannot answer'
        (virsh -q -c $daemon.QemuUri secret-list) -join "`n" | Should -Match $uuid
        Remove-Item "qemu:\Secrets\$uuid" -Force -Confirm:$false
        (virsh -q -c $daemon.QemuUri secret-list) -join "`n" | Should -Not -Match $uuid
    }

    It 'creates, clones and deletes volumes through the drive' {
        $v = New-Item qemu:\StoragePools\pslv -Name 'disk a.qcow2' -ItemType qcow2 -Value 16MB
        $v.Path | Should -Be (Join-Path $poolDir 'disk a.qcow2')
        (virsh -q -c $daemon.QemuUri vol-list pslv | Out-String) | Should -Match 'disk a\.qcow2'
        qemu-img info --output=json (Join-Path $poolDir 'disk a.qcow2') | ConvertFrom-Json | ForEach-Object format | Should -Be 'qcow2'
        Copy-Item 'qemu:\StoragePools\pslv\disk a.qcow2' 'qemu:\StoragePools\pslv\disk b.qcow2'
        Test-Path (Join-Path $poolDir 'disk b.qcow2') | Should -BeTrue
        ([xml]((Get-Content 'qemu:\StoragePools\pslv\disk b.qcow2') -join "`n")).volume.capacity.'#text' | Should -Be ([string]16MB)
        Copy-Item 'qemu:\StoragePools\pslv\disk a.qcow2' qemu:\StoragePools\pslv2
        Test-Path (Join-Path $poolDir2 'disk a.qcow2') | Should -BeTrue
        (virsh -q -c $daemon.QemuUri vol-list pslv2 | Out-String) | Should -Match 'disk a\.qcow2'
        Remove-Item 'qemu:\StoragePools\pslv2\disk a.qcow2' -Force
        Test-Path (Join-Path $poolDir2 'disk a.qcow2') | Should -BeFalse
        Remove-Item 'qemu:\StoragePools\pslv\disk b.qcow2' -WhatIf
        Test-Path (Join-Path $poolDir 'disk b.qcow2') | Should -BeTrue
        Remove-Item 'qemu:\StoragePools\pslv\disk a.qcow2', 'qemu:\StoragePools\pslv\disk b.qcow2' -Force
        Test-Path (Join-Path $poolDir 'disk a.qcow2'), (Join-Path $poolDir 'disk b.qcow2') | Should -Be @($false, $false)
        (virsh -q -c $daemon.QemuUri vol-list pslv | Out-String).Trim() | Should -BeNullOrEmpty
    }
}
