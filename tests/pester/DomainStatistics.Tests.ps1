#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-DomainStatistics on the test driver (state group only) and on a real QEMU guest of the private libvirtd,
# with virsh domstats on the same URI as the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'
    $testUuid = [guid]'6695eb01-f6a4-8304-79aa-97f2502e193f'

    # virsh domstats output as name -> value (string) for one domain.
    function ConvertFrom-VirshDomstats([string[]]$Lines) {
        $fields = [ordered]@{}
        foreach ($l in $Lines) {
            if ($l -match '^\s+([^=]+)=(.*)$') { $fields[$Matches[1]] = $Matches[2] }
        }
        $fields
    }
}

Describe 'Get-DomainStatistics on test:///default' -Tag 'Domain', 'Statistics' {
    BeforeEach { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'stats-t' }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It '-Active, -Inactive, -Persistent and -Transient choose domains as virsh domstats --list-* does; stopped ones are read by default' {
        $null = New-Domain -Name pslv-stats-off -MemoryMB 64 -Connection $h
        try {
            @(Get-DomainStatistics).Name | Sort-Object | Should -Be @('pslv-stats-off', 'test')
            $off = @(Get-DomainStatistics -Inactive)
            $off.Name | Should -Be 'pslv-stats-off'
            $off[0].State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
            @(Get-DomainStatistics -Active).Name | Should -Be @(Invoke-Virsh 'test:///default' 'domstats', '--list-active', '--state' -As Lines | Where-Object { $_ -like 'Domain:*' } | ForEach-Object { $_ -replace "^Domain: '(.*)'$", '$1' })
            @(Get-DomainStatistics -Persistent).Count | Should -Be 2
            Get-DomainStatistics -Transient | Should -BeNullOrEmpty
            @(Get-DomainStatistics -Name 'pslv-*', 't*' -Inactive).Name | Should -Be 'pslv-stats-off' -Because 'the filters apply to names too'
            { Get-DomainStatistics -Active -Inactive -ErrorAction Stop } | Should -Throw -ErrorId 'ActiveAndInactive,PSLibvirt.Commands.GetDomainStatisticsCommand'
        } finally { Remove-Domain -Name pslv-stats-off -Connection $h -Confirm:$false }
    }

    It 'reads the state group, the only one the test driver reports, as virsh domstats shows it' {
        $s = @(Get-DomainStatistics)
        $s.Count | Should -Be 1
        $s[0] | Should -BeOfType ([PSLibvirt.DomainStatistics])
        $s[0].Name | Should -Be 'test'
        $s[0].Uuid | Should -Be $testUuid
        $s[0].Hypervisor.Name | Should -Be 'stats-t'
        $s[0].State | Should -Be ([PSLibvirt.DomainState]::Running)
        $s[0].StateReason | Should -Be 'Unknown'
        $virsh = ConvertFrom-VirshDomstats (virsh -c test:///default domstats test)
        @($s[0].Raw.Keys) | Should -Be @($virsh.Keys)
        foreach ($k in $virsh.Keys) { "$($s[0].Raw[$k])" | Should -Be $virsh[$k] -Because $k }
        $s[0].CpuTime | Should -BeNullOrEmpty
        $s[0].VCpuCount | Should -BeNullOrEmpty
        $s[0].MemoryCurrentBytes | Should -BeNullOrEmpty
        $s[0].Block | Should -BeNullOrEmpty
        $s[0].Network | Should -BeNullOrEmpty
        $s[0].BlockReadBytes | Should -BeNullOrEmpty
        $s[0].Timestamp | Should -BeGreaterThan ([DateTime]::UtcNow.AddMinutes(-1))
        $s[0].Timestamp.Kind | Should -Be ([DateTimeKind]::Utc)
    }

    It 'maps -Group to the statistics groups: a group the driver lacks leaves the record empty, -Enforce makes it an error' {
        $cpu = Get-DomainStatistics -Group Cpu, Balloon
        $cpu.Name | Should -Be 'test'
        $cpu.Raw.Count | Should -Be 0
        $cpu.State | Should -BeNullOrEmpty
        (Get-DomainStatistics -Group State).Raw.Count | Should -Be 2

        Get-DomainStatistics -Group Cpu -Enforce -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtArgumentUnsupported,PSLibvirt.Commands.GetDomainStatisticsCommand'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].TargetObject.Name | Should -Be 'stats-t'
        # virsh sees the same refusal.
        virsh -c test:///default domstats --enforce --cpu-total 2>&1 | Out-String | Should -Match 'not supported'
    }

    It 'formats a table with the domain, state and totals, and a list with everything' {
        $table = Get-DomainStatistics | Format-Table | Out-String -Width 200
        $table | Should -Match 'Domain\s+State\s+CpuTime\s+VCpus\s+Memory\(MiB\)\s+BlockRead\s+BlockWrite\s+NetRx\s+NetTx'
        $table | Should -Match 'test\s+Running'
        $list = Get-DomainStatistics | Format-List | Out-String -Width 200
        $list | Should -Match 'StateReason\s+: Unknown'
        $list | Should -Match 'Fields\s+: 2'
        $list | Should -Match 'Hypervisor\s+: stats-t'
    }

    It 'completes -Name with the domain names' {
        $line = 'Get-DomainStatistics -Name te'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'test'
    }
}

Describe 'Get-DomainStatistics on node.xml' -Tag 'Domain', 'Statistics' {
    BeforeEach {
        $node = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'stats-node'
        $t = Connect-Hypervisor -Uri 'test:///default' -Name 'stats-t'
    }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'reads every domain of a connection, and of several connections' {
        (Get-DomainStatistics -Connection $node).Name | Sort-Object | Should -Be 'db1', 'web1'
        $all = Get-DomainStatistics -Connection $node, $t
        $all.Name | Sort-Object | Should -Be 'db1', 'test', 'web1'
        ($all | Where-Object Name -EQ 'test').Hypervisor.Name | Should -Be 'stats-t'
        (Get-Hypervisor | Get-DomainStatistics).Name | Sort-Object | Should -Be 'db1', 'test', 'web1'
        (Get-Hypervisor -Name 'stats-node' | Get-DomainStatistics -Name 'w*').Name | Should -Be 'web1'
    }

    It 'filters names with wildcards; a pattern that matches nothing is no error' {
        (Get-DomainStatistics -Name 'W*' -Connection $node).Name | Should -Be 'web1'
        (Get-DomainStatistics -Name 'web1', '*1' -Connection $node).Name | Sort-Object | Should -Be 'db1', 'web1'
        Get-DomainStatistics -Name 'zz*' -Connection $node -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating DomainNotFound for a missing exact name and reads the others' {
        $out = 'nope', 'db1' | Get-DomainStatistics -Connection $node -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'db1'
        $out.State | Should -Be ([PSLibvirt.DomainState]::Running)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainStatisticsCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nope'
        # Exact names are case-sensitive, as libvirt's.
        Get-DomainStatistics -Name 'WEB1' -Connection $node -ErrorAction SilentlyContinue -ErrorVariable err2 | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainStatisticsCommand'
    }

    It 'binds Name by property name' {
        ([pscustomobject]@{ Name = 'web1' } | Get-DomainStatistics -Connection $node).Name | Should -Be 'web1'
    }

    It 'reads piped Domain objects on their own connections and writes them in input order' {
        $web = Get-Domain -Name web1 -Connection $node
        $db = Get-Domain -Name db1 -Connection $node
        $test = Get-Domain -Name test -Connection $t
        $out = @($web, $test, $db, $web | Get-DomainStatistics)
        $out.Name | Should -Be 'web1', 'test', 'db1', 'web1'
        $out.Hypervisor.Name | Should -Be 'stats-node', 'stats-t', 'stats-node', 'stats-node'
        $out[0].Uuid | Should -Be $web.Uuid
        @(Get-Domain -Connection $node | Get-DomainStatistics -Group State).Count | Should -Be 2
    }

    It 'writes DomainNotFound for a piped domain that no longer exists, and reads the others' {
        $db = Get-Domain -Name db1 -Connection $node
        $web = Get-Domain -Name web1 -Connection $node
        Stop-Domain -Domain $db -Force -Confirm:$false
        Remove-Domain -Domain $db -Confirm:$false
        $out = $db, $web | Get-DomainStatistics -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'web1'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainStatisticsCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject.Uuid | Should -Be $db.Uuid
    }
}

Describe 'Get-DomainStatistics on the private libvirtd' -Tag 'Domain', 'Statistics', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $guest = 'pslv-stats-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')

        # Invoke-Virsh (TestHelpers.psm1) returns domstats lines as virsh prints them, for ConvertFrom-VirshDomstats.
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:As' = 'Raw' }

        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            # The harness guest, with a small raw disk so that the block group has an entry.
            $disk = Join-Path $daemon.Directory "$guest.img"
            $f = [System.IO.File]::Create($disk); $f.SetLength(1MB); $f.Dispose()
            $diskXml = "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$disk'/><target dev='vda' bus='virtio'/></disk>"
            $xml = (New-TestGuestXml -Name $guest) -replace '<memballoon', "$diskXml`n    <memballoon"
            $xmlPath = Join-Path $daemon.Directory "$guest.xml"
            Set-Content -LiteralPath $xmlPath -Value $xml
            Invoke-Virsh $daemon.Uri 'define', $xmlPath | Out-Null
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-stats-qemu'
        }
    }

    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'reads the defined guest while it is shut off' {
        $s = Get-DomainStatistics -Name $guest -Connection $conn
        $s.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $s.MemoryMaximumBytes | Should -Be 64MB
        $virsh = ConvertFrom-VirshDomstats (Invoke-Virsh $daemon.Uri 'domstats', $guest)
        @($s.Raw.Keys) | Should -Be @($virsh.Keys)
    }

    It 'reads cpu, balloon, vcpu and block of the running guest' {
        Invoke-Virsh $daemon.Uri 'start', $guest | Out-Null
        Wait-Until { (Get-DomainStatistics -Name $guest -Connection $conn -Group Cpu).CpuTime -gt [TimeSpan]::Zero } 30 'CPU time of the started guest'
        $s = Get-DomainStatistics -Name $guest -Connection $conn
        $s.State | Should -Be ([PSLibvirt.DomainState]::Running)
        $s.StateReason | Should -Be 'Booted'
        $s.CpuTime | Should -BeGreaterThan ([TimeSpan]::Zero)
        $s.Raw.Contains('cpu.time') | Should -BeTrue
        $s.VCpuCount | Should -Be 1
        $s.VCpuMaximum | Should -Be 1
        $s.VCpus.Count | Should -Be 1
        $s.VCpus[0].Index | Should -Be 0
        $s.VCpus[0].State | Should -Be 'Running'
        $s.MemoryCurrentBytes | Should -Be 64MB
        $s.MemoryMaximumBytes | Should -Be 64MB
        $s.Block.Count | Should -Be 1
        $s.Block[0].Name | Should -Be 'vda'
        $s.Block[0].Path | Should -Be $disk
        $s.Block[0].CapacityBytes | Should -Be 1MB
        $s.BlockReadBytes | Should -Be $s.Block[0].ReadBytes
        $s.Network | Should -BeNullOrEmpty -Because 'the guest has no interface'
        $s.Raw.Count | Should -BeGreaterThan 10
        $table = $s | Format-Table | Out-String -Width 200
        $table | Should -Match "$guest\s+Running\s+\S+\s+1\s+64"
    }

    It 'agrees with virsh domstats --cpu-total --vcpu --block on the paused guest' {
        Invoke-Virsh $daemon.Uri 'suspend', $guest | Out-Null
        try {
            # cpu.time is the whole QEMU process's, which goes on a little while the vCPUs are paused: our read
            # must lie between two virsh reads taken before and after it.
            $before = ConvertFrom-VirshDomstats (Invoke-Virsh $daemon.Uri 'domstats', '--cpu-total', '--vcpu', '--block', $guest)
            $s = Get-DomainStatistics -Name $guest -Connection $conn -Group State, Cpu, VCpu, Block
            $after = ConvertFrom-VirshDomstats (Invoke-Virsh $daemon.Uri 'domstats', '--cpu-total', '--vcpu', '--block', $guest)
            $s.State | Should -Be ([PSLibvirt.DomainState]::Paused)
            $s.CpuTime.Ticks | Should -BeGreaterOrEqual ([long][Math]::Floor([decimal]$before['cpu.time'] / 100))
            $s.CpuTime.Ticks | Should -BeLessOrEqual ([long][Math]::Floor([decimal]$after['cpu.time'] / 100))
            $s.VCpuCount | Should -Be ([int]$after['vcpu.current'])
            $s.VCpuMaximum | Should -Be ([int]$after['vcpu.maximum'])
            $s.VCpus.Count | Should -Be ([int]$after['vcpu.current'])
            $s.VCpus[0].Time.Ticks | Should -BeGreaterOrEqual ([long][Math]::Floor([decimal]$before['vcpu.0.time'] / 100))
            $s.VCpus[0].Time.Ticks | Should -BeLessOrEqual ([long][Math]::Floor([decimal]$after['vcpu.0.time'] / 100))
            $s.Block[0].Name | Should -Be $after['block.0.name']
            $s.Block[0].Path | Should -Be $after['block.0.path']
            $s.Block[0].ReadRequests | Should -Be ([long]$after['block.0.rd.reqs'])
            $s.Block[0].ReadBytes | Should -Be ([long]$after['block.0.rd.bytes'])
            $s.Block[0].CapacityBytes | Should -Be ([long]$after['block.0.capacity'])
            @($s.Raw.Keys | Where-Object { $_ -notlike 'state.*' }) | Should -Be @($after.Keys) -Because 'virsh was not asked for the state group'
        } finally {
            Invoke-Virsh $daemon.Uri 'resume', $guest | Out-Null
        }
    }

    It '-Interval and -Count sample the running guest: each later sample has the rates its two raw samples give' {
        Start-Domain -Name $guest -Connection $conn -ErrorAction SilentlyContinue
        Resume-Domain -Name $guest -Connection $conn -ErrorAction SilentlyContinue
        Wait-Until { (Get-Domain -Name $guest -Connection $conn).State -eq 'Running' } -TimeoutSeconds 20 -What 'the guest to run'
        $s = @(Get-DomainStatistics -Name $guest -Connection $conn -Interval 0.5 -Count 3)
        $s.Count | Should -Be 3
        $s[0].Rates | Should -BeNullOrEmpty -Because 'the first sample is written at once, without waiting for a second'
        foreach ($i in 1, 2) {
            $a = $s[$i - 1]; $b = $s[$i]; $r = $b.Rates
            $seconds = ($b.Timestamp - $a.Timestamp).TotalSeconds
            $seconds | Should -BeGreaterThan 0.3
            $r.IntervalSeconds | Should -Be $seconds
            $r.CpuPercent | Should -Be ((($b.CpuTime - $a.CpuTime).TotalSeconds / $seconds / $b.VCpuCount) * 100)
            $r.HostCpuPercent | Should -Be ((($b.CpuTime - $a.CpuTime).TotalSeconds / $seconds / (Get-NodeInfo -Connection $conn).Cpus) * 100)
            $r.BlockReadBytesPerSecond | Should -Be (($b.BlockReadBytes - $a.BlockReadBytes) / $seconds)
            $r.BlockReadIops | Should -Be (($b.BlockReadRequests - $a.BlockReadRequests) / $seconds)
        }
        # A running TCG guest uses some CPU; the view shows the rates.
        ($s[1..2].Rates.CpuPercent | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 0
        ($s | Format-Table -View Rates | Out-String) | Should -Match 'CPU%'
    }

    It '-Interval without -Count samples until Ctrl+C, which stops it at once' {
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$modulePath'; `$null = Connect-Hypervisor -Uri test:///default -NotDefault -Name sampler; Get-DomainStatistics -Connection sampler -Interval 0.2")
        $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $out)
        try {
            Wait-Until { $out.Count -ge 3 } -TimeoutSeconds 20 -What 'three samples'
            $ps.Stop()
            $async.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @($out | Where-Object { $_.Rates }).Count | Should -BeGreaterThan 0 -Because 'the second sample on has rates'
        } finally {
            $async.AsyncWaitHandle.WaitOne(10000) | Out-Null
            $ps.Dispose()
            Get-Hypervisor | Where-Object Name -EQ sampler | Disconnect-Hypervisor -Confirm:$false
        }
    }

    It 'reads piped Domain objects from Get-Domain with -Group' {
        $s = Get-Domain -Name $guest -Connection $conn | Get-DomainStatistics -Group Balloon
        $s.Name | Should -Be $guest
        $s.State | Should -BeNullOrEmpty
        $s.CpuTime | Should -BeNullOrEmpty
        $s.MemoryCurrentBytes | Should -Be 64MB
        @($s.Raw.Keys | Where-Object { $_ -notlike 'balloon.*' }) | Should -BeNullOrEmpty
    }

    It 'reads the test driver over TCP, where virsh sees the same instance' {
        # The daemon's test:///default is one instance while a connection holds it: virsh sees our changes.
        $uri = $daemon.TestUri
        $remote = Connect-Hypervisor -Uri $uri -Name 'pslv-stats-tcp'
        try {
            Invoke-Virsh $uri 'suspend', 'test' | Out-Null
            $s = Get-DomainStatistics -Connection $remote -Name test
            $s.State | Should -Be ([PSLibvirt.DomainState]::Paused)
            $virsh = ConvertFrom-VirshDomstats (Invoke-Virsh $uri 'domstats', 'test')
            @($s.Raw.Keys) | Should -Be @($virsh.Keys)
            foreach ($k in $virsh.Keys) { "$($s.Raw[$k])" | Should -Be $virsh[$k] -Because $k }
            $s.StateReason | Should -Be 'User'
        } finally {
            Disconnect-Hypervisor -Connection $remote
        }
    }
}

