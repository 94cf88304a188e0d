#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Move-Domain between two private libvirtd daemons of this machine (tests/harness: each has a host UUID and a block of
# migration ports of its own), virsh on both URIs as the oracle. Guests are diskless TCG guests of 64 MiB.

Describe 'Move-Domain between two QEMU daemons' -Tag 'Domain', 'Migration', 'Lifecycle' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $a = $b = $null
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $guest = "pslv-mig-$suffix"

        # 'running', 'shut off', or $null when the daemon does not know the domain.
        function Get-StateOn([string]$Uri, [string]$Name) {
            if ((Invoke-Virsh $Uri 'list', '--all', '--name' -As Lines) -notcontains $Name) { return $null }
            Invoke-Virsh $Uri 'domstate', $Name
        }
        function Test-PersistentOn([string]$Uri, [string]$Name) {
            (Invoke-Virsh $Uri 'dominfo', $Name -As Lines | Where-Object { $_ -like 'Persistent:*' }) -match 'yes'
        }
        # A pipeline of its own (its own Progress, Verbose, Error streams; Stop() is Ctrl+C) in a runspace with the module:
        # the open connections are the process's, so their names work there too.
        function New-ModuleShell {
            $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $iss.ImportPSModule($modulePath)
            [PowerShell]::Create($iss)
        }
        # -Ballast: 32 MiB of random bytes loaded into guest memory at start (QEMU's generic loader device). The guests
        # boot nothing, so their memory is otherwise zero pages, which QEMU sends as markers: a migration at 1 MiB/s
        # would end within a second or two; with the ballast it takes about 30 s, long enough to be stopped.
        function New-Guest([string]$Name, [switch]$Start, [switch]$Ballast) {
            $xml = Join-Path $a.Directory "$Name.xml"
            $text = New-TestGuestXml -Name $Name
            if ($Ballast) {
                # In /tmp, which both daemons' QEMU see at the same path (the destination's loader loads it too, before
                # the incoming memory replaces it).
                $bin = Join-Path $a.Directory 'ballast.bin'
                $bytes = [byte[]]::new(32MB); [System.Random]::new(7).NextBytes($bytes)
                [System.IO.File]::WriteAllBytes($bin, $bytes)
                $text = $text -replace "<domain type='qemu'>", "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>" -replace
                    '</domain>', "<qemu:commandline><qemu:arg value='-device'/><qemu:arg value='loader,file=$bin,addr=0x1000000,force-raw=on'/></qemu:commandline></domain>"
            }
            Set-Content -LiteralPath $xml -Value $text
            Invoke-Virsh $a.Uri 'define', $xml | Out-Null
            if ($Start) { Invoke-Virsh $a.Uri 'start', $Name | Out-Null }
        }

        if ($support.Supported) {
            $a = Start-PrivateLibvirtd
            $b = Start-PrivateLibvirtd
            $connA = Connect-Hypervisor -Uri $a.Uri -Name "pslv-mig-a-$suffix" -NotDefault
            $connB = Connect-Hypervisor -Uri $b.Uri -Name "pslv-mig-b-$suffix" -NotDefault
            $connA = Get-Hypervisor -Name "pslv-mig-a-$suffix"
            $connB = Get-Hypervisor -Name "pslv-mig-b-$suffix"
            New-Guest $guest -Start
            $busy = "pslv-mig-busy-$suffix"
            New-Guest $busy -Start -Ballast
        }
    }

    AfterAll {
        foreach ($c in $connA, $connB) { if ($c) { Disconnect-Hypervisor -Connection $c -ErrorAction SilentlyContinue } }
        if ($a) { Stop-PrivateLibvirtd -Daemon $a }
        if ($b) { Stop-PrivateLibvirtd -Daemon $b }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'has two daemons that libvirt sees as two hosts' {
        $a.HostUuid | Should -Not -Be $b.HostUuid
        # libvirt compares these (the host UUID in the migration cookie) to refuse "migrating to the same host".
        ([xml](Invoke-Virsh $a.Uri 'capabilities')).capabilities.host.uuid | Should -Be "$($a.HostUuid)"
        ([xml](Invoke-Virsh $b.Uri 'capabilities')).capabilities.host.uuid | Should -Be "$($b.HostUuid)"
    }

    It '-WhatIf moves nothing' {
        Move-Domain -Name $guest -Connection $connA -Destination $connB.Name -WhatIf | Should -BeNullOrEmpty
        Get-StateOn $a.Uri $guest | Should -Be 'running'
        Get-StateOn $b.Uri $guest | Should -BeNullOrEmpty
    }

    It 'moves a running guest live, shows progress that completes, and writes it as it is on the destination' {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        # Progress goes to the host: a pipeline with streams of its own keeps the records.
        $ps = New-ModuleShell
        $null = $ps.AddCommand('Move-Domain').AddParameter('Name', $guest).AddParameter('Connection', $connA.Name).
            AddParameter('Destination', $connB.Name).AddParameter('Live').AddParameter('PassThru').AddParameter('Verbose')
        $moved = $ps.Invoke()
        $ps.Streams.Error | Should -BeNullOrEmpty
        $sw.Stop()
        $progress = @($ps.Streams.Progress)
        $verbose = @($ps.Streams.Verbose | ForEach-Object Message)
        $ps.Dispose()

        @($moved).Count | Should -Be 1
        $moved[0].Name | Should -Be $guest
        $moved[0].Hypervisor.Name | Should -Be $connB.Name
        "$($moved[0].State)" | Should -Be 'Running'
        Get-StateOn $b.Uri $guest | Should -Be 'running'
        Test-PersistentOn $b.Uri $guest | Should -BeFalse -Because 'without -Persistent the destination runs it transient (virsh migrate)'
        Get-StateOn $a.Uri $guest | Should -Be 'shut off' -Because 'without -UndefineSource the definition stays on the source'
        # A progress record that completes, last; the summary says what libvirt measured.
        $progress.Count | Should -BeGreaterThan 0
        $progress[-1].RecordType | Should -Be 'Completed'
        $summary = $verbose | Where-Object { $_ -like 'Moved domain*' }
        $summary | Should -Match "^Moved domain '$guest' to '$($connB.Name)' \(live\) in [\d.]+ s, downtime \d+ ms\.$"
        Write-Host "    live migration A->B: $([Math]::Round($sw.Elapsed.TotalSeconds, 1)) s wall; $summary; $($progress.Count) progress records: $(($progress | Where-Object RecordType -NE 'Completed' | Select-Object -Last 1).StatusDescription)"
    }

    It 'moves it back with -Persistent -UndefineSource -PeerToPeer from the pipeline' {
        Get-Domain -Name $guest -Connection $connB | Move-Domain -Destination $connA -Persistent -UndefineSource -PeerToPeer -MaxDowntime 100
        Get-StateOn $a.Uri $guest | Should -Be 'running'
        Test-PersistentOn $a.Uri $guest | Should -BeTrue
        Get-StateOn $b.Uri $guest | Should -BeNullOrEmpty -Because '-UndefineSource leaves nothing on the source'
    }

    It 'reports a missing domain as DomainNotFound and still moves the next one' {
        $err = $null
        $out = Move-Domain -Name "pslv-missing-$suffix", $guest -Connection $connA -Destination $connB -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.MoveDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @($out).Count | Should -Be 1
        Get-StateOn $b.Uri $guest | Should -Be 'running'
        # ... and back, for the tests below.
        Move-Domain -Name $guest -Connection $connB -Destination $connA
        Get-StateOn $a.Uri $guest | Should -Be 'running'
    }

    It 'Move-Item of a domain to another drive is a live migration (drive to folder, and back to a drive root)' {
        $pathA = "$($connA.Name):\Domains\$guest"
        $pathB = "$($connB.Name):\Domains\$guest"
        $persistent = Test-PersistentOn $a.Uri $guest
        Move-Item -Path $pathA -Destination "$($connB.Name):\" -WhatIf
        Get-StateOn $a.Uri $guest | Should -Be 'running' -Because '-WhatIf moves nothing'
        $item = Move-Item -Path $pathA -Destination "$($connB.Name):\Domains" -PassThru
        $item.Name | Should -Be $guest
        $item.Hypervisor.Name | Should -Be $connB.Name
        $item.PSPath | Should -BeLike "*::$($connB.Name)/Domains/$guest"
        Get-StateOn $b.Uri $guest | Should -Be 'running'
        Test-PersistentOn $b.Uri $guest | Should -Be $persistent -Because 'a move keeps the domain persistent (or transient) as it was'
        if ($persistent) { Get-StateOn $a.Uri $guest | Should -BeNullOrEmpty -Because 'a persistent domain leaves the source' }
        Test-Path $pathB | Should -BeTrue
        Move-Item -Path $pathB -Destination "$($connA.Name):\" -MaxDowntime 200 -Bandwidth 10000
        Get-StateOn $a.Uri $guest | Should -Be 'running'
        # The switches of Move-Domain are Move-Item's dynamic parameters on a domain's path (not on others).
        $dynamic = (Get-Command Move-Item -ArgumentList $pathA).Parameters.Keys
        foreach ($p in 'Live', 'Offline', 'CopyStorage', 'Bandwidth', 'MaxDowntime', 'PeerToPeer', 'PostCopy') { $dynamic | Should -Contain $p }
        (Get-Command Move-Item -ArgumentList "$($connA.Name):\Networks").Parameters.Keys | Should -Not -Contain 'CopyStorage'
        Test-Path $pathA | Should -BeTrue
    }

    It 'Move-Item refuses what is not a move of a domain between drives, with a clear error' {
        $err = $null
        Move-Item -Path "$($connA.Name):\Domains\$guest" -Destination "$($connA.Name):\Domains" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'MoveNotSupported,Microsoft.PowerShell.Commands.MoveItemCommand'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$err" | Should -Match 'Rename-Item'
        Move-Item -Path "$($connA.Name):\Domains\$guest" -Destination "$($connB.Name):\Networks" -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$err2" | Should -Match 'not a drive or its Domains folder'
        Get-StateOn $a.Uri $guest | Should -Be 'running'
    }

    It 'Set-DomainMigrationParameter sets what virsh migrate-get* then reads, and Get- reads it back' {
        $out = Set-DomainMigrationParameter -Name $guest -Connection $connA -MaxDowntime 150 -Bandwidth 321 -PostCopyBandwidth 123 -CompressionCacheBytes 64MB -PassThru
        $out.Name | Should -Be $guest
        $out.MaxDowntimeMs | Should -Be 150
        Invoke-Virsh $a.Uri 'migrate-getmaxdowntime', $guest | Should -Be '150'
        Invoke-Virsh $a.Uri 'migrate-getspeed', $guest | Should -Be '321'
        Invoke-Virsh $a.Uri 'migrate-getspeed', $guest, '--postcopy' | Should -Be '123'
        Invoke-Virsh $a.Uri 'migrate-compcache', $guest | Should -Match "$(64MB)|64\.0+ MiB"
        $read = Get-Domain -Name $guest -Connection $connA | Get-DomainMigrationParameter
        $read.BandwidthMiBps | Should -Be 321
        $read.PostCopyBandwidthMiBps | Should -Be 123
        $read.CompressionCacheBytes | Should -Be 64MB
        $read.Hypervisor.Name | Should -Be $connA.Name
        Set-DomainMigrationParameter -Name $guest -Connection $connA -Bandwidth 1 -WhatIf
        Invoke-Virsh $a.Uri 'migrate-getspeed', $guest | Should -Be '321' -Because '-WhatIf sets nothing'
        Set-DomainMigrationParameter -Name $guest -Connection $connA -Bandwidth 8796093022207 -MaxDowntime 300  # QEMU's own: no limit
    }

    It 'refuses -Live for a domain that is not running, and moves it offline without (definition only)' {
        $cold = "pslv-mig-cold-$suffix"
        New-Guest $cold
        $err = $null
        Move-Domain -Name $cold -Connection $connA -Destination $connB -Live -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.MoveDomainCommand'
        Get-StateOn $b.Uri $cold | Should -BeNullOrEmpty

        $d = Move-Domain -Name $cold -Connection $connA -Destination $connB -UndefineSource -PassThru
        "$($d.State)" | Should -Be 'ShutOff'
        Get-StateOn $b.Uri $cold | Should -Be 'shut off'
        Test-PersistentOn $b.Uri $cold | Should -BeTrue
        Get-StateOn $a.Uri $cold | Should -BeNullOrEmpty
    }

    It 'says where the guest is when libvirt refuses, with libvirt''s id and category' {
        # The destination already runs a domain of that name with another UUID: libvirt refuses on the destination.
        $clash = "pslv-mig-clash-$suffix"
        New-Guest $clash -Start
        $xml = Join-Path $b.Directory "$clash.xml"
        Set-Content -LiteralPath $xml -Value (New-TestGuestXml -Name $clash)
        Invoke-Virsh $b.Uri 'define', $xml | Out-Null
        $err = $null
        Move-Domain -Name $clash -Connection $connA -Destination $connB -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.MoveDomainCommand'
        $err[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        "$err" | Should -Match 'The domain is still on the source, Running\.'
        Get-StateOn $a.Uri $clash | Should -Be 'running'
        Write-Host "    refused: $($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)] $err"
        Invoke-Virsh $a.Uri 'destroy', $clash | Out-Null
    }

    It 'aborts on Ctrl+C (a stopped pipeline): the guest keeps running on the source and the destination has none' {
        $ps = New-ModuleShell
        # 1 MiB/s: 64 MiB of guest memory take about a minute, so the stop comes while it runs.
        $null = $ps.AddCommand('Move-Domain').AddParameter('Name', $busy).AddParameter('Connection', $connA.Name).
            AddParameter('Destination', $connB.Name).AddParameter('Bandwidth', 1)
        $handle = $ps.BeginInvoke()
        try {
            Wait-Until { @($ps.Streams.Progress | Where-Object { $_.StatusDescription -match ' of .*MiB/s' }).Count -ge 2 } 60 'two progress records of the running migration'
            $status = @($ps.Streams.Progress)[-1].StatusDescription
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Stop()
            $handle.IsCompleted | Should -BeTrue
            "$($ps.InvocationStateInfo.State)" | Should -Be 'Stopped'
        } finally { $ps.Dispose() }
        Get-StateOn $a.Uri $busy | Should -Be 'running'
        Wait-Until { -not (Get-StateOn $b.Uri $busy) } 30 'the destination to drop the incoming domain'
        Write-Host "    abort: Stop() returned after $([Math]::Round($sw.Elapsed.TotalSeconds, 2)) s; last progress: $status"
    }

    It 'aborts on Stop-Job: the child job is Stopped and its warning says where the guest is' {
        $job = Move-Domain -Name $busy -Connection $connA -Destination $connB -Bandwidth 1 -MaxDowntime 123 -AsJob
        try {
            Wait-Until { @($job.ChildJobs[0].Progress | Where-Object { $_.StatusDescription -match ' of ' }).Count -ge 1 } 60 'progress of the job'
            $job | Stop-Job
            $job.State | Should -Be 'Stopped'
            $warning = @($job.ChildJobs[0].Warning | ForEach-Object Message)
            $warning | Should -Match "The migration of domain '$busy' to '.*' was aborted: .* The domain is still on the source, Running\."
        } finally { $job | Remove-Job -Force }
        Get-StateOn $a.Uri $busy | Should -Be 'running'
        Invoke-Virsh $a.Uri 'migrate-getmaxdowntime', $busy | Should -Be '123' -Because '-MaxDowntime is set on the source before the migration starts'
        Wait-Until { -not (Get-StateOn $b.Uri $busy) } 30 'the destination to drop the incoming domain'
    }

    It '-Timeout with -TimeoutAction Abort ends a migration that takes too long: MigrationTimeout, the guest still on the source' {
        $slow = "pslv-mig-to-$suffix"
        New-Guest $slow -Start -Ballast
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        Move-Domain -Name $slow -Connection $connA -Destination $connB -Bandwidth 1 -Timeout 2 -TimeoutAction Abort -ErrorVariable err -ErrorAction SilentlyContinue
        $sw.Stop()
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MigrationTimeout,*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].Exception.Message | Should -Match "did not complete within 2 s and was aborted .* The domain is still on the source, Running\."
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 25 -Because 'at 1 MiB/s the whole copy takes about 30 s'
        Get-StateOn $a.Uri $slow | Should -Be 'running'
        Wait-Until { -not (Get-StateOn $b.Uri $slow) } 30 'the destination to drop the incoming domain'
    }

    It '-Timeout (Suspend, the default) pauses the guest so the copy can end; it runs on the destination' {
        $slow = "pslv-mig-ts-$suffix"
        New-Guest $slow -Start -Ballast
        $moved = Move-Domain -Name $slow -Connection $connA -Destination $connB -Bandwidth 8 -Timeout 1 -PassThru -WarningVariable warn -WarningAction SilentlyContinue -ErrorAction Stop
        @($warn).Count | Should -Be 1
        "$($warn[0])" | Should -Match "did not complete within 1 s: the guest is paused so that the copy can finish"
        $moved.Hypervisor.Name | Should -Be $connB.Name
        Get-StateOn $b.Uri $slow | Should -Be 'running'
        Invoke-Virsh $b.Uri 'destroy', $slow | Out-Null
    }

    It '-Timeout with -TimeoutAction PostCopy switches to post-copy, and the migration ends there' {
        { Move-Domain -Name $guest -Connection $connA -Destination $connB -Timeout 5 -TimeoutAction PostCopy } |
            Should -Throw -ErrorId 'TimeoutActionNeedsPostCopy,PSLibvirt.Commands.MoveDomainCommand'
        { Move-Domain -Name $guest -Connection $connA -Destination $connB -TimeoutAction Abort } |
            Should -Throw -ErrorId 'TimeoutActionNeedsTimeout,PSLibvirt.Commands.MoveDomainCommand'
        { Move-Domain -Name $guest -Connection $connA -Destination $connB -Offline -Timeout 5 } |
            Should -Throw -ErrorId 'OfflineAndTimeout,PSLibvirt.Commands.MoveDomainCommand'
        $slow = "pslv-mig-tp-$suffix"
        New-Guest $slow -Start -Ballast
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        Move-Domain -Name $slow -Connection $connA -Destination $connB -Bandwidth 1 -PostCopy -Timeout 2 -TimeoutAction PostCopy -WarningVariable warn -WarningAction SilentlyContinue -ErrorAction Stop
        $sw.Stop()
        "$($warn[0])" | Should -Match 'did not complete within 2 s: switched to post-copy'
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 25 -Because 'post-copy is not held to the 1 MiB/s of the pre-copy phase'
        Get-StateOn $b.Uri $slow | Should -Be 'running'
        Get-StateOn $a.Uri $slow | Should -Be 'shut off' -Because 'its definition stays on the source, without -UndefineSource'
        Invoke-Virsh $b.Uri 'destroy', $slow | Out-Null
    }

    It 'Start-DomainMigrationPostCopy switches a running migration to post-copy, and refuses as virsh does when none runs' {
        $slow = "pslv-mig-sp-$suffix"
        New-Guest $slow -Start -Ballast
        Start-DomainMigrationPostCopy -Name $slow -Connection $connA -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtOperationInvalid,*'
        $err[0].Exception.Message | Should -Match 'not being migrated|post-copy'
        { Invoke-Virsh $a.Uri 'migrate-postcopy', $slow } | Should -Throw "*$([WildcardPattern]::Escape($err[0].Exception.Message))*"

        $job = Move-Domain -Name $slow -Connection $connA -Destination $connB -Bandwidth 1 -PostCopy -AsJob
        try {
            # Not before data moves: while libvirt sets the migration up, QEMU refuses the switch (virsh migrate-postcopy too).
            Wait-Until { @($job.ChildJobs[0].Progress | Where-Object { $_.StatusDescription -match '^[1-9][\d.]* \w+ of ' }).Count -ge 1 } 60 'data moving'
            Start-DomainMigrationPostCopy -Name $slow -Connection $connA -ErrorAction Stop
            $null = $job | Wait-Job -Timeout 60
            $job.State | Should -Be 'Completed' -Because 'after the switch the rest of the memory follows on demand'
            $job.ChildJobs[0].Error | Should -BeNullOrEmpty
        } finally { $job | Remove-Job -Force }
        Get-StateOn $b.Uri $slow | Should -Be 'running'
        Invoke-Virsh $b.Uri 'destroy', $slow | Out-Null
    }

    It 'copies a non-shared qcow2 disk with -CopyStorage All' {
        $disked = "pslv-mig-disk-$suffix"
        # /var/lib/libvirt is private to each daemon: the same path names two files, as on two hosts.
        $imageA = Join-Path $a.Directory 'lib/images'; $imageB = Join-Path $b.Directory 'lib/images'
        $null = New-Item -ItemType Directory -Path $imageA, $imageB -Force
        foreach ($dir in $imageA, $imageB) {
            $out = & qemu-img create -f qcow2 (Join-Path $dir "$disked.qcow2") 16M 2>&1
            if ($LASTEXITCODE) { Set-ItResult -Skipped -Because "qemu-img create failed: $out"; return }
        }
        $out = & qemu-io -f qcow2 -c 'write -P 0x5a 0 1M' (Join-Path $imageA "$disked.qcow2") 2>&1
        $xml = (New-TestGuestXml -Name $disked) -replace '<devices>', "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/$disked.qcow2'/><target dev='vda' bus='virtio'/></disk>"
        $path = Join-Path $a.Directory "$disked.xml"
        Set-Content -LiteralPath $path -Value $xml
        Invoke-Virsh $a.Uri 'define', $path | Out-Null
        Invoke-Virsh $a.Uri 'start', $disked | Out-Null
        $err = $null
        Move-Domain -Name $disked -Connection $connA -Destination $connB -CopyStorage All -ErrorVariable err -ErrorAction SilentlyContinue
        if ($err) { throw "Move-Domain -CopyStorage All failed: $err" }
        Get-StateOn $b.Uri $disked | Should -Be 'running'
        Invoke-Virsh $b.Uri 'destroy', $disked | Out-Null
        # The copy on B's private path holds what was written on A.
        $read = & qemu-io -f qcow2 -c 'read -P 0x5a 0 1M' (Join-Path $imageB "$disked.qcow2") 2>&1
        "$read" | Should -Not -Match 'Pattern verification failed'
        "$read" | Should -Match 'read 1048576/1048576 bytes'
    }
}

