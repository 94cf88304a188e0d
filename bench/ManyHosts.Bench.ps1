#Requires -Version 7.2
<#
.SYNOPSIS
    Many hosts (issue 15): Get-Domain across 20 libvirt endpoints at once vs the slowest of them alone, with latency.
.DESCRIPTION
    20 endpoints on this machine: private libvirtd daemons (test driver, a node file of -DomainsPerHost domains) behind
    a delaying TCP proxy (bench/delayproxy.py, one port per endpoint), endpoint i with a one-way delay of (i mod 5) x 10 ms
    (0 to 40 ms each way, so up to 80 ms per round trip). The last endpoint has a daemon of its own, frozen (SIGSTOP) for
    the dead-host case. In the same run, medians of -Runs:
      slowest single  Get-Domain -Connection <one endpoint>, each endpoint alone; the slowest of the 20 (and their sum,
                      what reading the hosts one after another costs)
      all at once     Get-Domain -Connection <all 20> (default -ThrottleLimit 16, and -ThrottleLimit 20)
      one after other Get-Domain -Connection <all 20> -ThrottleLimit 1
      one host dead   Get-Domain -Connection <all 20> -HostTimeout 5 with the last endpoint's daemon frozen: when the
                      other 19 hosts' domains have all arrived, and when the cmdlet ends (its HostTimeout error)
    Target: all at once within 1.5x of the slowest single host; with a dead host, the others' domains arrive without
    waiting for its timeout.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 50)][int] $Runs = 5,
    [ValidateRange(2, 64)][int] $Endpoints = 20,
    [int] $DomainsPerHost = 50,
    [string] $Python = '/usr/bin/python3'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Join-Path (Get-BenchRoot) 'tests/harness/PrivateLibvirtd.psm1') -Force
Import-Module (Get-BenchModulePath)

function Measure-Ms([scriptblock] $Block) {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Block
    $sw.Elapsed.TotalMilliseconds
}

