#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The host's free memory (Get-NodeFreeMemory, virsh freecell) through the built module: on test:///default, whose
# default host has two NUMA cells with fixed free memory (exact comparison with virsh), and on the
# private libvirtd's qemu URI, which reports the real host's NUMA cells (free memory moves between calls: compared with a tolerance).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # virsh freecell output ("0:       2048 KiB", "Total:       6144 KiB") as cell -> bytes.
    function Get-VirshFreeCell([string] $Uri, [string[]] $Arguments) {
        $map = [ordered]@{}
        foreach ($line in @(Invoke-Virsh $Uri (@('freecell') + $Arguments) -As Lines)) {
            if ($line -match '^(\S+):\s+(\d+)\s+KiB$') { $map[$Matches[1]] = [long]$Matches[2] * 1KB }
        }
        $map
    }
}

Describe 'Get-NodeFreeMemory on the test driver' -Tag 'NodeHost' {
    BeforeAll { $t = Connect-Hypervisor -Uri 'test:///default' -Name node-test }
    AfterAll { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }

    It 'gives the whole host''s free memory as virsh freecell does' {
        $r = @(Get-NodeFreeMemory -Connection $t)
        $r.Count | Should -Be 1
        $r[0].Cell | Should -BeNullOrEmpty
        $r[0].FreeMemoryBytes | Should -Be (Get-VirshFreeCell 'test:///default' @())['Total']
        $r[0].Hypervisor.Name | Should -Be 'node-test'
    }

    It 'gives one object per NUMA cell with -PerCell, as virsh freecell --all' {
        $virsh = Get-VirshFreeCell 'test:///default' @('--all')
        $r = @(Get-NodeFreeMemory -Connection $t -PerCell)
        $r.Cell | Should -Be @(0, 1)
        foreach ($c in $r) { $c.FreeMemoryBytes | Should -Be $virsh["$($c.Cell)"] }
        $r[0].FreeMemoryBytes | Should -Not -Be $r[1].FreeMemoryBytes -Because 'the test driver''s cells differ, so a wrong index shows'
    }

    It 'gives one cell with -Cell, as virsh freecell <cell>' {
        $r = @(Get-NodeFreeMemory -Connection $t -Cell 1)
        $r.Count | Should -Be 1
        $r[0].Cell | Should -Be 1
        $r[0].FreeMemoryBytes | Should -Be (Get-VirshFreeCell 'test:///default' @('1'))['1']
    }

    It 'writes NodeCellNotFound (ObjectNotFound, the cell as target) for a cell the host lacks, and goes on with the next connection' {
        $u = Connect-Hypervisor -Uri 'test:///default' -Name node-test2
        try {
            $r = @($t, $u | Get-NodeFreeMemory -Cell 9 -ErrorVariable err -ErrorAction SilentlyContinue)
            $r | Should -BeNullOrEmpty
            $err.Count | Should -Be 2 -Because 'one error per connection, the second connection is still asked'
            $err[0].FullyQualifiedErrorId | Should -Be 'NodeCellNotFound,PSLibvirt.Commands.GetNodeFreeMemoryCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 9
            "$($err[0])" | Should -Match "no NUMA cell 9"
            { Invoke-Virsh 'test:///default' 'freecell', '9' } | Should -Throw '*Range exceeds available cells*'
        }
        finally { Disconnect-Hypervisor -Connection $u -ErrorAction SilentlyContinue }
    }

    It 'refuses a negative cell before calling libvirt' {
        { Get-NodeFreeMemory -Connection $t -Cell -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.GetNodeFreeMemoryCommand'
    }
}

Describe 'Get-NodeFreeMemory through the private libvirtd (the real host), virsh as the oracle' -Tag 'NodeHost' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $uri = $daemon.QemuUri
            $h = Connect-Hypervisor -Uri $uri -Name node-qemu
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'gives the real host''s free memory, within 5% of virsh freecell, below the total memory' {
        $mine = (Get-NodeFreeMemory -Connection $h).FreeMemoryBytes
        $virsh = (Get-VirshFreeCell $uri @())['Total']
        $mine | Should -BeGreaterThan 0
        [math]::Abs($mine - $virsh) | Should -BeLessOrEqual ($virsh * 0.05) -Because 'free memory moves between the two calls'
        $mine | Should -BeLessThan (Get-NodeInfo -Connection $h).MemoryBytes
    }

    It 'lists every NUMA cell of the host with -PerCell, as virsh freecell --all' {
        $virsh = Get-VirshFreeCell $uri @('--all')
        $r = @(Get-NodeFreeMemory -Connection $h -PerCell)
        $r.Cell | Should -Be @($virsh.Keys | Where-Object { $_ -ne 'Total' } | ForEach-Object { [int]$_ })
        $r.Count | Should -Be (Get-NodeInfo -Connection $h).NumaNodes
        foreach ($c in $r) { [math]::Abs($c.FreeMemoryBytes - $virsh["$($c.Cell)"]) | Should -BeLessOrEqual ($virsh["$($c.Cell)"] * 0.05) }
    }

    It 'writes NodeCellNotFound for a cell past the last one' {
        $cells = (Get-NodeInfo -Connection $h).NumaNodes
        Get-NodeFreeMemory -Connection $h -Cell $cells -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NodeCellNotFound,PSLibvirt.Commands.GetNodeFreeMemoryCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        # The qemu driver words it as an internal error, unlike the test driver's invalid argument.
        { Invoke-Virsh $uri 'freecell', "$cells" } | Should -Throw '*out of range*'
    }
}

