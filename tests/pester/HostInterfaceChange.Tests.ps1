#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Changing host interfaces: New-HostInterface's parameter sets for the common cases, Set-HostInterface (iface-edit),
# the bridge rewrite (New-/Remove-HostInterfaceBridge: iface-bridge/unbridge) and the change transaction
# (Start-/Complete-/Undo-HostInterfaceChange: iface-begin/commit/rollback), through the private libvirtd's test
# driver, whose one test:///default instance virsh and the module share: virsh iface-list/iface-dumpxml/iface-begin
# on the same URI are the oracle. (virsh iface-bridge itself cannot run there: it asks for the inactive XML, which the
# test driver refuses; the module falls back to the one XML the driver has.)

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force

    function Get-VirshIfaceName([string] $Uri) {
        foreach ($line in @(Invoke-Virsh $Uri 'iface-list', '--all' -As Lines)) { $f = -split $line; if ($f.Count -ge 2) { $f[0] } }
    }
    function Get-VirshIfaceXml([string] $Uri, [string] $Name) { [xml](Invoke-Virsh $Uri 'iface-dumpxml', $Name) }

    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) {
        $daemon = Start-PrivateLibvirtd -Driver test
        $uri = $daemon.TestUri
        $h = Connect-Hypervisor -Uri $uri -Name iface-change
    }
}
AfterAll {
    if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'New-HostInterface for the common cases' -Tag 'HostInterface' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach { if ($h) { Get-HostInterface -Connection $h -Name 'eth7', 'br7', 'bond7', 'eth1.7' -ErrorAction SilentlyContinue | Remove-HostInterface -Force -Confirm:$false } }

    It 'defines an Ethernet interface with MAC, MTU, static IPv4 and IPv6 addresses and a gateway, as virsh then dumps it' {
        $i = New-HostInterface -Connection $h -Name eth7 -Type Ethernet -MacAddress 52:54:00:AB:CD:07 -Mtu 9000 -StartMode Hotplug `
            -IPAddress 192.0.2.7/24, 2001:db8::7 -Gateway 192.0.2.1, 2001:db8::1
        $i.Active | Should -BeFalse
        $i.Addresses | Should -Be '192.0.2.7/24', '2001:db8::7/64'
        $x = Get-VirshIfaceXml $uri eth7
        $x.interface.type | Should -Be 'ethernet'
        $x.interface.mac.address | Should -Be '52:54:00:ab:cd:07'
        $x.interface.mtu.size | Should -Be '9000'
        $x.interface.start.mode | Should -Be 'hotplug'
        $v4 = $x.SelectSingleNode("/interface/protocol[@family='ipv4']")
        $v4.ip.address, $v4.ip.prefix, $v4.route.gateway | Should -Be '192.0.2.7', '24', '192.0.2.1'
        $v6 = $x.SelectSingleNode("/interface/protocol[@family='ipv6']")
        $v6.ip.address, $v6.ip.prefix, $v6.route.gateway | Should -Be '2001:db8::7', '64', '2001:db8::1'
    }

    It 'defines a bridge, a bond and a VLAN with the elements each type has, and -Start brings one up' {
        New-HostInterface -Connection $h -Name br7 -Type Bridge -Member eth7 -Stp $false -Delay 2.5 -Dhcp | Out-Null
        $x = Get-VirshIfaceXml $uri br7
        $x.interface.bridge.stp, $x.interface.bridge.delay, $x.interface.bridge.interface.name | Should -Be 'off', '2.5', 'eth7'
        $x.interface.protocol.family | Should -Be 'ipv4'
        $x.interface.protocol.SelectSingleNode('dhcp') | Should -Not -BeNullOrEmpty

        $bond = New-HostInterface -Connection $h -Name bond7 -Type Bond -Member eth5, eth6 -BondMode 802.3ad -MiiMonitor 100 -Start
        $bond.Active | Should -BeTrue
        $x = Get-VirshIfaceXml $uri bond7
        $x.interface.bond.mode, $x.interface.bond.miimon.freq | Should -Be '802.3ad', '100'
        @($x.interface.bond.interface.name) | Should -Be 'eth5', 'eth6'
        Invoke-Virsh $uri 'iface-list' -As Text | Should -Match 'bond7\s+active'

        New-HostInterface -Connection $h -Name eth1.7 -Type Vlan -VlanTag 7 -VlanParent eth1 | Out-Null
        $x = Get-VirshIfaceXml $uri eth1.7
        $x.interface.vlan.tag, $x.interface.vlan.interface.name | Should -Be '7', 'eth1'
    }

    It 'refuses <Case> with InvalidHostInterfaceDefinition (InvalidArgument) and defines nothing' -TestCases @(
        @{ Case = 'a MAC address that is not one'; Arguments = @{ Name = 'eth7'; Type = 'Ethernet'; MacAddress = '52:54:00:zz:00:07' }; Message = 'not a MAC address' }
        @{ Case = 'an IP address that is not one'; Arguments = @{ Name = 'eth7'; Type = 'Ethernet'; IPAddress = '192.0.2.300/24' }; Message = 'not an IP address' }
        @{ Case = 'a prefix out of range'; Arguments = @{ Name = 'eth7'; Type = 'Ethernet'; IPAddress = '192.0.2.7/33' }; Message = 'prefix length' }
        @{ Case = 'two gateways of one family'; Arguments = @{ Name = 'eth7'; Type = 'Ethernet'; IPAddress = '192.0.2.7/24'; Gateway = '192.0.2.1', '192.0.2.2' } ; Message = 'at most one' }
        @{ Case = 'a gateway without an address'; Arguments = @{ Name = 'eth7'; Type = 'Ethernet'; Gateway = '2001:db8::1' }; Message = 'needs an ipv6 address' }
        @{ Case = 'a MAC address on a bridge'; Arguments = @{ Name = 'eth7'; Type = 'Bridge'; MacAddress = '52:54:00:00:00:07' }; Message = 'ethernet interfaces only' }
        @{ Case = 'members of an Ethernet interface'; Arguments = @{ Name = 'eth7'; Type = 'Ethernet'; Member = 'eth5' }; Message = 'bridges and bonds only' }
        @{ Case = 'a bond without members'; Arguments = @{ Name = 'eth7'; Type = 'Bond' }; Message = 'at least one member' }
        @{ Case = 'a member named twice'; Arguments = @{ Name = 'eth7'; Type = 'Bond'; Member = 'eth5', 'eth5' }; Message = 'twice' }
        @{ Case = 'a VLAN without its parent'; Arguments = @{ Name = 'eth7'; Type = 'Vlan'; VlanTag = 7 }; Message = 'VlanParent' }
    ) {
        param($Case, $Arguments, $Message)
        New-HostInterface -Connection $h @Arguments -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidHostInterfaceDefinition,PSLibvirt.Commands.NewHostInterfaceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'eth7'
        $err[0].Exception.Message | Should -Match $Message
        Get-VirshIfaceName $uri | Should -Not -Contain 'eth7'
    }

    It 'refuses a name that exists (HostInterfaceExists) and leaves the interface as it was' {
        $before = Invoke-Virsh $uri 'iface-dumpxml', 'eth1'
        New-HostInterface -Connection $h -Name eth1 -Type Ethernet -Dhcp -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceExists,PSLibvirt.Commands.NewHostInterfaceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Invoke-Virsh $uri 'iface-dumpxml', 'eth1' | Should -BeExactly $before
    }
}

Describe 'Set-HostInterface (iface-edit)' -Tag 'HostInterface' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach { if ($h) { Get-HostInterface -Connection $h -Name eth7 -ErrorAction SilentlyContinue | Remove-HostInterface -Force -Confirm:$false } }

    It 'redefines an interface from XML, piped or by name; -WhatIf changes nothing' {
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet -MacAddress 52:54:00:00:00:07 | Out-Null
        $xml = "<interface type='ethernet' name='eth7'><start mode='none'/><mac address='52:54:00:00:00:07'/><mtu size='1400'/></interface>"
        Set-HostInterface -Connection $h -Name eth7 -Xml $xml -WhatIf
        (Get-VirshIfaceXml $uri eth7).interface.SelectSingleNode('mtu') | Should -BeNullOrEmpty
        $i = Get-HostInterface -Connection $h eth7 | Set-HostInterface -Xml $xml -PassThru -Confirm:$false
        $i.Mtu | Should -Be 1400
        $x = Get-VirshIfaceXml $uri eth7
        $x.interface.mtu.size, $x.interface.start.mode | Should -Be '1400', 'none'
    }

    It 'refuses an XML that names another interface (InvalidArgument) or does not parse, and changes nothing' {
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet | Out-Null
        $before = Invoke-Virsh $uri 'iface-dumpxml', 'eth7'
        Set-HostInterface -Connection $h -Name eth7 -Xml "<interface type='ethernet' name='eth8'/>" -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match "names 'eth8', not 'eth7'"
        Set-HostInterface -Connection $h -Name eth7 -Xml '<interface' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Invoke-Virsh $uri 'iface-dumpxml', 'eth7' | Should -BeExactly $before
        Get-VirshIfaceName $uri | Should -Not -Contain 'eth8'
    }
}

Describe 'New-/Remove-HostInterfaceBridge (iface-bridge, iface-unbridge)' -Tag 'HostInterface' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach { if ($h) { Get-HostInterface -Connection $h -Name 'br7', 'eth7' -ErrorAction SilentlyContinue | Remove-HostInterface -Force -Confirm:$false } }

    It 'puts an interface into a new bridge that takes over its addressing, and takes it out again' {
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet -MacAddress 52:54:00:00:00:07 -Mtu 1400 -IPAddress 192.0.2.7/24 | Out-Null
        $br = Get-HostInterface -Connection $h eth7 | New-HostInterfaceBridge -BridgeName br7 -Delay 3 -Confirm:$false
        $br.Name, $br.Type, $br.Active | Should -Be 'br7', 'bridge', $true
        $x = Get-VirshIfaceXml $uri br7
        $x.interface.type | Should -Be 'bridge'
        $x.interface.mtu.size | Should -Be '1400'
        $x.interface.protocol.ip.address | Should -Be '192.0.2.7'
        $x.interface.bridge.stp, $x.interface.bridge.delay | Should -Be 'on', '3'
        $x.interface.bridge.interface.name, $x.interface.bridge.interface.type | Should -Be 'eth7', 'ethernet'
        $x.interface.bridge.interface.mac.address | Should -Be '52:54:00:00:00:07'
        $x.interface.SelectSingleNode('mac') | Should -BeNullOrEmpty

        $freed = Remove-HostInterfaceBridge -Connection $h -Name br7 -Confirm:$false
        $freed.Name, $freed.Type, $freed.Active | Should -Be 'eth7', 'ethernet', $true
        Get-VirshIfaceName $uri | Should -Not -Contain 'br7'
        $x = Get-VirshIfaceXml $uri eth7
        $x.interface.mac.address | Should -Be '52:54:00:00:00:07'
        $x.interface.mtu.size | Should -Be '1400'
        $x.interface.protocol.ip.address | Should -Be '192.0.2.7'
        $x.interface.SelectSingleNode('bridge') | Should -BeNullOrEmpty
    }

    It '-NoStp, -NoStart and -WhatIf do what they say' {
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet | Out-Null
        New-HostInterfaceBridge -Connection $h -Name eth7 -BridgeName br7 -WhatIf
        Get-VirshIfaceName $uri | Should -Not -Contain 'br7'
        $br = New-HostInterfaceBridge -Connection $h -Name eth7 -BridgeName br7 -NoStp -NoStart
        $br.Active | Should -BeFalse
        $x = Get-VirshIfaceXml $uri br7
        $x.interface.bridge.stp | Should -Be 'off'
        $x.interface.bridge.HasAttribute('delay') | Should -BeFalse
        Remove-HostInterfaceBridge -Connection $h -Name br7 -WhatIf
        Get-VirshIfaceName $uri | Should -Contain 'br7'
        (Remove-HostInterfaceBridge -Connection $h -Name br7 -NoStart -Confirm:$false).Active | Should -BeFalse
    }

    It 'refuses a bridge name that is taken (HostInterfaceExists), an interface that is a bridge already, and a missing interface, per input' {
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet | Out-Null
        New-HostInterfaceBridge -Connection $h -Name eth7 -BridgeName eth1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceExists,PSLibvirt.Commands.NewHostInterfaceBridgeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be 'eth1'

        New-HostInterface -Connection $h -Name br7 -Type Bridge | Out-Null
        $out = New-HostInterfaceBridge -Connection $h -Name 'br7', 'nosuch' -BridgeName br8 -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        # Names are resolved before anything is done: the missing one is reported first.
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotFound,PSLibvirt.Commands.NewHostInterfaceBridgeCommand'
        $err[1].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotBridgeable,PSLibvirt.Commands.NewHostInterfaceBridgeCommand'
        $err[1].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[1].TargetObject | Should -Be 'br7'
        Get-VirshIfaceName $uri | Should -Not -Contain 'br8'
    }

    It 'refuses to unbridge <Case> (HostInterfaceNotUnbridgeable) and changes nothing' -TestCases @(
        @{ Case = 'an interface that is no bridge'; Xml = "<interface type='ethernet' name='br7'/>"; Message = 'not a bridge' }
        @{ Case = 'a bridge without members'; Xml = "<interface type='bridge' name='br7'><bridge/></interface>"; Message = 'No interface is attached' }
        @{ Case = 'a bridge with two members'; Xml = "<interface type='bridge' name='br7'><bridge><interface type='ethernet' name='eth5'/><interface type='ethernet' name='eth6'/></bridge></interface>"; Message = '2 interfaces' }
    ) {
        param($Case, $Xml, $Message)
        New-HostInterface -Connection $h -Xml $Xml | Out-Null
        $before = Invoke-Virsh $uri 'iface-dumpxml', 'br7'
        Remove-HostInterfaceBridge -Connection $h -Name br7 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'HostInterfaceNotUnbridgeable,PSLibvirt.Commands.RemoveHostInterfaceBridgeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -Match $Message
        Invoke-Virsh $uri 'iface-dumpxml', 'br7' | Should -BeExactly $before
    }
}

Describe 'Start-/Complete-/Undo-HostInterfaceChange (iface-begin, iface-commit, iface-rollback)' -Tag 'HostInterface' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach {
        if ($h) {
            Undo-HostInterfaceChange -Connection $h -Confirm:$false -ErrorAction SilentlyContinue
            Get-HostInterface -Connection $h -Name eth7 -ErrorAction SilentlyContinue | Remove-HostInterface -Force -Confirm:$false
        }
    }

    It 'undoes every change made since the start, as virsh then lists' {
        Start-HostInterfaceChange -Connection $h
        # virsh on the same instance sees the open transaction.
        { Invoke-Virsh $uri 'iface-begin' } | Should -Throw '*another transaction running*'
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet | Out-Null
        Remove-HostInterface -Connection $h -Name eth1 -Force -Confirm:$false
        Get-VirshIfaceName $uri | Should -Be 'eth7'
        Undo-HostInterfaceChange -Connection $h -Confirm:$false
        Get-VirshIfaceName $uri | Should -Be 'eth1'
    }

    It 'keeps the changes when completed, and the transaction is over' {
        Start-HostInterfaceChange -Connection $h
        New-HostInterface -Connection $h -Name eth7 -Type Ethernet | Out-Null
        Complete-HostInterfaceChange -Connection $h
        Get-VirshIfaceName $uri | Should -Contain 'eth7'
        Undo-HostInterfaceChange -Connection $h -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.UndoHostInterfaceChangeCommand'
        Get-VirshIfaceName $uri | Should -Contain 'eth7'
    }

    It 'refuses a second start, and a completion without a start, with InvalidOperation; -WhatIf starts nothing' {
        Start-HostInterfaceChange -Connection $h -WhatIf
        Complete-HostInterfaceChange -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.CompleteHostInterfaceChangeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -Match 'no transaction running'
        Start-HostInterfaceChange -Connection $h
        Start-HostInterfaceChange -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.StartHostInterfaceChangeCommand'
        $err[0].Exception.Message | Should -Match 'another transaction running'
        Undo-HostInterfaceChange -Connection $h -WhatIf
        # -WhatIf left the transaction open: virsh can commit it, and then there is none.
        { Invoke-Virsh $uri 'iface-commit' } | Should -Not -Throw
        { Invoke-Virsh $uri 'iface-commit' } | Should -Throw '*no transaction running*'
    }
}
