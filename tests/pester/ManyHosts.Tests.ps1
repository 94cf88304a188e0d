#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Reading several connections at once: a listing asks every host in parallel and writes each host's objects as it
# answers, so a host that hangs (its libvirtd stopped with SIGSTOP) delays no other. Private libvirtd (test driver).

BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Listing several connections while one of them hangs (private libvirtd, test driver)' -Tag 'ManyHosts' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $stalled = Connect-Hypervisor -Uri $daemon.TestUri -Name 'hangs' -NotDefault
            $good = Connect-Hypervisor -Uri 'test:///default' -Name 'answers' -NotDefault
        }
    }
    AfterAll {
        if ($daemon) { & kill -CONT $daemon.Pid 2>$null }
        Get-Hypervisor | Disconnect-Hypervisor -ErrorAction SilentlyContinue
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It '<Command>: the host that answers is written while the other still hangs; the other follows when it answers' -ForEach @(
        @{ Command = 'Get-Network'; Key = 'Name' }
        @{ Command = 'Get-Domain'; Key = 'Name' }
        @{ Command = 'Get-StoragePool'; Key = 'Name' }
    ) {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand($Command).AddParameter('Connection', @($stalled, $good))
            $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
            & kill -STOP $daemon.Pid
            try {
                $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
                $noInput.Complete()
                $run = $ps.BeginInvoke($noInput, $out)
                Wait-Until { $out.Count -ge 1 } -TimeoutSeconds 20 -What "the answering host's objects while the other hangs"
                $out[0].Hypervisor.Name | Should -Be 'answers'
                $run.IsCompleted | Should -BeFalse -Because 'the hanging host has not answered yet'
            } finally { & kill -CONT $daemon.Pid }
            $null = $ps.EndInvoke($run)
            $ps.Streams.Error | Should -BeNullOrEmpty
            $hosts = @($out | ForEach-Object { $_.Hypervisor.Name } | Select-Object -Unique)
            $hosts | Should -Be @('answers', 'hangs') -Because 'each host''s objects come as it answers, and both answer in the end'
            $expected = @(& $Command -Connection $stalled) + @(& $Command -Connection $good)
            $out.Count | Should -Be $expected.Count
        } finally { $ps.Dispose() }
    }

    It '-ThrottleLimit 1 reads one connection at a time: the host behind the hanging one waits for it' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Get-Network').AddParameter('Connection', @($stalled, $good)).AddParameter('ThrottleLimit', 1)
            $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $noInput.Complete()
            & kill -STOP $daemon.Pid
            try {
                $run = $ps.BeginInvoke($noInput, $out)
                # The answering host is second in line: with one read at a time it cannot come before the first.
                $probe = Get-Network -Connection $good -ThrottleLimit 1
                $probe | Should -Not -BeNullOrEmpty -Because 'the answering host answers this session at once'
                $run.IsCompleted | Should -BeFalse
                $out.Count | Should -Be 0 -Because 'the hanging host holds the only slot'
            } finally { & kill -CONT $daemon.Pid }
            $null = $ps.EndInvoke($run)
            @($out | ForEach-Object { $_.Hypervisor.Name } | Select-Object -Unique) | Should -Be @('hangs', 'answers')
        } finally { $ps.Dispose() }
        { Get-Network -Connection $good -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.GetNetworkCommand'
    }

    It '<Command> -HostTimeout 1 gives up the hanging host with its own HostTimeout error and ends while it still hangs' -ForEach @(
        @{ Command = 'Get-Domain'; Extra = @{} }
        @{ Command = 'Get-Network'; Extra = @{ Name = 'default' } }
        @{ Command = 'Get-StoragePool'; Extra = @{} }
        @{ Command = 'Get-DomainStatistics'; Extra = @{} }
    ) {
        $expected = @(& $Command -Connection $good @Extra)
        $expected.Count | Should -BeGreaterThan 0
        & kill -STOP $daemon.Pid
        try {
            $out = @(& $Command -Connection $stalled, $good -HostTimeout 1 @Extra -ErrorVariable err -ErrorAction SilentlyContinue)
            # Checked before the daemon goes on: the cmdlet did not wait for it.
            (Get-Content "/proc/$($daemon.Pid)/stat" -Raw).Split(' ')[2] | Should -Be 'T' -Because 'the host was still stopped when the cmdlet ended'
        } finally { & kill -CONT $daemon.Pid }
        $out.Count | Should -Be $expected.Count
        @($out | ForEach-Object { $_.Hypervisor.Name } | Select-Object -Unique) | Should -Be 'answers'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HostTimeout,*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].TargetObject.Name | Should -Be 'hangs'
        $err[0].Exception.Message | Should -BeLike "*'hangs'*1 s*"
        # The read given up ends in the background; the connection goes on answering.
        Wait-Until { @(& $Command -Connection $stalled -HostTimeout 5 @Extra -ErrorAction SilentlyContinue).Count -gt 0 } -TimeoutSeconds 20 -What 'the resumed host to answer again'
    }

    It '-HostTimeout applies to a single connection too, and 0 means no limit' {
        & kill -STOP $daemon.Pid
        try {
            $out = @(Get-Network -Connection $stalled -HostTimeout 1 -ErrorVariable err -ErrorAction SilentlyContinue)
        } finally { & kill -CONT $daemon.Pid }
        $out.Count | Should -Be 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HostTimeout,*'
        @(Get-Network -Connection $stalled -HostTimeout 0).Count | Should -BeGreaterThan 0
        { Get-Network -HostTimeout -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.GetNetworkCommand'
    }

    It 'a host that fails is its own non-terminating error; the others are listed' {
        $broken = Connect-Hypervisor -Uri 'test:///default' -Name 'broken' -NotDefault
        Disconnect-Hypervisor -Connection $broken
        $nets = @(Get-Network -Connection $broken, $good -ErrorVariable err -ErrorAction SilentlyContinue)
        $nets.Count | Should -BeGreaterThan 0
        $nets.Hypervisor.Name | Select-Object -Unique | Should -Be 'answers'
        $err.Count | Should -Be 1
        $err[0].TargetObject.Name | Should -Be 'broken'
    }
}