Describe 'Get-NodeMemoryStatistics' -Tag 'NodeHost' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $uri = $daemon.QemuUri
            $h = Connect-Hypervisor -Uri $uri -Name node-mem
        }
        # virsh nodememstats ("total  :   24683548 KiB") as name -> bytes.
        function Get-VirshMemStats([string] $Uri, [string[]] $Arguments) {
            $map = @{}
            foreach ($line in @(Invoke-Virsh $Uri (@('nodememstats') + $Arguments) -As Lines)) {
                if ($line -match '^(\w+)\s*:\s+(\d+)\s+KiB$') { $map[$Matches[1]] = [long]$Matches[2] * 1KB }
            }
            $map
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    It 'writes a NotImplemented error (LibvirtNoSupport) on the test driver, as virsh fails there' {
        $t = Connect-Hypervisor -Uri 'test:///default' -Name node-mem-test
        try {
            Get-NodeMemoryStatistics -Connection $t -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetNodeMemoryStatisticsCommand'
            $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            { Invoke-Virsh 'test:///default' 'nodememstats' } | Should -Throw '*not supported*'
        }
        finally { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }
    }

    Context 'on the real host (private libvirtd qemu URI)' {
        BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

        It 'gives the host''s counters in bytes, as virsh nodememstats (total exactly, the rest within 5%)' {
            $virsh = Get-VirshMemStats $uri @()
            $s = Get-NodeMemoryStatistics -Connection $h
            $s.Cell | Should -BeNullOrEmpty
            $s.TotalBytes | Should -Be $virsh['total']
            $s.Fields.Keys | Sort-Object | Should -Be @($virsh.Keys | Sort-Object)
            foreach ($k in 'free', 'buffers', 'cached') {
                [math]::Abs($s.Fields[$k] - $virsh[$k]) | Should -BeLessOrEqual ([math]::Max($virsh[$k] * 0.05, 16MB)) -Because "$k moves between the calls"
            }
            $s.FreeBytes | Should -BeLessThan $s.TotalBytes
        }

        It 'gives cell 0''s total and free with -Cell 0, as virsh nodememstats --cell 0' {
            $virsh = Get-VirshMemStats $uri @('--cell', '0')
            $s = Get-NodeMemoryStatistics -Connection $h -Cell 0
            $s.Cell | Should -Be 0
            $s.TotalBytes | Should -Be $virsh['total']
            $s.Fields.Keys | Sort-Object | Should -Be @($virsh.Keys | Sort-Object)
        }

        It 'writes NodeCellNotFound (ObjectNotFound, the cell as target) for a cell the host lacks' {
            $cells = (Get-NodeInfo -Connection $h).NumaNodes
            Get-NodeMemoryStatistics -Connection $h -Cell $cells -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'NodeCellNotFound,PSLibvirt.Commands.GetNodeMemoryStatisticsCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be $cells
            { Invoke-Virsh $uri 'nodememstats', '--cell', "$cells" } | Should -Throw '*cellNum*'
        }
    }
}

