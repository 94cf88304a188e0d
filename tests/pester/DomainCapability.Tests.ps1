#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Domain capabilities (Get-DomainCapability) and storage pool capabilities (Get-StoragePoolCapability) through the built
# module: on test:///default, whose driver in libvirt 9.0 implements neither (NotImplemented errors); and on the private
# libvirtd's QEMU driver (QEMU 7.2, x86_64, TCG), each parsed field checked against the XML of virsh domcapabilities /
# pool-capabilities on the same URI. Also the completion of -Architecture, -Machine, -Emulator and -VirtType.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Get-Values($node, [string] $xpath) { @($node.SelectNodes($xpath) | ForEach-Object InnerText) }
    function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
}

Describe 'Capabilities on the test driver' -Tag 'DomainCapability' {
    BeforeAll { $t = Connect-Hypervisor -Uri 'test:///default' -Name caps-test }
    AfterAll { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }

    It 'writes a NotImplemented error (LibvirtNoSupport) as virsh domcapabilities and pool-capabilities fail' {
        { Invoke-Virsh 'test:///default' 'domcapabilities' } | Should -Throw '*not supported*virConnectGetDomainCapabilities*'
        { Invoke-Virsh 'test:///default' 'pool-capabilities' } | Should -Throw '*not supported*virConnectGetStoragePoolCapabilities*'
        Get-DomainCapability -Connection $t -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e1.Count | Should -Be 1
        $e1[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetDomainCapabilityCommand'
        $e1[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $e1[0].TargetObject.Name | Should -Be 'caps-test'
        $t | Get-StoragePoolCapability -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetStoragePoolCapabilityCommand'
        $e2[0].CategoryInfo.Category | Should -Be 'NotImplemented'
    }

    It 'completes -Architecture, -Machine and -VirtType from the connection''s capabilities' {
        $caps = Get-HypervisorCapability -Connection $t
        Complete 'Get-DomainCapability -Connection caps-test -Architecture ' | Should -Be @($caps.Guests.Architecture | Sort-Object -Unique)
        Complete 'Get-DomainCapability -Connection caps-test -VirtType ' | Should -Be @($caps.Guests.DomainTypes | Sort-Object -Unique)
        $i686 = $caps.Guests | Where-Object Architecture -EQ i686
        Complete 'Compare-HypervisorCpu -Connection caps-test -Architecture i686 -Machine ' | Should -Be @($i686.Machines | Sort-Object -Unique)
    }
}

Describe 'Domain and storage pool capabilities through the private libvirtd (QEMU), virsh as the oracle' -Tag 'DomainCapability', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.QemuUri
            $h = Connect-Hypervisor -Uri $uri -Name capsq
            $v = [xml](Invoke-Virsh $uri 'domcapabilities')
            $c = Get-DomainCapability -Connection $h
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because "no private libvirtd: $($support.Reason)" } }

    It 'parses the head, os and loader as virsh domcapabilities writes them' {
        $c | Should -BeOfType PSLibvirt.DomainCapability
        $r = $v.domainCapabilities
        $c.Path | Should -Be $r.path
        $c.DomainType | Should -Be $r.domain
        $c.Machine | Should -Be $r.machine
        $c.Architecture | Should -Be $r.arch
        $c.MaxVcpus | Should -Be ([int]$r.vcpu.max)
        $c.IOThreads | Should -Be ($r.iothreads.supported -eq 'yes')
        $c.FirmwareKinds | Should -Be (Get-Values $r "os/enum[@name='firmware']/value")
        $c.LoaderSupported | Should -Be ($r.os.loader.supported -eq 'yes')
        $c.LoaderPaths | Should -Be (Get-Values $r 'os/loader/value')
        $c.LoaderTypes | Should -Be (Get-Values $r "os/loader/enum[@name='type']/value")
        $c.LoaderReadOnly | Should -Be (Get-Values $r "os/loader/enum[@name='readonly']/value")
        $c.LoaderSecure | Should -Be (Get-Values $r "os/loader/enum[@name='secure']/value")
        $c.Hypervisor.Name | Should -Be 'capsq'
        ([xml]$c.Xml).OuterXml | Should -Be $v.OuterXml
    }

    It 'parses the CPU modes, the host-model CPU and the custom models with their usability' {
        $r = $v.domainCapabilities
        $c.CpuModes | Should -Be @($r.SelectNodes("cpu/mode[@supported='yes']") | ForEach-Object name)
        $c.HostPassthrough | Should -Be ($null -ne $r.SelectSingleNode("cpu/mode[@name='host-passthrough' and @supported='yes']"))
        $hm = $r.SelectSingleNode("cpu/mode[@name='host-model']")
        $c.HostModel.Model | Should -Be $hm.model.'#text'
        $c.HostModel.Fallback | Should -Be $hm.model.fallback
        $c.HostModel.Vendor | Should -Be $hm.vendor
        @($c.HostModel.Features | ForEach-Object ToString) | Should -Be @($hm.SelectNodes('feature') | ForEach-Object { "$($_.policy):$($_.name)" })
        $custom = @($r.SelectNodes("cpu/mode[@name='custom']/model"))
        $c.CustomModels.Count | Should -Be $custom.Count
        $c.CustomModels.Name | Should -Be @($custom | ForEach-Object '#text')
        @($c.CustomModels | ForEach-Object { if ($_.Usable) { 'yes' } else { 'no' } }) | Should -Be @($custom | ForEach-Object usable)
        $c.CustomModels.Vendor | Should -Be @($custom | ForEach-Object vendor)
        $c.UsableModels | Should -Be @($custom | Where-Object usable -EQ 'yes' | ForEach-Object '#text')
        $c.UsableModels | Should -Contain 'qemu64'
    }

    It 'parses every device and feature with its enums, and the named shortcuts' {
        $r = $v.domainCapabilities
        $c.Devices.Name | Should -Be @($r.devices.ChildNodes | Where-Object NodeType -EQ Element | ForEach-Object LocalName)
        foreach ($d in $c.Devices) {
            $x = $r.devices[$d.Name]
            $d.Supported | Should -Be ($x.supported -eq 'yes') -Because $d.Name
            @($d.Enums.Keys | Sort-Object) | Should -Be @($x.SelectNodes('enum') | ForEach-Object name | Sort-Object) -Because $d.Name
            foreach ($e in $x.SelectNodes('enum')) { $d.Enum($e.name) | Should -Be (Get-Values $e 'value') -Because "$($d.Name)/$($e.name)" }
        }
        $c.DiskDevices | Should -Be (Get-Values $r "devices/disk/enum[@name='diskDevice']/value")
        $c.DiskBuses | Should -Be (Get-Values $r "devices/disk/enum[@name='bus']/value")
        $c.GraphicsTypes | Should -Be (Get-Values $r "devices/graphics/enum[@name='type']/value")
        $c.VideoModels | Should -Be (Get-Values $r "devices/video/enum[@name='modelType']/value")
        $c.HostdevModes | Should -Be (Get-Values $r "devices/hostdev/enum[@name='mode']/value")
        $c.HostdevSubsystemTypes | Should -Be (Get-Values $r "devices/hostdev/enum[@name='subsysType']/value")
        $c.RngModels | Should -Be (Get-Values $r "devices/rng/enum[@name='model']/value")
        $c.TpmModels | Should -Be (Get-Values $r "devices/tpm/enum[@name='model']/value")
        $c.FilesystemDriverTypes | Should -Be (Get-Values $r "devices/filesystem/enum[@name='driverType']/value")
        $c.RedirdevBuses | Should -Be (Get-Values $r "devices/redirdev/enum[@name='bus']/value")
        $c.ChannelTypes | Should -Be (Get-Values $r "devices/channel/enum[@name='type']/value")
        $c.MemoryBackingSourceTypes | Should -Be (Get-Values $r "memoryBacking/enum[@name='sourceType']/value")
        $c.Features.Name | Should -Be @($r.features.ChildNodes | Where-Object NodeType -EQ Element | ForEach-Object LocalName)
        $c.SupportedFeatures | Should -Be @($r.features.ChildNodes | Where-Object { $_.NodeType -eq 'Element' -and $_.supported -eq 'yes' } | ForEach-Object LocalName)
        $c.Feature('sev').Supported | Should -Be ($r.features.sev.supported -eq 'yes')
        $c.Feature('gic').Supported | Should -Be ($r.features.gic.supported -eq 'yes')
    }

    It 'takes -Machine, -Architecture, -VirtType and -Emulator as virsh domcapabilities does' {
        $q = Get-DomainCapability -Machine q35 -Architecture x86_64 -VirtType qemu -Emulator /usr/bin/qemu-system-x86_64 -Connection $h
        $vq = ([xml](Invoke-Virsh $uri 'domcapabilities', '--machine', 'q35', '--arch', 'x86_64', '--virttype', 'qemu', '--emulatorbin', '/usr/bin/qemu-system-x86_64')).domainCapabilities
        $q.Machine | Should -Be $vq.machine
        $q.Machine | Should -BeLike 'pc-q35-*'
        $q.MaxVcpus | Should -Be ([int]$vq.vcpu.max)
        $q.LoaderSecure | Should -Be (Get-Values $vq "os/loader/enum[@name='secure']/value")
        $q.DiskBuses | Should -Be (Get-Values $vq "devices/disk/enum[@name='bus']/value")
        (Get-DomainCapability -Architecture i686 -Connection $h).Path | Should -Be '/usr/bin/qemu-system-i386'
    }

    It 'refuses an unknown architecture, machine, virt type and emulator with libvirt''s error, the connection as target' {
        foreach ($case in @(
                @{ Args = @{ Architecture = 'nosucharch' }; Virsh = '--arch', 'nosucharch'; Id = 'LibvirtInvalidArg'; Category = 'InvalidArgument' },
                @{ Args = @{ Machine = 'nosuch' }; Virsh = '--machine', 'nosuch'; Id = 'LibvirtInvalidArg'; Category = 'InvalidArgument' },
                @{ Args = @{ VirtType = 'kvm' }; Virsh = '--virttype', 'kvm'; Id = 'LibvirtInvalidArg'; Category = 'InvalidArgument' },
                @{ Args = @{ Emulator = '/nonexistent/qemu' }; Virsh = '--emulatorbin', '/nonexistent/qemu'; Id = 'LibvirtSystemError'; Category = $null })) {
            $a = $case.Args
            $virshSays = try { Invoke-Virsh $uri (@('domcapabilities') + $case.Virsh); $null } catch { "$_" }
            $virshSays | Should -Not -BeNullOrEmpty
            Get-DomainCapability @a -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "$($case.Id),PSLibvirt.Commands.GetDomainCapabilityCommand"
            if ($case.Category) { $err[0].CategoryInfo.Category | Should -Be $case.Category }
            $err[0].TargetObject.Name | Should -Be 'capsq'
            $virshSays | Should -BeLike "*$($err[0].Exception.Message)*"
        }
    }

    It 'lists one object per pool type with its formats, as virsh pool-capabilities' {
        $vp = [xml](Invoke-Virsh $uri 'pool-capabilities')
        $pools = @(Get-StoragePoolCapability -Connection $h)
        $xp = @($vp.storagepoolCapabilities.pool)
        $pools.Type | Should -Be @($xp | ForEach-Object type)
        for ($i = 0; $i -lt $xp.Count; $i++) {
            $p = $pools[$i]; $x = $xp[$i]
            $p | Should -BeOfType PSLibvirt.StoragePoolCapability
            $p.Supported | Should -Be ($x.supported -eq 'yes') -Because $p.Type
            $p.PoolFormats | Should -Be (Get-Values $x "poolOptions/enum[@name='sourceFormatType']/value") -Because $p.Type
            $p.VolumeFormats | Should -Be (Get-Values $x "volOptions/enum[@name='targetFormatType']/value") -Because $p.Type
            $p.DefaultPoolFormat | Should -Be $x.SelectSingleNode('poolOptions/defaultFormat')?.type -Because $p.Type
            $p.DefaultVolumeFormat | Should -Be $x.SelectSingleNode('volOptions/defaultFormat')?.type -Because $p.Type
        }
        (Get-StoragePoolCapability -Connection $h -Type 'fs').PoolFormats | Should -Contain 'ext4'
        (Get-StoragePoolCapability -Connection $h -Type 'dir').VolumeFormats | Should -Contain 'qcow2'
        (Get-StoragePoolCapability -Connection $h -Supported).Type | Should -Be @($xp | Where-Object supported -EQ 'yes' | ForEach-Object type)
        (Get-StoragePoolCapability -Connection $h -Type 'iscsi*').Type | Should -Be 'iscsi', 'iscsi-direct'
    }

    It 'completes -Emulator and, for a given architecture, -Machine from the QEMU capabilities' {
        $caps = Get-HypervisorCapability -Connection $h
        Complete 'Get-DomainCapability -Connection capsq -Emulator ' | Should -Be @($caps.Guests.Emulator | Sort-Object -Unique)
        $x86 = ($caps.Guests | Where-Object Architecture -EQ x86_64).Machines
        Complete 'Get-DomainCapability -Connection capsq -Architecture x86_64 -Machine pc-q35-7.' | Should -Be @($x86 | Where-Object { $_ -like 'pc-q35-7.*' } | Sort-Object -Unique)
    }
}
