#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Network ports (virsh net-port-list, net-port-create, net-port-dumpxml, net-port-delete) on the private libvirtd's
# QEMU driver (the test driver has no ports), with virsh on the same daemon as the oracle. A bridge-mode network
# starts without creating anything on the host, so its ports can be made here without root.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) {
        $daemon = Start-PrivateLibvirtd
        $u = $daemon.Uri
        Set-Content "$($daemon.Directory)/brnet.xml" "<network><name>pslv-brnet</name><forward mode='bridge'/><bridge name='pslvbr-t'/></network>"
        Set-Content "$($daemon.Directory)/offnet.xml" "<network><name>pslv-offnet</name><forward mode='bridge'/><bridge name='pslvbr-o'/></network>"
        foreach ($a in @('net-define', "$($daemon.Directory)/brnet.xml"), @('net-start', 'pslv-brnet'), @('net-define', "$($daemon.Directory)/offnet.xml")) { $null = Invoke-Virsh $u $a }
        $h = Connect-Hypervisor -Uri $u -Name ports
        # virsh net-port-list --uuid: one UUID per line.
        function Get-VirshPorts([string] $Network) { @(Invoke-Virsh $u 'net-port-list', $Network, '--uuid' -As Lines | ForEach-Object { $_.Trim() } | Where-Object { $_ } | Sort-Object) }
    }
}

