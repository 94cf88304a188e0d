#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Backups (Start-DomainBackup, Get-DomainBackupXml) of a running QEMU guest without an OS on the private libvirtd: the
# guest's qcow2 data disk is filled with known bytes, backed up in push mode (qemu-img compare against the source),
# incrementally after a checkpoint and a write made by QEMU's own qemu-io (only the changed cluster is in the image),
# and in pull mode (qemu-img reads the NBD export). virsh backup-dumpxml/checkpoint-list on the same daemon are the
# oracle. The test driver has no backups: its errors must say so.

BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
}

Describe 'Backups on test:///default' -Tag 'Backup' {
    BeforeEach { $t = Connect-Hypervisor -Uri 'test:///default' -Name 'bk-t' }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'the test driver has no backups: Start-DomainBackup and Get-DomainBackupXml are NotImplemented errors naming the call' {
        foreach ($call in { Start-DomainBackup -Name test -ErrorAction Stop }, { Get-DomainBackupXml -Name test -ErrorAction Stop }) {
            $err = $null
            try { & $call } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'LibvirtNoSupport,*'
            $err.CategoryInfo.Category | Should -Be 'NotImplemented'
            $err.Exception.Message | Should -Match 'virDomainBackup'
        }
    }

    It 'bad combinations are refused before anything is done' {
        { Start-DomainBackup -Name test -Target /tmp/x.qcow2 } | Should -Throw -ErrorId 'TargetNeedsDisk,*'
        { Start-DomainBackup -Name test -Disk vda, vdb -Target /tmp/x.qcow2 } | Should -Throw -ErrorId 'TargetNeedsDisk,*'
        { Start-DomainBackup -Name test -Pull } | Should -Throw -ErrorId 'PullNeedsListen,*'
        { Start-DomainBackup -Name test -Listen 127.0.0.1:10809 } | Should -Throw -ErrorId 'ListenNeedsPull,*'
        { Start-DomainBackup -Name test -Pull -Listen 'nowhere' } | Should -Throw -ErrorId 'InvalidListen,*'
        { Start-DomainBackup -Name test -Pull -Listen 127.0.0.1:10809 -Disk vda -Target /tmp/x } | Should -Throw -ErrorId 'PullAndTarget,*'
        { Start-DomainBackup -Name test -Pull -Listen 127.0.0.1:10809 -AsJob } | Should -Throw -ErrorId 'PullDoesNotWait,*'
        { Start-DomainBackup -Name test -Xml '<domainbackup/>' -Disk vda } | Should -Throw -ErrorId 'XmlAndBackupParameters,*'
        { Start-DomainBackup -Name test -CheckpointName a -CheckpointXml '<domaincheckpoint/>' } | Should -Throw -ErrorId 'CheckpointNameAndXml,*'
        { Start-DomainBackup -Name test -NoWait -PassThru } | Should -Throw -ErrorId 'NoWaitAndPassThru,*'
        { Start-DomainBackup -Name test -Disk vda, vda -Target /tmp/pslv-same.qcow2, /tmp/pslv-same.qcow2 -ErrorAction Stop } | Should -Throw -ErrorId 'BackupTargetInUse,*'
    }

    It 'a -Disk the domain does not have is DiskNotFound, and an -Incremental checkpoint that does not exist is DomainCheckpointNotFound' {
        { Start-DomainBackup -Name test -Disk vdz -Target /tmp/pslv-none.qcow2 -ErrorAction Stop } | Should -Throw -ErrorId 'DiskNotFound,PSLibvirt.Commands.StartDomainBackupCommand'
        $err = $null
        try { Start-DomainBackup -Name test -Incremental nope -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'DomainCheckpointNotFound,PSLibvirt.Commands.StartDomainBackupCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match "'nope'.*domain 'test'"
    }
}

Describe 'Backups of a running QEMU guest (private libvirtd)' -Tag 'Backup', 'Qemu' {
    BeforeAll {
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $u = $daemon.Uri
            $dir = $daemon.Directory
            $guest = 'pslv-bk'
            $disk = Join-Path $dir 'data.qcow2'
            $null = & qemu-img create -q -f qcow2 $disk 16M
            if ($LASTEXITCODE) { throw "qemu-img create failed ($LASTEXITCODE)" }
            # Known bytes: 0xab in the first 4 MiB, the rest unallocated.
            $null = & qemu-io -f qcow2 -c 'write -P 0xab 0 4M' $disk
            if ($LASTEXITCODE) { throw "qemu-io write failed ($LASTEXITCODE)" }
            # A second disk of 1 GiB of data, whose backup lasts long enough (a second or more) to be aborted while it runs.
            $big = Join-Path $dir 'big.qcow2'
            $null = & qemu-img create -q -f qcow2 $big 1G
            $null = & qemu-io -f qcow2 -c 'write -P 0x5a 0 1G' $big
            if ($LASTEXITCODE) { throw "qemu-io write failed ($LASTEXITCODE)" }
            $dev = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$disk'/><target dev='vdb' bus='virtio'/></disk>" +
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$big'/><target dev='vdc' bus='virtio'/></disk>"
            Start-TestGuest -Daemon $daemon -Name $guest -Xml ((New-TestGuestXml -Name $guest) -replace '<memballoon', "$dev<memballoon")
            $h = Connect-Hypervisor -Uri $u -Name bk -NotDefault
            # The disk's QEMU device (its alias), through which QEMU's qemu-io writes as the guest would.
            $alias = (([xml](Invoke-Virsh $u 'dumpxml', $guest)).domain.devices.disk | Where-Object { $_.target.dev -eq 'vdb' }).alias.name
            function Write-GuestDisk([string] $Command) {
                $out = Invoke-Virsh $u 'qemu-monitor-command', $guest, '--hmp', "qemu-io -d /machine/peripheral/$alias/virtio-backend `"$Command`""
                $out | Should -Not -Match 'error|failed' -Because "qemu-io '$Command' in the guest's QEMU printed: $out"
            }
            function Wait-NoJob { Wait-Until { (Invoke-Virsh $u 'domjobinfo', $guest) -match 'Job type:\s+None' } 60 'the backup job to end' }
            # qemu-img on images the running QEMU holds: -U (no lock).
            function Invoke-QemuImg([string[]] $Arguments) {
                $out = & qemu-img @Arguments 2>&1
                [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out -join "`n") }
            }
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'a full push backup waits for the job, -PassThru writes its completed statistics, and the image equals the source' {
        $full = Join-Path $dir 'full.qcow2'
        $job = Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $full -Format qcow2 -PassThru
        $job | Should -BeOfType PSLibvirt.DomainJobInfo
        $job.Type | Should -Be 'Completed'
        $job.Operation | Should -Be 'Backup'
        $job.DiskTotal | Should -Be 16MB
        $job.DiskProcessed | Should -Be 16MB
        Test-Path $full | Should -BeTrue
        (Invoke-Virsh $u 'domjobinfo', $guest) | Should -Match 'Job type:\s+None' -Because 'the cmdlet returned after the job ended'
        $cmp = Invoke-QemuImg 'compare', '-U', '-f', 'qcow2', '-F', 'qcow2', $full, $disk
        $cmp.ExitCode | Should -Be 0 -Because $cmp.Output
        (Invoke-QemuImg 'info', '-U', '--output=json', $full).Output | ConvertFrom-Json | ForEach-Object { $_.format } | Should -Be 'qcow2'
    }

    It 'an incremental backup from a checkpoint holds only the cluster written since, with the new data; -CheckpointName starts the next one' {
        New-DomainCheckpoint -Connection $h -DomainName $guest -Name inc0
        Write-GuestDisk 'write -P 0xcd 1M 64k'
        $inc = Join-Path $dir 'inc1.qcow2'
        Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $inc -Incremental inc0 -CheckpointName inc1 | Should -BeNullOrEmpty
        # Only 1M..1M+64k is in the image itself (depth 0); the rest comes from its backing file, the source disk.
        $map = (Invoke-QemuImg 'map', '-U', '--output=json', $inc).Output | ConvertFrom-Json
        $own = @($map | Where-Object { $_.depth -eq 0 -and $_.data })
        $own.Count | Should -Be 1
        $own[0].start | Should -Be 1MB
        $own[0].length | Should -Be 64KB
        $read = & qemu-io -r -U -f qcow2 -c 'read -P 0xcd 1M 64k' -c 'read -P 0xab 0 1M' $inc 2>&1
        ($read -join "`n") | Should -Not -Match 'Pattern verification failed' -Because ($read -join "`n")
        # The checkpoint created with the backup follows inc0, as virsh sees it.
        (Invoke-Virsh $u 'checkpoint-parent', $guest, 'inc1') | Should -Be 'inc0'
        (Get-DomainCheckpoint -Connection $h -DomainName $guest -Name inc1).Parent | Should -Be 'inc0'
        # The next incremental, from inc1, with nothing written since: no cluster of its own.
        $inc2 = Join-Path $dir 'inc2.qcow2'
        Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $inc2 -Incremental inc1
        @((Invoke-QemuImg 'map', '-U', '--output=json', $inc2).Output | ConvertFrom-Json | Where-Object { $_.depth -eq 0 -and $_.data }).Count | Should -Be 0
    }

    It 'a pull backup returns its NBD export, which qemu-img reads as the source; Get-DomainBackupXml is backup-dumpxml; Stop-DomainJob ends it' {
        $port = 20000 + (Get-Random -Maximum 20000)
        $scratch = Join-Path $dir 'scratch.qcow2'
        $b = Start-DomainBackup -Connection $h -Name $guest -Pull -Listen "127.0.0.1:$port" -Disk vdb -Scratch $scratch
        try {
            $b | Should -BeOfType PSLibvirt.DomainBackup
            $b.Mode | Should -Be 'Pull'
            $b.Domain | Should -Be $guest
            $b.Transport | Should -Be 'tcp'
            $b.Host | Should -Be '127.0.0.1'
            $b.Port | Should -Be $port
            $b.Disks.Name | Should -Be 'vdb'
            $b.Disks[0].ExportName | Should -Be 'vdb'
            $b.Disks[0].Scratch | Should -Be $scratch
            $b.ExportUris | Should -Be "nbd://127.0.0.1:$port/vdb"
            $info = (Invoke-QemuImg 'info', '--output=json', $b.ExportUris[0]).Output | ConvertFrom-Json
            $info.'virtual-size' | Should -Be 16MB
            $cmp = Invoke-QemuImg 'compare', '-U', '-F', 'qcow2', $b.ExportUris[0], $disk
            $cmp.ExitCode | Should -Be 0 -Because $cmp.Output
            # The oracle for the running job's XML.
            (Get-DomainBackupXml -Connection $h -Name $guest).TrimEnd() | Should -Be (Invoke-Virsh $u 'backup-dumpxml', $guest)
            (Get-DomainBackupXml -Connection $h -Name $guest -AsXml).domainbackup.mode | Should -Be 'pull'
            # Another backup while this one runs is refused at once (libvirt would wait 30 s for its job lock), with the domain as target.
            $err = $null
            Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target (Join-Path $dir 'second.qcow2') -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'DomainJobActive,PSLibvirt.Commands.StartDomainBackupCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $err[0].Exception.Message | Should -Match "already has a job running \(Backup\)"
            $err[0].TargetObject | Should -Be $guest
            Test-Path (Join-Path $dir 'second.qcow2') | Should -BeFalse
        } finally {
            Stop-DomainJob -Connection $h -Name $guest -Confirm:$false
        }
        Wait-NoJob
        { Get-DomainBackupXml -Connection $h -Name $guest -ErrorAction Stop } | Should -Throw -ErrorId 'LibvirtNoDomainBackup,*'
    }

    It 'a pull backup on a UNIX socket names nbd+unix URIs that qemu-img reads' {
        $sock = Join-Path $dir 'nbd.sock'
        # libvirt 9.0 cannot pick a scratch file itself here ("argument key 'filename' must not have null value", virsh too): give one.
        $b = Start-DomainBackup -Connection $h -Name $guest -Pull -Listen "unix:$sock" -Disk vdb -Scratch (Join-Path $dir 'scratch2.qcow2')
        try {
            $b.Transport | Should -Be 'unix'
            $b.Socket | Should -Be $sock
            $b.ExportUris | Should -Be "nbd+unix:///vdb?socket=$sock"
            ((Invoke-QemuImg 'info', '--output=json', $b.ExportUris[0]).Output | ConvertFrom-Json).'virtual-size' | Should -Be 16MB
        } finally {
            Stop-DomainJob -Connection $h -Name $guest -Confirm:$false
        }
        Wait-NoJob
    }

    It 'a target file that exists is libvirt''s InvalidArgument naming it, and is left alone; -WhatIf starts nothing' {
        $exists = Join-Path $dir 'exists.qcow2'
        Set-Content $exists 'keep'
        $err = $null
        Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $exists -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtInvalidArg,PSLibvirt.Commands.StartDomainBackupCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*'$exists'*exists*"
        Get-Content $exists | Should -Be 'keep'
        Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target (Join-Path $dir 'whatif.qcow2') -WhatIf
        Test-Path (Join-Path $dir 'whatif.qcow2') | Should -BeFalse
        (Invoke-Virsh $u 'domjobinfo', $guest, '--completed') | Should -Not -Match 'whatif'
    }

    It '-NoWait returns the started push backup at once; -AsJob runs it as a job whose progress completes' {
        $nw = Join-Path $dir 'nowait.qcow2'
        $b = Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $nw -NoWait
        $b | Should -BeOfType PSLibvirt.DomainBackup
        $b.Mode | Should -Be 'Push'
        $b.Disks[0].Target | Should -Be $nw
        Wait-NoJob
        (Invoke-QemuImg 'compare', '-U', '-f', 'qcow2', '-F', 'qcow2', $nw, $disk).ExitCode | Should -Be 0
        $aj = Join-Path $dir 'asjob.qcow2'
        $job = Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $aj -AsJob
        $job | Should -BeOfType PSLibvirt.Commands.LibvirtJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $progress = @($job.ChildJobs[0].Progress)
        $progress.Count | Should -BeGreaterThan 0
        $progress[-1].RecordType | Should -Be 'Completed'
        $job | Remove-Job
        (Invoke-QemuImg 'compare', '-U', '-f', 'qcow2', '-F', 'qcow2', $aj, $disk).ExitCode | Should -Be 0
    }

    It 'Stop-Job (as Ctrl+C) aborts a running push backup: libvirt''s job ends, the job is Stopped, and a warning says so' {
        $target = Join-Path $dir 'aborted.qcow2'
        $job = Start-DomainBackup -Connection $h -Name $guest -Disk vdc -Target $target -AsJob
        try {
            # While libvirt sets the backup job up, virsh domjobinfo fails ("backup job data missing"): not yet.
            Wait-Until { $job.State -ne 'Running' -or $(try { (Invoke-Virsh $u 'domjobinfo', $guest) -match 'Operation:\s+Backup' } catch { $false }) } 30 'the backup job to run'
            $job.State | Should -Be 'Running' -Because 'a backup of 1 GiB outlasts its start'
            $job | Stop-Job
            $job.State | Should -Be 'Stopped'
            (Invoke-Virsh $u 'domjobinfo', $guest) | Should -Match 'Job type:\s+None' -Because 'the cmdlet aborted libvirt''s job and waited for it to end'
            @($job.ChildJobs[0].Warning | ForEach-Object Message) -join ' ' | Should -Match "The backup of domain '$guest' was aborted"
            @($job.ChildJobs[0].Progress)[-1].RecordType | Should -Be 'Completed'
        } finally { $job | Remove-Job -Force }
        # The domain takes the next backup.
        $after = Join-Path $dir 'after-abort.qcow2'
        Start-DomainBackup -Connection $h -Name $guest -Disk vdb -Target $after
        (Invoke-QemuImg 'compare', '-U', '-f', 'qcow2', '-F', 'qcow2', $after, $disk).ExitCode | Should -Be 0
    }
}
