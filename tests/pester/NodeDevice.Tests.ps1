#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Host devices (Get-NodeDevice, Get-NodeDeviceXml) through the built module: breadth, bad input and completion on
# test:///default (whose node devices virsh nodedev-dumpxml reads; virsh nodedev-list itself fails on the test driver),
# and the real devices of this machine through the private libvirtd's QEMU driver, with virsh nodedev-list and
# nodedev-dumpxml on the same URI as the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The capability types of a device's XML, nested ones included (what virsh nodedev-list --cap matches).
    function Get-XmlCapability([xml]$Xml) { @($Xml.SelectNodes('//capability/@type').Value) }
}

Describe 'Get-NodeDevice on the test driver' -Tag 'NodeDevice' {
    BeforeAll {
        $h = Connect-Hypervisor -Uri test:///default -Name nodedev-test
        $uri = 'test:///default'
    }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'lists every device sorted by name, each as virsh nodedev-dumpxml describes it' {
        $all = @(Get-NodeDevice -Connection $h)
        $all.Name | Should -Be @('computer', 'scsi_host1', 'scsi_host11', 'scsi_host2')
        foreach ($d in $all) {
            $d | Should -BeOfType ([PSLibvirt.NodeDevice])
            $d.Hypervisor.Name | Should -Be 'nodedev-test'
            [xml]$x = Invoke-Virsh $uri 'nodedev-dumpxml', $d.Name
            $d.Parent | Should -Be ($x.device.parent ? $x.device.parent : $null)
            $d.Type | Should -Be @($x.device.capability)[0].type
        }
    }

    It 'filters by capability as virsh nodedev-list --cap does, nested capabilities included' {
        foreach ($cap in 'scsi_host', 'fc_host', 'vports', 'system', 'pci') {
            $expected = @(foreach ($n in 'computer', 'scsi_host1', 'scsi_host11', 'scsi_host2') {
                    if ((Get-XmlCapability (Invoke-Virsh $uri 'nodedev-dumpxml', $n)) -contains $cap) { $n }
                })
            @((Get-NodeDevice -Connection $h -Capability $cap).Name) | Should -Be $expected -Because "capability $cap"
        }
        @((Get-NodeDevice -Connection $h -Capability fc_host).Name) | Should -Contain 'scsi_host1'
        @((Get-NodeDevice -Connection $h -Capability system, fc_host).Name) | Should -Contain 'computer'
    }

    It 'takes wildcards, piped names and piped connections; an exact missing name is NodeDeviceNotFound and the next name is still read' {
        @((Get-NodeDevice 'scsi_host1*' -Connection $h).Name) | Should -Be @('scsi_host1', 'scsi_host11')
        @(('computer', 'scsi_host2') | Get-NodeDevice -Connection $h).Name | Should -Be @('computer', 'scsi_host2')
        @($h | Get-NodeDevice -Name computer).Name | Should -Be 'computer'
        $out = Get-NodeDevice -Connection $h -Name 'nosuch', 'computer' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'computer'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceNotFound,PSLibvirt.Commands.GetNodeDeviceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch'
        Get-NodeDevice -Connection $h -Name '[' -ErrorVariable bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $bad[0].FullyQualifiedErrorId | Should -Be 'InvalidWildcardPattern,PSLibvirt.Commands.GetNodeDeviceCommand'
    }

    It 'writes the XML virsh nodedev-dumpxml writes, by name and from piped devices' {
        (Get-NodeDeviceXml -Connection $h scsi_host1).TrimEnd() | Should -BeExactly (Invoke-Virsh $uri 'nodedev-dumpxml', 'scsi_host1')
        $xml = @(Get-NodeDevice -Connection $h 'scsi_host*' | Get-NodeDeviceXml)
        $xml.Count | Should -Be 3
        $xml[2].TrimEnd() | Should -BeExactly (Invoke-Virsh $uri 'nodedev-dumpxml', 'scsi_host2')
    }

    It 'reports a missing device to Get-NodeDeviceXml as NodeDeviceNotFound and reads the next one' {
        $out = Get-NodeDeviceXml -Connection $h -Name 'nosuch', 'computer' -ErrorVariable err -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceNotFound,PSLibvirt.Commands.GetNodeDeviceXmlCommand'
        $err[0].TargetObject | Should -Be 'nosuch'
    }

    It 'completes device names from the connection and capability names without one' {
        $r = TabExpansion2 -inputScript ($s = 'Get-NodeDevice -Connection nodedev-test -Name scsi_host1') -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @('scsi_host1', 'scsi_host11')
        $r.CompletionMatches[0].ToolTip | Should -Match 'scsi_host'
        $r = TabExpansion2 -inputScript ($s = 'Get-NodeDevice -Capability fc') -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @('fc_host')
    }

    It 'formats devices as a table of name, type, parent and driver' {
        $text = Get-NodeDevice -Connection $h | Out-String
        $text | Should -Match 'Name\s+Type\s+Parent\s+Driver'
        $text | Should -Match 'scsi_host11\s+scsi_host\s+scsi_host1'
    }
}

