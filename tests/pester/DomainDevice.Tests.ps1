#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Domain devices: Get-DomainDisk/-NetworkAdapter/-Device against virsh domblklist, domblkinfo, domblkerror, domiflist,
# domif-getlink, domiftune and dumpxml; the errors on test:///default (whose driver attaches, detaches and updates no
# device: libvirt 9.0 answers NotImplemented); bandwidth on the private libvirtd's test driver (virsh shares its
# instance); and hot-plug on a running diskless TCG guest of the private libvirtd's QEMU driver, with virsh on the same
# daemon as the oracle. The guest runs no OS, so a PCI (virtio, e1000) unplug never completes: that must be the
# DeviceRemovalPending error, never a success; SCSI disks unplug without the guest.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) { $daemon = Start-PrivateLibvirtd }

    # virsh domblklist --details / domiflist: one object per row.
    function Get-VirshDisks([string] $Uri, [string] $Domain, [switch] $Inactive) {
        $a = @('domblklist', $Domain, '--details') + @(if ($Inactive) { '--inactive' })
        @(Invoke-Virsh $Uri $a -As Lines | ForEach-Object {
                $f = $_ -split '\s+', 4
                [pscustomobject]@{ Type = $f[0]; Device = $f[1]; Target = $f[2]; Source = if ($f[3] -eq '-') { $null } else { $f[3] } }
            })
    }
    # One number of virsh domblkinfo ("Capacity:       1099506450432").
    function Get-VirshBlockInfo([string] $Uri, [string] $Domain, [string] $Target, [string] $Field) {
        [ulong]((@(Invoke-Virsh $Uri 'domblkinfo', $Domain, $Target -As Lines) -match "^${Field}:")[0] -replace '\D', '')
    }
    function Get-VirshNics([string] $Uri, [string] $Domain, [switch] $Inactive) {
        $a = @('domiflist', $Domain) + @(if ($Inactive) { '--inactive' })
        @(Invoke-Virsh $Uri $a -As Lines | ForEach-Object {
                $f = $_ -split '\s+'
                [pscustomobject]@{ Interface = $f[0]; Type = $f[1]; Source = $f[2]; Model = $f[3]; Mac = $f[4] }
            })
    }
}