AfterAll {
    if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false -ErrorAction SilentlyContinue }
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'Network ports against virsh (private libvirtd)' -Tag 'Network', 'NetworkPort' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach { if ($support.Supported) { Get-NetworkPort -NetworkName pslv-brnet | Remove-NetworkPort -Confirm:$false } }

    It 'New-NetworkPort from an owner and from XML; Get-NetworkPort lists what virsh net-port-list lists; Get-NetworkPortXml is net-port-dumpxml' {
        $owner = [guid]::NewGuid()
        $a = New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-a -OwnerUuid $owner -MacAddress 52:54:00:aa:bb:01
        $a | Should -BeOfType PSLibvirt.NetworkPort
        $a.Network | Should -Be 'pslv-brnet'
        $a.NetworkUuid | Should -Be (Get-Network -Name pslv-brnet).Uuid
        $a.OwnerName | Should -Be 'vm-a'
        $a.OwnerUuid | Should -Be $owner
        $a.MacAddress | Should -Be '52:54:00:aa:bb:01'
        $a.PlugType | Should -Be 'bridge'
        $a.PlugDevice | Should -Be 'pslvbr-t'
        $a.Hypervisor | Should -Be $h
        $pu = [guid]::NewGuid()
        $b = New-NetworkPort -Network (Get-Network -Name pslv-brnet) -Xml "<networkport><uuid>$pu</uuid><owner><name>vm-b</name><uuid>$([guid]::NewGuid())</uuid></owner><mac address='52:54:00:aa:bb:02'/></networkport>"
        $b.Uuid | Should -Be $pu
        # Generated when omitted: a MAC in QEMU's range, a new UUID.
        $c = New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-c -OwnerUuid ([guid]::NewGuid())
        $c.MacAddress | Should -Match '^52:54:00(:[0-9a-f]{2}){3}$'

        @((Get-NetworkPort pslv-brnet).Uuid | ForEach-Object { "$_" } | Sort-Object) | Should -Be (Get-VirshPorts pslv-brnet)
        @(Get-NetworkPort pslv-brnet -Uuid $pu).OwnerName | Should -Be 'vm-b'
        (Get-NetworkPortXml -NetworkName pslv-brnet -Uuid $a.Uuid).TrimEnd() | Should -Be ((Invoke-Virsh $u 'net-port-dumpxml', 'pslv-brnet', "$($a.Uuid)" -As Raw) -join "`n").TrimEnd()
        ($a | Get-NetworkPortXml -AsXml).networkport.owner.name | Should -Be 'vm-a'
        # Piped from Get-Network; an inactive network has no ports.
        @(Get-Network -Name 'pslv-*' | Get-NetworkPort).Count | Should -Be 3
        Get-NetworkPort -NetworkName pslv-offnet | Should -BeNullOrEmpty
    }

    It 'Remove-NetworkPort by pipeline and by UUID; -WhatIf changes nothing' {
        $a = New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-a -OwnerUuid ([guid]::NewGuid())
        $b = New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-b -OwnerUuid ([guid]::NewGuid())
        $a | Remove-NetworkPort -WhatIf
        New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-w -OwnerUuid ([guid]::NewGuid()) -WhatIf | Should -BeNullOrEmpty
        (Get-VirshPorts pslv-brnet).Count | Should -Be 2
        $a | Remove-NetworkPort -Confirm:$false
        Get-VirshPorts pslv-brnet | Should -Be "$($b.Uuid)"
        Remove-NetworkPort -NetworkName pslv-brnet -Uuid $b.Uuid -Confirm:$false
        Get-VirshPorts pslv-brnet | Should -BeNullOrEmpty
    }

    It 'bad input is a clear error with the right category, and the next input still runs' {
        $a = New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-a -OwnerUuid ([guid]::NewGuid())
        $missing = [guid]::NewGuid()
        $null = Get-NetworkPortXml -NetworkName pslv-brnet -Uuid $missing, $a.Uuid -ErrorVariable e -ErrorAction SilentlyContinue -OutVariable xml
        $e[0].FullyQualifiedErrorId | Should -Be 'NetworkPortNotFound,PSLibvirt.Commands.GetNetworkPortXmlCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $xml.Count | Should -Be 1 -Because 'the port after the missing one is still read'
        { Get-NetworkPort -NetworkName nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'NetworkNotFound,PSLibvirt.Commands.GetNetworkPortCommand'
        { Get-NetworkPort pslv-brnet -Uuid $missing -ErrorAction Stop } | Should -Throw -ErrorId 'NetworkPortNotFound,PSLibvirt.Commands.GetNetworkPortCommand'
        { New-NetworkPort -NetworkName pslv-brnet -OwnerName x -OwnerUuid ([guid]::NewGuid()) -MacAddress 'not-a-mac' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.NewNetworkPortCommand'
        { New-NetworkPort -NetworkName pslv-brnet -OwnerName x -ErrorAction Stop } | Should -Throw -ErrorId 'XmlOrOwner,PSLibvirt.Commands.NewNetworkPortCommand'
        { New-NetworkPort -NetworkName pslv-brnet -Xml '<networkport/>' -OwnerName x -OwnerUuid ([guid]::NewGuid()) -ErrorAction Stop } | Should -Throw -ErrorId 'XmlOrOwner,PSLibvirt.Commands.NewNetworkPortCommand'
        # libvirt's own refusals, with its reason: a port without a UUID, a port on an inactive network.
        $bad = { New-NetworkPort -NetworkName pslv-brnet -Xml "<networkport><owner><name>x</name><uuid>$([guid]::NewGuid())</uuid></owner><mac address='52:54:00:aa:bb:09'/></networkport>" -ErrorAction Stop } | Should -Throw -PassThru
        $bad.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $bad.Exception.Message | Should -Match 'uuid'
        $off = { New-NetworkPort -NetworkName pslv-offnet -OwnerName x -OwnerUuid ([guid]::NewGuid()) -ErrorAction Stop } | Should -Throw -PassThru
        $off.Exception.Message | Should -Match 'not active'
        (Get-VirshPorts pslv-brnet).Count | Should -Be 1 -Because 'nothing was half-made'
    }

    It 'the drive shows each network''s ports under NetworkPorts: list, Get-Content, Remove-Item' {
        $a = New-NetworkPort -NetworkName pslv-brnet -OwnerName vm-a -OwnerUuid ([guid]::NewGuid())
        @(Get-ChildItem ports:\NetworkPorts).Name | Should -Contain 'pslv-brnet'
        @(Get-ChildItem ports:\NetworkPorts\pslv-brnet).PSChildName | Should -Be @("$($a.Uuid)")
        (Get-ChildItem ports:\NetworkPorts\pslv-brnet)[0] | Should -BeOfType PSLibvirt.NetworkPort
        (Get-Content "ports:\NetworkPorts\pslv-brnet\$($a.Uuid)" -Raw).TrimEnd() | Should -Be ((Invoke-Virsh $u 'net-port-dumpxml', 'pslv-brnet', "$($a.Uuid)" -As Raw) -join "`n").TrimEnd()
        Remove-Item "ports:\NetworkPorts\pslv-brnet\$($a.Uuid)" -Confirm:$false
        Get-VirshPorts pslv-brnet | Should -BeNullOrEmpty
    }
}
