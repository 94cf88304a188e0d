#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Host interfaces (Get-HostInterface, Get-HostInterfaceXml, New-, Start-, Stop-, Remove-HostInterface) through the
# built module: reading on test:///default with virsh iface-list / iface-dumpxml on the same URI as the oracle (reads
# need no shared state: each open of test:///default starts from the same interfaces), bad input, completion, and
# changes through the private libvirtd's test driver, whose one test:///default instance virsh and the module share.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # virsh iface-list --all as objects: Name, Active, MacAddress.
    function Get-VirshIfaceList([string] $Uri) {
        foreach ($line in @(Invoke-Virsh $Uri 'iface-list', '--all' -As Lines)) {
            $f = -split $line
            if ($f.Count -ge 2) { [pscustomobject]@{ Name = $f[0]; Active = $f[1] -eq 'active'; MacAddress = if ($f.Count -ge 3) { $f[2] } else { $null } } }
        }
    }
    $ifaceXml = { param($name, $mac) "<interface type='ethernet' name='$name'><start mode='onboot'/><mac address='$mac'/><protocol family='ipv6'><ip address='fd00::7' prefix='64'/></protocol></interface>" }
}

Describe 'Get-HostInterface on the test driver' -Tag 'HostInterface' {
    BeforeAll {
        $uri = 'test:///default'
        $h = Connect-Hypervisor -Uri $uri -Name iface-test
    }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'lists every interface as virsh iface-list --all and iface-dumpxml describe it' {
        $all = @(Get-HostInterface -Connection $h)
        $virsh = @(Get-VirshIfaceList $uri)
        $all.Name | Should -Be @($virsh.Name | Sort-Object)
        foreach ($i in $all) {
            $v = $virsh | Where-Object Name -EQ $i.Name
            $i | Should -BeOfType ([PSLibvirt.HostInterface])
            $i.Hypervisor.Name | Should -Be 'iface-test'
            $i.Active | Should -Be $v.Active
            $i.MacAddress | Should -Be $v.MacAddress
            [xml]$x = Invoke-Virsh $uri 'iface-dumpxml', $i.Name
            $i.Type | Should -Be $x.interface.type
            $i.StartMode | Should -Be $x.interface.start.mode
            $i.Addresses | Should -Be @(foreach ($ip in $x.SelectNodes('/interface/protocol/ip')) { "$($ip.address)/$($ip.prefix)" })
            "$i" | Should -Be $i.Name
        }
        $eth1 = $all | Where-Object Name -EQ eth1
        $eth1.Addresses | Should -Be '192.168.0.5/24'
        $eth1.Mtu | Should -Be 1492
    }

    It 'filters by state and MAC address; -Active and -Inactive exclude each other' {
        @((Get-HostInterface -Connection $h -Active).Name) | Should -Be @('eth1')
        @(Get-HostInterface -Connection $h -Inactive) | Should -BeNullOrEmpty
        @((Get-HostInterface -Connection $h -MacAddress 'AA:BB:CC:DD:EE:FF').Name) | Should -Be @('eth1')
        @(Get-HostInterface -Connection $h -MacAddress '52:54:00:00:00:00') | Should -BeNullOrEmpty
        { Get-HostInterface -Connection $h -Active -Inactive -ErrorAction Stop } | Should -Throw
    }

    It 'takes wildcards, piped names and connections; a missing name is HostInterfaceNotFound and the next name is still read' {
        @((Get-HostInterface 'eth*' -Connection $h).Name) | Should -Be @('eth1')
        @($h | Get-HostInterface -Name eth1).Name | Should -Be 'eth1'
        $out = Get-HostInterface -Connection $h -Name 'nosuch', 'eth1' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'eth1'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotFound,PSLibvirt.Commands.GetHostInterfaceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch'
    }

    It 'writes the XML virsh iface-dumpxml writes, by name and from piped interfaces; -Inactive falls back where the driver has one XML' {
        $expected = Invoke-Virsh $uri 'iface-dumpxml', 'eth1'
        (Get-HostInterfaceXml -Connection $h eth1).TrimEnd() | Should -BeExactly $expected
        (Get-HostInterface -Connection $h eth1 | Get-HostInterfaceXml).TrimEnd() | Should -BeExactly $expected
        (Get-HostInterfaceXml -Connection $h eth1 -Inactive).TrimEnd() | Should -BeExactly $expected
        Get-HostInterfaceXml -Connection $h nosuch -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotFound,PSLibvirt.Commands.GetHostInterfaceXmlCommand'
    }

    It 'refuses bad XML with a clear error and defines nothing' {
        New-HostInterface -Connection $h -Xml '<interface' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewHostInterfaceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        New-HostInterface -Connection $h -Xml "<interface type='bogus' name='bad0'/>" -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        "$($err[0])" | Should -Match 'validate'
        New-HostInterface -Connection $h -Xml (& $ifaceXml eth1 '52:54:00:00:00:01') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceExists,PSLibvirt.Commands.NewHostInterfaceCommand'
        @((Get-HostInterface -Connection $h).Name) | Should -Be @('eth1')
    }

    It 'refuses to remove an active interface without -Force (HostInterfaceIsActive); -WhatIf changes nothing' {
        Remove-HostInterface -Connection $h eth1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceIsActive,PSLibvirt.Commands.RemoveHostInterfaceCommand'
        Remove-HostInterface -Connection $h eth1 -Force -WhatIf
        Stop-HostInterface -Connection $h eth1 -WhatIf
        New-HostInterface -Connection $h -Xml (& $ifaceXml eth5 '52:54:00:00:00:05') -WhatIf | Should -BeNullOrEmpty
        $i = @(Get-HostInterface -Connection $h)
        $i.Name | Should -Be @('eth1')
        $i[0].Active | Should -BeTrue
    }

    It 'completes interface names from the connection, with type and state as tooltip' {
        $r = TabExpansion2 -inputScript ($s = 'Stop-HostInterface -Connection iface-test -Name et') -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @('eth1')
        $r.CompletionMatches[0].ToolTip | Should -Match 'ethernet, active'
    }

    It 'completes -MacAddress of Get-HostInterface with the interfaces'' MAC addresses, the name as tooltip' {
        $mac = (Get-HostInterface -Connection iface-test -Name eth1).MacAddress
        $mac | Should -Not -BeNullOrEmpty
        $r = TabExpansion2 -inputScript ($s = "Get-HostInterface -Connection iface-test -MacAddress $($mac.Substring(0, 4))") -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @($mac)
        $r.CompletionMatches[0].ToolTip | Should -Match 'eth1'
        # and finds the interface by it, as virsh iface-name does
        (Get-HostInterface -Connection iface-test -MacAddress $r.CompletionMatches[0].CompletionText).Name | Should -Be 'eth1'
    }
}

