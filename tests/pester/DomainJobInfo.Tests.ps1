#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-DomainJob, Stop-DomainJob, Send-DomainNmi, Send-DomainProcessSignal, Save-DomainCoreDump. Breadth and errors on
# test:///default; a QEMU guest on the private libvirtd for jobs, progress and abort, virsh domjobinfo as the oracle. Its
# 512 MiB hold 256 MiB of random bytes (QEMU's loader device), so that a dump takes a few seconds here (zero pages
# would be sent as markers and a dump would end at once); libvirt cannot abort a memory-only dump, so aborts use raw ones.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $tmp = Join-Path ([IO.Path]::GetTempPath()) ('pslv-dump-' + [IO.Path]::GetRandomFileName())
    $null = New-Item -ItemType Directory $tmp
}
AfterAll { Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue }

Describe 'Job and guest cmdlets on the test driver' -Tag 'Domain', 'Job' {
    BeforeAll { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'job-t' }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'passes on that the driver keeps no jobs (NotImplemented), for each input' {
        'nosuch', 'test' | Get-DomainJob -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainJobCommand'
        $e[1].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetDomainJobCommand'
        $e[1].CategoryInfo.Category | Should -Be 'NotImplemented'
        Stop-DomainJob -Name test -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.StopDomainJobCommand'
        Stop-DomainJob -Name test -WhatIf -ErrorVariable e3
        $e3 | Should -BeNullOrEmpty
    }

    It 'injects an NMI and sends a signal; refuses a process id below 1 and an unknown signal' {
        Send-DomainNmi -Name test -ErrorVariable e
        Send-DomainProcessSignal -Name test -ProcessId 1 -Signal Term -ErrorVariable +e
        $e | Should -BeNullOrEmpty
        { Send-DomainProcessSignal -Name test -ProcessId 0 -Signal Term -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SendDomainProcessSignalCommand'
        { Send-DomainProcessSignal -Name test -ProcessId 1 -Signal Bogus -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,PSLibvirt.Commands.SendDomainProcessSignalCommand'
        'nosuch' | Send-DomainNmi -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e4[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.SendDomainNmiCommand'
    }

    It 'dumps inline and as a job; refuses bad paths and options before libvirt is asked' {
        Save-DomainCoreDump -Name test -Path (Join-Path $tmp 'a.core')
        Test-Path (Join-Path $tmp 'a.core') | Should -BeTrue
        $job = Save-DomainCoreDump -Name test -Path (Join-Path $tmp 'b.core') -AsJob
        $job | Should -BeOfType PSLibvirt.Commands.LibvirtJob
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Completed'
        Test-Path (Join-Path $tmp 'b.core') | Should -BeTrue
        $job | Remove-Job

        { Save-DomainCoreDump -Name test -Path (Join-Path $tmp 'c.core') -Format KdumpZlib -ErrorAction Stop } | Should -Throw -ErrorId 'FormatNeedsMemoryOnly,PSLibvirt.Commands.SaveDomainCoreDumpCommand'
        { Save-DomainCoreDump -Name test -Path (Join-Path $tmp 'c.core') -Crash -Reset -ErrorAction Stop } | Should -Throw -ErrorId 'CrashAndReset,PSLibvirt.Commands.SaveDomainCoreDumpCommand'
        Save-DomainCoreDump -Name test -Path (Join-Path $tmp 'none/c.core') -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'DumpPathNotWritable,PSLibvirt.Commands.SaveDomainCoreDumpCommand'
        $e[0].CategoryInfo.Category | Should -Be 'WriteError'
        "$($e[0])" | Should -Match 'does not exist. The domain was not changed'
        Save-DomainCoreDump -Name test -Path (Join-Path $tmp 'd.core') -WhatIf
        Test-Path (Join-Path $tmp 'd.core') | Should -BeFalse
        (Get-Domain -Name test).State | Should -Be 'Running'
    }
}

Describe 'Jobs, dumps and abort on a QEMU guest' -Tag 'Domain', 'Job', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $guest = 'pslv-dump-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            $bin = Join-Path $daemon.Directory 'ballast.bin'
            & head -c 256M /dev/urandom > $bin
            $text = (New-TestGuestXml -Name $guest -MemoryMiB 512) -replace "<domain type='qemu'>", "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>" -replace
                '</domain>', "<qemu:commandline><qemu:arg value='-device'/><qemu:arg value='loader,file=$bin,addr=0x1000000,force-raw=on'/></qemu:commandline></domain>"
            Set-Content (Join-Path $daemon.Directory "$guest.xml") $text
            Invoke-Virsh $uri 'define', (Join-Path $daemon.Directory "$guest.xml") | Out-Null
            Invoke-Virsh $uri 'start', $guest | Out-Null
            $q = Connect-Hypervisor -Uri $uri -Name 'job-q'
        }
        # A pipeline of its own (Progress, Warning streams; Stop() is Ctrl+C) in a runspace with the module.
        function New-ModuleShell {
            $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $iss.ImportPSModule($modulePath)
            [PowerShell]::Create($iss)
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'reads no job as virsh domjobinfo does, and the completed dump as virsh domjobinfo --completed does' {
        (Get-DomainJob -Name $guest).Type | Should -Be 'None'
        Invoke-Virsh $uri 'domjobinfo', $guest | Should -Match 'Job type:\s+None'
        $path = Join-Path $daemon.Directory 'raw.core'
        Save-DomainCoreDump -Name $guest -Path $path
        (Get-Item $path).Length | Should -BeGreaterThan 0
        # --keep-completed: virsh reads the record without discarding it, so the cmdlet reads the same one after.
        $virsh = Invoke-Virsh $uri 'domjobinfo', $guest, '--completed', '--keep-completed' -As Lines
        $virsh | Should -Contain 'Job type:         Completed'
        $virsh | Should -Contain 'Operation:        Dump'
        $j = Get-DomainJob -Name $guest -Completed
        $j.Type | Should -Be 'Completed'
        $j.Operation | Should -Be 'Dump'
        $j.Completed | Should -BeTrue
        # virsh shows sizes with three decimals and a binary unit.
        ($virsh | Where-Object { $_ -like 'Data total:*' }) | Should -Be ('Data total:       {0:0.000} MiB' -f ($j.DataTotal / 1MB))
    }

    It 'shows the progress of a dump, and Ctrl+C aborts the job and leaves the guest running' {
        $path = Join-Path $daemon.Directory 'stopped.core'
        $ps = New-ModuleShell
        try {
            $null = $ps.AddScript("`$null = Connect-Hypervisor -Uri '$uri'; Save-DomainCoreDump -Name '$guest' -Path '$path'")
            $async = $ps.BeginInvoke()
            Wait-Until { @($ps.Streams.Progress | Where-Object RecordType -eq 'Processing').Count -gt 0 -or $async.IsCompleted } 20 'a progress record'
            $async.IsCompleted | Should -BeFalse -Because 'a dump of 256 MiB of random memory takes seconds here'
            (Get-DomainJob -Name $guest).Operation | Should -Be 'Dump'
            $ps.Stop()
            $p = @($ps.Streams.Progress | Where-Object RecordType -eq 'Processing')[0]
            $p.Activity | Should -Be "Dumping domain $guest to $path"
            $p.StatusDescription | Should -Match ' of .* \(\d+ %\)$'
        }
        finally { $ps.Dispose() }
        (Get-DomainJob -Name $guest).Type | Should -Be 'None'
        $done = Invoke-Virsh $uri 'domjobinfo', $guest, '--completed', '--keep-completed' -As Lines
        $done | Should -Not -Contain 'Job type:         Completed'
        Wait-Until { (Invoke-Virsh $uri 'domstate', $guest) -eq 'running' } 10 "$guest running again"
    }

    It 'Stop-Job aborts a dump that runs as a job, and the job''s warning says so' {
        $job = Save-DomainCoreDump -Name $guest -Path (Join-Path $daemon.Directory 'job.core') -AsJob
        try {
            Wait-Until { (Get-DomainJob -Name $guest).Type -ne 'None' -or $job.State -ne 'Running' } 20 'the dump job'
            $job.State | Should -Be 'Running'
            $job | Stop-Job
            $job.State | Should -Be 'Stopped'
            $job.ChildJobs[0].Warning -join "`n" | Should -Match "The dump of domain '$guest' to '.*job.core' was aborted"
            (Get-DomainJob -Name $guest).Type | Should -Be 'None'
        }
        finally { $job | Remove-Job -Force }
        Wait-Until { (Invoke-Virsh $uri 'domstate', $guest) -eq 'running' } 10 "$guest running again"
    }

    It 'says that libvirt cannot abort a memory-only dump, and lets it end' {
        $job = Save-DomainCoreDump -Name $guest -Path (Join-Path $daemon.Directory 'mem.core') -MemoryOnly -AsJob
        try {
            Wait-Until { (Get-DomainJob -Name $guest).Type -ne 'None' -or $job.State -ne 'Running' } 20 'the dump job'
            $job.State | Should -Be 'Running'
            $job | Stop-Job
            # libvirt refuses the abort ("cannot abort memory-only dump"), or accepts it and the dump still runs to its end.
            $job.ChildJobs[0].Warning -join "`n" | Should -Match 'libvirt cannot abort this dump .*abort.*: waiting for it to end|completed before it could be aborted'
            (Get-Item (Join-Path $daemon.Directory 'mem.core')).Length | Should -BeGreaterThan 256MB
            (Get-DomainJob -Name $guest).Type | Should -Be 'None'
        }
        finally { $job | Remove-Job -Force }
    }

    It 'injects an NMI into the running guest; QEMU sends no process signals (NotImplemented)' {
        Send-DomainNmi -Name $guest -ErrorVariable e
        $e | Should -BeNullOrEmpty
        Send-DomainProcessSignal -Name $guest -ProcessId 1 -Signal Nop -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.SendDomainProcessSignalCommand'
    }
}
