#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    The libvirt guide's own domain example, answered by the module and by libvirt-python on the same URI:
    lookupByName/lookupByID, ID(), name(), state(), info(), maxMemory(), memoryStats(), maxVcpus(). test:///default
    starts from the same state in every process, so the python process and this one see the same domain. Also
    Get-DomainMemoryStatistics against virsh dommemstat, on the test driver and a running QEMU guest.
#>
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # Debian's python3-libvirt (build.ps1 installs it) is for the system python.
    $python = '/usr/bin/python3'
    $pythonReady = $false
    if (Test-Path $python) { & $python -c 'import libvirt' 2>$null; $pythonReady = $LASTEXITCODE -eq 0 }

    # virsh dommemstat's lines ("actual 2097152") as a hashtable.
    function Get-VirshMemStat([string] $Uri, [string] $Name) {
        $map = @{}
        foreach ($line in (Invoke-Virsh $Uri 'dommemstat', $Name -As Lines)) { $k, $v = $line.Trim() -split '\s+'; if ($k) { $map[$k] = [uint64]$v } }
        $map
    }
}

Describe 'The seed example: every value libvirt-python answers, from cmdlets' -Tag 'Domain', 'Seed' {
    BeforeAll { $h = Connect-Hypervisor -Uri test:///default -Name seed }
    AfterAll { Disconnect-Hypervisor -Connection $h }
    BeforeEach { if (-not $pythonReady) { Set-ItResult -Skipped -Because "libvirt-python is not importable by $python (Debian package python3-libvirt)" } }

    It 'lookupByName, lookupByID, ID, name, state, info, maxMemory, memoryStats and maxVcpus equal libvirt-python''s' {
        $script = @'
import json, libvirt
c = libvirt.open('test:///default')
d = c.lookupByName('test')
info = d.info()
print(json.dumps({'id': d.ID(), 'name': d.name(), 'byId': c.lookupByID(d.ID()).name(), 'state': d.state(),
  'info': info[:4], 'maxMemory': d.maxMemory(), 'memoryStats': d.memoryStats(), 'maxVcpus': d.maxVcpus()}))
'@
        $py = & $python -c $script | ConvertFrom-Json -AsHashtable
        $d = Get-Domain -Name test -Connection $h
        (Get-Domain -Id $py.id -Connection $h).Name | Should -Be $py.byId
        $d.Id | Should -Be $py.id
        $d.Name | Should -Be $py.name
        [int]$d.State | Should -Be $py.state[0]
        [int]$d.State | Should -Be $py.info[0]
        $d.MaxMemoryBytes / 1KB | Should -Be $py.info[1]
        $d.MaxMemoryBytes / 1KB | Should -Be $py.maxMemory
        $d.MemoryBytes / 1KB | Should -Be $py.info[2]
        $d.VCpus | Should -Be $py.info[3]
        $d.MaxVCpus | Should -Be $py.maxVcpus
        $stats = Get-DomainMemoryStatistics -Name test -Connection $h
        $stats.Values.Count | Should -Be $py.memoryStats.Count
        foreach ($k in $py.memoryStats.Keys) { $stats.Values[$k] | Should -Be $py.memoryStats[$k] -Because $k }
    }
}

Describe 'Get-DomainMemoryStatistics and Domain.MaxVCpus against virsh' -Tag 'Domain' {
    BeforeAll { $h = Connect-Hypervisor -Uri test:///default -Name memstat }
    AfterAll { Disconnect-Hypervisor -Connection $h }

    It 'gives every statistic virsh dommemstat prints, in bytes where libvirt says KiB' {
        $virsh = Get-VirshMemStat test:///default test
        $s = Get-DomainMemoryStatistics -Name test -Connection $h
        $s | Should -BeOfType PSLibvirt.DomainMemoryStatistics
        $s.Values.Count | Should -Be $virsh.Count -Because 'virsh dommemstat prints 13 values on the test driver'
        foreach ($k in $virsh.Keys) { $s.Values[$k] | Should -Be $virsh[$k] -Because $k }
        $s.ActualBalloonBytes | Should -Be ($virsh['actual'] * 1KB)
        $s.RssBytes | Should -Be ($virsh['rss'] * 1KB)
        $s.MajorFaults | Should -Be $virsh['major_fault']
        $s.LastUpdate | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($virsh['last_update']).LocalDateTime)
        ($s | Format-List | Out-String) | Should -Match 'ActualBalloon\s*:\s*2 GiB'
    }

    It 'MaxVCpus equals virsh vcpucount --maximum, for a listed domain and an inactive one' {
        $virsh = [int](Invoke-Virsh test:///default 'vcpucount', 'test', '--maximum', '--live')
        (Get-Domain -Connection $h -Name test).MaxVCpus | Should -Be $virsh
        $null = New-Domain -Connection $h -Name seedoff -MemoryMB 64 -VCpu 1
        (Get-Domain -Connection $h -Name seedoff).MaxVCpus | Should -Be 1
    }

    It 'a missing domain is DomainNotFound and the next input is read' {
        $out = @('nope', 'test' | Get-DomainMemoryStatistics -Connection $h -ErrorVariable e -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainMemoryStatisticsCommand'
    }
}

Describe 'Get-DomainMemoryStatistics on a running QEMU guest (private libvirtd)' -Tag 'Domain', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $guest = 'pslv-mem-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            $xml = Join-Path $daemon.Directory "$guest.xml"
            Set-Content $xml (New-TestGuestXml -Name $guest)
            $null = Invoke-Virsh $daemon.Uri 'define', $xml
            $null = Invoke-Virsh $daemon.Uri 'start', $guest
            $q = Connect-Hypervisor -Uri $daemon.Uri -Name memq
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'reports what virsh dommemstat reports (the guest has no balloon: the host-side values)' {
        $s = Get-DomainMemoryStatistics -Name $guest -Connection $q
        $virsh = Get-VirshMemStat $daemon.Uri $guest
        @($s.Values.Keys | Sort-Object) | Should -Be @($virsh.Keys | Sort-Object)
        $s.Values['actual'] | Should -Be $virsh['actual']
        $s.RssBytes | Should -BeGreaterThan 0 -Because 'QEMU has a resident set'
        (Get-Domain -Name $guest -Connection $q).MaxVCpus | Should -Be ([int](Invoke-Virsh $daemon.Uri 'vcpucount', $guest, '--maximum', '--live'))
    }
}