Describe 'Host interface changes through the private libvirtd (test driver), virsh as the oracle' -Tag 'HostInterface', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            # The daemon's test:///default is one instance for every connection: virsh sees the module's changes.
            $uri = $daemon.TestUri
            $h = Connect-Hypervisor -Uri $uri -Name iface-remote
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'defines an interface (iface-define), which virsh then lists inactive with its XML' {
        $i = New-HostInterface -Connection $h -Xml (& $ifaceXml eth5 '52:54:00:00:00:05')
        $i.Name | Should -Be 'eth5'
        $i.Active | Should -BeFalse
        $i.Addresses | Should -Be 'fd00::7/64'
        $v = Get-VirshIfaceList $uri | Where-Object Name -EQ eth5
        $v.Active | Should -BeFalse
        $v.MacAddress | Should -Be '52:54:00:00:00:05'
        ([xml](Invoke-Virsh $uri 'iface-dumpxml', 'eth5')).interface.protocol.ip.address | Should -Be 'fd00::7'
    }

    It 'starts and stops it (iface-start, iface-destroy) with -PassThru, and refuses to start it twice' {
        $i = Start-HostInterface -Connection $h eth5 -PassThru
        $i.Active | Should -BeTrue
        (Get-VirshIfaceList $uri | Where-Object Name -EQ eth5).Active | Should -BeTrue
        Start-HostInterface -Connection $h eth5 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceAlreadyActive,PSLibvirt.Commands.StartHostInterfaceCommand'
        $i = Get-HostInterface -Connection $h eth5 | Stop-HostInterface -Confirm:$false -PassThru
        $i.Active | Should -BeFalse
        (Get-VirshIfaceList $uri | Where-Object Name -EQ eth5).Active | Should -BeFalse
        Stop-HostInterface -Connection $h eth5 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotActive,PSLibvirt.Commands.StopHostInterfaceCommand'
    }

    It 'removes it (iface-undefine); -WhatIf first changes nothing' {
        Remove-HostInterface -Connection $h eth5 -WhatIf
        @(Get-VirshIfaceList $uri).Name | Should -Contain 'eth5'
        Remove-HostInterface -Connection $h eth5 -Confirm:$false
        @(Get-VirshIfaceList $uri).Name | Should -Not -Contain 'eth5'
        Remove-HostInterface -Connection $h eth5 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotFound,PSLibvirt.Commands.RemoveHostInterfaceCommand'
    }

    It 'defines and starts in one go (-Start), and -Force stops an active interface before removing it' {
        $i = New-HostInterface -Connection $h -Xml (& $ifaceXml eth6 '52:54:00:00:00:06') -Start
        $i.Active | Should -BeTrue
        (Get-VirshIfaceList $uri | Where-Object Name -EQ eth6).Active | Should -BeTrue
        Remove-HostInterface -Connection $h eth6 -Force -Confirm:$false
        @(Get-VirshIfaceList $uri).Name | Should -Not -Contain 'eth6'
    }
}
