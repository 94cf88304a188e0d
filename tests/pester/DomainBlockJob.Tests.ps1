#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Block jobs (virsh blockcopy, blockcommit, blockpull, blockresize, blockjob, domblkthreshold): errors on the test
# driver, and the jobs themselves on real QEMU guests of a private libvirtd (tests/harness). The guests boot nothing:
# QEMU runs block jobs without a guest OS. Disks hold known data written with qemu-io before the guest starts, and
# qemu-img / qemu-io (-U: the running QEMU holds the images' locks) check what the jobs did; virsh on the same URI
# is the oracle for what the domain uses.

Describe 'Block jobs on the test driver' -Tag 'Domain', 'BlockJob' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        $t = Connect-Hypervisor -Uri test:///default -Name 'bj-test'
    }
    AfterAll { if ($t) { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue } }

    It '<Command> says the test driver has no block jobs (NotImplemented, the domain as target)' -ForEach @(
        @{ Command = 'Get-DomainBlockJob'; Arguments = @{ } }
        @{ Command = 'Copy-DomainDisk'; Arguments = @{ Disk = 'vda'; Destination = "/tmp/pslv-bj-$([guid]::NewGuid()).img" } }
        @{ Command = 'Merge-DomainDisk'; Arguments = @{ Disk = 'vda' } }
        @{ Command = 'Merge-DomainDisk'; Arguments = @{ Disk = 'vda'; Pull = $true } }
        @{ Command = 'Resize-DomainDisk'; Arguments = @{ Disk = 'vda'; Size = 2TB } }
        @{ Command = 'Stop-DomainBlockJob'; Arguments = @{ Disk = 'vda' } }
        @{ Command = 'Set-DomainBlockJob'; Arguments = @{ Disk = 'vda'; BandwidthBytes = 1MB } }
        @{ Command = 'Set-DomainBlockThreshold'; Arguments = @{ Disk = 'vda'; Threshold = 1MB } }
    ) {
        $err = $null
        $confirm = if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { @{ Confirm = $false } } else { @{ } }
        $out = & $Command -Name test -Connection $t @Arguments @confirm -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtNoSupport,PSLibvirt.Commands.*'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].TargetObject | Should -Be 'test'
    }

    It '<Command> -Disk vdx names the domain and its disks (DiskNotFound, ObjectNotFound)' -ForEach @(
        @{ Command = 'Get-DomainBlockJob'; Arguments = @{ Disk = 'vdx' } }
        @{ Command = 'Copy-DomainDisk'; Arguments = @{ Disk = 'vdx'; Destination = '/tmp/pslv-bj-never.img' } }
        @{ Command = 'Merge-DomainDisk'; Arguments = @{ Disk = 'vdx' } }
        @{ Command = 'Resize-DomainDisk'; Arguments = @{ Disk = 'vdx'; Size = 1GB } }
        @{ Command = 'Stop-DomainBlockJob'; Arguments = @{ Disk = 'vdx' } }
        @{ Command = 'Set-DomainBlockJob'; Arguments = @{ Disk = 'vdx'; BandwidthBytes = 1MB } }
        @{ Command = 'Set-DomainBlockThreshold'; Arguments = @{ Disk = 'vdx[1]'; Threshold = 1MB } }
    ) {
        $err = $null
        $confirm = if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { @{ Confirm = $false } } else { @{ } }
        & $Command -Name test -Connection $t @Arguments @confirm -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be "DiskNotFound,PSLibvirt.Commands.$($Command -replace '-', '')Command"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'test'
        $err[0].Exception.Message | Should -Match "Domain 'test' .* no disk with target 'vdx': its disks are vda"
    }

    It 'an unknown disk of one domain does not stop the next input' {
        $err = $null
        Get-DomainBlockJob -Name test, test -Disk vdx -Connection $t -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 2
    }

    It 'Copy-DomainDisk refuses <Case> before it touches the domain' -ForEach @(
        @{ Case = 'no destination'; Arguments = @{ }; Id = 'DestinationMissing' }
        @{ Case = 'two destinations'; Arguments = @{ Destination = '/tmp/a'; DestinationXml = '<disk/>' }; Id = 'DestinationsExcludeEachOther' }
        @{ Case = '-Pivot with -Finish'; Arguments = @{ Destination = '/tmp/a'; Pivot = $true; Finish = $true }; Id = 'PivotAndFinish' }
        @{ Case = '-Format with -DestinationXml'; Arguments = @{ DestinationXml = '<disk/>'; Format = 'raw' }; Id = 'FormatAndDestinationXml' }
        @{ Case = '-Pool without a volume name'; Arguments = @{ Destination = '/tmp/a'; Pool = 'default-pool' }; Id = 'PoolWithoutVolumeName' }
    ) {
        { Copy-DomainDisk -Name test -Disk vda -Connection $t @Arguments -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,PSLibvirt.Commands.CopyDomainDiskCommand"
    }

    It 'Merge-DomainDisk refuses <Case>' -ForEach @(
        @{ Case = '-Pull with -Top'; Arguments = @{ Pull = $true; Top = '1' }; Id = 'PullAndTop' }
        @{ Case = '-Pull with -Pivot'; Arguments = @{ Pull = $true; Pivot = $true }; Id = 'PullAndPivot' }
        @{ Case = '-Pivot with -KeepOverlay'; Arguments = @{ Pivot = $true; KeepOverlay = $true }; Id = 'PivotAndKeepOverlay' }
        @{ Case = '-Top with -Active'; Arguments = @{ Top = '1'; Active = $true }; Id = 'TopWithActive' }
    ) {
        { Merge-DomainDisk -Name test -Disk vda -Connection $t @Arguments -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,PSLibvirt.Commands.MergeDomainDiskCommand"
    }

    It 'Tab completes -Disk of every block job cmdlet from the disks of the domain named' -ForEach @(
        @{ Command = 'Get-DomainBlockJob' }, @{ Command = 'Copy-DomainDisk' }, @{ Command = 'Merge-DomainDisk' },
        @{ Command = 'Resize-DomainDisk' }, @{ Command = 'Stop-DomainBlockJob' }, @{ Command = 'Set-DomainBlockThreshold' },
        @{ Command = 'Set-DomainBlockJob' }
    ) {
        function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
        Complete "$Command -Name test -Connection bj-test -Disk " | Should -Be 'vda'
        Complete "$Command -Name test -Connection bj-test -Disk x" | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing and calls no block job function' {
        $err = $null
        Copy-DomainDisk -Name test -Disk vda -Destination /tmp/pslv-bj-whatif.img -Pivot -Connection $t -WhatIf -ErrorVariable err
        Merge-DomainDisk -Name test -Disk vda -Pivot -Connection $t -WhatIf -ErrorVariable +err
        Resize-DomainDisk -Name test -Disk vda -Size 2TB -Connection $t -WhatIf -ErrorVariable +err
        Set-DomainBlockJob -Name test -Disk vda -BandwidthBytes 1MB -Connection $t -WhatIf -ErrorVariable +err
        $err | Should -BeNullOrEmpty
        Test-Path /tmp/pslv-bj-whatif.img | Should -BeFalse
    }
}

Describe 'Block jobs on QEMU' -Tag 'Domain', 'BlockJob', 'Lifecycle' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        foreach ($tool in 'qemu-img', 'qemu-io') {
            if ($support.Supported -and -not (Get-Command $tool -ErrorAction Ignore)) {
                $support = [pscustomobject]@{ Supported = $false; Reason = "'$tool' is not installed (apt-get install qemu-utils)" }
            }
        }
        $daemon = $null
        $run = [System.IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 6)
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }

        function Invoke-Tool([string] $Tool, [string[]] $Arguments) {
            $PSNativeCommandUseErrorActionPreference = $false
            $out = & $Tool @Arguments 2>&1
            if ($LASTEXITCODE) { throw "$Tool $($Arguments -join ' ') failed ($LASTEXITCODE): $($out -join ' ')" }
            ($out -join "`n")
        }
        # A qcow2 image (optionally over a backing image) with a byte pattern written at an offset.
        function New-Image([string] $Path, [string] $Backing, [string] $Pattern, [string] $Offset, [string] $Length = '4M', [string] $Size = '64M') {
            if ($Backing) { Invoke-Tool qemu-img 'create', '-q', '-f', 'qcow2', '-b', $Backing, '-F', 'qcow2', $Path | Out-Null }
            else { Invoke-Tool qemu-img 'create', '-q', '-f', 'qcow2', $Path, $Size | Out-Null }
            if ($Pattern) { Invoke-Tool qemu-io '-f', 'qcow2', '-c', "write -P $Pattern $Offset $Length", $Path | Out-Null }
        }
        # True when the image (whole chain) reads the pattern at the offset; -U: the running QEMU holds the lock.
        function Test-Pattern([string] $Path, [string] $Pattern, [string] $Offset, [string] $Length = '4M') {
            $out = Invoke-Tool qemu-io '-U', '-f', 'qcow2', '-r', '-c', "read -P $Pattern $Offset $Length", $Path
            $out -notmatch 'Pattern verification failed' -and $out -match 'read \d+/\d+ bytes'
        }
        # QEMU keeps qcow2 metadata in memory: pausing the guest flushes every image (vm_stop), so qemu-io/qemu-img
        # then read what the guest sees. The guest runs no OS, so nothing writes after the resume.
        function Sync-Guest([string] $Name) {
            Invoke-Virsh 'suspend', $Name | Out-Null
            Invoke-Virsh 'resume', $Name | Out-Null
        }
        # Defines and starts a guest whose vda is the image, running a diskless TCG machine.
        function Start-BlockGuest([string] $Name, [string] $Image, [switch] $NoStart) {
            $diskXml = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$Image'/><target dev='vda' bus='virtio'/></disk>"
            $xml = (New-TestGuestXml -Name $Name) -replace '<devices>', "<devices>$diskXml"
            if ($NoStart) {
                Set-Content -LiteralPath (Join-Path $daemon.Directory "$Name.xml") -Value $xml
                Invoke-Virsh 'define', (Join-Path $daemon.Directory "$Name.xml") | Out-Null
            }
            else { Start-TestGuest -Daemon $daemon -Name $Name -Xml $xml }
        }
        function Get-VdaSource([string] $Name) {
            $row = Invoke-Virsh 'domblklist', $Name -As Lines | Where-Object { $_ -match '^vda\s' }
            ($row -split '\s+', 2)[1]
        }
        function Get-VirshJob([string] $Name) {
            # virsh -q prints nothing for a disk without a job.
            try { Invoke-Virsh 'blockjob', $Name, 'vda', '--info', '--bytes' } catch { "error: $_" }
        }
        function Get-Chain([string] $Name) {
            $x = [xml](Invoke-Virsh 'dumpxml', $Name)
            $disk = $x.domain.devices.disk | Where-Object { $_.target.dev -eq 'vda' }
            $chain = @()
            $e = $disk
            while ($e -and $e.source) { $chain += $e.source.file; $e = $e.backingStore }
            $chain
        }
        function Get-Dir { $daemon.Directory }

        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-bj'
            $dir = $daemon.Directory
            # The copy guest: 32 MiB of 0xab at the start of a 64 MiB disk.
            $copyGuest = "pslv-bjc-$run"
            # What vda uses now: the copy tests that pivot move it.
            $state = @{ Source = (Join-Path $dir 'copy-src.qcow2') }
            New-Image $state.Source -Pattern 0xab -Offset 0 -Length 32M
            Start-BlockGuest $copyGuest $state.Source
        }
    }

    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    Context 'Copy-DomainDisk, Get-DomainBlockJob and Stop-DomainBlockJob' {
        AfterEach {
            # Whatever a failed test left: no job runs into the next one.
            if ($daemon) { try { Invoke-Virsh 'blockjob', $copyGuest, 'vda', '--abort' | Out-Null } catch { } }
        }

        It 'Get-DomainBlockJob writes nothing for a disk without a job' {
            $err = $null
            Get-DomainBlockJob -Name $copyGuest -Connection $conn -ErrorVariable err | Should -BeNullOrEmpty
            Get-DomainBlockJob -Name $copyGuest -Disk vda -Connection $conn -ErrorVariable +err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'a slow copy is left mirroring: Get-DomainBlockJob reads it as virsh blockjob --info does; Stop-DomainBlockJob ends it' {
            $dest = Join-Path $dir 'slow.qcow2'
            $started = Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $dest -BandwidthBytes 1MB -Connection $conn -ErrorAction Stop
            $started.Type | Should -Be 'Copy'
            $started.Disk | Should -Be 'vda'
            # The job says which domain it belongs to, by the UUID virsh reads too.
            $started.Uuid | Should -Be (Invoke-Virsh 'domuuid', $copyGuest).Trim()
            $j = Get-DomainBlockJob -Name $copyGuest -Connection $conn -ErrorAction Stop
            $j | Should -HaveCount 1
            $j.Domain | Should -Be $copyGuest
            $j.Type | Should -Be ([PSLibvirt.DomainBlockJobType]::Copy)
            $j.Bandwidth | Should -Be 1MB
            $j.End | Should -BeGreaterThan 0
            $j.Ready | Should -BeFalse
            $virsh = Get-VirshJob $copyGuest
            $virsh | Should -Match 'Block Copy: \[\s*\d+ %\]'
            $virsh | Should -Match 'Bandwidth limit: 1048576 bytes/s'
            Stop-DomainBlockJob -Name $copyGuest -Disk vda -Connection $conn -Confirm:$false -ErrorAction Stop
            Get-VirshJob $copyGuest | Should -BeNullOrEmpty
            Get-DomainBlockJob -Name $copyGuest -Connection $conn | Should -BeNullOrEmpty
            Get-VdaSource $copyGuest | Should -Be $state.Source
        }

        It 'Set-DomainBlockJob changes the bandwidth of the running copy as virsh blockjob --bandwidth does; -PassThru writes the job; 0 removes the limit' {
            $dest = Join-Path $dir 'speed.qcow2'
            $null = Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $dest -BandwidthBytes 512KB -Connection $conn -ErrorAction Stop
            (Get-DomainBlockJob -Name $copyGuest -Disk vda -Connection $conn).Bandwidth | Should -Be 512KB
            $j = Set-DomainBlockJob -Name $copyGuest -Disk vda -BandwidthBytes 2MB -PassThru -Connection $conn -ErrorAction Stop
            $j.Bandwidth | Should -Be 2MB
            $j.Disk | Should -Be 'vda'
            Get-VirshJob $copyGuest | Should -Match 'Bandwidth limit: 2097152 bytes/s'
            Set-DomainBlockJob -Name $copyGuest -Disk vda -BandwidthBytes 0 -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            # Unlimited, the copy may already be done mirroring: the job is read while it is still there.
            (Get-DomainBlockJob -Name $copyGuest -Disk vda -Connection $conn).Bandwidth | Should -Be 0
            Stop-DomainBlockJob -Name $copyGuest -Disk vda -Connection $conn -Confirm:$false -ErrorAction Stop
            Get-VdaSource $copyGuest | Should -Be $state.Source
        }

        It 'Set-DomainBlockJob on a disk without a job is libvirt''s refusal, as virsh blockjob --bandwidth gets it; the next domain is still tried' {
            { Invoke-Virsh 'blockjob', $copyGuest, 'vda', '--bandwidth', '1' } | Should -Throw '*does not have an active block job*'
            $err = $null
            Set-DomainBlockJob -Name $copyGuest, $copyGuest -Disk vda -BandwidthBytes 1MB -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 2
            # QEMU's driver in libvirt 9.0 reports it as VIR_ERR_INVALID_ARG.
            $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtInvalidArg,PSLibvirt.Commands.SetDomainBlockJobCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $copyGuest
            "$($err[0])" | Should -Match 'does not have an active block job'
        }

        It '-Pivot copies the disk, then the domain uses the copy, which holds the same data' {
            $dest = Join-Path $dir 'pivot.qcow2'
            Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $dest -Pivot -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            Get-VdaSource $copyGuest | Should -Be $dest
            Get-VirshJob $copyGuest | Should -BeNullOrEmpty
            Sync-Guest $copyGuest
            Invoke-Tool qemu-img 'compare', '-U', $state.Source, $dest | Should -Match 'Images are identical'
            Test-Pattern $dest 0xab 0 32M | Should -BeTrue
            # Back to the original for the next tests.
            Copy-DomainDisk -Name $copyGuest -Disk vda -Destination (Join-Path $dir 'back.qcow2') -Pivot -Connection $conn -ErrorAction Stop
            $state.Source = Join-Path $dir 'back.qcow2'
        }

        It '-Wait returns the ready copy; Stop-DomainBlockJob -Pivot switches the disk to it' {
            $dest = Join-Path $dir 'wait.qcow2'
            $j = Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $dest -Wait -Connection $conn -ErrorAction Stop
            $j.Ready | Should -BeTrue
            $j.Current | Should -Be $j.End
            (Get-DomainBlockJob -Name $copyGuest -Disk vda -Connection $conn).Ready | Should -BeTrue
            Stop-DomainBlockJob -Name $copyGuest -Disk vda -Pivot -Connection $conn -Confirm:$false -ErrorAction Stop
            Get-VdaSource $copyGuest | Should -Be $dest
            Sync-Guest $copyGuest
            Invoke-Tool qemu-img 'compare', '-U', $state.Source, $dest | Should -Match 'Images are identical'
            $state.Source = $dest
        }

        It 'refuses a destination that exists without -ReuseExternal, and leaves the domain as it was' {
            $existing = Join-Path $dir 'exists.qcow2'
            New-Image $existing -Pattern 0x11 -Offset 0
            $before = (Get-FileHash $existing).Hash
            $err = $null
            Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $existing -Pivot -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            # A remote connection (qemu+tcp) leaves the check to libvirt; a local one checks first (DestinationExists).
            $err[0].FullyQualifiedErrorId | Should -BeIn @('LibvirtConfigUnsupported,PSLibvirt.Commands.CopyDomainDiskCommand', 'DestinationExists,PSLibvirt.Commands.CopyDomainDiskCommand')
            $err[0].Exception.Message | Should -Match 'already exists|exists'
            (Get-FileHash $existing).Hash | Should -Be $before
            Get-VdaSource $copyGuest | Should -Be $state.Source
            Get-VirshJob $copyGuest | Should -BeNullOrEmpty
        }

        It '-ReuseExternal -Finish copies into an image made beforehand; the domain keeps its disk' {
            $target = Join-Path $dir 'reuse.qcow2'
            New-Image $target -Pattern 0x11 -Offset 0
            $verbose = Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $target -ReuseExternal -Format qcow2 -Finish -Connection $conn -ErrorAction Stop -Verbose 4>&1
            # libvirt 9.0 copies a persistent domain's disk only as a transient job: the cmdlet passes the flag and says so.
            ($verbose | Out-String) | Should -Match "Domain '$copyGuest' is persistent: the copy runs as a transient job"
            Get-VdaSource $copyGuest | Should -Be $state.Source
            Get-VirshJob $copyGuest | Should -BeNullOrEmpty
            Sync-Guest $copyGuest
            Invoke-Tool qemu-img 'compare', '-U', $state.Source, $target | Should -Match 'Images are identical'
        }

        It '-AsJob copies and pivots in a job that completes' {
            $dest = Join-Path $dir 'asjob.qcow2'
            $job = Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $dest -Pivot -AsJob -Connection $conn
            $job | Should -BeOfType ([System.Management.Automation.Job])
            $job | Wait-Job -Timeout 120 | Out-Null
            $job.State | Should -Be 'Completed'
            $job | Receive-Job -ErrorAction Stop | Should -BeNullOrEmpty
            Get-VdaSource $copyGuest | Should -Be $dest
            Sync-Guest $copyGuest
            Invoke-Tool qemu-img 'compare', '-U', $state.Source, $dest | Should -Match 'Images are identical'
            $state.Source = $dest
        }

        It 'Stop-Job aborts a slow copy: a warning says so, no job is left and the domain keeps its disk' {
            $dest = Join-Path $dir 'stopped.qcow2'
            $job = Copy-DomainDisk -Name $copyGuest -Disk vda -Destination $dest -BandwidthBytes 512KB -Pivot -AsJob -Connection $conn
            Wait-Until -TimeoutSeconds 60 -IntervalMilliseconds 100 -What 'the copy to run' -Condition { (Get-VirshJob $copyGuest) -match 'Block Copy' }
            $job | Stop-Job
            $job.State | Should -Be 'Stopped'
            $warnings = $job.ChildJobs[0].Warning
            ($warnings | Out-String) | Should -Match "block copy of disk 'vda' of domain '$copyGuest' was aborted"
            Get-VirshJob $copyGuest | Should -BeNullOrEmpty
            Get-VdaSource $copyGuest | Should -Be $state.Source
        }
    }

    Context 'Copy-DomainDisk: a storage volume, and Ctrl+C' {
        AfterEach {
            if ($daemon) { try { Invoke-Virsh 'blockjob', $copyGuest, 'vda', '--abort' | Out-Null } catch { } }
        }

        It '-DestinationVolume -Pool copies into an existing volume (by name and as an object) and ends the mirror' {
            $poolDir = Join-Path $dir 'pool'
            $null = New-Item -ItemType Directory -Path $poolDir
            foreach ($a in @('pool-define-as', 'pslv-bj', 'dir', '--target', $poolDir), @('pool-start', 'pslv-bj'),
                @('vol-create-as', 'pslv-bj', 'v1.qcow2', '64M', '--format', 'qcow2'), @('vol-create-as', 'pslv-bj', 'v2.qcow2', '64M', '--format', 'qcow2')) {
                Invoke-Virsh $a | Out-Null
            }
            Copy-DomainDisk -Name $copyGuest -Disk vda -DestinationVolume v1.qcow2 -Pool pslv-bj -Finish -Connection $conn -ErrorAction Stop
            $volume = Get-StorageVolume -PoolName pslv-bj -Name v2.qcow2 -Connection $conn -ErrorAction Stop
            Copy-DomainDisk -Name $copyGuest -Disk vda -DestinationVolume $volume -Finish -Connection $conn -ErrorAction Stop
            Get-VdaSource $copyGuest | Should -Be $state.Source
            Sync-Guest $copyGuest
            foreach ($v in 'v1.qcow2', 'v2.qcow2') {
                Invoke-Tool qemu-img 'compare', '-U', $state.Source, (Join-Path $poolDir $v) | Should -Match 'Images are identical'
            }
            $err = $null
            Copy-DomainDisk -Name $copyGuest -Disk vda -DestinationVolume nothere.qcow2 -Pool pslv-bj -Finish -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'StorageVolumeNotFound,PSLibvirt.Commands.CopyDomainDiskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'Ctrl+C (PowerShell.Stop) during a slow copy aborts the block job; the domain keeps its disk' {
            $ps = [powershell]::Create()
            try {
                # A runspace of its own (the module imported there; connections are process-wide), stopped as Ctrl+C stops a pipeline.
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $modulePath).AddStatement()
                $null = $ps.AddCommand('Copy-DomainDisk').AddParameter('Name', $copyGuest).AddParameter('Disk', 'vda').
                    AddParameter('Destination', (Join-Path $dir 'ctrlc.qcow2')).AddParameter('BandwidthBytes', 512KB).AddParameter('Pivot').
                    AddParameter('Connection', $conn)
                $async = $ps.BeginInvoke()
                Wait-Until -TimeoutSeconds 60 -IntervalMilliseconds 100 -What 'the copy to run' -Condition { (Get-VirshJob $copyGuest) -match 'Block Copy' }
                $ps.Stop()
                Wait-Until -TimeoutSeconds 30 -IntervalMilliseconds 50 -What 'the stopped pipeline to end' -Condition { $async.IsCompleted }
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                # The warning that says so cannot be written inline: a stopped pipeline takes no more records (the
                # Stop-Job test above reads it from the child job, as Move-Domain's tests do).
                Get-VirshJob $copyGuest | Should -BeNullOrEmpty
                Get-VdaSource $copyGuest | Should -Be $state.Source
            }
            finally { $ps.Dispose() }
        }
    }

    Context 'Ctrl+C in a terminal' {
        It 'Ctrl+C in pwsh (tmux) aborts the copy and the console shows the warning that it was aborted' {
            $tmux = Get-Command tmux -CommandType Application -ErrorAction Ignore | Select-Object -First 1
            if (-not $tmux) { Set-ItResult -Skipped -Because 'tmux is not installed (build.ps1 installs it with the Debian packages)'; return }
            $socket = "pslv-bj-$PID"
            $script = Join-Path $dir 'ctrlc-tty.ps1'
            Set-Content -LiteralPath $script -Value @"
Import-Module '$modulePath'
`$null = Connect-Hypervisor -Uri '$($daemon.Uri)'
Copy-DomainDisk -Name '$copyGuest' -Disk vda -Destination '$(Join-Path $dir 'ctrlc-tty.qcow2')' -BandwidthBytes 512KB -Pivot
"@
            $pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { "'$([Environment]::ProcessPath)' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$([Environment]::ProcessPath)'" }
            $env:TERM = 'xterm-256color'
            function Get-Screen { (& $tmux -L $socket capture-pane -p -J -t bj) -join "`n" }
            try {
                # -NoExit: after Ctrl+C stops the script, pwsh stays with its prompt and the screen keeps what was written.
                & $tmux -L $socket new-session -d -s bj -x 200 -y 40 "$pwsh -NoProfile -NoExit -File '$script'"
                $LASTEXITCODE | Should -Be 0
                # The user sees the progress bar, then presses Ctrl+C.
                Wait-Until -TimeoutSeconds 90 -IntervalMilliseconds 100 -What 'the progress of the copy on the screen' -Condition { (Get-Screen) -match 'Copying disk vda' }
                (Get-VirshJob $copyGuest) | Should -Match 'Block Copy'
                & $tmux -L $socket send-keys -t bj 'C-c'
                try { Wait-Until -TimeoutSeconds 30 -IntervalMilliseconds 100 -What 'the warning on the screen' -Condition { (Get-Screen) -match 'was aborted' } }
                catch { throw "$_; the screen: $((Get-Screen) -replace '\s+', ' ')" }
                (Get-Screen) -replace '\s+', ' ' | Should -Match "WARNING: The block copy of disk 'vda' of domain '$copyGuest' was aborted: the disk stays on its original image\."
                Get-VirshJob $copyGuest | Should -BeNullOrEmpty
                Get-VdaSource $copyGuest | Should -Be $state.Source
            }
            finally { & $tmux -L $socket kill-server 2>$null }
        }
    }

    Context 'Merge-DomainDisk: commit and pull' {
        BeforeAll {
            if ($support.Supported) {
                # base (0xab at 0) <- mid (0xcd at 4M) <- top (0xef at 8M): the guest runs on top.
                $commitGuest = "pslv-bjm-$run"
                $base = Join-Path $dir 'm-base.qcow2'; $mid = Join-Path $dir 'm-mid.qcow2'; $top = Join-Path $dir 'm-top.qcow2'
                New-Image $base -Pattern 0xab -Offset 0
                New-Image $mid -Backing $base -Pattern 0xcd -Offset 4M
                New-Image $top -Backing $mid -Pattern 0xef -Offset 8M
                Start-BlockGuest $commitGuest $top
                $pullGuest = "pslv-bjp-$run"
                $pbase = Join-Path $dir 'p-base.qcow2'; $ptop = Join-Path $dir 'p-top.qcow2'
                New-Image $pbase -Pattern 0xab -Offset 0
                New-Image $ptop -Backing $pbase -Pattern 0xef -Offset 8M
                Start-BlockGuest $pullGuest $ptop
            }
        }

        It 'commits the middle image into the base (-Top 1): the chain loses it and the base holds its data' {
            Get-Chain $commitGuest | Should -Be @($top, $mid, $base)
            Merge-DomainDisk -Name $commitGuest -Disk vda -Top 1 -Base 2 -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            Get-Chain $commitGuest | Should -Be @($top, $base)
            Sync-Guest $commitGuest
            Test-Pattern $base 0xcd 4M | Should -BeTrue
            Test-Pattern $base 0xab 0 | Should -BeTrue
            Test-Pattern $top 0xef 8M | Should -BeTrue
        }

        It 'an active commit with -Pivot moves the disk to the base, which then holds the overlay''s data' {
            Merge-DomainDisk -Name $commitGuest -Disk vda -Pivot -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            Get-VdaSource $commitGuest | Should -Be $base
            Get-Chain $commitGuest | Should -Be @($base)
            Get-VirshJob $commitGuest | Should -BeNullOrEmpty
            Sync-Guest $commitGuest
            Test-Pattern $base 0xef 8M | Should -BeTrue
            Test-Pattern $base 0xcd 4M | Should -BeTrue
            Test-Pattern $base 0xab 0 | Should -BeTrue
        }

        It '-KeepOverlay ends a ready active commit with the overlay still in use' {
            $overlay = Join-Path $dir 'm-ov1.qcow2'
            Invoke-Virsh 'snapshot-create-as', $commitGuest, '--disk-only', '--no-metadata', '--diskspec', "vda,file=$overlay" | Out-Null
            Get-Chain $commitGuest | Should -Be @($overlay, $base)
            Merge-DomainDisk -Name $commitGuest -Disk vda -KeepOverlay -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            Get-VdaSource $commitGuest | Should -Be $overlay
            Get-Chain $commitGuest | Should -Be @($overlay, $base)
            Get-VirshJob $commitGuest | Should -BeNullOrEmpty
        }

        It 'an active commit left mirroring (-Wait) is a ready ActiveCommit job, as virsh sees it; Stop-DomainBlockJob -Pivot moves the disk to the base' {
            $j = Merge-DomainDisk -Name $commitGuest -Disk vda -Wait -Connection $conn -ErrorAction Stop
            $j.Type | Should -Be ([PSLibvirt.DomainBlockJobType]::ActiveCommit)
            $j.Uuid | Should -Be (Invoke-Virsh 'domuuid', $commitGuest).Trim()
            $j.Ready | Should -BeTrue
            (Get-DomainBlockJob -Name $commitGuest -Connection $conn).Type | Should -Be 'ActiveCommit'
            Get-VirshJob $commitGuest | Should -Match 'Active Block Commit: \[100 %\]'
            Stop-DomainBlockJob -Name $commitGuest -Disk vda -Pivot -Connection $conn -Confirm:$false -ErrorAction Stop
            Get-VdaSource $commitGuest | Should -Be $base
            Get-Chain $commitGuest | Should -Be @($base)
            Get-VirshJob $commitGuest | Should -BeNullOrEmpty
        }

        It '-Pull copies the backing chain into the active image, which then stands alone' {
            Get-Chain $pullGuest | Should -Be @($ptop, $pbase)
            Merge-DomainDisk -Name $pullGuest -Disk vda -Pull -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            Get-Chain $pullGuest | Should -Be @($ptop)
            Get-VdaSource $pullGuest | Should -Be $ptop
            Sync-Guest $pullGuest
            (Invoke-Tool qemu-img 'info', '-U', '--output=json', $ptop | ConvertFrom-Json).'backing-filename' | Should -BeNullOrEmpty
            Test-Pattern $ptop 0xab 0 | Should -BeTrue
            Test-Pattern $ptop 0xef 8M | Should -BeTrue
        }

        It '-Pull of a disk without a backing image has nothing to do and succeeds' {
            Merge-DomainDisk -Name $pullGuest -Disk vda -Pull -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
            Get-Chain $pullGuest | Should -Be @($ptop)
        }

        It 'a commit of a disk without a backing image is libvirt''s error, with the domain as target' {
            $err = $null
            Merge-DomainDisk -Name $pullGuest -Disk vda -Pivot -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.MergeDomainDiskCommand'
            $err[0].TargetObject | Should -Be $pullGuest
            Get-VdaSource $pullGuest | Should -Be $ptop
        }
    }

    Context 'Resize-DomainDisk and Set-DomainBlockThreshold' {
        BeforeAll {
            if ($support.Supported) {
                $sizeGuest = "pslv-bjs-$run"
                $sizeImage = Join-Path $dir 's.qcow2'
                New-Image $sizeImage -Pattern 0xab -Offset 0
                Start-BlockGuest $sizeGuest $sizeImage
                function Get-Capacity { [long]((Invoke-Virsh 'domblkinfo', $sizeGuest, 'vda' -As Lines | Where-Object { $_ -match '^Capacity:' }) -replace '\D', '') }
                function Get-Threshold { (Invoke-Virsh 'domstats', '--block', $sizeGuest -As Lines | Where-Object { $_ -match '^block\.0\.threshold=' }) -replace '^.*=', '' }
            }
        }

        It 'grows the disk of the running guest to -Size (1GB literals), as virsh domblkinfo shows' {
            Get-Capacity | Should -Be 64MB
            Resize-DomainDisk -Name $sizeGuest -Disk vda -Size 128MB -Connection $conn -Confirm:$false -ErrorAction Stop
            Get-Capacity | Should -Be 128MB
        }

        It 'refuses to shrink without -Force (ShrinkNeedsForce), and shrinks with it' {
            $err = $null
            Resize-DomainDisk -Name $sizeGuest -Disk vda -Size 96MB -Connection $conn -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ShrinkNeedsForce,PSLibvirt.Commands.ResizeDomainDiskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].TargetObject | Should -Be $sizeGuest
            Get-Capacity | Should -Be 128MB
            Resize-DomainDisk -Name $sizeGuest -Disk vda -Size 96MB -Force -Connection $conn -Confirm:$false -ErrorAction Stop
            Get-Capacity | Should -Be 96MB
            Sync-Guest $sizeGuest
            Test-Pattern $sizeImage 0xab 0 | Should -BeTrue
        }

        It 'sets the write threshold (virsh domstats block.0.threshold) and removes it with 0' {
            Set-DomainBlockThreshold -Name $sizeGuest -Disk vda -Threshold 1MB -Connection $conn -ErrorAction Stop
            Get-Threshold | Should -Be '1048576'
            Set-DomainBlockThreshold -Name $sizeGuest -Disk vda -Threshold 0 -Connection $conn -ErrorAction Stop
            Get-Threshold | Should -BeNullOrEmpty
        }
    }

    Context 'a shut-off domain' {
        BeforeAll {
            if ($support.Supported) {
                $offGuest = "pslv-bjo-$run"
                $offImage = Join-Path $dir 'o.qcow2'
                New-Image $offImage -Pattern 0xab -Offset 0
                Start-BlockGuest $offGuest $offImage -NoStart
            }
        }

        It '<Command> says the domain is not running (InvalidOperation)' -ForEach @(
            @{ Command = 'Get-DomainBlockJob'; Arguments = @{ Disk = 'vda' } }
            @{ Command = 'Copy-DomainDisk'; Arguments = @{ Disk = 'vda'; Destination = '/tmp/pslv-bj-off-never.qcow2' } }
            @{ Command = 'Merge-DomainDisk'; Arguments = @{ Disk = 'vda'; Pull = $true } }
            @{ Command = 'Resize-DomainDisk'; Arguments = @{ Disk = 'vda'; Size = 128MB } }
            @{ Command = 'Set-DomainBlockThreshold'; Arguments = @{ Disk = 'vda'; Threshold = 1MB } }
        ) {
            $err = $null
            $confirm = if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { @{ Confirm = $false } } else { @{ } }
            & $Command -Name $offGuest -Connection $conn @Arguments @confirm -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtOperationInvalid,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].Exception.Message | Should -Match 'not running'
            $err[0].TargetObject | Should -Be $offGuest
            Test-Path /tmp/pslv-bj-off-never.qcow2 | Should -BeFalse
        }
    }
}
