#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    The one target-resolution rule (about_PSLibvirt, "WHICH OBJECTS A CMDLET ACTS ON"), the same cases against every
    noun. A new kind is covered by adding a row to $rows (test driver) or $daemonRows (private libvirtd).

    Connections: $a and $b are two instances of tests/data/node.xml (each open of a node file is an instance of its
    own), so every object exists on both under the same name; the default connection is test:///default, which has
    none of them, so an object piped from $a or $b can only be found on its own connection.
#>

BeforeDiscovery {
    # Read: a cmdlet that acts on exactly the objects it is given (no change); Change: one that changes them (run with
    # -WhatIf only). Parent: the parameters that name the object's parent. AmbiguousType: the kind whose name is
    # ambiguous when the object lives in a parent (the parent is resolved first). Pipe: what the cmdlet takes from the
    # pipeline as text (the object's name, or for an object inside another, its parent's name, with -Name given) and
    # PipeType, the kind of that name.
    $rows = @(
        @{ Noun = 'Domain'; Get = 'Get-Domain'; Read = 'Get-DomainXml'; Change = 'Remove-Domain'; Key = 'web1'; Pattern = 'web*'; Parent = @{}; Type = 'Domain'; AmbiguousType = 'Domain'; Pipe = 'web1'; PipeParams = @{}; PipeType = 'Domain' }
        @{ Noun = 'Network'; Get = 'Get-Network'; Read = 'Get-NetworkXml'; Change = 'Remove-Network'; Key = 'lan'; Pattern = 'la?'; Parent = @{}; Type = 'Network'; AmbiguousType = 'Network'; Pipe = 'lan'; PipeParams = @{}; PipeType = 'Network' }
        @{ Noun = 'StoragePool'; Get = 'Get-StoragePool'; Read = 'Get-StoragePoolXml'; Change = 'Remove-StoragePool'; Key = 'images'; Pattern = 'imag*'; Parent = @{}; Type = 'StoragePool'; AmbiguousType = 'StoragePool'; Pipe = 'images'; PipeParams = @{}; PipeType = 'StoragePool' }
        @{ Noun = 'StorageVolume'; Get = 'Get-StorageVolume'; Read = 'Get-StorageVolumeXml'; Change = 'Remove-StorageVolume'; Key = 'web1.qcow2'; Pattern = 'web1.*'; Parent = @{ PoolName = 'images' }; Type = 'StorageVolume'; AmbiguousType = 'StoragePool'; Pipe = 'images'; PipeParams = @{ Name = 'web1.qcow2' }; PipeType = 'StoragePool' }
        @{ Noun = 'HostInterface'; Get = 'Get-HostInterface'; Read = 'Get-HostInterfaceXml'; Change = 'Remove-HostInterface'; Key = 'eth2'; Pattern = 'eth?'; Parent = @{}; Type = 'HostInterface'; AmbiguousType = 'HostInterface'; Pipe = 'eth2'; PipeParams = @{}; PipeType = 'HostInterface' }
        @{ Noun = 'NodeDevice'; Get = 'Get-NodeDevice'; Read = 'Get-NodeDeviceXml'; Change = 'Remove-NodeDevice'; Key = 'pci_0000_00_02_0'; Pattern = 'pci_*'; Parent = @{}; Type = 'NodeDevice'; AmbiguousType = 'NodeDevice'; Pipe = 'pci_0000_00_02_0'; PipeParams = @{}; PipeType = 'NodeDevice' }
        @{ Noun = 'DomainSnapshot'; Get = 'Get-DomainSnapshot'; Read = 'Get-DomainSnapshotXml'; Change = 'Remove-DomainSnapshot'; Key = 'resolution-snap'; Pattern = 'resolution-*'; Parent = @{ DomainName = 'web1' }; Type = 'DomainSnapshot'; AmbiguousType = 'Domain'; Pipe = 'web1'; PipeParams = @{ Name = 'resolution-snap' }; PipeType = 'Domain' }
    )
    # Kinds the test driver lacks (or cannot share between two connections): two connections to one private libvirtd
    # (its QEMU driver) share each object. Setup makes the object with virsh and returns its key; List is the virsh
    # command that lists the kind (the final check that -WhatIf changed nothing).
    $daemonRows = @(
        @{ Noun = 'Secret'; Get = 'Get-LibvirtSecret'; Read = 'Get-LibvirtSecretXml'; Change = 'Remove-LibvirtSecret'; Type = 'Secret'; AmbiguousId = 'AmbiguousSecret'
            KeyParameter = 'Uuid'; Parent = @{}; List = @('secret-list')
            Setup = { param($uri, $dir)
                $uuid = [guid]::NewGuid().ToString()
                Set-Content "$dir/secret.xml" "<secret ephemeral='no' private='no'><uuid>$uuid</uuid><usage type='ceph'><name>resolution</name></usage></secret>"
                virsh -q -c $uri secret-define "$dir/secret.xml" | Out-Null
                $uuid } }
        @{ Noun = 'NetworkFilter'; Get = 'Get-NetworkFilter'; Read = 'Get-NetworkFilterXml'; Change = 'Remove-NetworkFilter'; Type = 'NetworkFilter'; AmbiguousId = 'AmbiguousNetworkFilterName'
            KeyParameter = 'Name'; Parent = @{}; List = @('nwfilter-list')
            Setup = { param($uri, $dir)
                Set-Content "$dir/filter.xml" "<filter name='pslv-resfilter' chain='ipv4'/>"
                virsh -q -c $uri nwfilter-define "$dir/filter.xml" | Out-Null
                'pslv-resfilter' } }
        @{ Noun = 'NetworkFilterBinding'; Get = 'Get-NetworkFilterBinding'; Read = 'Get-NetworkFilterBindingXml'; Change = 'Remove-NetworkFilterBinding'; Type = 'NetworkFilterBinding'; AmbiguousId = 'AmbiguousNetworkFilterBindingName'
            KeyParameter = 'Name'; Parent = @{}; List = @('nwfilter-binding-list')
            Setup = { param($uri, $dir)
                Set-Content "$dir/bfilter.xml" "<filter name='pslv-resbfilter' chain='ipv4'/>"
                Set-Content "$dir/binding.xml" "<filterbinding><owner><name>res-vm</name><uuid>$([guid]::NewGuid())</uuid></owner><portdev name='pslvres-tap'/><mac address='52:54:00:00:01:01'/><filterref filter='pslv-resbfilter'/></filterbinding>"
                virsh -q -c $uri nwfilter-define "$dir/bfilter.xml" | Out-Null
                virsh -q -c $uri nwfilter-binding-create "$dir/binding.xml" | Out-Null
                'pslvres-tap' } }
        @{ Noun = 'NetworkPort'; Get = 'Get-NetworkPort'; Read = 'Get-NetworkPortXml'; Change = 'Remove-NetworkPort'; Type = 'NetworkPort'; AmbiguousId = 'AmbiguousNetworkName'
            KeyParameter = 'Uuid'; Parent = @{ NetworkName = 'pslv-resnet' }; List = @('net-port-list', 'pslv-resnet')
            Setup = { param($uri, $dir)
                $uuid = [guid]::NewGuid().ToString()
                Set-Content "$dir/resnet.xml" "<network><name>pslv-resnet</name><forward mode='bridge'/><bridge name='pslvres-br'/></network>"
                Set-Content "$dir/port.xml" "<networkport><uuid>$uuid</uuid><owner><name>res-vm</name><uuid>$([guid]::NewGuid())</uuid></owner><mac address='52:54:00:00:01:02'/></networkport>"
                foreach ($a in @('net-define', "$dir/resnet.xml"), @('net-start', 'pslv-resnet'), @('net-port-create', 'pslv-resnet', "$dir/port.xml")) { virsh -q -c $uri @a | Out-Null }
                $uuid } }
        # A checkpoint needs a running domain with a disk: the domains of node.xml have none, so a QEMU guest here.
        @{ Noun = 'DomainCheckpoint'; Get = 'Get-DomainCheckpoint'; Read = 'Get-DomainCheckpointXml'; Change = 'Remove-DomainCheckpoint'; Type = 'DomainCheckpoint'; AmbiguousId = 'AmbiguousDomainName'
            KeyParameter = 'Name'; Parent = @{ DomainName = 'pslv-resck' }; List = @('checkpoint-list', 'pslv-resck')
            Setup = { param($uri, $dir)
                $null = & qemu-img create -q -f qcow2 "$dir/resck.qcow2" 16M
                $disk = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$dir/resck.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
                Set-Content "$dir/resck.xml" ((New-TestGuestXml -Name pslv-resck) -replace '<memballoon', "$disk<memballoon")
                foreach ($a in @('define', "$dir/resck.xml"), @('start', 'pslv-resck'), @('checkpoint-create-as', 'pslv-resck', 'pslv-resckpt')) { virsh -q -c $uri @a | Out-Null }
                'pslv-resckpt' } }
    )
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    $nodeUri = 'test:///' + (Join-Path $repo 'tests/data/node.xml')

    # Runs a cmdlet with the given parameters, collecting output and errors (never stopping).
    function Invoke-Case([string] $Command, [hashtable] $Parameters, $InputObject) {
        $errors = $null
        $out = if ($PSBoundParameters.ContainsKey('InputObject')) {
            @($InputObject | & $Command @Parameters -ErrorVariable errors -ErrorAction SilentlyContinue)
        }
        else { @(& $Command @Parameters -ErrorVariable errors -ErrorAction SilentlyContinue) }
        [pscustomobject]@{ Output = $out; Errors = @($errors) }
    }
}

