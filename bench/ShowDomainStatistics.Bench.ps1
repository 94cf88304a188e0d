#Requires -Version 7.2
<#
.SYNOPSIS
    The live view (issue 14): CPU time of one Show-DomainStatistics refresh, 1,000 domains on 4 connections.
.DESCRIPTION
    Four connections, each to a test-driver node of 250 domains (out/bench/nodes/domains-250.xml), locally
    (test:///<file>, the driver in this process) and through a private libvirtd over TCP, in the same run:
      ours    `Show-DomainStatistics -Connection <4> -Plain -Interval 0.1 -Count 10 | Out-Null`: per refresh, one bulk
              call per connection (in parallel), the rates, the history and a 1,000-line frame; the CPU time of this
              process (user + system, all threads) over the run divided by its refreshes (11: a first sample, then 10
              frames). Its waits between refreshes cost no CPU.
      python  /usr/bin/python3 with libvirt-python: getAllDomainStats() on the same 4 connections, name() and every
              value of each record, one round per refresh, CPU time (time.process_time) per round: what any tool
              written against libvirt-python spends just to read what the view shows.
    Medians of several runs. Target: ours under 100 ms of CPU per refresh.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 50)][int] $Runs = 5,
    [int] $DomainsPerConnection = 250,
    [string] $Python = '/usr/bin/python3'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Join-Path (Get-BenchRoot) 'tests/harness/PrivateLibvirtd.psm1') -Force
Import-Module (Get-BenchModulePath)

$frames = 10
$pythonRounds = @'
import json, sys, time, libvirt
uris, rounds, expected = sys.argv[1:5], int(sys.argv[5]), int(sys.argv[6])
conns = [libvirt.open(u) for u in uris]
def once():
    n = 0
    for c in conns:
        for dom, values in c.getAllDomainStats(0):
            dom.name()
            for v in values.values(): pass
            n += 1
    return n
if once() != expected: raise SystemExit("wrong count")
ms = []
for _ in range(rounds):
    t = time.process_time(); n = once(); ms.append((time.process_time() - t) * 1000)
    if n != expected: raise SystemExit("wrong count")
print(json.dumps({"ms": ms}))
'@

function Invoke-Python([string[]] $Uris, [int] $Expected) {
    $out = & $Python -c $pythonRounds @Uris ($Runs * ($frames + 1)) $Expected 2>&1
    if ($LASTEXITCODE -ne 0) { throw "python failed: $($out -join "`n")" }
    Get-Stats ([double[]](($out | Select-Object -Last 1) | ConvertFrom-Json).ms)
}

function Invoke-Ours([string[]] $Uris, [int] $Expected) {
    $hosts = @(for ($i = 0; $i -lt $Uris.Count; $i++) { Connect-Hypervisor -Uri $Uris[$i] -Name "bench-view-$i" -NotDefault })
    try {
        $frame = Show-DomainStatistics -Connection $hosts -Plain -Interval 0.1 -Count 1
        $lines = @($frame -split "`n" | Where-Object { $_ -match '^bench-\d{6} ' }).Count
        if ($lines -ne $Expected) { throw "the frame showed $lines domains, expected $Expected" }
        $me = [System.Diagnostics.Process]::GetCurrentProcess()
        $cpu = for ($r = 0; $r -lt $Runs; $r++) {
            $me.Refresh()
            $before = $me.TotalProcessorTime
            Show-DomainStatistics -Connection $hosts -Plain -Interval 0.1 -Count $frames | Out-Null
            $me.Refresh()
            ($me.TotalProcessorTime - $before).TotalMilliseconds / ($frames + 1)
        }
        Get-Stats ([double[]]$cpu)
    } finally { $hosts | Disconnect-Hypervisor -ErrorAction SilentlyContinue }
}

$results = [System.Collections.Generic.List[object]]::new()
$daemon = $null
try {
    $daemon = Start-PrivateLibvirtd -Driver test
    $file = New-DomainNodeFile -Count $DomainsPerConnection
    $total = 4 * $DomainsPerConnection
    foreach ($where in 'local', 'tcp') {
        $uri = if ($where -eq 'local') { "test://$file" } else { "$($daemon.TestUriPrefix)$file" }
        $uris = @($uri) * 4
        $ours = Invoke-Ours $uris $total
        $theirs = Invoke-Python $uris $total
        $ratio = $ours.median / $theirs.median
        $text = { param($s) '{0} CPU (min {1})' -f (Format-Ms $s.median), (Format-Ms $s.min) }
        Write-Host ('{0:N0} domains on 4 connections, {1}: one Show-DomainStatistics refresh {2}; python getAllDomainStats on the 4 {3}: ratio {4:N2}; target < 100 ms CPU' -f $total, $where, (& $text $ours), (& $text $theirs), $ratio)
        $results.Add((New-BenchRow -Case ("{0:N0} domains on 4 connections {1}: CPU per Show-DomainStatistics refresh vs python getAllDomainStats" -f $total, $where) `
            -Ours $ours.median -Theirs $theirs.median -OursText (& $text $ours) -TheirsText (& $text $theirs) `
            -Ratio $ratio -Target 'ours < 100 ms CPU' -Pass ($ours.median -lt 100) -Extra @{ domains = $total; where = $where }))
    }
} finally {
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

$json = Write-BenchResult -Name 'ShowDomainStatistics' -Results $results.ToArray() -Extra @{
    ours = 'Show-DomainStatistics -Connection <4> -Plain -Interval 0.1 -Count 10 | Out-Null (CPU of the process / 11 refreshes)'
    python = 'getAllDomainStats(0) on the 4 connections, name() and each value (time.process_time per round)'
}
Write-BenchSummary -Path $json