AfterAll {
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'Domain devices on test:///default' -Tag 'DomainDevice' {
    BeforeAll {
        $t = Connect-Hypervisor -Uri test:///default -Name devices-test
        $u = 'test:///default'
    }
    AfterAll { Disconnect-Hypervisor -Connection $t -Confirm:$false -ErrorAction SilentlyContinue }

    It 'Get-DomainDisk is virsh domblklist --details, domblkinfo and domblkerror' {
        $disks = @(Get-DomainDisk test)
        $virsh = Get-VirshDisks $u test
        $disks.Count | Should -Be $virsh.Count
        for ($i = 0; $i -lt $virsh.Count; $i++) {
            ($disks[$i].SourceType, $disks[$i].Device, $disks[$i].Target, $disks[$i].Source) | Should -Be ($virsh[$i].Type, $virsh[$i].Device, $virsh[$i].Target, $virsh[$i].Source)
        }
        $d = $disks[0]
        $d | Should -BeOfType PSLibvirt.DomainDisk
        ($d.Domain, $d.DomainUuid, $d.Hypervisor, $d.Bus, $d.Inactive) | Should -Be ('test', (Get-Domain test).Uuid, $t, 'virtio', $false)
        $d.Capacity | Should -Be (Get-VirshBlockInfo $u test vda Capacity)
        $d.Allocation | Should -Be (Get-VirshBlockInfo $u test vda Allocation)
        $d.Physical | Should -Be (Get-VirshBlockInfo $u test vda Physical)
        # The test driver reports an unspecified error on every disk (virsh: "vda: unspecified error").
        Invoke-Virsh $u 'domblkerror', 'test' | Should -Be 'vda: unspecified error'
        $d.Error | Should -Be 'Unspecified'
        $d.Address | Should -Be 'pci 0000:01:00.0'
        [xml]$x = $d.Xml
        $x.disk.target.dev | Should -Be 'vda'
        # -Inactive reads the definition, -Target filters (wildcards).
        (Get-DomainDisk test -Inactive).Inactive | Should -BeTrue
        (Get-DomainDisk test -Inactive).Target | Should -Be (Get-VirshDisks $u test -Inactive).Target
        Get-DomainDisk test -Target vd* | Should -HaveCount 1
        Get-DomainDisk test -Target sd* | Should -BeNullOrEmpty
        (Get-Domain test | Get-DomainDisk).Target | Should -Be 'vda'
    }

    It 'Get-DomainNetworkAdapter is virsh domiflist and domif-getlink; -MacAddress filters' {
        $n = @(Get-DomainNetworkAdapter test)
        $virsh = Get-VirshNics $u test
        $n.Count | Should -Be $virsh.Count
        ($n[0].TargetDevice, $n[0].InterfaceType, $n[0].Source, $n[0].MacAddress) | Should -Be ($virsh[0].Interface, $virsh[0].Type, $virsh[0].Source, $virsh[0].Mac)
        $virsh[0].Model | Should -Be '-'
        $n[0].Model | Should -BeNullOrEmpty
        $n[0].LinkState | Should -Be ((Invoke-Virsh $u 'domif-getlink', 'test', 'aa:bb:cc:dd:ee:ff') -split '\s+')[1]
        $n[0] | Should -BeOfType PSLibvirt.DomainNetworkAdapter
        $n[0].InboundAverage | Should -BeNullOrEmpty
        Get-DomainNetworkAdapter test -MacAddress AA:BB:CC:DD:EE:FF | Should -HaveCount 1
        Get-DomainNetworkAdapter test -MacAddress 52:54:00:00:00:01 | Should -BeNullOrEmpty
        { Get-DomainNetworkAdapter test -MacAddress nope -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMacAddress,PSLibvirt.Commands.GetDomainNetworkAdapterCommand'
    }

    It 'Get-DomainDevice lists every element of <devices> in order, as plain devices; -Type and -Alias filter' {
        [xml]$x = Invoke-Virsh $u 'dumpxml', 'test'
        $all = @(Get-DomainDevice test)
        $all.Type | Should -Be @($x.domain.devices.ChildNodes | Where-Object NodeType -EQ Element | ForEach-Object LocalName)
        $all | ForEach-Object { $_.GetType().FullName | Should -Be 'PSLibvirt.DomainDevice' }
        $b = Get-DomainDevice test -Type memb*
        ($b.Type, $b.Address, $b.Summary) | Should -Be ('memballoon', 'pci 0000:00:02.0', 'model=virtio')
        Get-DomainDevice test -Type disk, interface | Should -HaveCount 2
        Get-DomainDevice test -Alias x* | Should -BeNullOrEmpty
    }

    It 'a domain that does not exist is DomainNotFound, and the next domain is still read' {
        $out = Get-DomainDisk -Name nosuch, test -ErrorVariable e -ErrorAction SilentlyContinue
        $out.Target | Should -Be 'vda'
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainDiskCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].TargetObject | Should -Be 'nosuch'
        { Add-DomainDevice nosuch -Xml '<disk/>' -ErrorAction Stop } | Should -Throw -ErrorId 'DomainNotFound,PSLibvirt.Commands.AddDomainDeviceCommand'
    }

    It 'the test driver attaches, updates and detaches no device: NotImplemented, the definition unchanged' {
        $before = Invoke-Virsh $u 'dumpxml', 'test'
        $xml = "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vdb' bus='virtio'/></disk>"
        foreach ($call in { Add-DomainDevice test -Xml $xml -ErrorAction Stop }, { Update-DomainDevice test -Xml $xml -ErrorAction Stop },
            { Remove-DomainDevice test -Xml $xml -Confirm:$false -ErrorAction Stop }, { Remove-DomainDevice test -Alias net0 -Confirm:$false -ErrorAction Stop },
            { Add-DomainDisk test -Path /tmp/x.img -ErrorAction Stop }, { Get-DomainDisk test | Remove-DomainDisk -Confirm:$false -ErrorAction Stop },
            { Add-DomainNetworkAdapter test -Network default -ErrorAction Stop }, { Add-DomainMemoryDevice test -SizeBytes 128MB -ErrorAction Stop },
            { Set-DomainNetworkAdapter test -MacAddress aa:bb:cc:dd:ee:ff -LinkState Down -ErrorAction Stop }) {
            $err = $null
            try { & $call } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty -Because "$call"
            $err.CategoryInfo.Category | Should -Be 'NotImplemented' -Because "$call"
            $err.FullyQualifiedErrorId | Should -BeLike 'LibvirtNoSupport,*'
        }
        Invoke-Virsh $u 'dumpxml', 'test' | Should -Be $before
        @(Get-DomainDisk test).Count | Should -Be 1
    }

    It 'device XML that does not parse is InvalidXml before libvirt is asked' {
        foreach ($bad in "<disk type='file'", '<domain><name>x</name></domain>', "<!DOCTYPE d [<!ENTITY e 'x'>]><disk>&e;</disk>") {
            { Add-DomainDevice test -Xml $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidXml,PSLibvirt.Commands.AddDomainDeviceCommand'
            { Update-DomainDevice test -Xml $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidXml,PSLibvirt.Commands.UpdateDomainDeviceCommand'
            { Remove-DomainDevice test -Xml $bad -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidXml,PSLibvirt.Commands.RemoveDomainDeviceCommand'
        }
    }

    It 'refuses arguments that say too little or too much, with stable ids' {
        { Add-DomainDevice test -Xml '<disk/>' -Current -Live } | Should -Throw -ErrorId 'CurrentAndLive,PSLibvirt.Commands.AddDomainDeviceCommand'
        { Remove-DomainDevice test -Confirm:$false } | Should -Throw -ErrorId 'XmlOrAliasRequired,PSLibvirt.Commands.RemoveDomainDeviceCommand'
        { Remove-DomainDevice test -Xml '<disk/>' -Alias a -Confirm:$false } | Should -Throw -ErrorId 'XmlOrAliasRequired,PSLibvirt.Commands.RemoveDomainDeviceCommand'
        { Add-DomainDisk test } | Should -Throw -ErrorId 'DiskSourceRequired,PSLibvirt.Commands.AddDomainDiskCommand'
        { Add-DomainDisk test -Path /a.img -Size 1MB -StoragePool default-pool } | Should -Throw -ErrorId 'DiskSourceRequired,PSLibvirt.Commands.AddDomainDiskCommand'
        { Add-DomainDisk test -Size 1MB } | Should -Throw -ErrorId 'SizeNeedsStoragePool,PSLibvirt.Commands.AddDomainDiskCommand'
        { Add-DomainDisk test -Path a.img } | Should -Throw -ErrorId 'PathNotAbsolute,PSLibvirt.Commands.AddDomainDiskCommand'
        { Set-DomainCdrom test -Path /a.iso -Eject } | Should -Throw -ErrorId 'MediumRequired,PSLibvirt.Commands.SetDomainCdromCommand'
        { Add-DomainNetworkAdapter test } | Should -Throw -ErrorId 'NetworkSourceRequired,PSLibvirt.Commands.AddDomainNetworkAdapterCommand'
        { Add-DomainNetworkAdapter test -User -MacAddress 01:00:5e:00:00:01 } | Should -Throw -ErrorId 'InvalidMacAddress,PSLibvirt.Commands.AddDomainNetworkAdapterCommand'
        { Set-DomainNetworkAdapter test -MacAddress aa:bb:cc:dd:ee:ff } | Should -Throw -ErrorId 'NothingToSet,PSLibvirt.Commands.SetDomainNetworkAdapterCommand'
    }

    It 'a target or MAC address in use, a disk or adapter that is not there: clear errors, and the next input is processed' {
        { Add-DomainDisk test -Path /tmp/x.img -Target vda -ErrorAction Stop } | Should -Throw -ErrorId 'TargetInUse,PSLibvirt.Commands.AddDomainDiskCommand'
        { Add-DomainNetworkAdapter test -Network default -MacAddress AA:BB:CC:DD:EE:FF -ErrorAction Stop } | Should -Throw -ErrorId 'MacAddressInUse,PSLibvirt.Commands.AddDomainNetworkAdapterCommand'
        Remove-DomainDisk test -Target vdz, vdy -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e.FullyQualifiedErrorId | Should -Be 'DiskNotFound,PSLibvirt.Commands.RemoveDomainDiskCommand', 'DiskNotFound,PSLibvirt.Commands.RemoveDomainDiskCommand'
        $e.TargetObject | Should -Be 'vdz', 'vdy'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Remove-DomainNetworkAdapter test -MacAddress 52:54:00:00:00:99 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NetworkAdapterNotFound,PSLibvirt.Commands.RemoveDomainNetworkAdapterCommand'
        { Set-DomainNetworkAdapter test -MacAddress 52:54:00:00:00:99 -LinkState Up -ErrorAction Stop } | Should -Throw -ErrorId 'NetworkAdapterNotFound,PSLibvirt.Commands.SetDomainNetworkAdapterCommand'
        { Set-DomainCdrom test -Eject -ErrorAction Stop } | Should -Throw -ErrorId 'CdromNotFound,PSLibvirt.Commands.SetDomainCdromCommand'
        { Set-DomainCdrom test -Target vda -Eject -ErrorAction Stop } | Should -Throw -ErrorId 'NotRemovableMedia,PSLibvirt.Commands.SetDomainCdromCommand'
        { Set-DomainCdrom test -Target hdz -Path /a.iso -ErrorAction Stop } | Should -Throw -ErrorId 'DiskNotFound,PSLibvirt.Commands.SetDomainCdromCommand'
    }

    It 'Tab completes disk targets, MAC addresses, aliases and device types of the domain named' {
        function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
        Complete 'Remove-DomainDisk -Name test -Target ' | Should -Be 'vda'
        Complete 'Get-DomainDisk -Name test -Target v' | Should -Be 'vda'
        Complete 'Set-DomainNetworkAdapter -Name test -MacAddress ' | Should -Be 'aa:bb:cc:dd:ee:ff'
        Complete 'Get-DomainDevice -Name test -Type memb' | Should -Be 'memballoon'
        # No domain named: nothing (the completer never reads every domain).
        Complete 'Remove-DomainDisk -Target ' | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing and says what it would do' {
        $before = Invoke-Virsh $u 'dumpxml', 'test'
        Add-DomainDisk test -Path /tmp/x.img -WhatIf
        Get-DomainDisk test | Remove-DomainDisk -WhatIf
        Remove-DomainDevice test -Alias net0 -WhatIf
        Get-DomainNetworkAdapter test | Set-DomainNetworkAdapter -LinkState Down -InboundAverage 10 -WhatIf
        Invoke-Virsh $u 'dumpxml', 'test' | Should -Be $before
        (Get-DomainNetworkAdapter test).InboundAverage | Should -BeNullOrEmpty
    }
}

Describe 'Bandwidth on the private libvirtd''s test driver (virsh domiftune on the same instance)' -Tag 'DomainDevice' {
    BeforeAll {
        if ($support.Supported) {
            $tu = $daemon.TestUri
            $td = Connect-Hypervisor -Uri $tu -Name devices-bw
        }
    }
    AfterAll { if ($td) { Disconnect-Hypervisor -Connection $td -Confirm:$false -ErrorAction SilentlyContinue } }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Set-DomainNetworkAdapter sets what virsh domiftune reads, and Get-DomainNetworkAdapter reads it back' {
        $n = Get-DomainNetworkAdapter test -Connection $td | Set-DomainNetworkAdapter -InboundAverage 100 -InboundPeak 200 -InboundBurst 300 -OutboundAverage 50 -Live -PassThru
        $tune = @{}
        Invoke-Virsh $tu 'domiftune', 'test', 'aa:bb:cc:dd:ee:ff' -As Lines | ForEach-Object { $k, $v = $_ -split '\s*:\s*'; $tune[$k] = [ulong]$v }
        ($tune['inbound.average'], $tune['inbound.peak'], $tune['inbound.burst'], $tune['outbound.average']) | Should -Be (100, 200, 300, 50)
        ($n.InboundAverage, $n.InboundPeak, $n.InboundBurst, $n.OutboundAverage) | Should -Be (100, 200, 300, 50)
        $again = Get-DomainNetworkAdapter test -Connection $td
        ($again.InboundAverage, $again.OutboundAverage) | Should -Be (100, 50)
    }
}

Describe 'Hot-plug on a running TCG guest (private libvirtd, QEMU 7.2)' -Tag 'DomainDevice', 'Qemu' {
    BeforeAll {
        if ($support.Supported) {
            $u = $daemon.Uri
            $dir = $daemon.Directory
            $q = Connect-Hypervisor -Uri $u -Name devices-qemu
            $name = 'pslv-dev-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            # The harness's guest, plus ACPI (without it the pc machine's PCI bus takes no hot-plug at all), a virtio-scsi
            # controller (SCSI disks unplug without the guest's help) and an empty IDE CD-ROM drive.
            $xml = (New-TestGuestXml -Name $name) -replace '</os>', "</os>`n  <features><acpi/></features>" -replace '<memballoon',
                "<controller type='scsi' model='virtio-scsi'/>`n    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>`n    <memballoon"
            Set-Content "$dir/$name.xml" $xml
            $null = Invoke-Virsh $u 'define', "$dir/$name.xml"
            $null = Invoke-Virsh $u 'start', $name
            foreach ($f in 'a', 'b', 'c') { & qemu-img create -q -f qcow2 "$dir/$f.qcow2" 16M; if ($LASTEXITCODE) { throw "qemu-img create failed" } }
            Set-Content "$dir/one.iso" 'one'
            Set-Content "$dir/two.iso" 'two'
            $null = Invoke-Virsh $u 'pool-define-as', 'pslv-devpool', 'dir', '--target', "$dir/pool"
            $null = Invoke-Virsh $u 'pool-build', 'pslv-devpool'
            $null = Invoke-Virsh $u 'pool-start', 'pslv-devpool'
            $ConfirmPreference = 'None'
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -Confirm:$false -ErrorAction SilentlyContinue }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Add-DomainDisk hot-plugs a qcow2 on the SCSI bus (target picked) into the live domain and its definition; Remove-DomainDisk unplugs it from both' {
        $d = Add-DomainDisk $name -Path "$dir/a.qcow2" -Bus scsi -PassThru -Connection $q
        ($d.Target, $d.Bus, $d.Format, $d.Source, $d.Inactive) | Should -Be ('sda', 'scsi', 'qcow2', "$dir/a.qcow2", $false)
        $d.Capacity | Should -Be 16MB
        (Get-VirshDisks $u $name | Where-Object Target -EQ sda).Source | Should -Be "$dir/a.qcow2"
        (Get-VirshDisks $u $name -Inactive | Where-Object Target -EQ sda).Source | Should -Be "$dir/a.qcow2"
        [xml]$live = Invoke-Virsh $u 'dumpxml', $name
        ($live.domain.devices.disk | Where-Object { $_.target.dev -eq 'sda' }).driver.type | Should -Be 'qcow2'
        (Get-DomainDisk $name -Target sda -Connection $q).Capacity | Should -Be (Get-VirshBlockInfo $u $name sda Capacity)
        # The next SCSI disk takes the next target; the one in use is refused by libvirt too (same target, through -Xml).
        { Add-DomainDevice $name -Connection $q -ErrorAction Stop -Xml "<disk type='file' device='disk'><source file='$dir/b.qcow2'/><target dev='sda' bus='scsi'/></disk>" } |
            Should -Throw -ErrorId 'LibvirtOperationInvalid,PSLibvirt.Commands.AddDomainDeviceCommand'
        (Get-VirshDisks $u $name -Inactive | Where-Object Target -EQ sda).Source | Should -Be "$dir/a.qcow2"

        Get-DomainDisk $name -Target sda -Connection $q | Remove-DomainDisk
        Get-VirshDisks $u $name | Where-Object Target -EQ sda | Should -BeNullOrEmpty
        Get-VirshDisks $u $name -Inactive | Where-Object Target -EQ sda | Should -BeNullOrEmpty
    }

    It 'a disk QEMU cannot unplug from a running guest (the IDE CD-ROM drive) is libvirt''s refusal; live and config keep it' {
        $before = Get-VirshDisks $u $name | Where-Object Target -EQ hdc
        Remove-DomainDisk $name -Target hdc -Connection $q -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.RemoveDomainDiskCommand'
        "$($e[0])" | Should -Match 'cannot be detached'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        (Get-VirshDisks $u $name | Where-Object Target -EQ hdc).Target | Should -Be $before.Target
        (Get-VirshDisks $u $name -Inactive | Where-Object Target -EQ hdc).Target | Should -Be 'hdc'
    }

    It 'a live attach that fails leaves the definition as it was (live and config consistent)' {
        $before = Get-VirshDisks $u $name -Inactive
        { Add-DomainDisk $name -Connection $q -Path "$dir/missing.qcow2" -Bus scsi -ErrorAction Stop } | Should -Throw
        (Get-VirshDisks $u $name -Inactive).Target | Should -Be $before.Target
        (Get-VirshDisks $u $name).Target | Should -Be $before.Target
    }

    It 'a virtio (PCI) disk unplug that the guest never acknowledges is DeviceRemovalPending, not a success; the definition loses it' {
        Add-DomainDevice $name -Connection $q -Xml "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$dir/b.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
        (Get-VirshDisks $u $name).Target | Should -Contain 'vdb'
        $err = $null
        try { Get-DomainDisk $name -Target vdb -Connection $q | Remove-DomainDevice -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'DeviceRemovalPending,PSLibvirt.Commands.RemoveDomainDeviceCommand'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.TargetObject.Target | Should -Be 'vdb'
        "$err" | Should -BeLike '*still has it*persistent definition*'
        # What the error says is what virsh sees: still there live, gone from the definition.
        (Get-VirshDisks $u $name).Target | Should -Contain 'vdb'
        (Get-VirshDisks $u $name -Inactive).Target | Should -Not -Contain 'vdb'
        # Asked again for both definitions: the disk is only in one, and the error says which switch reaches it.
        $err = $null
        try { Remove-DomainDisk $name -Connection $q -Target vdb -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'DiskNotFound,PSLibvirt.Commands.RemoveDomainDiskCommand'
        "$err" | Should -BeLike '*in the running domain but not in its persistent definition*-Live*'
    }

    It '-Config and -Live each change one definition; Remove-DomainDevice -Alias unplugs a SCSI disk live' {
        Add-DomainDisk $name -Connection $q -Path "$dir/c.qcow2" -Bus scsi -Target sdc -Config
        (Get-VirshDisks $u $name -Inactive).Target | Should -Contain 'sdc'
        (Get-VirshDisks $u $name).Target | Should -Not -Contain 'sdc'
        Remove-DomainDisk $name -Connection $q -Target sdc -Config
        (Get-VirshDisks $u $name -Inactive).Target | Should -Not -Contain 'sdc'

        $d = Add-DomainDisk $name -Connection $q -Path "$dir/c.qcow2" -Bus scsi -Live -PassThru
        (Get-VirshDisks $u $name).Target | Should -Contain $d.Target
        (Get-VirshDisks $u $name -Inactive).Target | Should -Not -Contain $d.Target
        $d.Alias | Should -Not -BeNullOrEmpty
        Remove-DomainDevice $name -Connection $q -Alias $d.Alias -Live
        (Get-VirshDisks $u $name).Target | Should -Not -Contain $d.Target
    }

    It 'Add-DomainDisk -Size makes a qcow2 volume in the pool and attaches it; when the attach fails the volume goes again' {
        $d = Add-DomainDisk $name -Connection $q -Size 8MB -StoragePool pslv-devpool -Bus scsi -PassThru
        ($d.SourceType, $d.StoragePool, $d.StorageVolume, $d.Format) | Should -Be ('volume', 'pslv-devpool', "$name-$($d.Target).qcow2", 'qcow2')
        [xml]$vol = Invoke-Virsh $u 'vol-dumpxml', '--pool', 'pslv-devpool', "$name-$($d.Target).qcow2"
        $vol.volume.target.format.type | Should -Be 'qcow2'
        $vol.volume.capacity.'#text' | Should -Be (8MB).ToString()
        (Get-VirshDisks $u $name | Where-Object Target -EQ $d.Target).Type | Should -Be 'volume'
        Remove-DomainDisk $name -Connection $q -Target $d.Target
        # The guest has no USB controller: the attach fails, and the volume made for it is deleted.
        { Add-DomainDisk $name -Connection $q -Size 8MB -StoragePool pslv-devpool -VolumeName pslv-failed.qcow2 -Bus usb -ErrorAction Stop } | Should -Throw
        @(Invoke-Virsh $u 'vol-list', 'pslv-devpool' -As Lines | ForEach-Object { ($_ -split '\s+')[0] }) | Should -Not -Contain 'pslv-failed.qcow2'
    }

    It 'Set-DomainCdrom inserts, changes and ejects the medium of the guest''s CD-ROM (live and definition)' {
        $cd = Set-DomainCdrom $name -Connection $q -Path "$dir/one.iso" -PassThru
        ($cd.Target, $cd.Source) | Should -Be ('hdc', "$dir/one.iso")
        (Get-VirshDisks $u $name | Where-Object Target -EQ hdc).Source | Should -Be "$dir/one.iso"
        (Get-VirshDisks $u $name -Inactive | Where-Object Target -EQ hdc).Source | Should -Be "$dir/one.iso"
        Get-DomainDisk $name -Target hdc -Connection $q | Set-DomainCdrom -Path "$dir/two.iso"
        (Get-VirshDisks $u $name | Where-Object Target -EQ hdc).Source | Should -Be "$dir/two.iso"
        Set-DomainCdrom $name -Connection $q -Target hdc -Eject
        (Get-VirshDisks $u $name | Where-Object Target -EQ hdc).Source | Should -BeNullOrEmpty
        (Get-VirshDisks $u $name -Inactive | Where-Object Target -EQ hdc).Source | Should -BeNullOrEmpty
        (Get-DomainDisk $name -Target hdc -Connection $q).Source | Should -BeNullOrEmpty
    }

    It 'Add-DomainNetworkAdapter hot-plugs a user-mode NIC with a generated MAC; the link goes down in both definitions; the PCI unplug is reported as pending' {
        $n = Add-DomainNetworkAdapter $name -Connection $q -User -Model e1000 -PassThru
        $n.MacAddress | Should -Match '^52:54:00(:[0-9a-f]{2}){3}$'
        ($n.InterfaceType, $n.Model, $n.LinkState) | Should -Be ('user', 'e1000', 'up')
        (Get-VirshNics $u $name).Mac | Should -Contain $n.MacAddress
        (Get-VirshNics $u $name -Inactive).Mac | Should -Contain $n.MacAddress
        [xml]$live = Invoke-Virsh $u 'dumpxml', $name
        @($live.domain.devices.interface | Where-Object { $_.mac.address -eq $n.MacAddress }).Count | Should -Be 1

        $n | Set-DomainNetworkAdapter -LinkState Down
        (Invoke-Virsh $u 'domif-getlink', $name, $n.MacAddress) | Should -BeLike '* down'
        (Invoke-Virsh $u 'domif-getlink', $name, $n.MacAddress, '--config') | Should -BeLike '* down'
        (Get-DomainNetworkAdapter $name -MacAddress $n.MacAddress -Connection $q).LinkState | Should -Be 'down'

        Remove-DomainNetworkAdapter $name -Connection $q -MacAddress $n.MacAddress -ErrorVariable e -ErrorAction SilentlyContinue
        $e.FullyQualifiedErrorId | Should -Be 'DeviceRemovalPending,PSLibvirt.Commands.RemoveDomainNetworkAdapterCommand'
        (Get-VirshNics $u $name -Inactive).Mac | Should -Not -Contain $n.MacAddress
        (Get-VirshNics $u $name).Mac | Should -Contain $n.MacAddress
    }
}

Describe 'Memory hot-plug on a running TCG guest (private libvirtd, QEMU 7.2)' -Tag 'DomainDevice', 'Qemu' {
    BeforeAll {
        if ($support.Supported) {
            $u = $daemon.Uri
            $mq = Connect-Hypervisor -Uri $u -Name devices-memory
            $mname = 'pslv-mem-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            # Hot-plug needs room (<maxMemory slots>), a NUMA cell for the module and ACPI.
            $xml = (New-TestGuestXml -Name $mname) -replace '<memory unit=.MiB.>64</memory>', '<maxMemory slots="4" unit="MiB">1024</maxMemory><memory unit="MiB">64</memory>' -replace
                '<vcpu>1</vcpu>', '<vcpu>1</vcpu><cpu><numa><cell id="0" cpus="0" memory="64" unit="MiB"/></numa></cpu>' -replace '</os>', '</os><features><acpi/></features>'
            Start-TestGuest -Daemon $daemon -Name $mname -Xml $xml
            $ConfirmPreference = 'None'
        }
    }
    AfterAll {
        if ($mq) { Disconnect-Hypervisor -Connection $mq -Confirm:$false -ErrorAction SilentlyContinue }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Add-DomainMemoryDevice plugs a 128 MiB DIMM into the running guest and its definition: virsh dominfo shows 192 MiB' {
        $d = Add-DomainMemoryDevice $mname -SizeBytes 128MB -Connection $mq -PassThru
        $d.Type | Should -Be 'memory'
        $d.Alias | Should -Be 'dimm0'
        (@(Invoke-Virsh $u 'dominfo', $mname -As Lines) -match '^Max memory:')[0] | Should -Match '\b196608 KiB'
        [xml]$live = Invoke-Virsh $u 'dumpxml', $mname
        $dimm = $live.domain.devices.memory | Where-Object model -EQ 'dimm'
        ($dimm.target.size.'#text', $dimm.target.size.unit, $dimm.target.node) | Should -Be ('131072', 'KiB', '0')
        [xml]$config = Invoke-Virsh $u 'dumpxml', $mname, '--inactive'
        @($config.domain.devices.memory | Where-Object model -EQ 'dimm').Count | Should -Be 1
        @(Get-DomainDevice $mname -Type memory -Connection $mq).Count | Should -Be 1
    }

    It 'a NUMA node the guest does not have is libvirt''s error and changes neither the live domain nor the definition' {
        $before = Invoke-Virsh $u 'dumpxml', $mname
        $beforeConfig = Invoke-Virsh $u 'dumpxml', $mname, '--inactive'
        Add-DomainMemoryDevice $mname -SizeBytes 64MB -Node 3 -Connection $mq -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.AddDomainMemoryDeviceCommand'
        "$($e[0])" | Should -Match 'node'
        "$($e[0].TargetObject)" | Should -Be $mname
        Invoke-Virsh $u 'dumpxml', $mname | Should -Be $before
        Invoke-Virsh $u 'dumpxml', $mname, '--inactive' | Should -Be $beforeConfig
    }

    It '-Config adds a module to the definition only; -WhatIf adds none' {
        Add-DomainMemoryDevice $mname -SizeBytes 256MB -Config -Connection $mq
        Add-DomainMemoryDevice $mname -SizeBytes 256MB -Connection $mq -WhatIf
        [xml]$live = Invoke-Virsh $u 'dumpxml', $mname
        [xml]$config = Invoke-Virsh $u 'dumpxml', $mname, '--inactive'
        @($live.domain.devices.memory).Count | Should -Be 1
        @($config.domain.devices.memory).target.size.'#text' | Sort-Object | Should -Be '131072', '262144'
    }
}