Describe 'Move-Domain between two daemons in network namespaces of their own' -Tag 'Domain', 'Migration', 'Lifecycle' {
    # Each daemon is a host with its own network stack and address (tests/harness/PrivateNetwork.ps1: namespaces on a
    # bridge of the run), its own mount namespace and host UUID: the guest's memory crosses the bridge, from one
    # QEMU's network namespace to the other's (migration_host is the destination's address).
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported -and -not (Get-Command ip -ErrorAction SilentlyContinue)) {
            $support = [pscustomobject]@{ Supported = $false; Reason = 'ip (iproute2) is missing: no network namespaces' }
        }
        $net = $na = $nb = $null
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $guest = "pslv-mign-$suffix"
        if ($support.Supported) {
            $net = New-PrivateNetwork -Count 2
            $na = Start-PrivateLibvirtd -NetworkHost $net.Hosts[0]
            $nb = Start-PrivateLibvirtd -NetworkHost $net.Hosts[1]
            $xml = Join-Path $na.Directory "$guest.xml"
            Set-Content -LiteralPath $xml -Value (New-TestGuestXml -Name $guest)
            Invoke-Virsh $na.Uri 'define', $xml | Out-Null
            Invoke-Virsh $na.Uri 'start', $guest | Out-Null
            $hostA = Connect-Hypervisor -Uri $na.Uri -Name "pslv-ns-a-$suffix" -NotDefault
            $hostB = Connect-Hypervisor -Uri $nb.Uri -Name "pslv-ns-b-$suffix" -NotDefault
        }
    }
    AfterAll {
        foreach ($c in $hostA, $hostB) { if ($c) { Disconnect-Hypervisor -Connection $c -ErrorAction SilentlyContinue } }
        if ($na) { Stop-PrivateLibvirtd -Daemon $na }
        if ($nb) { Stop-PrivateLibvirtd -Daemon $nb }
        if ($net) { Remove-PrivateNetwork -Network $net }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'runs each daemon in a network namespace of its own, at its own address' {
        $mine = (Get-Item /proc/self/ns/net).LinkTarget
        $netA = (Get-Item "/proc/$($na.Pid)/ns/net").LinkTarget
        $netB = (Get-Item "/proc/$($nb.Pid)/ns/net").LinkTarget
        @($mine, $netA, $netB | Select-Object -Unique).Count | Should -Be 3
        $na.Uri | Should -BeLike "qemu+tcp://$($net.Hosts[0].Address):*"
        $nb.Uri | Should -BeLike "qemu+tcp://$($net.Hosts[1].Address):*"
    }

    It 'moves a running guest live there and back; virsh on both hosts agrees' {
        $moved = Move-Domain -Name $guest -Connection $hostA -Destination $hostB -PassThru -ErrorAction Stop
        $moved.Hypervisor | Should -Be $hostB
        Invoke-Virsh $nb.Uri 'domstate', $guest | Should -Be 'running'
        Invoke-Virsh $na.Uri 'domstate', $guest | Should -Be 'shut off' -Because 'without -UndefineSource its definition stays'
        # The destination's QEMU runs in B's network namespace.
        $qemuPid = [int](Get-Content -LiteralPath (Join-Path $nb.Directory "run/qemu/$guest.pid") -Raw).Trim()
        (Get-Item "/proc/$qemuPid/ns/net").LinkTarget | Should -Be (Get-Item "/proc/$($nb.Pid)/ns/net").LinkTarget

        Move-Domain -Name $guest -Connection $hostB -Destination $hostA -ErrorAction Stop
        Invoke-Virsh $na.Uri 'domstate', $guest | Should -Be 'running'
        (Invoke-Virsh $nb.Uri 'list', '--all', '--name' -As Lines) | Should -Not -Contain $guest
    }
}