Describe 'Target resolution of <Noun> (test driver)' -Tag 'Resolution' -ForEach $rows {
    BeforeAll {
        Get-Hypervisor | Disconnect-Hypervisor
        $a = Connect-Hypervisor -Uri $nodeUri -Name res-a
        $b = Connect-Hypervisor -Uri $nodeUri -Name res-b
        $default = Connect-Hypervisor -Uri 'test:///default' -Name res-default
        if ($Noun -eq 'DomainSnapshot') { foreach ($c in $a, $b) { $null = New-DomainSnapshot -Connection $c -DomainName web1 -Name $Key } }
        $typeId = { param($id, $cmd) "$id,PSLibvirt.Commands.$($cmd -replace '-', '')Command" }
    }
    AfterAll { Get-Hypervisor | Disconnect-Hypervisor }

    It 'an exact name acts on that one object' {
        $r = Invoke-Case $Read (@{ Name = $Key; Connection = $a } + $Parent)
        $r.Errors | Should -BeNullOrEmpty
        $r.Output.Count | Should -Be 1
    }

    It 'the Get-*Xml cmdlet writes the XML as text, and with -AsXml as an XmlDocument of the same XML' {
        $text = Invoke-Case $Read (@{ Name = $Key; Connection = $a } + $Parent)
        $doc = Invoke-Case $Read (@{ Name = $Key; Connection = $a; AsXml = $true } + $Parent)
        @($text.Output)[0] | Should -BeOfType string
        @($doc.Output)[0] | Should -BeOfType System.Xml.XmlDocument
        @($doc.Output)[0].OuterXml | Should -Be ([xml]@($text.Output)[0]).OuterXml
    }

    It 'Get- takes wildcards and lists what matches' {
        $r = Invoke-Case $Get (@{ Name = $Pattern; Connection = $a } + $Parent)
        $r.Errors | Should -BeNullOrEmpty
        $r.Output.Count | Should -BeGreaterOrEqual 1
        foreach ($o in $r.Output) { $o.Name | Should -BeLike $Pattern }
        $none = Invoke-Case $Get (@{ Name = 'no-such-*'; Connection = $a } + $Parent)
        $none.Errors | Should -BeNullOrEmpty -Because 'a pattern that matches nothing is not an error'
        $none.Output | Should -BeNullOrEmpty
    }

    It 'an invalid wildcard pattern on Get- is an InvalidArgument error' {
        $r = Invoke-Case $Get (@{ Name = '[z-a'; Connection = $a } + $Parent)
        $r.Errors.Count | Should -BeGreaterOrEqual 1
        $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'a name on a cmdlet that acts on objects is exact: wildcard characters are part of the name' {
        $r = Invoke-Case $Read (@{ Name = $Pattern; Connection = $a } + $Parent)
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "$($Type)NotFound" $Read)
    }

    It 'a missing name is <Type>NotFound (ObjectNotFound, the name as target) and the next input is processed' {
        $r = Invoke-Case $Read (@{ Name = 'nope', $Key; Connection = $a } + $Parent)
        $r.Output.Count | Should -Be 1
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "$($Type)NotFound" $Read)
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $r.Errors[0].TargetObject | Should -Be 'nope'
        # the same from the pipeline
        $r = Invoke-Case $Read (@{ Connection = $a } + $PipeParams) -InputObject 'nope', $Pipe
        $r.Output.Count | Should -Be 1
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "$($PipeType)NotFound" $Read)
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $r.Errors[0].TargetObject | Should -Be 'nope'
    }

    It 'a name found on two connections is Ambiguous<Type>Name and acts on neither' {
        $r = Invoke-Case $Read (@{ Name = $Key; Connection = $a, $b } + $Parent)
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "Ambiguous$($AmbiguousType)Name" $Read)
        $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($r.Errors[0])" | Should -Match 'res-a' -Because 'the message names the connections'
    }

    It 'the object parameter takes the name as text too, looked up as names are (exact, NotFound, ambiguity)' {
        if ($Parent.Count) {
            # A volume's or snapshot's name means nothing without its pool or domain: -StorageVolume and -Snapshot take
            # objects only. The parent's object parameter (-StoragePool, -Domain) takes its name.
            $parentParam = @{ DomainName = 'Domain'; PoolName = 'StoragePool' }[@($Parent.Keys)[0]]
            $r = Invoke-Case $Read @{ Name = $Key; $parentParam = 'nope', @($Parent.Values)[0]; Connection = $a }
            $r.Output.Count | Should -Be 1
            $r.Errors.Count | Should -Be 1
            $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "$($AmbiguousType)NotFound" $Read)
            $r.Errors[0].TargetObject | Should -Be 'nope'
            return
        }
        # -Domain web1 is -Name web1
        $r = Invoke-Case $Read @{ $Type = 'nope', $Key; Connection = $a }
        $r.Output.Count | Should -Be 1
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "$($Type)NotFound" $Read)
        $r.Errors[0].TargetObject | Should -Be 'nope'
        $r = Invoke-Case $Read @{ $Type = $Key; Connection = $a, $b }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "Ambiguous$($Type)Name" $Read)
        # and a change cmdlet the same way
        $force = if ((Get-Command $Change).Parameters.ContainsKey('Force')) { @{ Force = $true } } else { @{} }
        $r = Invoke-Case $Change (@{ $Type = $Key; Connection = $a; WhatIf = $true } + $force)
        $r.Errors | Should -BeNullOrEmpty
    }

    It 'the object parameter completes names on Tab, as -Name does' {
        # For a volume or snapshot that is the parent's object parameter, which is the one that takes a name.
        $param = if ($Parent.Count) { @{ DomainName = 'Domain'; PoolName = 'StoragePool' }[@($Parent.Keys)[0]] } else { $Type }
        $name = if ($Parent.Count) { @($Parent.Values)[0] } else { $Key }
        $line = "$Read -Connection res-a -$param $($name.Substring(0, 2))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $name
    }

    It 'an object piped from another connection acts on its own connection, never ambiguous' {
        $params = @{ Name = $Key; Connection = $b } + $Parent
        $objects = @(& $Get @params)
        $objects.Count | Should -Be 1
        (Get-Hypervisor -Default).Name | Should -Be 'res-default' -Because 'the default connection lacks the object'
        $r = Invoke-Case $Read @{} -InputObject $objects
        $r.Errors | Should -BeNullOrEmpty
        $r.Output.Count | Should -Be 1
    }

    It 'a piped Hypervisor is a clear binding error, never an object named like the connection' {
        $r = Invoke-Case $Read $PipeParams -InputObject $a
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.Count | Should -BeGreaterOrEqual 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        "$($r.Errors[0])" | Should -Match "connection \('res-a'"
    }

    It 'a plain object with a Name property (Import-Csv) is taken by its name' {
        $r = Invoke-Case $Read (@{ Connection = $a } + $PipeParams) -InputObject ([pscustomobject]@{ Name = $Pipe })
        $r.Errors | Should -BeNullOrEmpty
        $r.Output.Count | Should -Be 1
    }

    It 'a change cmdlet resolves the same way, and -WhatIf changes nothing' {
        if (-not $Change) { Set-ItResult -Skipped -Because "$Noun has no change cmdlet yet"; return }
        # -Force where the cmdlet has it: the objects of node.xml are active, which is a refusal of its own.
        $force = if ((Get-Command $Change).Parameters.ContainsKey('Force')) { @{ Force = $true } } else { @{} }
        $r = Invoke-Case $Change (@{ Name = $Key; Connection = $a, $b; WhatIf = $true } + $Parent + $force)
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "Ambiguous$($AmbiguousType)Name" $Change)
        $r = Invoke-Case $Change (@{ Name = $Key; Connection = $a; WhatIf = $true } + $Parent + $force)
        $r.Errors | Should -BeNullOrEmpty
        $params = @{ Name = $Key; Connection = $a } + $Parent
        @(& $Get @params).Count | Should -Be 1
    }
}

