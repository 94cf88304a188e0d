#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The domain lifecycle cmdlets with -AsJob on the test driver (test:///default and tests/data/node.xml). The QEMU
# case (Stop-Domain -Timeout -AsJob on a guest that ignores ACPI) is in DomainLifecycle.Tests.ps1.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'

    # What a Domain object says, minus the CPU time (which moves on between two reads).
    function Get-DomainFacts {
        param([object[]]$Domain)
        @($Domain | ForEach-Object {
            [ordered]@{
                Type = $_.PSObject.TypeNames[0]; Name = $_.Name; Id = $_.Id; Uuid = $_.Uuid; State = "$($_.State)"
                StateReason = $_.StateReason; VCpus = $_.VCpus; MaxMemoryBytes = $_.MaxMemoryBytes; MemoryBytes = $_.MemoryBytes
                Autostart = $_.Autostart; Persistent = $_.Persistent; HasManagedSave = $_.HasManagedSave; Hypervisor = $_.Hypervisor.Name
            }
        }) | ConvertTo-Json -Depth 2
    }

    # Runs a cmdlet's -AsJob invocation to the end: the job must be a Completed PSLibvirtJob; returns what Receive-Job writes.
    function Invoke-DomainJob {
        param([scriptblock]$Script, [string]$Command)
        $job = & $Script
        @($job).Count | Should -Be 1
        $job | Should -BeOfType PSLibvirt.Commands.LibvirtJob
        $job.PSJobTypeName | Should -Be 'PSLibvirtJob'
        $job.Command | Should -Be $Command
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed' -Because "$Command $($job.ChildJobs[0].StatusMessage)"
        $out = $job | Receive-Job -ErrorVariable jobErr
        $jobErr | Should -BeNullOrEmpty
        $job | Remove-Job
        $out
    }
}