Describe 'Get-NodeDevice on a private libvirtd (real devices of this machine)' -Tag 'NodeDevice', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $conn = Connect-Hypervisor -Uri $daemon.QemuUri -Name 'pslv-nodedev'
        }
    }
    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'lists the devices virsh nodedev-list lists, and per capability the same as nodedev-list --cap' {
        $virsh = @((Invoke-Virsh $daemon.QemuUri 'nodedev-list') -split "`n" | Where-Object { $_ } | Sort-Object -CaseSensitive)
        $virsh.Count | Should -BeGreaterThan 1 -Because 'the QEMU driver sees the host devices'
        @((Get-NodeDevice -Connection $conn).Name) | Should -Be ([string[]]($virsh | Sort-Object { $_ } -Culture ([cultureinfo]::InvariantCulture))) -Because 'sorted by name'
        foreach ($cap in 'pci', 'net', 'system') {
            $expected = @((Invoke-Virsh $daemon.QemuUri 'nodedev-list', '--cap', $cap) -split "`n" | Where-Object { $_ } | Sort-Object)
            @((Get-NodeDevice -Connection $conn -Capability $cap).Name | Sort-Object) | Should -Be $expected -Because "capability $cap"
        }
    }

    It 'reads PCI devices'' address, vendor, product, driver and IOMMU group as nodedev-dumpxml has them' {
        $pci = @(Get-NodeDevice -Connection $conn -Capability pci)
        $pci.Count | Should -BeGreaterThan 0 -Because 'this machine has PCI devices'
        foreach ($d in $pci) {
            [xml]$x = Invoke-Virsh $daemon.QemuUri 'nodedev-dumpxml', $d.Name
            $c = $x.device.capability | Where-Object type -EQ 'pci' | Select-Object -First 1
            $d.PciAddress | Should -Be ('{0:x4}:{1:x2}:{2:x2}.{3:x}' -f [int]$c.domain, [int]$c.bus, [int]$c.slot, [int]$c.function)
            $d.Driver | Should -Be ($x.device.driver ? $x.device.driver.name : $null)
            $d.Parent | Should -Be $x.device.parent
            if ($c.vendor.'#text') { $d.Vendor | Should -Be $c.vendor.'#text' } else { $d.Vendor | Should -Be $c.vendor.id }
            if ($c.iommuGroup) { $d.IommuGroup | Should -Be ([int]$c.iommuGroup.number) } else { $d.IommuGroup | Should -BeNullOrEmpty }
        }
    }

    It 'reads network interfaces'' name and MAC address, and the XML is nodedev-dumpxml''s' {
        $net = @(Get-NodeDevice -Connection $conn -Capability net)
        $net.Count | Should -BeGreaterThan 0 -Because 'this machine has at least a loopback interface'
        foreach ($d in $net) {
            [xml]$x = Invoke-Virsh $daemon.QemuUri 'nodedev-dumpxml', $d.Name
            $d.Interface | Should -Be $x.device.capability.interface
            $d.MacAddress | Should -Be $x.device.capability.address
            ($d | Get-NodeDeviceXml).TrimEnd() | Should -BeExactly (Invoke-Virsh $daemon.QemuUri 'nodedev-dumpxml', $d.Name)
        }
    }
}
