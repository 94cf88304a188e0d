#Requires -Version 7.2
<#
.SYNOPSIS
    Bulk statistics (issue 14): Get-DomainStatistics against libvirt-python's getAllDomainStats, 10,000 domains.
.DESCRIPTION
    On the test-driver node file of DomainList.Bench.ps1 (out/bench/nodes/domains-<n>.xml), locally
    (test:///<file>) and through a private libvirtd over TCP, in the same run:
      ours    `$all = Get-DomainStatistics -Connection $h` (every group the driver has; objects into an array) in this
              pwsh after import, connect and one warm-up run
      python  /usr/bin/python3 bench/domainlist.py allstats: getAllDomainStats(0), then name(), UUIDString() and
              every value of each record
    Medians of several runs. Target: ours/python <= 1.0.
#>
[CmdletBinding()]
param(
    [int[]] $Counts = @(10000),
    [ValidateRange(1, 50)][int] $Runs = 11,
    [string] $Python = '/usr/bin/python3'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Join-Path (Get-BenchRoot) 'tests/harness/PrivateLibvirtd.psm1') -Force
Import-Module (Get-BenchModulePath)

function Invoke-Python([string] $Uri, [int] $Expected) {
    $out = & $Python (Join-Path $PSScriptRoot 'domainlist.py') $Uri allstats $Runs 2>&1
    if ($LASTEXITCODE -ne 0) { throw "python ($Uri) failed: $($out -join "`n")" }
    $r = ($out | Select-Object -Last 1) | ConvertFrom-Json
    if ($r.count -ne $Expected) { throw "python saw $($r.count) domains on $Uri, expected $Expected" }
    Get-Stats ([double[]]$r.ms)
}

function Invoke-Ours([string] $Uri, [int] $Expected) {
    $h = Connect-Hypervisor -Uri $Uri -NotDefault
    try {
        $run = { $all = Get-DomainStatistics -Connection $h; $all.Count }
        if ((& $run) -ne $Expected) { throw "Get-DomainStatistics did not return $Expected domains from $Uri" }
        $ms = for ($i = 0; $i -lt $Runs; $i++) {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $n = & $run
            $sw.Stop()
            if ($n -ne $Expected) { throw "Get-DomainStatistics returned $n domains, expected $Expected" }
            $sw.Elapsed.TotalMilliseconds
        }
        Get-Stats ([double[]]$ms)
    } finally { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
}

$results = [System.Collections.Generic.List[object]]::new()
$daemon = $null
try {
    $daemon = Start-PrivateLibvirtd -Driver test
    foreach ($c in $Counts) {
        $file = New-DomainNodeFile -Count $c
        foreach ($where in 'local', 'tcp') {
            $uri = if ($where -eq 'local') { "test://$file" } else { "$($daemon.TestUriPrefix)$file" }
            $ours = Invoke-Ours $uri $c
            $theirs = Invoke-Python $uri $c
            $ratio = $ours.median / $theirs.median
            $text = { param($s) '{0} (min {1})' -f (Format-Ms $s.median), (Format-Ms $s.min) }
            Write-Host ('{0,6:N0} domains, {1}: Get-DomainStatistics {2}, python getAllDomainStats {3}: ratio {4:N2} (target <= 1.0)' -f $c, $where, (& $text $ours), (& $text $theirs), $ratio)
            $results.Add((New-BenchRow -Case ("{0:N0} domains {1}: Get-DomainStatistics vs python getAllDomainStats(0)" -f $c, $where) `
                -Ours $ours.median -Theirs $theirs.median -OursText (& $text $ours) -TheirsText (& $text $theirs) `
                -Ratio $ratio -Target 'ratio <= 1.0' -Pass ($ratio -le 1.0) -Extra @{ domains = $c; where = $where }))
        }
    }
} finally {
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

$json = Write-BenchResult -Name 'DomainStatistics' -Results $results.ToArray() -Extra @{
    ours = '$all = Get-DomainStatistics -Connection $h'; python = "$Python bench/domainlist.py <uri> allstats <runs>"
}
Write-BenchSummary -Path $json
