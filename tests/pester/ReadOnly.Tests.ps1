#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# On a read-only connection every cmdlet that changes something is refused with PermissionDenied and changes
# nothing: each changing cmdlet (every exported cmdlet with SupportsShouldProcess, found from the module, so a new
# one must add its row here) is tried with arguments that would succeed on a read-write connection, through the
# private libvirtd's test driver, and virsh on the same instance says that nothing changed.

BeforeDiscovery {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    $changing = @(Get-Command -Module PSLibvirt -CommandType Cmdlet | Where-Object {
            $_.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].SupportsShouldProcess } |
        Sort-Object Name | ForEach-Object { @{ Command = $_.Name } })
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force

    # Cmdlets that change nothing on a host, and why.
    $notOnTheHost = @{
        'Disconnect-Hypervisor' = 'closes the session''s own connection'
        'Close-DomainConsole'   = 'closes the session''s own console stream'
        'Write-DomainConsole'   = 'types on an open console session, which a read-only connection cannot open (Open-DomainConsole is refused)'
        'Export-StorageVolume'  = 'reads a volume and writes a local file'
        'Start-NodeDevice'      = 'cannot be tried here: the test driver has no defined, inactive node device (libvirt checks read-only before the driver, as for Stop-NodeDevice)'
    }
    # One call per changing cmdlet ($c: the read-only connection to the daemon's test driver; $cq: to its QEMU driver,
    # for network filters and secrets, which the test driver lacks), with arguments that succeed read-write.
    $calls = @{
        'Add-DomainDevice'             = { Add-DomainDevice -Connection $c -Name test -Xml "<disk type='file' device='disk'><source file='/tmp/ro.img'/><target dev='vdb' bus='virtio'/></disk>" }
        'Add-DomainMemoryDevice'       = { Add-DomainMemoryDevice -Connection $c -Name test -SizeBytes 128MB }
        'Set-DomainMetadata'           = { Set-DomainMetadata -Connection $c -Name test -Uri http://example.org/ro -Xml '<ro/>' }
        'Remove-DomainMetadata'        = { Remove-DomainMetadata -Connection $c -Name test -Uri http://example.org/ro }
        'Add-DomainDisk'               = { Add-DomainDisk -Connection $c -Name test -Path /tmp/ro.img }
        'Add-DomainNetworkAdapter'     = { Add-DomainNetworkAdapter -Connection $c -Name test -Network default }
        'Build-StoragePool'            = { Build-StoragePool -Connection $c -Name ro-pool }
        'Clear-StorageVolume'          = { Clear-StorageVolume -Connection $c -PoolName default-pool -Name ro.img }
        'Complete-HostInterfaceChange' = { Complete-HostInterfaceChange -Connection $c }
        'Open-DomainConsole'           = { Open-DomainConsole -Connection $c -Name test }
        'Copy-StorageVolume'           = { Copy-StorageVolume -Connection $c -PoolName default-pool -Name ro.img -NewName ro-copy.img }
        # The guest cmdlets: the test driver has no agent or monitor even read-write (NotImplemented); libvirt checks the
        # read-only flag before the driver.
        'Copy-DomainGuestFile'         = { Copy-DomainGuestFile -Connection $c -Name test -Path $file -Destination /tmp/ro-file.bin -ToGuest }
        'Invoke-DomainGuestAgentCommand' = { Invoke-DomainGuestAgentCommand -Connection $c -Name test -Json '{"execute":"guest-ping"}' }
        'Invoke-DomainGuestCommand'    = { Invoke-DomainGuestCommand -Connection $c -Name test -Command /bin/true }
        'Invoke-DomainMonitorCommand'  = { Invoke-DomainMonitorCommand -Connection $c -Name test -Command '{"execute":"query-status"}' }
        'Set-DomainGuestTime'          = { Set-DomainGuestTime -Connection $c -Name test }
        # libvirt refuses a screenshot on a read-only connection (it could show secrets on the screen)
        'Save-DomainScreenshot'        = { Save-DomainScreenshot -Connection $c -Name test -Path (Join-Path ([IO.Path]::GetTempPath()) "pslv-ro-$([guid]::NewGuid()).png") }
        'Send-DomainKey'               = { Send-DomainKey -Connection $c -Name test -Key 'ctrl+alt+delete' }
        'Suspend-DomainGuestFileSystem' = { Suspend-DomainGuestFileSystem -Connection $c -Name test }
        'Resume-DomainGuestFileSystem' = { Resume-DomainGuestFileSystem -Connection $c -Name test }
        'Optimize-DomainGuestFileSystem' = { Optimize-DomainGuestFileSystem -Connection $c -Name test }
        'Set-DomainGuestPassword'      = { Set-DomainGuestPassword -Connection $c -Name test -User root -Password (ConvertTo-SecureString 'ro' -AsPlainText -Force) }
        'Set-DomainGuestVCpu'          = { Set-DomainGuestVCpu -Connection $c -Name test -Id 1 -Online $false }
        'Add-DomainGuestSshKey'        = { Add-DomainGuestSshKey -Connection $c -Name test -User root -Key 'ssh-ed25519 AAAA ro' }
        'Remove-DomainGuestSshKey'     = { Remove-DomainGuestSshKey -Connection $c -Name test -User root -Key 'ssh-ed25519 AAAA ro' }
        'Set-DomainGuestAgentTimeout'  = { Set-DomainGuestAgentTimeout -Connection $c -Name test -Timeout 10 }
        'Dismount-NodeDevice'          = { Dismount-NodeDevice -Connection $c -Name scsi_host1 }
        'Import-StorageVolume'         = { Import-StorageVolume -Connection $c -PoolName default-pool -Name ro.img -Path $file }
        'Mount-NodeDevice'             = { Mount-NodeDevice -Connection $c -Name scsi_host1 }
        # The test driver cannot migrate even read-write (NotImplemented); libvirt checks the source's read-only flag first.
        'Move-Domain'                  = { Move-Domain -Connection $c -Name test -Destination $cq }
        'New-Domain'                   = { New-Domain -Connection $c -Xml "<domain type='test'><name>ro-new</name><memory>65536</memory><os><type>hvm</type></os></domain>" }
        'New-DomainSnapshot'           = { New-DomainSnapshot -Connection $c -DomainName test -Name ro-new-snap }
        'New-DomainCheckpoint'         = { New-DomainCheckpoint -Connection $c -DomainName ro-ck -Name ro-new-ckpt }
        'New-NetworkPort'              = { New-NetworkPort -Connection $cq -NetworkName ro-brnet -OwnerName ro-vm -OwnerUuid ([guid]'0f5e2c1a-8d7b-4c3e-9a6f-1b2c3d4e5f65') }
        'New-HostInterface'            = { New-HostInterface -Connection $c -Name ro-new-if -Type Ethernet }
        'New-HostInterfaceBridge'      = { New-HostInterfaceBridge -Connection $c -Name ro-eth -BridgeName ro-newbr }
        'New-LibvirtSecret'            = { New-LibvirtSecret -Connection $cq -UsageType Volume -UsageId /ro/new }
        'New-NetworkFilterBinding'     = { New-NetworkFilterBinding -Connection $cq -Xml "<filterbinding><owner><name>ro-vm</name><uuid>0f5e2c1a-8d7b-4c3e-9a6f-1b2c3d4e5f61</uuid></owner><portdev name='pslvro-new'/><mac address='52:54:00:00:00:0f'/><filterref filter='ro-filter'/></filterbinding>" }
        'New-Network'                  = { New-Network -Connection $c -Name ro-new-net -ForwardMode none }
        'New-NetworkFilter'            = { New-NetworkFilter -Connection $cq -Xml "<filter name='ro-new-filter' chain='root'/>" }
        'New-NodeDevice'               = { New-NodeDevice -Connection $c -Transient -Xml "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>" }
        'New-StoragePool'              = { New-StoragePool -Connection $c -Name ro-new-pool -Type dir -Path /tmp/pslv-ro-new-pool }
        'New-StorageVolume'            = { New-StorageVolume -Connection $c -PoolName default-pool -Name ro-new.img -CapacityBytes 1MB }
        'Remove-Domain'                = { Remove-Domain -Connection $c -Name ro-off }
        'Remove-DomainDevice'          = { Remove-DomainDevice -Connection $c -Name test -Xml "<disk type='file' device='disk'><source file='/guest/diskimage1'/><target dev='vda' bus='virtio'/></disk>" }
        'Remove-DomainDisk'            = { Remove-DomainDisk -Connection $c -Name test -Target vda }
        'Remove-DomainNetworkAdapter'  = { Remove-DomainNetworkAdapter -Connection $c -Name test -MacAddress aa:bb:cc:dd:ee:ff }
        'Remove-DomainSnapshot'        = { Remove-DomainSnapshot -Connection $c -DomainName test -Name ro-snap }
        'Set-DomainSnapshot'           = { Set-DomainSnapshot -Connection $c -DomainName test -Name ro-snap -Description 'read-only' }
        'Remove-DomainCheckpoint'      = { Remove-DomainCheckpoint -Connection $c -DomainName ro-ck -Name ro-ckpt }
        'Remove-HostInterface'         = { Remove-HostInterface -Connection $c -Name ro-eth }
        'Remove-HostInterfaceBridge'   = { Remove-HostInterfaceBridge -Connection $c -Name ro-br }
        'Remove-LibvirtSecret'         = { Remove-LibvirtSecret -Connection $cq -Uuid $secret }
        'Remove-Network'               = { Remove-Network -Connection $c -Name ro-net }
        'Remove-NetworkFilter'         = { Remove-NetworkFilter -Connection $cq -Name ro-filter }
        'Remove-NetworkFilterBinding'  = { Remove-NetworkFilterBinding -Connection $cq -Name pslvro-tap }
        'Remove-NetworkPort'           = { Remove-NetworkPort -Connection $cq -NetworkName ro-brnet -Uuid $port }
        'Remove-NodeDevice'            = { Remove-NodeDevice -Connection $c -Name scsi_host1 -Force }
        'Remove-StoragePool'           = { Remove-StoragePool -Connection $c -Name ro-pool }
        'Remove-StorageVolume'         = { Remove-StorageVolume -Connection $c -PoolName default-pool -Name ro.img }
        'Reset-NodeDevice'             = { Reset-NodeDevice -Connection $c -Name scsi_host1 }
        'Resize-StorageVolume'         = { Resize-StorageVolume -Connection $c -PoolName default-pool -Name ro.img -CapacityBytes 2MB }
        'Restart-Domain'               = { Restart-Domain -Connection $c -Name test }
        'Restore-Domain'               = { Restore-Domain -Connection $c -Path $file }
        'Restore-DomainSnapshot'       = { Restore-DomainSnapshot -Connection $c -DomainName test -Name ro-snap }
        'Resume-Domain'                = { Resume-Domain -Connection $c -Name ro-paused }
        'Save-Domain'                  = { Save-Domain -Connection $c -Name test -Path (Join-Path $daemon.Directory 'ro.save') }
        'Set-Domain'                   = { Set-Domain -Connection $c -Name test -Title 'read-only' }
        'Set-DomainCdrom'              = { Set-DomainCdrom -Connection $c -Name ro-cd -Path /tmp/ro.iso }
        'Set-DomainMigrationParameter' = { Set-DomainMigrationParameter -Connection $c -Name test -Bandwidth 100 }
        'Set-DomainVCpu'               = { Set-DomainVCpu -Connection $c -Name test -Count 1 -Live }
        'Set-DomainVCpuPin'            = { Set-DomainVCpuPin -Connection $c -Name test -VCpu 0 -CpuSet 0 }
        'Set-DomainEmulatorPin'        = { Set-DomainEmulatorPin -Connection $c -Name test -CpuSet 0 }
        'Set-DomainMemoryTuning'       = { Set-DomainMemoryTuning -Connection $c -Name test -HardLimitBytes 1GB }
        'Set-DomainSchedulerParameter' = { Set-DomainSchedulerParameter -Connection $c -Name test -Parameter @{ weight = 100 } }
        'Set-DomainBlockIOTuning'      = { Set-DomainBlockIOTuning -Connection $c -Name test -Weight 500 }
        'Set-DomainDiskIOTuning'       = { Set-DomainDiskIOTuning -Connection $c -Name test -Disk vda -TotalBytesPerSecond 1000 -Parameter @{ total_bytes_sec_max = 2000 } }
        'Set-DomainNumaTuning'         = { Set-DomainNumaTuning -Connection $c -Name test -Mode Interleave }
        'Set-DomainPerfEvent'          = { Set-DomainPerfEvent -Connection $c -Name test -Enable cmt }
        # The test driver keeps no jobs (NotImplemented read-write); libvirt checks the read-only flag first.
        'Stop-DomainJob'               = { Stop-DomainJob -Connection $c -Name test }
        'Send-DomainNmi'               = { Send-DomainNmi -Connection $c -Name test }
        # The block jobs: the test driver has none (NotImplemented read-write); libvirt checks the read-only flag first.
        'Copy-DomainDisk'              = { Copy-DomainDisk -Connection $c -Name test -Disk vda -Destination (Join-Path $daemon.Directory 'ro-copy.qcow2') -Pivot }
        'Merge-DomainDisk'             = { Merge-DomainDisk -Connection $c -Name test -Disk vda -Pivot }
        'Resize-DomainDisk'            = { Resize-DomainDisk -Connection $c -Name test -Disk vda -Size 2TB }
        'Stop-DomainBlockJob'          = { Stop-DomainBlockJob -Connection $c -Name test -Disk vda }
        'Set-DomainBlockJob'           = { Set-DomainBlockJob -Connection $c -Name test -Disk vda -BandwidthBytes 1MB }
        'Set-DomainBlockThreshold'     = { Set-DomainBlockThreshold -Connection $c -Name test -Disk vda -Threshold 1MB }
        'Send-DomainProcessSignal'     = { Send-DomainProcessSignal -Connection $c -Name test -ProcessId 1 -Signal Nop }
        'Save-DomainCoreDump'          = { Save-DomainCoreDump -Connection $c -Name test -Path (Join-Path $daemon.Directory 'ro.core') }
        # libvirt checks the read-only flag before it opens the file or looks for an image.
        'Set-DomainSaveImageXml'       = { Set-DomainSaveImageXml -Connection $c -Path (Join-Path $daemon.Directory 'ro.save') -Paused }
        'Set-DomainManagedSaveXml'     = { Set-DomainManagedSaveXml -Connection $c -Name test -Running }
        'Add-DomainIOThread'           = { Add-DomainIOThread -Connection $c -Name test -Id 8 }
        'Remove-DomainIOThread'        = { Remove-DomainIOThread -Connection $c -Name test -Id 7 }
        'Set-DomainIOThread'           = { Set-DomainIOThread -Connection $c -Name test -Id 7 -CpuSet 0 }
        'Set-DomainNetworkAdapter'     = { Set-DomainNetworkAdapter -Connection $c -Name test -MacAddress aa:bb:cc:dd:ee:ff -InboundAverage 100 -Live }
        'Start-DomainMigrationPostCopy' = { Start-DomainMigrationPostCopy -Connection $c -Name test }
        'Set-HostInterface'            = { Set-HostInterface -Connection $c -Name ro-eth -Xml "<interface type='ethernet' name='ro-eth'><mtu size='1400'/></interface>" }
        'Set-LibvirtSecretValue'       = { Set-LibvirtSecretValue -Connection $cq -Uuid $secret -Value (ConvertTo-SecureString 'x' -AsPlainText -Force) }
        'Set-Network'                  = { Set-Network -Connection $c -Name ro-net -Autostart $true }
        'Set-NetworkFilter'            = { Set-NetworkFilter -Connection $cq -Name ro-filter -Xml "<filter name='ro-filter' chain='ipv4'/>" }
        'Set-NodeFreePage'             = { Set-NodeFreePage -Connection $c -PageSizeKiB 2048 -Count 0 }
        'Set-NodeMemoryParameter'      = { Set-NodeMemoryParameter -Connection $cq -PagesToScan 100 }
        'Set-NodeDevice'               = { Set-NodeDevice -Connection $c -Name scsi_host1 -Autostart $true }
        'Set-StoragePool'              = { Set-StoragePool -Connection $c -Name ro-pool -Autostart $true }
        'Start-Domain'                 = { Start-Domain -Connection $c -Name ro-off }
        'Start-HostInterface'          = { Start-HostInterface -Connection $c -Name ro-eth }
        # The test driver has no backups even read-write (NotImplemented); libvirt checks the read-only flag first.
        'Start-DomainBackup'           = { Start-DomainBackup -Connection $c -Name test -Disk vda -Target (Join-Path $daemon.Directory 'ro-backup.qcow2') }
        'Start-HostInterfaceChange'    = { Start-HostInterfaceChange -Connection $c }
        'Start-Network'                = { Start-Network -Connection $c -Name ro-net }
        'Start-StoragePool'            = { Start-StoragePool -Connection $c -Name ro-pool }
        'Stop-Domain'                  = { Stop-Domain -Connection $c -Name test -Force }
        'Stop-HostInterface'           = { Stop-HostInterface -Connection $c -Name eth1 }
        'Stop-Network'                 = { Stop-Network -Connection $c -Name default }
        'Stop-NodeDevice'              = { Stop-NodeDevice -Connection $c -Name scsi_host1 }
        'Stop-StoragePool'             = { Stop-StoragePool -Connection $c -Name default-pool }
        'Suspend-Domain'               = { Suspend-Domain -Connection $c -Name test }
        'Suspend-Node'                 = { Suspend-Node -Connection $c -Target Memory -Duration 60 -Confirm:$false }
        'Undo-HostInterfaceChange'     = { Undo-HostInterfaceChange -Connection $c }
        'Update-DomainDevice'          = { Update-DomainDevice -Connection $c -Name test -Xml "<interface type='network'><mac address='aa:bb:cc:dd:ee:ff'/><source network='default'/><link state='down'/></interface>" }
        'Update-StoragePool'           = { Update-StoragePool -Connection $c -Name default-pool }
    }

    # What virsh sees of the instance: every kind's list with state, the snapshot, the volume, the secret.
    function Get-VirshState {
        $uri = $daemon.TestUri
        foreach ($args_ in @('list', '--all'), @('net-list', '--all'), @('pool-list', '--all', '--details'), @('vol-list', 'default-pool', '--details'),
            @('iface-list', '--all'), @('snapshot-list', 'test'), @('checkpoint-list', 'ro-ck'), @('desc', 'test', '--title'), @('net-info', 'ro-net'),
            @('pool-info', 'ro-pool'), @('nodedev-dumpxml', 'scsi_host1')) {
            (Invoke-Virsh $uri $args_ -As Raw) -join "`n"
        }
        (Invoke-Virsh $uri 'iface-dumpxml', 'ro-eth') -join "`n"
        (Invoke-Virsh $uri 'dumpxml', 'test') -join "`n"
        (Invoke-Virsh $uri 'dumpxml', 'ro-cd', '--inactive') -join "`n"
        (Invoke-Virsh $uri 'domiftune', 'test', 'aa:bb:cc:dd:ee:ff') -join "`n"
        (Invoke-Virsh $daemon.QemuUri 'nwfilter-list' -As Raw) -join "`n"
        (Invoke-Virsh $daemon.QemuUri 'secret-list' -As Raw) -join "`n"
        (Invoke-Virsh $daemon.QemuUri 'nwfilter-dumpxml', 'ro-filter') -join "`n"
        (Invoke-Virsh $daemon.QemuUri 'nwfilter-binding-list' -As Raw) -join "`n"
        (Invoke-Virsh $daemon.QemuUri 'net-port-list', 'ro-brnet' -As Raw) -join "`n"
    }

    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) {
        $daemon = Start-PrivateLibvirtd -Driver test
        $u = $daemon.TestUri
        # The daemon's test:///default lives while a connection to it is open: open ours first, then set up with virsh.
        $c = Connect-Hypervisor -Uri $u -Name read-only -ReadOnly
        $tmp = $daemon.Directory
        Set-Content "$tmp/ro-off.xml" "<domain type='test'><name>ro-off</name><memory>65536</memory><os><type>hvm</type></os></domain>"
        Set-Content "$tmp/ro-paused.xml" "<domain type='test'><name>ro-paused</name><memory>65536</memory><os><type>hvm</type></os></domain>"
        # A domain with a CD-ROM drive, for Set-DomainCdrom (the test domain has none).
        Set-Content "$tmp/ro-cd.xml" "<domain type='test'><name>ro-cd</name><memory>65536</memory><os><type>hvm</type></os><devices><disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk></devices></domain>"
        # A running domain with a disk and a checkpoint (test has a snapshot, and libvirt keeps either, not both).
        Set-Content "$tmp/ro-ck.xml" "<domain type='test'><name>ro-ck</name><memory>65536</memory><os><type>hvm</type></os><devices><disk type='file' device='disk'><source file='/guest/ro-ck.img'/><target dev='vda' bus='virtio'/></disk></devices></domain>"
        Set-Content "$tmp/ro-net.xml" "<network><name>ro-net</name><bridge name='virbr-ro'/></network>"
        Set-Content "$tmp/ro-eth.xml" "<interface type='ethernet' name='ro-eth'><mac address='52:54:00:00:00:0e'/></interface>"
        Set-Content "$tmp/ro-br.xml" "<interface type='bridge' name='ro-br'><bridge><interface type='ethernet' name='ro-m'/></bridge></interface>"
        $secret = [guid]'0f5e2c1a-8d7b-4c3e-9a6f-1b2c3d4e5f60'
        Set-Content "$tmp/ro-secret.xml" "<secret ephemeral='no' private='no'><uuid>$secret</uuid><usage type='volume'><volume>/ro/secret</volume></usage></secret>"
        Set-Content "$tmp/ro-filter.xml" "<filter name='ro-filter' chain='root'/>"
        foreach ($a in @('define', "$tmp/ro-off.xml"), @('define', "$tmp/ro-paused.xml"), @('define', "$tmp/ro-cd.xml"), @('start', 'ro-paused'), @('suspend', 'ro-paused'),
            @('snapshot-create-as', 'test', 'ro-snap'), @('vol-create-as', 'default-pool', 'ro.img', '1M'), @('net-define', "$tmp/ro-net.xml"),
            @('pool-define-as', 'ro-pool', 'dir', '--target', "$tmp/ro-pool"), @('iface-define', "$tmp/ro-eth.xml"), @('iface-define', "$tmp/ro-br.xml"),
            @('iothreadadd', 'test', '7'), @('define', "$tmp/ro-ck.xml"), @('start', 'ro-ck'), @('checkpoint-create-as', 'ro-ck', 'ro-ckpt')) { Invoke-Virsh $u $a | Out-Null }
        Invoke-Virsh $daemon.QemuUri 'nwfilter-define', "$tmp/ro-filter.xml" | Out-Null
        # A binding on a port device that does not exist (libvirt applies the filter's rules by name only).
        Set-Content "$tmp/ro-binding.xml" "<filterbinding><owner><name>ro-vm</name><uuid>0f5e2c1a-8d7b-4c3e-9a6f-1b2c3d4e5f62</uuid></owner><portdev name='pslvro-tap'/><mac address='52:54:00:00:00:10'/><filterref filter='ro-filter'/></filterbinding>"
        Invoke-Virsh $daemon.QemuUri 'nwfilter-binding-create', "$tmp/ro-binding.xml" | Out-Null
        # A network port needs an active network: a bridge-mode one starts without creating anything on the host.
        Set-Content "$tmp/ro-brnet.xml" "<network><name>ro-brnet</name><forward mode='bridge'/><bridge name='pslvro-br'/></network>"
        $port = [guid]'0f5e2c1a-8d7b-4c3e-9a6f-1b2c3d4e5f63'
        Set-Content "$tmp/ro-port.xml" "<networkport><uuid>$port</uuid><owner><name>ro-vm</name><uuid>0f5e2c1a-8d7b-4c3e-9a6f-1b2c3d4e5f64</uuid></owner><mac address='52:54:00:00:00:11'/></networkport>"
        foreach ($a in @('net-define', "$tmp/ro-brnet.xml"), @('net-start', 'ro-brnet'), @('net-port-create', 'ro-brnet', "$tmp/ro-port.xml")) { Invoke-Virsh $daemon.QemuUri $a | Out-Null }
        $cq = Connect-Hypervisor -Uri $daemon.QemuUri -Name read-only-qemu -ReadOnly
        Invoke-Virsh $daemon.QemuUri 'secret-define', "$tmp/ro-secret.xml" | Out-Null
        $file = Join-Path $tmp 'ro-file.bin'
        [System.IO.File]::WriteAllBytes($file, [byte[]]::new(4096))
        $state = Get-VirshState
    }
}

AfterAll {
    foreach ($x in $c, $cq) { if ($x) { Disconnect-Hypervisor -Connection $x -Confirm:$false -ErrorAction SilentlyContinue } }
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'Every changing cmdlet on a read-only connection' -Tag 'ReadOnly' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It '<Command> is refused with PermissionDenied, and virsh sees nothing changed' -TestCases $changing {
        param($Command)
        if ($notOnTheHost.ContainsKey($Command)) { Set-ItResult -Skipped -Because "$Command $($notOnTheHost[$Command])"; return }
        $calls.ContainsKey($Command) | Should -BeTrue -Because "every changing cmdlet needs a row in this test ($Command has none)"
        # No prompt, and the first error stops the call: it is the one to judge.
        $ConfirmPreference = 'None'
        $ErrorActionPreference = 'Stop'
        $err = $null
        try { $null = & $calls[$Command] 6>$null 3>$null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because "$Command must not succeed read-only"
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied' -Because "$($err.FullyQualifiedErrorId): $err"
        Get-VirshState | Should -Be $state
    }
}