Describe 'Lifecycle cmdlets with -AsJob on test:///default' -Tag 'Domain' {
    BeforeEach {
        $h = Connect-Hypervisor -Uri 'test:///default' -Name 'life-job'
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('pslv-domjob-' + [IO.Path]::GetRandomFileName())
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach {
        Get-Job | Where-Object PSJobTypeName -EQ PSLibvirtJob | Remove-Job -Force
        Get-Hypervisor | Disconnect-Hypervisor
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'runs each lifecycle cmdlet in a job whose output is what the cmdlet writes without -AsJob' {
        $off = Invoke-DomainJob -Command Stop-Domain { Stop-Domain -Name test -Force -Confirm:$false -PassThru -AsJob }
        $off.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::ShutOff)

        $on = Invoke-DomainJob -Command Start-Domain { Start-Domain -Name test -PassThru -AsJob }
        $on.State | Should -Be ([PSLibvirt.DomainState]::Running)
        Get-DomainFacts $on | Should -Be (Get-DomainFacts (Get-Domain test))

        $paused = Invoke-DomainJob -Command Suspend-Domain { Get-Domain test | Suspend-Domain -PassThru -AsJob }
        Get-DomainFacts $paused | Should -Be (Get-DomainFacts (Get-Domain test))
        $paused.State | Should -Be ([PSLibvirt.DomainState]::Paused)

        $running = Invoke-DomainJob -Command Resume-Domain { Resume-Domain -Name test -PassThru -AsJob }
        $running.State | Should -Be ([PSLibvirt.DomainState]::Running)

        $rebooted = Invoke-DomainJob -Command Restart-Domain { Restart-Domain -Name test -PassThru -AsJob }
        $rebooted.State | Should -Be ([PSLibvirt.DomainState]::Running)
        $reset = Invoke-DomainJob -Command Restart-Domain { Restart-Domain -Name test -Force -Confirm:$false -PassThru -AsJob }
        $reset.State | Should -Be ([PSLibvirt.DomainState]::Running)

        $waited = Invoke-DomainJob -Command Wait-Domain { Wait-Domain -Name test -State Running -Timeout 5 -PassThru -AsJob }
        Get-DomainFacts $waited | Should -Be (Get-DomainFacts (Get-Domain test))

        $path = Join-Path $dir 'test.save'
        $saved = Invoke-DomainJob -Command Save-Domain { Save-Domain -Name test -Path $path -PassThru -AsJob }
        $saved.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $saved.StateReason | Should -Be 'Saved'
        Test-Path -LiteralPath $path | Should -BeTrue

        $restored = Invoke-DomainJob -Command Restore-Domain { Restore-Domain -Path $path -PassThru -AsJob }
        $restored.Name | Should -Be 'test'
        $restored.State | Should -Be ([PSLibvirt.DomainState]::Running)

        $managed = Invoke-DomainJob -Command Save-Domain { Save-Domain -Name test -Managed -PassThru -AsJob }
        $managed.HasManagedSave | Should -BeTrue
        $null = Invoke-DomainJob -Command Start-Domain { Start-Domain -Name test -AsJob }
        (Get-Domain test).HasManagedSave | Should -BeFalse

        $job = Stop-Domain -Name test -Timeout 10 -PassThru -AsJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $job.ChildJobs[0].Progress[-1].RecordType | Should -Be 'Completed' -Because 'the wait completes its progress in the job'
        ($job | Receive-Job).State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        (Get-Domain test).StateReason | Should -Be 'Shutdown'
        Start-Domain -Name test
    }

    It 'writes nothing without -PassThru: the job is Completed with no output' {
        $out = Invoke-DomainJob -Command Suspend-Domain { Suspend-Domain -Name test -AsJob }
        $out | Should -BeNullOrEmpty
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Paused)
        Resume-Domain -Name test
    }

    It 'asks ShouldProcess before the job: -WhatIf makes no job and changes nothing' {
        $before = @(Get-Job).Count
        Suspend-Domain -Name test -AsJob -WhatIf | Should -BeNullOrEmpty
        Stop-Domain -Name test -Force -AsJob -WhatIf | Should -BeNullOrEmpty
        Save-Domain -Name test -Path (Join-Path $dir 'w.save') -AsJob -WhatIf | Should -BeNullOrEmpty
        @(Get-Job).Count | Should -Be $before
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Running)
        Test-Path (Join-Path $dir 'w.save') | Should -BeFalse
    }

    It 'reports <What> in the foreground, before any job, and makes no job when nothing is left to do' -ForEach @(
        @{ What = 'a domain in the wrong state'; Id = 'DomainNotPaused,PSLibvirt.Commands.ResumeDomainCommand'; Script = { param($dir) Resume-Domain -Name test -AsJob } }
        @{ What = 'a missing domain'; Id = 'DomainNotFound,PSLibvirt.Commands.StopDomainCommand'; Script = { param($dir) Stop-Domain -Name nosuch -Timeout 5 -AsJob } }
        @{ What = 'a save path that cannot be written'; Id = 'SavePathNotWritable,PSLibvirt.Commands.SaveDomainCommand'; Script = { param($dir) Save-Domain -Name test -Path (Join-Path $dir 'missing/x.save') -AsJob } }
        @{ What = 'a missing save file'; Id = 'SaveFileNotFound,PSLibvirt.Commands.RestoreDomainCommand'; Script = { param($dir) Restore-Domain -Path (Join-Path $dir 'none.save') -AsJob } }
    ) {
        $before = @(Get-Job).Count
        $ErrorActionPreference = 'Continue'
        $Error.Clear()
        $out = & $Script $dir 2>$null
        $out | Should -BeNullOrEmpty -Because 'no input is left for a job'
        $Error.Count | Should -Be 1
        $Error[0].FullyQualifiedErrorId | Should -Be $Id
        @(Get-Job).Count | Should -Be $before
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'fails the job of Wait-Domain -Timeout with the WaitTimeout error the cmdlet writes without -AsJob, its progress in the child job' {
        Wait-Domain -Name test -State ShutOff -Timeout 1 -ErrorVariable fg -ErrorAction SilentlyContinue
        $job = Wait-Domain -Name test -State ShutOff -Timeout 1 -PassThru -AsJob
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $child = $job.ChildJobs[0]
        $child.State | Should -Be 'Failed'
        $child.StatusMessage | Should -BeExactly "Domain 'test' on 'life-job' did not reach ShutOff within 1 s; it is Running."
        $child.Progress[0].Activity | Should -Be 'Waiting for domain test'
        $child.Progress[0].StatusDescription | Should -Match '^Waiting for ShutOff: Running, \d+ s of 1 s$'
        $child.Progress[-1].RecordType | Should -Be 'Completed'
        $out = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be $fg[0].FullyQualifiedErrorId
        $err[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,PSLibvirt.Commands.WaitDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].CategoryInfo.Activity | Should -Be 'Wait-Domain'
        $err[0].Exception.Message | Should -BeExactly $fg[0].Exception.Message
        $err[0].TargetObject | Should -Be 'test'
    }

    It 'stops a waiting Wait-Domain job at once with Stop-Job, leaving it Stopped' {
        $job = Wait-Domain -Name test -State ShutOff -AsJob
        $child = $job.ChildJobs[0]
        Wait-Until { $child.Progress.Count -gt 0 } -TimeoutSeconds 20 -What 'the job to start waiting'
        $job.State | Should -Be 'Running'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $job | Stop-Job
        Wait-Until { $job.State -eq 'Stopped' } -TimeoutSeconds 5 -What 'the job to stop'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $child.State | Should -Be 'Stopped'
        $child.Progress[-1].RecordType | Should -Be 'Completed'
        $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty -Because 'a stopped wait is no error'
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'wakes a Wait-Domain job when the domain stops' {
        $job = Wait-Domain -Name test -State ShutOff -PassThru -AsJob
        Wait-Until { $job.ChildJobs[0].Progress.Count -gt 0 } -TimeoutSeconds 20 -What 'the job to start waiting'
        Stop-Domain -Name test -Force -Confirm:$false
        $null = $job | Wait-Job -Timeout 10
        $job.State | Should -Be 'Completed'
        ($job | Receive-Job).State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        Start-Domain -Name test
    }

    It 'fails the child job of a save file libvirt cannot read, with the error the cmdlet writes without -AsJob, and restores the next file' {
        $good = Join-Path $dir 'good.save'
        $bad = Join-Path $dir 'bad.save'
        Save-Domain -Name test -Path $good
        Set-Content -LiteralPath $bad -Value 'not a save image'
        Restore-Domain -Path $bad -ErrorVariable fg -ErrorAction SilentlyContinue
        $fg.Count | Should -Be 1
        $job = Restore-Domain -Path $bad, $good -PassThru -AsJob
        $job.ChildJobs.Command | Should -Be @("Restore-Domain $bad", "Restore-Domain $good")
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $job.StatusMessage | Should -Be '1 of 2 failed'
        $job.ChildJobs[0].State | Should -Be 'Failed'
        $job.ChildJobs[1].State | Should -Be 'Completed'
        $out = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'test'
        $out.State | Should -Be ([PSLibvirt.DomainState]::Running)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be $fg[0].FullyQualifiedErrorId
        $err[0].FullyQualifiedErrorId | Should -BeLike '*,PSLibvirt.Commands.RestoreDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be $fg[0].CategoryInfo.Category
        $err[0].TargetObject | Should -Be $bad
    }
}

Describe 'Lifecycle cmdlets with -AsJob on a node file' -Tag 'Domain' {
    BeforeEach { $node = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'node-job' }
    AfterEach {
        Get-Job | Where-Object PSJobTypeName -EQ PSLibvirtJob | Remove-Job -Force
        Get-Hypervisor | Disconnect-Hypervisor
    }

    It 'makes one job per invocation with a child job per input, whose output equals the foreground output' {
        $fg = Suspend-Domain -Connection $node -Name web1, db1 -PassThru
        Resume-Domain -Connection $node -Name web1, db1
        $jobs = @(Get-Domain -Connection $node -Name web1, db1 | Suspend-Domain -PassThru -AsJob)
        $jobs.Count | Should -Be 1
        $job = $jobs[0]
        $job.Location | Should -Be 'node-job'
        $job.ChildJobs.Count | Should -Be 2
        $job.ChildJobs.Command | Should -Be @('Suspend-Domain web1', 'Suspend-Domain db1')
        $job.ChildJobs.Location | Should -Be @('node-job', 'node-job')
        $job.Id | Should -BeLessThan $job.ChildJobs[0].Id
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Completed'
        $bg = $job | Receive-Job -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Get-DomainFacts $bg | Should -Be (Get-DomainFacts $fg)
        (Get-Domain -Connection $node -Name web1, db1).State | Should -Be @([PSLibvirt.DomainState]::Paused, [PSLibvirt.DomainState]::Paused)
    }

    It 'fails the child job of one input with the foreground error while the other input completes' {
        Suspend-Domain -Connection $node -Name db1
        Wait-Domain -Connection $node -Name db1 -State Running -Timeout 1 -ErrorVariable fg -ErrorAction SilentlyContinue
        $job = Wait-Domain -Connection $node -Name db1, web1 -State Running -Timeout 1 -PassThru -AsJob
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $job.StatusMessage | Should -Be '1 of 2 failed'
        $job.ChildJobs[0].State | Should -Be 'Failed'
        $job.ChildJobs[1].State | Should -Be 'Completed'
        $out = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'web1'
        $err.Count | Should -Be 1 -Because 'the job writes the error of its input once'
        $err[0].FullyQualifiedErrorId | Should -Be $fg[0].FullyQualifiedErrorId
        $err[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,PSLibvirt.Commands.WaitDomainCommand'
        $err[0].TargetObject | Should -Be 'db1'
    }

    It 'writes a failed state check in the foreground and runs the other input in the job' {
        Suspend-Domain -Connection $node -Name web1
        $ErrorActionPreference = 'Continue'
        $job = Resume-Domain -Connection $node -Name db1, web1 -PassThru -AsJob -ErrorVariable fg 2>$null
        $fg.Count | Should -Be 1
        $fg[0].FullyQualifiedErrorId | Should -Be 'DomainNotPaused,PSLibvirt.Commands.ResumeDomainCommand'
        $job.ChildJobs.Command | Should -Be @('Resume-Domain web1')
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Completed'
        ($job | Receive-Job).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'runs the inputs in order: a domain resumed twice fails its second child with libvirt''s error' {
        Suspend-Domain -Connection $node -Name web1
        $job = Resume-Domain -Connection $node -Name web1, web1, db1 -AsJob -ErrorAction SilentlyContinue
        $job.ChildJobs.Command | Should -Be @('Resume-Domain web1', 'Resume-Domain web1')
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $job.ChildJobs.State | Should -Be @('Completed', 'Failed')
        $null = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Match '^Libvirt\w+,PSLibvirt\.Commands\.ResumeDomainCommand$'
        (Get-Domain -Connection $node -Name web1).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }
}