Describe 'Target resolution of <Noun> (private libvirtd)' -Tag 'Resolution', 'Lifecycle' -ForEach $daemonRows {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            Get-Hypervisor | Disconnect-Hypervisor
            $daemon = Start-PrivateLibvirtd
            # Two connections to one daemon: every object exists on both.
            $a = Connect-Hypervisor -Uri $daemon.QemuUri -Name res-a
            $b = Connect-Hypervisor -Uri $daemon.QemuUri -Name res-b
            $default = Connect-Hypervisor -Uri 'test:///default' -Name res-default
            $key = & $Setup $daemon.QemuUri $daemon.Directory
            $missing = if ($KeyParameter -eq 'Uuid') { [guid]::NewGuid().ToString() } else { 'pslv-res-missing' }
        }
        $typeId = { param($id, $cmd) "$id,PSLibvirt.Commands.$($cmd -replace '-', '')Command" }
    }
    AfterAll {
        Get-Hypervisor | Disconnect-Hypervisor
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'an exact key acts on that one object; a missing one is <Type>NotFound and the next key is processed' {
        $r = Invoke-Case $Read (@{ $KeyParameter = $missing, $key; Connection = $a } + $Parent)
        $r.Output.Count | Should -Be 1
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId "$($Type)NotFound" $Read)
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'a key found on two connections is ambiguous and acts on neither' {
        $r = Invoke-Case $Read (@{ $KeyParameter = $key; Connection = $a, $b } + $Parent)
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId $AmbiguousId $Read)
        $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'an object piped from another connection acts on its own connection' {
        $objects = @(& $Get -Connection $b @Parent | Where-Object { "$($_.$KeyParameter)" -eq $key })
        $objects.Count | Should -Be 1
        (Get-Hypervisor -Default).Name | Should -Be 'res-default'
        $r = Invoke-Case $Read @{} -InputObject $objects
        $r.Errors | Should -BeNullOrEmpty
        $r.Output.Count | Should -Be 1
    }

    It 'a piped Hypervisor is a clear binding error' {
        $r = Invoke-Case $Read @{} -InputObject $a
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.Count | Should -BeGreaterOrEqual 1
    }

    It 'a change cmdlet resolves the same way, and -WhatIf changes nothing' {
        $r = Invoke-Case $Change (@{ $KeyParameter = $key; Connection = $a, $b; WhatIf = $true } + $Parent)
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be (& $typeId $AmbiguousId $Change)
        $r = Invoke-Case $Change (@{ $KeyParameter = $key; Connection = $a; WhatIf = $true } + $Parent)
        $r.Errors | Should -BeNullOrEmpty
        (virsh -q -c $daemon.QemuUri @List) -join "`n" | Should -Match ([regex]::Escape($key))
    }
}
