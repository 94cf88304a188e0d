#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Resource tuning: Get-/Set-DomainMemoryTuning (memtune), -SchedulerParameter (schedinfo), -BlockIOTuning (blkiotune),
# -DiskIOTuning (blkdeviotune), -NumaTuning (numatune), -PerfEvent (perf). Breadth and errors on the test driver
# (tests/data/node.xml, a fresh instance per connection; test:///default for its disk vda, restored afterwards), what
# QEMU does on a running TCG guest of the private libvirtd, virsh on the same daemon as the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeUri = 'test://' + (Join-Path $repo 'tests/data/node.xml')

    # A virsh table of 'name : value' lines (memtune, schedinfo, numatune, blkdeviotune) as a hashtable.
    function Get-VirshValues([string]$Uri, [string[]]$Arguments) {
        $values = @{}
        foreach ($line in Invoke-Virsh $Uri $Arguments -As Lines) {
            if ($line -match '^([^:]+?)\s*:\s*(.*)$') { $values[$Matches[1]] = $Matches[2] }
        }
        $values
    }
}

Describe 'Tuning cmdlets on the test driver' -Tag 'Domain', 'Tuning' {
    BeforeAll { $h = Connect-Hypervisor -Uri $nodeUri -Name 'tune-t' }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'reads each area as virsh does' {
        $m = Get-DomainMemoryTuning -Name web1
        $m | Should -BeOfType ([PSLibvirt.DomainMemoryTuning])
        $virsh = Get-VirshValues $nodeUri 'memtune', 'web1'
        $virsh['hard_limit'] | Should -Be 'unlimited'
        $m.HardLimitBytes | Should -BeNullOrEmpty
        $m.Values['hard_limit'] | Should -Be ([PSLibvirt.Native.LibvirtConstants]::VIR_DOMAIN_MEMORY_PARAM_UNLIMITED)

        $s = Get-DomainSchedulerParameter -Name web1
        $virsh = Get-VirshValues $nodeUri 'schedinfo', 'web1'
        $s.SchedulerType | Should -Be $virsh['Scheduler']
        "$($s.Values['weight'])" | Should -Be $virsh['weight']

        $n = Get-DomainNumaTuning -Name web1
        $virsh = Get-VirshValues $nodeUri 'numatune', 'web1'
        "$($n.Mode)".ToLowerInvariant() | Should -Be $virsh['numa_mode']
        $n.NodeSet | Should -Be $virsh['numa_nodeset']

        $b = Get-DomainBlockIOTuning -Name web1
        "$($b.Weight)" | Should -Be (Get-VirshValues $nodeUri 'blkiotune', 'web1')['weight']

        $p = Get-DomainPerfEvent -Name web1
        # virsh -q prints nothing for perf (Invoke-Virsh runs it quiet): run it plainly.
        $perf = @(virsh -c $nodeUri perf web1 | Where-Object { $_ -match ':' } | ForEach-Object { ($_ -split ':')[0].Trim() })
        $perf.Count | Should -BeGreaterThan 0
        @($p.Values.Keys | Sort-Object) | Should -Be @($perf | Sort-Object)
        $p.Enabled | Should -BeNullOrEmpty
        foreach ($x in $m, $s, $n, $b, $p) { $x.Name | Should -Be 'web1'; $x.Config | Should -BeFalse; ($x | Format-Table | Out-String) | Should -Match 'web1' }
    }

    It 'sets memory limits in bytes (KiB for libvirt, rounded up), -1 for unlimited, and writes them with -PassThru' {
        $m = Set-DomainMemoryTuning -Name web1 -HardLimitBytes 1GB -SoftLimitBytes (512MB + 1) -PassThru
        $m.HardLimitBytes | Should -Be 1GB
        $m.SoftLimitBytes | Should -Be (512MB + 1KB)
        $m.Values['hard_limit'] | Should -Be 1048576
        (Set-DomainMemoryTuning -Name web1 -HardLimitBytes -1 -PassThru).HardLimitBytes | Should -BeNullOrEmpty
        (Get-DomainMemoryTuning -Name web1).SoftLimitBytes | Should -Be (512MB + 1KB)
    }

    It 'sets NUMA placement and perf events' {
        $n = Set-DomainNumaTuning -Name web1 -Mode Interleave -NodeSet '0' -PassThru
        $n.Mode | Should -Be 'Interleave'
        $n.NodeSet | Should -Be '0'
        (Set-DomainPerfEvent -Name web1 -Enable cmt, cpu_cycles -PassThru).Enabled | Sort-Object | Should -Be 'cmt', 'cpu_cycles'
        (Set-DomainPerfEvent -Name web1 -Disable cmt -PassThru).Enabled | Should -Be 'cpu_cycles'
        (Set-DomainBlockIOTuning -Name web1 -Weight 500 -PassThru).Weight | Should -Be 500
    }

    It 'sets one disk''s throttling and reads every disk by default' {
        $d = Connect-Hypervisor -Uri 'test:///default' -Name 'tune-d' -NotDefault
        try {
            $all = @(Get-DomainDiskIOTuning -Connection $d -Name test)
            $all.Disk | Should -Be 'vda'
            $all[0].TotalBytesPerSecond | Should -Be 0
            # The test driver checks a limit against its maximum, so both are given (-Parameter for the maximum).
            $t = Set-DomainDiskIOTuning -Connection $d -Name test -Disk vda -TotalBytesPerSecond 1000 -Parameter @{ total_bytes_sec_max = 2000 } -PassThru
            $t.TotalBytesPerSecond | Should -Be 1000
            $t.Values['total_bytes_sec_max'] | Should -Be 2000
            Get-DomainDiskIOTuning -Connection $d -Name test -Disk vdz -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtInvalidArg,PSLibvirt.Commands.GetDomainDiskIOTuningCommand'
            # -Disk completes the disk targets of the domain named, on the connection named.
            foreach ($command in 'Get-DomainDiskIOTuning', 'Set-DomainDiskIOTuning') {
                $line = "$command -Connection tune-d -Name test -Disk "
                @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be 'vda'
            }
        }
        finally {
            Set-DomainDiskIOTuning -Connection $d -Name test -Disk vda -TotalBytesPerSecond 0 -Parameter @{ total_bytes_sec_max = 0 } -ErrorAction SilentlyContinue
            Disconnect-Hypervisor -Connection $d
        }
    }

    It 'refuses unknown names, values that do not fit and negative values, and changes nothing' {
        Set-DomainSchedulerParameter -Name web1 -CpuShares 100 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidTuningParameter,PSLibvirt.Commands.SetDomainSchedulerParameterCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject | Should -Be 'web1'
        "$($e[0])" | Should -Match "'cpu_shares' is not one of the scheduler parameters libvirt reports here \(weight\)"
        foreach ($bad in -5, 2.5, 'many', 5000000000) {
            Set-DomainSchedulerParameter -Name web1 -Parameter @{ weight = $bad } -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId | Should -Be 'InvalidTuningParameter,PSLibvirt.Commands.SetDomainSchedulerParameterCommand' -Because "weight = $bad"
            "$($e2[0])" | Should -Match 'does not fit parameter .weight., which takes an unsigned integer'
        }
        Set-DomainPerfEvent -Name web1 -Enable nosuch -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be 'InvalidTuningParameter,PSLibvirt.Commands.SetDomainPerfEventCommand'
        (Get-DomainPerfEvent -Name web1).Enabled | Should -Not -Contain 'nosuch'
        { Set-DomainMemoryTuning -Name web1 -HardLimitBytes -2 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SetDomainMemoryTuningCommand'
        { Set-DomainSchedulerParameter -Name web1 -VCpuQuota -2 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SetDomainSchedulerParameterCommand'
        { Set-DomainMemoryTuning -Name web1 -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToSet,PSLibvirt.Commands.SetDomainMemoryTuningCommand'
        { Set-DomainNumaTuning -Name web1 -NodeSet 'x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidNodeSet,PSLibvirt.Commands.SetDomainNumaTuningCommand'
        { Set-DomainPerfEvent -Name web1 -Enable cmt -Disable cmt -ErrorAction Stop } | Should -Throw -ErrorId 'EnableAndDisable,PSLibvirt.Commands.SetDomainPerfEventCommand'
        { Set-DomainMemoryTuning -Name web1 -HardLimitBytes 1GB -Parameter @{ hard_limit = 5 } -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateParameter,PSLibvirt.Commands.SetDomainMemoryTuningCommand'
        { Set-DomainMemoryTuning -Name web1 -HardLimitBytes 1GB -Current -Config -ErrorAction Stop } | Should -Throw -ErrorId 'CurrentAndConfig,PSLibvirt.Commands.SetDomainMemoryTuningCommand'
    }

    It 'goes on with the next domain after one fails, and changes nothing with -WhatIf' {
        'nosuch', 'db1' | Set-DomainMemoryTuning -HardLimitBytes 2GB -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.SetDomainMemoryTuningCommand'
        (Get-DomainMemoryTuning -Name db1).HardLimitBytes | Should -Be 2GB
        Set-DomainMemoryTuning -Name db1 -HardLimitBytes 3GB -WhatIf
        Set-DomainNumaTuning -Name db1 -Mode Preferred -WhatIf
        (Get-DomainMemoryTuning -Name db1).HardLimitBytes | Should -Be 2GB
        (Get-DomainNumaTuning -Name db1).Mode | Should -Be 'Strict'
    }
}

Describe 'Tuning cmdlets on a running QEMU guest' -Tag 'Domain', 'Tuning', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $guest = 'pslv-tune-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            Start-TestGuest -Daemon $daemon -Name $guest
            $q = Connect-Hypervisor -Uri $uri -Name 'tune-q'
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'sets the hard limit live; the configuration keeps none; virsh memtune agrees' {
        Set-DomainMemoryTuning -Name $guest -HardLimitBytes 1GB -Live
        (Get-VirshValues $uri 'memtune', $guest, '--live')['hard_limit'] | Should -Be '1048576'
        (Get-VirshValues $uri 'memtune', $guest, '--config')['hard_limit'] | Should -Be 'unlimited'
        (Get-DomainMemoryTuning -Name $guest).HardLimitBytes | Should -Be 1GB
        (Get-DomainMemoryTuning -Name $guest -Config).HardLimitBytes | Should -BeNullOrEmpty
        Set-DomainMemoryTuning -Name $guest -HardLimitBytes -1 -Live
        (Get-VirshValues $uri 'memtune', $guest)['hard_limit'] | Should -Be 'unlimited'
    }

    It 'reads the posix scheduler and sets cpu_shares and a quota as virsh schedinfo sees them' {
        $s = Get-DomainSchedulerParameter -Name $guest
        $virsh = Get-VirshValues $uri 'schedinfo', $guest
        $s.SchedulerType | Should -Be 'posix'
        foreach ($k in 'cpu_shares', 'vcpu_period', 'vcpu_quota', 'emulator_period') { "$($s.Values[$k])" | Should -Be $virsh[$k] -Because $k }
        $r = Set-DomainSchedulerParameter -Name $guest -CpuShares 512 -VCpuQuota 50000 -Live -PassThru
        $virsh = Get-VirshValues $uri 'schedinfo', $guest, '--live'
        $virsh['cpu_shares'], $virsh['vcpu_quota'] | Should -Be '512', '50000'
        $r.Values['cpu_shares'], $r.Values['vcpu_quota'] | Should -Be 512, 50000
        # A value that does not fit its type changes nothing.
        Set-DomainSchedulerParameter -Name $guest -CpuShares 100 -Parameter @{ vcpu_period = -1 } -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidTuningParameter,PSLibvirt.Commands.SetDomainSchedulerParameterCommand'
        (Get-VirshValues $uri 'schedinfo', $guest)['cpu_shares'] | Should -Be '512'
    }

    It 'sets the NUMA node set live as virsh numatune sees it' {
        Set-DomainNumaTuning -Name $guest -NodeSet 0 -Live
        (Get-VirshValues $uri 'numatune', $guest)['numa_nodeset'] | Should -Be '0'
        (Get-DomainNumaTuning -Name $guest).NodeSet | Should -Be '0'
    }

    It 'passes on QEMU''s refusal of block I/O weights on this host as virsh does' {
        $virshError = try { Invoke-Virsh $uri 'blkiotune', $guest; $null } catch { "$_" }
        if (-not $virshError) { Set-ItResult -Skipped -Because 'this host''s block scheduler accepts blkio weights (virsh blkiotune succeeds)'; return }
        Get-DomainBlockIOTuning -Name $guest -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.GetDomainBlockIOTuningCommand'
        $virshError | Should -BeLike "*$($e[0].Exception.Message)*"
    }
}