Describe 'Get-/Set-DomainMigrationParameter on the test driver' -Tag 'Domain', 'Migration' {
    BeforeAll { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'migparam-t' }
    AfterAll { Get-Hypervisor | Disconnect-Hypervisor }

    It 'reads empty settings (the driver keeps none); setting is NotImplemented, a missing domain DomainNotFound, nothing given NothingToSet' {
        $p = Get-DomainMigrationParameter -Name test
        $p | Should -BeOfType ([PSLibvirt.DomainMigrationParameters])
        $p.Name | Should -Be 'test'
        foreach ($v in $p.MaxDowntimeMs, $p.BandwidthMiBps, $p.PostCopyBandwidthMiBps, $p.CompressionCacheBytes) { $v | Should -BeNullOrEmpty }
        ($p | Format-Table | Out-String) | Should -Match 'MaxDowntime\(ms\)'
        Set-DomainMigrationParameter -Name test -Bandwidth 10 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.SetDomainMigrationParameterCommand'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $out = 'nosuch', 'test' | Get-DomainMigrationParameter -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainMigrationParameterCommand'
        $out.Name | Should -Be 'test'
        { Set-DomainMigrationParameter -Name test -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToSet,PSLibvirt.Commands.SetDomainMigrationParameterCommand'
    }
}