$results = [System.Collections.Generic.List[object]]::new()
$daemons = @()
$proxy = $null
$hosts = @()
try {
    $file = New-DomainNodeFile -Count $DomainsPerHost
    $shared = @(1..4 | ForEach-Object { Start-PrivateLibvirtd -Driver test })
    $lone = Start-PrivateLibvirtd -Driver test
    $daemons = $shared + $lone
    $specs = for ($i = 0; $i -lt $Endpoints; $i++) {
        $d = if ($i -eq $Endpoints - 1) { $lone } else { $shared[$i % $shared.Count] }
        "$($d.Port):$(($i % 5) * 10)"
    }
    $psi = [System.Diagnostics.ProcessStartInfo]::new($Python)
    foreach ($a in @((Join-Path $PSScriptRoot 'delayproxy.py')) + $specs) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $proxy = [System.Diagnostics.Process]::Start($psi)
    $ports = @()
    while (($line = $proxy.StandardOutput.ReadLine()) -ne 'ready') {
        if ($null -eq $line) { throw 'delayproxy.py ended before it was ready' }
        $ports += [int]$line
    }
    $hosts = @(for ($i = 0; $i -lt $Endpoints; $i++) {
        Connect-Hypervisor -Uri "test+tcp://127.0.0.1:$($ports[$i])/$file" -Name ('bench-ep{0:D2}' -f $i) -NotDefault
    })
    $expected = $Endpoints * $DomainsPerHost
    if (@(Get-Domain -Connection $hosts).Count -ne $expected) { throw "expected $expected domains" }

    $single = [System.Collections.Generic.List[double]]::new(); $sum = [System.Collections.Generic.List[double]]::new()
    $all16 = [System.Collections.Generic.List[double]]::new(); $all20 = [System.Collections.Generic.List[double]]::new()
    $serial = [System.Collections.Generic.List[double]]::new()
    $liveDone = [System.Collections.Generic.List[double]]::new(); $deadEnd = [System.Collections.Generic.List[double]]::new()
    for ($r = 0; $r -lt $Runs; $r++) {
        $each = @(foreach ($h in $hosts) { Measure-Ms { Get-Domain -Connection $h } })
        $single.Add(($each | Measure-Object -Maximum).Maximum)
        $sum.Add(($each | Measure-Object -Sum).Sum)
        $all16.Add((Measure-Ms { Get-Domain -Connection $hosts }))
        $all20.Add((Measure-Ms { Get-Domain -Connection $hosts -ThrottleLimit $Endpoints }))
        $serial.Add((Measure-Ms { Get-Domain -Connection $hosts -ThrottleLimit 1 }))

        & kill -STOP $lone.Pid
        try {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $last = @{}
            Get-Domain -Connection $hosts -ThrottleLimit $Endpoints -HostTimeout 5 -ErrorAction SilentlyContinue -ErrorVariable late |
                ForEach-Object { $last[$_.Hypervisor.Name] = $sw.Elapsed.TotalMilliseconds }
            $deadEnd.Add($sw.Elapsed.TotalMilliseconds)
            if ($last.Count -ne $Endpoints - 1 -or @($late).Count -ne 1) { throw "dead-host case: $($last.Count) hosts answered, $(@($late).Count) errors" }
            $liveDone.Add(($last.Values | Measure-Object -Maximum).Maximum)
        } finally { & kill -CONT $lone.Pid }
        # The abandoned read ends once the daemon runs again: wait for the host to answer before the next run.
        $null = Get-Domain -Connection $hosts[-1]
    }

    $s = Get-Stats ([double[]]$single)
    foreach ($case in @(
        @{ Name = "all $Endpoints at once (-ThrottleLimit 16, the default)"; Stats = Get-Stats ([double[]]$all16) }
        @{ Name = "all $Endpoints at once (-ThrottleLimit $Endpoints)"; Stats = Get-Stats ([double[]]$all20) }
        @{ Name = "one host dead (-HostTimeout 5): the other $($Endpoints - 1) hosts' domains all arrived"; Stats = Get-Stats ([double[]]$liveDone) }
    )) {
        $ratio = $case.Stats.median / $s.median
        Write-Host ('Get-Domain, {0} endpoints x {1} domains, 0-40 ms one-way latency: {2}: {3} vs the slowest single host {4}: ratio {5:N2}; target <= 1.5' -f
            $Endpoints, $DomainsPerHost, $case.Name, (Format-Ms $case.Stats.median), (Format-Ms $s.median), $ratio)
        $results.Add((New-BenchRow -Case "Get-Domain, $Endpoints endpoints: $($case.Name) vs the slowest single host" -Ours $case.Stats.median -Theirs $s.median `
            -OursText (Format-Ms $case.Stats.median) -TheirsText (Format-Ms $s.median) -Ratio $ratio -Target 'ratio <= 1.5' -Pass ($ratio -le 1.5) `
            -Extra @{ endpoints = $Endpoints; domainsPerHost = $DomainsPerHost; ours = $case.Stats; slowest = $s }))
    }
    $seq = Get-Stats ([double[]]$serial); $sumS = Get-Stats ([double[]]$sum); $end = Get-Stats ([double[]]$deadEnd)
    Write-Host ('  one after another (-ThrottleLimit 1): {0} (the 20 single reads add up to {1}); with the dead host the cmdlet ends at {2} (its HostTimeout after 5 s)' -f
        (Format-Ms $seq.median), (Format-Ms $sumS.median), (Format-Ms $end.median))
    $results.Add((New-BenchRow -Case "Get-Domain, $Endpoints endpoints one after another (-ThrottleLimit 1) vs the slowest single host" -Ours $seq.median -Theirs $s.median `
        -OursText (Format-Ms $seq.median) -TheirsText (Format-Ms $s.median) -Ratio ($seq.median / $s.median) -Target 'n/a (what parallel reading saves)' -Pass $null `
        -Extra @{ sumOfSingles = $sumS; deadHostCmdletEnd = $end }))
} finally {
    $hosts | Disconnect-Hypervisor -ErrorAction SilentlyContinue
    if ($proxy -and -not $proxy.HasExited) { $proxy.Kill() }
    foreach ($d in $daemons) { & kill -CONT $d.Pid 2>$null; Stop-PrivateLibvirtd -Daemon $d }
}

$json = Write-BenchResult -Name 'ManyHosts' -Results $results.ToArray() -Extra @{
    endpoints = "$Endpoints test-driver endpoints (4 daemons + 1 to freeze) behind bench/delayproxy.py, one-way delay (i mod 5) x 10 ms"
    ours = 'Get-Domain -Connection <all endpoints>'
    theirs = 'the slowest Get-Domain -Connection <one endpoint>, in the same run'
}
Write-BenchSummary -Path $json
