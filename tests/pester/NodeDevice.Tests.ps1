#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Host devices (Get-NodeDevice, Get-NodeDeviceXml, New-/Start-/Stop-/Remove-/Set-NodeDevice, Dismount-/Mount-/
# Reset-NodeDevice) through the built module: breadth, bad input and completion on test:///default (whose node devices
# virsh nodedev-dumpxml reads; virsh nodedev-list itself fails on the test driver), vHBA create/destroy through the
# private libvirtd's test driver (one instance shared with virsh), and the real devices of this machine through the
# private libvirtd's QEMU driver, with virsh nodedev-list, nodedev-info and nodedev-dumpxml on the same URI as the oracle.
#
# SAFETY: nothing here detaches, reattaches, resets or destroys a real device of this machine. On the QEMU driver
# the only calls that reach libvirt are on 'computer' (the root device, which has no pci capability): libvirt 9.0's
# virDomainDriverNodeDeviceDetachFlags/ReAttach/Reset (src/hypervisor/domain_driver.c) refuse a device without a pci
# capability in virDomainDriverNodeDeviceGetPCIInfo ("device computer is not a PCI device") before virPCIDeviceNew,
# so before anything is written to sysfs; qemuNodeDeviceDetachFlags refuses vfio even earlier when the host has no
# IOMMU ("VFIO device assignment is currently not supported on this system"; /sys/kernel/iommu_groups is empty here).
# The tests check those preconditions first and skip, with the reason, when they do not hold. Real PCI devices are
# only given -WhatIf.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The capability types of a device's XML, nested ones included (what virsh nodedev-list --cap matches).
    function Get-XmlCapability([xml]$Xml) { @($Xml.SelectNodes('//capability/@type').Value) }
    # An NPIV vHBA on the test driver's Fibre Channel host scsi_host1 (what nodedev-create makes there).
    function Get-VhbaXml([string]$Parent = 'scsi_host1') {
        "<device><parent>$Parent</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>"
    }
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
        $r = TabExpansion2 -inputScript ($s = 'Dismount-NodeDevice -Driver ') -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @('vfio', 'xen')
        $r = TabExpansion2 -inputScript ($s = 'Start-NodeDevice -Connection nodedev-test -Name scsi_host1') -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Be @('scsi_host1', 'scsi_host11')
    }

    It 'reads nodedev-info''s state as the test driver answers it, and the typed details of its SCSI hosts as nodedev-dumpxml has them' {
        foreach ($d in Get-NodeDevice -Connection $h) {
            $d.Active | Should -BeTrue -Because 'the test driver has only existing devices (and no virNodeDeviceIsActive)'
            $d.Persistent | Should -BeNullOrEmpty -Because 'the test driver does not say (virNodeDeviceIsPersistent is not supported)'
            $d.Autostart | Should -BeNullOrEmpty
        }
        foreach ($n in 'scsi_host1', 'scsi_host11', 'scsi_host2') {
            [xml]$x = Invoke-Virsh $uri 'nodedev-dumpxml', $n
            $c = $x.device.capability
            $d = Get-NodeDevice -Connection $h $n
            $d.Details | Should -BeOfType ([PSLibvirt.NodeDeviceScsiHostDetails])
            $d.Details.Host | Should -Be ([int]$c.host)
            $fc = $c.capability | Where-Object type -EQ 'fc_host'
            $d.Details.IsFibreChannel | Should -Be ($null -ne $fc)
            if ($fc) {
                $d.Details.Wwnn | Should -Be $fc.wwnn
                $d.Details.Wwpn | Should -Be $fc.wwpn
                $d.Details.FabricWwn | Should -Be $fc.fabric_wwn
            }
            $d.Details.CanCreateVports | Should -Be ($null -ne ($c.capability | Where-Object type -EQ 'vport_ops'))
        }
        (Get-NodeDevice -Connection $h computer).Details | Should -BeNullOrEmpty -Because 'system devices have no details object'
    }

    It 'writes the tree as virsh nodedev-list --tree orders it: NodeDevice objects with Depth and TreeLine, parents from nodedev-dumpxml' {
        $tree = @(Get-NodeDevice -Connection $h -Tree)
        $tree.Name | Should -Be @('computer', 'scsi_host1', 'scsi_host11', 'scsi_host2')
        $tree.Depth | Should -Be @(0, 1, 2, 1)
        $tree[0] | Should -BeOfType ([PSLibvirt.NodeDevice])
        $tree[0].PSObject.TypeNames[0] | Should -Be 'PSLibvirt.NodeDevice#Tree'
        $seen = @{}
        foreach ($d in $tree) {
            [xml]$x = Invoke-Virsh $uri 'nodedev-dumpxml', $d.Name
            if ($x.device.parent) { $seen[$x.device.parent] | Should -Be ($d.Depth - 1) -Because "$($d.Name)'s parent comes before it, one level up" }
            else { $d.Depth | Should -Be 0 }
            $seen[$d.Name] = $d.Depth
        }
        $text = $tree | Out-String
        $text | Should -Match '(?m)^\+- scsi_host1\s'
        $text | Should -Match '(?m)^\|  `- scsi_host11\s'
        $text | Should -Match '(?m)^`- scsi_host2\s'
        @((Get-NodeDevice -Connection $h scsi_host1 -Tree).Name) | Should -Be @('scsi_host1', 'scsi_host11') -Because 'with a name, the subtree'
        @((Get-NodeDevice -Connection $h scsi_host1 -Tree | Get-NodeDeviceXml).Count) | Should -Be 2 -Because 'tree entries pipe on as NodeDevice objects'
    }

    It 'follows the hierarchy from piped devices with -Children and -Parent, the filters applying to the relatives' {
        @(Get-NodeDevice -Connection $h scsi_host1 | Get-NodeDevice -Children).Name | Should -Be 'scsi_host11'
        @((Get-NodeDevice -Connection $h computer -Children).Name) | Should -Be @('scsi_host1', 'scsi_host2')
        @((Get-NodeDevice -Connection $h computer -Children -Capability system).Name) | Should -BeNullOrEmpty
        @(Get-NodeDevice -Connection $h scsi_host11 -Parent).Name | Should -Be 'scsi_host1'
        @((Get-NodeDevice -Connection $h 'scsi_host1*' -Parent).Name) | Should -Be @('computer', 'scsi_host1')
        Get-NodeDevice -Connection $h computer -Parent | Should -BeNullOrEmpty -Because 'the root has no parent'
        $out = Get-NodeDevice -Connection $h -Name nosuch, scsi_host11 -Parent -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'scsi_host1'
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceNotFound,PSLibvirt.Commands.GetNodeDeviceCommand'
        { Get-NodeDevice -Connection $h computer -Children -Parent } | Should -Throw -ErrorId 'ChildrenAndParent,PSLibvirt.Commands.GetNodeDeviceCommand'
        { Get-NodeDevice -Connection $h -Tree -Parent } | Should -Throw -ErrorId 'TreeAndParent,PSLibvirt.Commands.GetNodeDeviceCommand'
    }

    It 'keeps active or inactive devices with -Active and -Inactive, which exclude each other' {
        @((Get-NodeDevice -Connection $h -Active).Name) | Should -Be @('computer', 'scsi_host1', 'scsi_host11', 'scsi_host2')
        Get-NodeDevice -Connection $h -Inactive | Should -BeNullOrEmpty -Because 'the test driver has no defined, inactive devices'
        { Get-NodeDevice -Connection $h -Active -Inactive } | Should -Throw -ErrorId 'ActiveAndInactive,PSLibvirt.Commands.GetNodeDeviceCommand'
    }

    It 'reports what the test driver refuses (detach, reattach, reset, define, autostart) as one clear error per device, and the next device is tried' {
        $cases = @(
            @{ Cmd = { Dismount-NodeDevice -Connection $h -Name computer, scsi_host2 -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e }; Class = 'DismountNodeDeviceCommand' }
            @{ Cmd = { Mount-NodeDevice -Connection $h -Name computer, scsi_host2 -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e }; Class = 'MountNodeDeviceCommand' }
            @{ Cmd = { Reset-NodeDevice -Connection $h -Name computer, scsi_host2 -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e }; Class = 'ResetNodeDeviceCommand' }
            @{ Cmd = { Set-NodeDevice -Connection $h -Name computer, scsi_host2 -Autostart $true -ErrorVariable e -ErrorAction SilentlyContinue; $e }; Class = 'SetNodeDeviceCommand' }
        )
        foreach ($c in $cases) {
            $err = @(& $c.Cmd)
            $err.Count | Should -Be 2 -Because "$($c.Class): one error per device"
            $err[0].FullyQualifiedErrorId | Should -Be "LibvirtNoSupport,PSLibvirt.Commands.$($c.Class)"
            $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $err[0].Exception.Message | Should -Match 'not supported'
            $err[0].TargetObject | Should -Be 'computer'
            $err[1].TargetObject | Should -Be 'scsi_host2'
        }
        New-NodeDevice -Connection $h -Xml (Get-VhbaXml) -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.NewNodeDeviceCommand' -Because 'the test driver has no nodedev-define'
        @((Get-NodeDevice -Connection $h).Name) | Should -Be @('computer', 'scsi_host1', 'scsi_host11', 'scsi_host2') -Because 'nothing was defined'
    }

    It 'reports a device that does not exist as NodeDeviceNotFound for every change cmdlet, and acts on the next one' {
        foreach ($cmd in 'Dismount-NodeDevice', 'Mount-NodeDevice', 'Reset-NodeDevice', 'Start-NodeDevice', 'Stop-NodeDevice', 'Remove-NodeDevice') {
            # computer is then acted on: -WhatIf for most, and the refusals Start (already active) and Remove (active) make.
            & $cmd -Connection $h -Name nosuch, computer -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue
            $notFound = @($err | Where-Object { $_.FullyQualifiedErrorId -like 'NodeDeviceNotFound,*' })
            $notFound.Count | Should -Be 1 -Because $cmd
            $notFound[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $notFound[0].TargetObject | Should -Be 'nosuch'
            @($err | Where-Object TargetObject -EQ 'computer').Count | Should -Be ([int]($cmd -in 'Start-NodeDevice', 'Remove-NodeDevice')) -Because "$cmd then tries computer" 
        }
    }

    It 'confirms every detach, reattach, reset, destroy and removal (ConfirmImpact High) and changes nothing under -WhatIf' {
        foreach ($cmd in 'Dismount-NodeDevice', 'Mount-NodeDevice', 'Reset-NodeDevice', 'Stop-NodeDevice', 'Remove-NodeDevice') {
            (Get-Command $cmd).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High' -Because $cmd
        }
        foreach ($cmd in 'Dismount-NodeDevice', 'Mount-NodeDevice', 'Reset-NodeDevice', 'Stop-NodeDevice') {
            & $cmd -Connection $h -Name scsi_host11 -WhatIf -ErrorVariable err
            $err | Should -BeNullOrEmpty -Because "$cmd -WhatIf asks libvirt nothing that can fail"
        }
        @((Get-NodeDevice -Connection $h).Name) | Should -Be @('computer', 'scsi_host1', 'scsi_host11', 'scsi_host2')
    }

    It 'refuses to start an active device and to remove one without -Force, and New-NodeDevice XML that does not parse before libvirt sees it' {
        Start-NodeDevice -Connection $h computer -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceAlreadyActive,PSLibvirt.Commands.StartNodeDeviceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Remove-NodeDevice -Connection $h scsi_host2 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceIsActive,PSLibvirt.Commands.RemoveNodeDeviceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        New-NodeDevice -Connection $h -Xml '<device><parent>' -Transient -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewNodeDeviceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        { New-NodeDevice -Connection $h -Xml (Get-VhbaXml) -Start -Transient } | Should -Throw -ErrorId 'StartAndTransient,PSLibvirt.Commands.NewNodeDeviceCommand'
        @((Get-NodeDevice -Connection $h).Name) | Should -Be @('computer', 'scsi_host1', 'scsi_host11', 'scsi_host2')
    }

    It 'formats devices as a table of name, type, parent and driver' {
        $text = Get-NodeDevice -Connection $h | Out-String
        $text | Should -Match 'Name\s+Type\s+Active\s+Parent\s+Driver'
        $text | Should -Match 'scsi_host11\s+scsi_host\s+True\s+scsi_host1'
        $list = Get-NodeDevice -Connection $h scsi_host1 | Format-List | Out-String
        $list | Should -Match 'Details\s+:\s+Host=1;.*Wwpn='
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

    It 'reads Active, Persistent and Autostart as virsh nodedev-info, and the tree as virsh nodedev-list --tree' {
        $all = @(Get-NodeDevice -Connection $conn)
        foreach ($d in @($all | Where-Object Type -In 'system', 'pci', 'net' | Select-Object -First 8)) {
            $info = @{}
            foreach ($line in Invoke-Virsh $daemon.QemuUri 'nodedev-info', $d.Name -As Lines) { $k, $v = $line -split ':\s*', 2; $info[$k] = $v }
            $d.Active | Should -Be ($info.Active -eq 'yes') -Because "$($d.Name) Active"
            $d.Persistent | Should -Be ($info.Persistent -eq 'yes') -Because "$($d.Name) Persistent"
            $d.Autostart | Should -Be ($info.Autostart -eq 'yes') -Because "$($d.Name) Autostart"
        }
        $virshTree = Invoke-Virsh $daemon.QemuUri 'nodedev-list', '--tree' -As Lines
        $virshNames = @($virshTree | ForEach-Object { if ($_ -match '([\w:.-]+)$' -and $_ -notmatch '^\|$') { $Matches[1] } })
        $tree = @(Get-NodeDevice -Connection $conn -Tree)
        $tree.Name | Should -Be $virshNames -Because 'the same devices in the same order (parents first, siblings by name)'
        $depth = @{}
        foreach ($d in $tree) {
            if ($d.Parent) { $d.Depth | Should -Be ($depth[$d.Parent] + 1) } else { $d.Depth | Should -Be 0 }
            $depth[$d.Name] = $d.Depth
        }
        $pci = $all | Where-Object Type -EQ 'pci' | Select-Object -First 1
        $children = @($all | Where-Object Parent -EQ 'computer' | ForEach-Object Name)
        @((Get-NodeDevice -Connection $conn computer -Children).Name) | Should -Be $children
        @(($pci | Get-NodeDevice -Parent).Name) | Should -Be 'computer'
    }

    It 'reads the typed details of PCI, net and storage devices as nodedev-dumpxml has them' {
        foreach ($d in @(Get-NodeDevice -Connection $conn -Capability pci, net, storage)) {
            [xml]$x = Invoke-Virsh $daemon.QemuUri 'nodedev-dumpxml', $d.Name
            $c = @($x.device.capability)[0]
            switch ($d.Type) {
                'pci' {
                    $d.Details.Address | Should -Be $d.PciAddress
                    $d.Details.VendorId | Should -Be $c.vendor.id
                    $d.Details.ProductId | Should -Be $c.product.id
                    $d.Details.Class | Should -Be $c.class
                    if ($c.numa) { $d.Details.NumaNode | Should -Be ([int]$c.numa.node) } else { $d.Details.NumaNode | Should -BeNullOrEmpty }
                    @($d.Details.VirtualFunctions).Count | Should -Be @(($c.capability | Where-Object type -EQ 'virt_functions').address).Where({ $_ }).Count
                }
                'net' {
                    $d.Details.Interface | Should -Be $c.interface
                    $d.Details.LinkState | Should -Be $c.link.state
                    # The kernel's 'unknown' speed comes as 4294967295 (-1 unsigned): no speed.
                    if ($c.link.speed -and [uint64]$c.link.speed -lt [int]::MaxValue) { $d.Details.LinkSpeedMbps | Should -Be ([int]$c.link.speed) } else { $d.Details.LinkSpeedMbps | Should -BeNullOrEmpty }
                    @($d.Details.Features) | Should -Be @($c.feature.name)
                }
                'storage' {
                    $d.Details.Block | Should -Be $c.block
                    if ($c.size) { $d.Details.SizeBytes | Should -Be ([uint64]$c.size) }
                }
            }
        }
    }

    It 'lets the QEMU driver refuse detach, reattach and reset of a device that is not PCI before anything reaches sysfs, and only -WhatIf reaches real PCI devices' {
        # Preconditions of the safety proof in this file's header: 'computer' has no pci capability, and for the
        # detach message, the host has no IOMMU groups. Anything else: skip rather than call.
        [xml]$x = Invoke-Virsh $daemon.QemuUri 'nodedev-dumpxml', 'computer'
        if ($x.SelectNodes('//capability[@type="pci"]').Count -gt 0) {
            Set-ItResult -Skipped -Because 'the device computer has a pci capability here: libvirt would not refuse it before touching sysfs'
            return
        }
        $noIommu = -not (Test-Path /sys/kernel/iommu_groups) -or @(Get-ChildItem /sys/kernel/iommu_groups).Count -eq 0
        $pciBefore = @(Get-NodeDevice -Connection $conn -Capability pci | ForEach-Object { "$($_.Name)=$($_.Driver)" })
        Mount-NodeDevice -Connection $conn computer -Confirm:$false -ErrorVariable e1 -ErrorAction SilentlyContinue
        Reset-NodeDevice -Connection $conn computer -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
        foreach ($e in $e1, $e2) {
            $e.Count | Should -Be 1
            $e[0].FullyQualifiedErrorId | Should -Match '^LibvirtInvalidArg,PSLibvirt\.Commands\.(Mount|Reset)NodeDeviceCommand$'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e[0].Exception.Message | Should -Match 'device computer is not a PCI device'
            $e[0].TargetObject | Should -Be 'computer'
        }
        Dismount-NodeDevice -Connection $conn computer -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3.Count | Should -Be 1
        $e3[0].TargetObject | Should -Be 'computer'
        if ($noIommu) {
            $e3[0].FullyQualifiedErrorId | Should -Be 'LibvirtArgumentUnsupported,PSLibvirt.Commands.DismountNodeDeviceCommand'
            $e3[0].Exception.Message | Should -Match 'VFIO device assignment is currently not supported on this system'
        } else {
            $e3[0].Exception.Message | Should -Match 'not a PCI device'
        }
        $pci = @(Get-NodeDevice -Connection $conn -Capability pci)
        $pci | Dismount-NodeDevice -WhatIf -ErrorVariable w1
        $pci | Reset-NodeDevice -WhatIf -ErrorVariable w2
        $pci | Stop-NodeDevice -WhatIf -ErrorVariable w3
        @($w1) + @($w2) + @($w3) | Should -BeNullOrEmpty
        @(Get-NodeDevice -Connection $conn -Capability pci | ForEach-Object { "$($_.Name)=$($_.Driver)" }) | Should -Be $pciBefore -Because 'no PCI device changed driver'
    }

    It 'creates a vHBA on the daemon''s test driver (nodedev-create) that virsh sees, destroys it (nodedev-destroy), and leaves nothing behind a bad parent' {
        $t = Connect-Hypervisor -Uri $daemon.TestUri -Name 'pslv-nodedev-test'
        try {
            $before = @((Get-NodeDevice -Connection $t).Name)
            $d = New-NodeDevice -Connection $t -Xml (Get-VhbaXml) -Transient
            $d | Should -BeOfType ([PSLibvirt.NodeDevice])
            $d.Name | Should -Not -BeIn $before
            [xml]$x = Invoke-Virsh $daemon.TestUri 'nodedev-dumpxml', $d.Name
            $x.device.parent | Should -Be 'scsi_host1'
            $d.Parent | Should -Be 'scsi_host1'
            $d.Details.Wwpn | Should -Be (($x.device.capability.capability | Where-Object type -EQ 'fc_host').wwpn)
            @(Get-NodeDevice -Connection $t scsi_host1 -Children).Name | Should -Contain $d.Name
            $d | Stop-NodeDevice -Confirm:$false
            { Invoke-Virsh $daemon.TestUri 'nodedev-dumpxml', $d.Name } | Should -Throw '*not found*'
            @((Get-NodeDevice -Connection $t).Name) | Should -Be $before

            New-NodeDevice -Connection $t -Xml (Get-VhbaXml -Parent nosuch) -Transient -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Match '^Libvirt\w+,PSLibvirt\.Commands\.NewNodeDeviceCommand$'
            $err[0].Exception.Message | Should -Match 'parent'
            @((Get-NodeDevice -Connection $t).Name) | Should -Be $before -Because 'nothing was created'
            Stop-NodeDevice -Connection $t -Name $d.Name -Confirm:$false -ErrorVariable gone -ErrorAction SilentlyContinue
            $gone[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceNotFound,PSLibvirt.Commands.StopNodeDeviceCommand'

            # Remove-NodeDevice: an active transient vHBA is refused without -Force, and with -Force destroyed (nothing to undefine).
            $v = New-NodeDevice -Connection $t -Xml (Get-VhbaXml) -Transient
            $v | Remove-NodeDevice -Confirm:$false -ErrorVariable active -ErrorAction SilentlyContinue
            $active[0].FullyQualifiedErrorId | Should -Be 'NodeDeviceIsActive,PSLibvirt.Commands.RemoveNodeDeviceCommand'
            $null = Invoke-Virsh $daemon.TestUri 'nodedev-dumpxml', $v.Name
            $v | Remove-NodeDevice -Force -Confirm:$false
            { Invoke-Virsh $daemon.TestUri 'nodedev-dumpxml', $v.Name } | Should -Throw '*not found*'
            @((Get-NodeDevice -Connection $t).Name) | Should -Be $before
        } finally { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }
    }
}