Describe 'Get-NodeCpuStatistics and Get-NodeSysInfo' -Tag 'NodeHost' {
    BeforeAll {
        $t = Connect-Hypervisor -Uri 'test:///default' -Name node-cpu-test
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $q = Connect-Hypervisor -Uri $daemon.QemuUri -Name node-cpu-qemu
        }
        # virsh nodecpustats as name -> value
        function Get-VirshCpuStats([string] $Uri, [string[]] $More = @()) {
            $r = @{}
            foreach ($line in @(Invoke-Virsh $Uri (@('nodecpustats') + $More) -As Lines)) { $n, $v = $line -split ':\s*', 2; $r[$n.Trim()] = $v.Trim() }
            $r
        }
    }
    AfterAll {
        foreach ($c in $t, $q) { if ($c) { Disconnect-Hypervisor -Connection $c -ErrorAction SilentlyContinue } }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    It 'reads the counters virsh nodecpustats prints (test driver)' {
        $s = Get-NodeCpuStatistics -Connection $t
        $v = Get-VirshCpuStats 'test:///default'
        $s.Cpu | Should -BeNullOrEmpty
        "$($s.UserNs)", "$($s.KernelNs)", "$($s.IdleNs)", "$($s.IOWaitNs)" | Should -Be $v['user'], $v['system'], $v['idle'], $v['iowait']
        ($s | Out-String) | Should -Match 'KernelNs\s+UserNs\s+IdleNs'
    }

    It 'gives percentages over an interval on the real host that add up, and the test driver''s still counters give none' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $u = Get-NodeCpuStatistics -Connection $q -Percent -Interval 0.3
        $u.Interval | Should -Be ([timespan]::FromSeconds(0.3))
        ($u.User + $u.System + $u.Idle + $u.IOWait) | Should -BeGreaterThan 99
        ($u.User + $u.System + $u.Idle + $u.IOWait) | Should -BeLessThan 101
        [math]::Abs($u.Usage - (100 - $u.Idle)) | Should -BeLessThan 0.2
        $one = Get-NodeCpuStatistics -Connection $q -Cpu 0 -Percent -Interval 0.3
        $one.Cpu | Should -Be 0
        (Get-NodeCpuStatistics -Connection $t -Percent -Interval 0.1).Usage | Should -BeNullOrEmpty
    }

    It 'reads one CPU of the real host as virsh nodecpustats <cpu> does, and a CPU it lacks is libvirt''s error' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $s = Get-NodeCpuStatistics -Connection $q -Cpu 0
        $v = Get-VirshCpuStats $daemon.QemuUri '0'
        $s.Cpu | Should -Be 0
        # counters move between the two reads: the module's come first, so they are not larger
        [long]$s.UserNs | Should -BeLessOrEqual ([long]$v['user'])
        [long]$s.UserNs | Should -BeGreaterThan ([long]$v['user'] * 0.9)
        $cpus = (Get-NodeInfo -Connection $q).Cpus
        Get-NodeCpuStatistics -Connection $q -Cpu ($cpus + 5) -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.GetNodeCpuStatisticsCommand'
        { Invoke-Virsh $daemon.QemuUri 'nodecpustats', "$($cpus + 5)" } | Should -Throw
    }

    It 'reads every SMBIOS entry virsh sysinfo writes, on <Where>' -TestCases @(@{ Where = 'the test driver' }, @{ Where = 'the real host' }) {
        param($Where)
        if ($Where -eq 'the real host' -and -not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $c, $uri = if ($Where -eq 'the test driver') { $t, 'test:///default' } else { $q, $daemon.QemuUri }
        $refusal = $null
        try { [xml]$x = Invoke-Virsh $uri 'sysinfo' } catch { $refusal = "$_" }
        if ($refusal) {
            # A host whose firmware gives no SMBIOS (this VM): the cmdlet reports libvirt's refusal, as virsh does.
            Get-NodeSysInfo -Connection $c -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e.Count | Should -Be 1
            $refusal | Should -Match ([regex]::Escape($e[0].Exception.Message))
            Set-ItResult -Skipped -Because "this host has no SMBIOS tables: libvirt refuses, and the refusal was compared with virsh's ($($e[0].Exception.Message))"
            return
        }
        $info = Get-NodeSysInfo -Connection $c
        $info.Type | Should -Be $x.sysinfo.type
        foreach ($section in $x.sysinfo.ChildNodes | Where-Object { $_ -is [System.Xml.XmlElement] -and $_.LocalName -ne 'oemStrings' }) {
            $parsed = switch ($section.LocalName) {
                'bios' { @($info.Bios) } 'system' { @($info.System) } 'chassis' { @($info.Chassis) }
                'baseBoard' { $info.BaseBoard } 'processor' { $info.Processor } 'memory_device' { $info.MemoryDevice }
                default { @($info.Other | Where-Object Kind -EQ $section.LocalName) }
            }
            $all = @($parsed | ForEach-Object { $_.Entries.GetEnumerator() } | ForEach-Object { "$($_.Key)=$($_.Value)" })
            foreach ($entry in $section.entry) { $all | Should -Contain "$($entry.name)=$($entry.InnerText.Trim())" }
        }
        (Get-NodeSysInfo -Connection $c -Raw).Trim() | Should -Be ((Invoke-Virsh $uri 'sysinfo' -As Raw) -join "`n").Trim()
    }
}
