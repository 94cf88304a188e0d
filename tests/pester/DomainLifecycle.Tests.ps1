#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The domain lifecycle on a real QEMU guest (private libvirtd, tests/harness), each step checked with virsh on the same URI.

Describe 'Domain lifecycle on QEMU' -Tag 'Domain', 'Lifecycle' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $guest = 'pslv-dom-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')

        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        function Get-VirshState { Invoke-Virsh 'domstate', $guest }

        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $xml = Join-Path $daemon.Directory "$guest.xml"
            Set-Content -LiteralPath $xml -Value (New-TestGuestXml -Name $guest)
            Invoke-Virsh 'define', $xml | Out-Null
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-qemu'
            $conn = Get-Hypervisor -Name 'pslv-qemu'
            $savePath = Join-Path $daemon.Directory "$guest.save"
        }
    }

    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'lists the defined guest as ShutOff with its memory and vCPUs from the bulk stats' {
        $d = Get-Domain -Name $guest -Connection $conn
        $d.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $d.Id | Should -BeNullOrEmpty
        $d.Persistent | Should -BeTrue
        $d.Uuid | Should -Be ([guid](Invoke-Virsh 'domuuid', $guest))
        $listed = Get-Domain -Connection $conn | Where-Object Name -EQ $guest
        $listed.MaxMemoryBytes | Should -Be (64MB)
        $listed.VCpus | Should -Be 1
        (Get-InternalType PSLibvirt.Core.DomainApi)::List($conn.Connection, $conn, $null, $null) | Out-Null
        (Get-InternalType PSLibvirt.Core.DomainApi)::LastInfoFallbacks | Should -Be 0 -Because 'QEMU reports vCPUs and balloon in the bulk stats: no per-domain calls'
    }

    It 'lists a node file over TCP with one bulk call, leaving what the test driver does not report in bulk empty' {
        $node = Join-Path $repo 'tests/data/node.xml'
        $remote = Connect-Hypervisor -Uri ($daemon.TestUriPrefix + $node) -Name 'pslv-test-tcp'
        try {
            $d = Get-Domain -Connection $remote | Sort-Object Name
            $d.Name | Should -Be 'db1', 'web1'
            $d.State | Sort-Object -Unique | Should -Be ([PSLibvirt.DomainState]::Running)
            (Get-InternalType PSLibvirt.Core.DomainApi)::List($remote.Connection, $remote, $null, $null) | Out-Null
            (Get-InternalType PSLibvirt.Core.DomainApi)::LastInfoFallbacks | Should -Be 0 -Because 'no per-domain round trips over a remote connection'
            $d[0].VCpus | Should -BeNullOrEmpty -Because 'the test driver reports only the state in bulk'
            $d[1].Title | Should -Be 'Front-end web server'
            (Get-Domain -Name web1 -Connection $remote).VCpus | Should -Be 2 -Because 'a single exact name is read with per-domain calls'
        } finally {
            Disconnect-Hypervisor -Connection $remote
        }
    }

    It 'starts the guest' {
        $d = Start-Domain -Name $guest -Connection $conn -PassThru
        $d.State | Should -Be ([PSLibvirt.DomainState]::Running)
        $d.Id | Should -BeGreaterThan 0
        Get-VirshState | Should -Be 'running'
        (Invoke-Virsh 'domid', $guest) | Should -Be "$($d.Id)"
        (Get-Domain -Connection $conn -State Running).Name | Should -Contain $guest
    }

    It 'refuses to start a running guest with a clear InvalidOperation error' {
        Start-Domain -Name $guest -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainAlreadyRunning,PSLibvirt.Commands.StartDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-VirshState | Should -Be 'running'
    }

    It 'suspends and resumes the guest' {
        Get-Domain -Name $guest -Connection $conn | Suspend-Domain
        Get-VirshState | Should -Be 'paused'
        (Get-Domain -Name $guest -Connection $conn).State | Should -Be ([PSLibvirt.DomainState]::Paused)
        $guest | Resume-Domain -Connection $conn
        Get-VirshState | Should -Be 'running'
    }

    It 'refuses to resume a running guest' {
        Resume-Domain -Name $guest -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotPaused,PSLibvirt.Commands.ResumeDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-VirshState | Should -Be 'running'
    }

    It 'does not touch the guest when the save path cannot be written' {
        Save-Domain -Name $guest -Connection $conn -Path '/nonexistent-dir/x.save' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SavePathNotWritable,PSLibvirt.Commands.SaveDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'WriteError'
        Get-VirshState | Should -Be 'running'
        Test-Path '/nonexistent-dir/x.save' | Should -BeFalse
    }

    It 'saves the guest to a file and restores it' {
        Save-Domain -Name $guest -Connection $conn -Path $savePath
        Get-VirshState | Should -Be 'shut off'
        Test-Path -LiteralPath $savePath | Should -BeTrue
        $r = Restore-Domain -Path $savePath -Connection $conn -PassThru
        $r.Name | Should -Be $guest
        $r.State | Should -Be ([PSLibvirt.DomainState]::Running)
        Get-VirshState | Should -Be 'running'
    }

    It 'managed-saves the guest and starts it again from the image' {
        Save-Domain -Name $guest -Connection $conn -Managed
        Get-VirshState | Should -Be 'shut off'
        (Get-Domain -Name $guest -Connection $conn).HasManagedSave | Should -BeTrue
        (Invoke-Virsh 'dominfo', $guest) | Should -Match 'Managed save:\s+yes'
        Start-Domain -Name $guest -Connection $conn
        Get-VirshState | Should -Be 'running'
        (Get-Domain -Name $guest -Connection $conn).HasManagedSave | Should -BeFalse
    }

    It 'reboots the guest (it stays running)' {
        Restart-Domain -Name $guest -Connection $conn
        Get-VirshState | Should -Be 'running'
    }

    It 'resets the guest with Restart-Domain -Force (it stays running, with the same id)' {
        $before = Invoke-Virsh 'domid', $guest
        (Restart-Domain -Name $guest -Connection $conn -Force -Confirm:$false -PassThru).Id | Should -Be ([int]$before)
        Get-VirshState | Should -Be 'running'
    }

    It 'ends Stop-Domain -Timeout with a timeout error when the OS-less guest ignores the shutdown request' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Stop-Domain').AddParameter('Name', $guest).AddParameter('Connection', $conn).AddParameter('Timeout', 2)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = $ps.Invoke()
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $err = @($ps.Streams.Error)
            $progress = @($ps.Streams.Progress)
        } finally { $ps.Dispose() }
        $progress.Count | Should -BeGreaterThan 1 -Because 'Stop-Domain -Timeout shows progress while it waits'
        $progress[0].Activity | Should -Match $guest
        $progress[-1].RecordType | Should -Be 'Completed'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StopTimeout,PSLibvirt.Commands.StopDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].Exception.Message | Should -Match 'still Running'
        Get-VirshState | Should -Be 'running'
    }

    It 'fails a Stop-Domain -Timeout -AsJob job with StopTimeout when the OS-less guest ignores the shutdown request; the guest keeps running' {
        $job = Stop-Domain -Name $guest -Connection $conn -Timeout 2 -PassThru -AsJob
        $job | Should -BeOfType PSLibvirt.Commands.LibvirtJob
        $job.Location | Should -Be 'pslv-qemu'
        $job.ChildJobs.Command | Should -Be "Stop-Domain $guest"
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $child = $job.ChildJobs[0]
        $child.State | Should -Be 'Failed'
        $child.StatusMessage | Should -Match 'still Running'
        $child.Progress.Count | Should -BeGreaterThan 1 -Because 'the wait writes its progress to the child job'
        $child.Progress[0].Activity | Should -Match $guest
        $child.Progress[-1].RecordType | Should -Be 'Completed'
        $out = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StopTimeout,PSLibvirt.Commands.StopDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $job | Remove-Job
        Get-VirshState | Should -Be 'running'
    }

    It 'stops a Stop-Domain -Timeout -AsJob job at once with Stop-Job; the guest keeps running' {
        $job = Stop-Domain -Name $guest -Connection $conn -Timeout 60 -AsJob
        Wait-Until { $job.ChildJobs[0].Progress.Count -gt 0 } -TimeoutSeconds 20 -What 'the job to start waiting'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $job | Stop-Job
        Wait-Until { $job.State -eq 'Stopped' } -TimeoutSeconds 5 -What 'the job to stop'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $job.ChildJobs[0].State | Should -Be 'Stopped'
        $job.ChildJobs[0].Progress[-1].RecordType | Should -Be 'Completed'
        $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        $job | Remove-Job
        Get-VirshState | Should -Be 'running'
    }

    It 'ends Wait-Domain -Timeout with a timeout error' {
        Wait-Domain -Name $guest -Connection $conn -State ShutOff -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,PSLibvirt.Commands.WaitDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'wakes Wait-Domain on the lifecycle event when virsh destroys the guest' {
        $job = Start-ThreadJob -ScriptBlock {
            param($uri, $name)
            # Waits until the waiter below is registered: it polls virsh until the guest is paused by the test.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((virsh -q -c $uri domstate $name) -ne 'paused' -and [DateTime]::UtcNow -lt $deadline) { [System.Threading.Thread]::Sleep(50) }
            virsh -q -c $uri destroy $name | Out-Null
        } -ArgumentList $daemon.Uri, $guest
        try {
            Suspend-Domain -Name $guest -Connection $conn
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $d = Wait-Domain -Name $guest -Connection $conn -State ShutOff -Timeout 30 -PassThru
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
            $d.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
            Get-VirshState | Should -Be 'shut off'
        } finally {
            $job | Wait-Job -Timeout 30 | Remove-Job -Force
        }
    }

    It 'powers the guest off with Stop-Domain -Force' {
        Start-Domain -Name $guest -Connection $conn
        Get-VirshState | Should -Be 'running'
        $d = Stop-Domain -Name $guest -Connection $conn -Force -Confirm:$false -PassThru
        $d.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $d.StateReason | Should -Be 'Destroyed'
        Get-VirshState | Should -Be 'shut off'
        (Invoke-Virsh 'list', '--name') | Should -Not -Match $guest
    }

    It 'refuses to stop a stopped guest' {
        Stop-Domain -Name $guest -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.StopDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-VirshState | Should -Be 'shut off'
    }

    It 'starts the guest paused' {
        Start-Domain -Name $guest -Connection $conn -Paused
        Get-VirshState | Should -Be 'paused'
        Stop-Domain -Name $guest -Connection $conn -Force -Confirm:$false
        Get-VirshState | Should -Be 'shut off'
    }

    It 'Stop-Domain waits for the guest to be off by default (as Stop-VM), and -NoWait returns after the request (as virsh shutdown)' {
        Start-Domain -Name $guest -Connection $conn
        # -NoWait: the OS-less guest ignores the request, and the cmdlet does not wait for it.
        $d = Stop-Domain -Name $guest -Connection $conn -NoWait -PassThru -Verbose 4>&1
        (@($d | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join ' ') | Should -Match 'not waiting'
        ($d | Where-Object { $_ -is [PSLibvirt.Domain] }).State | Should -Be ([PSLibvirt.DomainState]::Running)
        Get-VirshState | Should -Be 'running'
        # No -Timeout: it waits (bounded by the default of 120 s), showing progress; stopped here as Ctrl+C would.
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Stop-Domain').AddParameter('Name', $guest).AddParameter('Connection', $conn)
            $async = $ps.BeginInvoke()
            Wait-Until { $ps.Streams.Progress.Count -gt 0 } -TimeoutSeconds 30 -What 'Stop-Domain to start waiting'
            $ps.Streams.Progress[0].Activity | Should -Match $guest
            $async.IsCompleted | Should -BeFalse -Because 'the guest is still running, so Stop-Domain is still waiting'
        } finally {
            # Stop as Ctrl+C would; disposing before the stopped batch completes would race PowerShell's batch work item.
            $ps.Stop()
            if ($async) { $null = $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10)) }
            $ps.Dispose()
        }
        Get-VirshState | Should -Be 'running'
        { Stop-Domain -Name $guest -Connection $conn -NoWait -Timeout 5 -ErrorAction Stop } | Should -Throw -ErrorId 'NoWaitAndTimeout,PSLibvirt.Commands.StopDomainCommand'
        { Stop-Domain -Name $guest -Connection $conn -NoWait -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ForceAndNoWait,PSLibvirt.Commands.StopDomainCommand'
        Stop-Domain -Name $guest -Connection $conn -Force -Confirm:$false
    }

    It 'stops waiting at once when the pipeline is stopped (Ctrl+C) during Stop-Domain -Timeout' {
        Start-Domain -Name $guest -Connection $conn
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Stop-Domain').AddParameter('Name', $guest).AddParameter('Connection', $conn).AddParameter('Timeout', 600)
            $async = $ps.BeginInvoke()
            Wait-Until { $ps.Streams.Progress.Count -gt 0 } -TimeoutSeconds 30 -What 'Stop-Domain to start waiting'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            # Stop() returns once the pipeline stopped; the async result is signalled just after it.
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(3)) | Should -BeTrue -Because 'the stopped pipeline completes'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
        } finally {
            $ps.Dispose()
        }
        Get-VirshState | Should -Be 'running'
        Stop-Domain -Name $guest -Connection $conn -Force -Confirm:$false
    }
}
