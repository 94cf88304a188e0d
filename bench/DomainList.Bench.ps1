#Requires -Version 7.2
<#
.SYNOPSIS
    Domain listing (issue 4): Get-Domain against libvirt-python, locally and over TCP, 1,000 and 10,000 domains.
.DESCRIPTION
    Writes test-driver node files with 1,000 and 10,000 tiny domains (unique names and UUIDs; cached in
    out/bench/nodes/). For each file, in the same run:
      ours          `$all = Get-Domain` (every object written through the pipeline and collected into an
                    array, as a script keeps them) in this pwsh, after Import-Module, Connect-Hypervisor and one
                    warm-up run (start-up is not timed). Also shown, without a target: `Get-Domain | Measure-Object`,
                    which adds Measure-Object's own per-object cost (about 9 us per object here).
      python loop   /usr/bin/python3 + python3-libvirt: listAllDomains(), then name(), UUIDString(), info()
                    of each domain (info() is one call per domain: a network round trip over TCP)
      python stats  getAllDomainStats() then name(), UUIDString() of each (one call)
    locally (test:///<file>) and through a private libvirtd over TCP (test+tcp://127.0.0.1:<port>/<file>,
    tests/harness/PrivateLibvirtd.psm1, stopped in finally). Medians of several runs (fewer for the per-domain
    python loop over TCP). Targets: local ours/python-loop <= 1.0; TCP ours/python-loop <= 0.2 (5x faster)
    and ours/python-stats <= 1.2; growth from 1,000 to 10,000 linear (time per domain at 10,000 within 1.5x
    of that at 1,000).
#>
[CmdletBinding()]
param(
    [int[]] $Counts = @(1000, 10000),
    [ValidateRange(1, 50)][int] $Runs = 15,
    # Runs of the per-domain python loop over TCP (one round trip per domain).
    [ValidateRange(1, 50)][int] $TcpLoopRuns = 5,
    [string] $Python = '/usr/bin/python3'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Join-Path (Get-BenchRoot) 'tests/harness/PrivateLibvirtd.psm1') -Force

$pyScript = Join-Path $PSScriptRoot 'domainlist.py'

function Invoke-PythonSide {
    param([string] $Uri, [ValidateSet('loop', 'stats')][string] $Mode, [int] $Runs, [int] $Expected)
    $out = & $Python $pyScript $Uri $Mode $Runs 2>&1
    if ($LASTEXITCODE -ne 0) { throw "python ($Mode, $Uri) failed: $($out -join "`n")" }
    $r = ($out | Select-Object -Last 1) | ConvertFrom-Json
    if ($r.count -ne $Expected) { throw "python ($Mode, $Uri) saw $($r.count) domains, expected $Expected" }
    Get-Stats ([double[]]$r.ms)
}

function Invoke-OurSide {
    param([string] $Uri, [int] $Runs, [int] $Expected, [switch] $MeasureObject)
    $h = Connect-Hypervisor -Uri $Uri
    try {
        $run = if ($MeasureObject) { { (Get-Domain -Connection $h | Measure-Object).Count } }
               else { { $all = Get-Domain -Connection $h; $all.Count } }
        $n = & $run   # warm-up (JIT, formats)
        if ($n -ne $Expected) { throw "Get-Domain returned $n domains from $Uri, expected $Expected" }
        $ms = for ($i = 0; $i -lt $Runs; $i++) {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $n = & $run
            $sw.Stop()
            if ($n -ne $Expected) { throw "Get-Domain returned $n domains, expected $Expected" }
            $sw.Elapsed.TotalMilliseconds
        }
        Get-Stats ([double[]]$ms)
    } finally {
        Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue
    }
}

function Format-Side($Stats) { if ($Stats) { '{0} (min {1})' -f (Format-Ms $Stats.median), (Format-Ms $Stats.min) } else { 'not available yet' } }

$module = Get-BenchModulePath
Import-Module $module
$haveGetDomain = [bool](Get-Command Get-Domain -Module PSLibvirt -ErrorAction Ignore)
if (-not $haveGetDomain) {
    Write-Host 'Get-Domain: not available yet (this build of PSLibvirt has no Get-Domain); measuring the python side only.' -ForegroundColor Yellow
}

$files = @{}
foreach ($c in $Counts) {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $files[$c] = New-DomainNodeFile -Count $c
    Write-Host ('node file: {0} ({1:N0} domains, {2:N0} KiB, {3:N0} ms)' -f $files[$c], $c, ((Get-Item $files[$c]).Length / 1KB), $sw.Elapsed.TotalMilliseconds)
}

$results = [System.Collections.Generic.List[object]]::new()
$measured = @{}
$daemon = $null
try {
    $daemon = Start-PrivateLibvirtd -Driver test
    Write-Host "private libvirtd: $($daemon.TestUriPrefix) (pid $($daemon.Pid))"
    foreach ($c in $Counts) {
        $file = $files[$c]
        foreach ($where in 'local', 'tcp') {
            $uri = if ($where -eq 'local') { "test://$file" } else { "$($daemon.TestUriPrefix)$file" }
            $loopRuns = if ($where -eq 'tcp') { $TcpLoopRuns } else { $Runs }
            Write-Host ("{0,6:N0} domains, {1}: {2}" -f $c, $where, $uri)
            $m = [ordered]@{
                ours   = if ($haveGetDomain) { Invoke-OurSide -Uri $uri -Runs $Runs -Expected $c } else { $null }
                measure = if ($haveGetDomain) { Invoke-OurSide -Uri $uri -Runs $Runs -Expected $c -MeasureObject } else { $null }
                loop   = Invoke-PythonSide -Uri $uri -Mode loop -Runs $loopRuns -Expected $c
                stats  = Invoke-PythonSide -Uri $uri -Mode stats -Runs $Runs -Expected $c
            }
            $measured["$where-$c"] = $m
            Write-Host ('         $all = Get-Domain                  {0}' -f (Format-Side $m.ours))
            Write-Host ('         Get-Domain | Measure-Object        {0}' -f (Format-Side $m.measure))
            Write-Host ('         python listAllDomains + info()     {0}' -f (Format-Side $m.loop))
            Write-Host ('         python getAllDomainStats           {0}' -f (Format-Side $m.stats))
            $targets = if ($where -eq 'local') { @(@{ Side = 'loop'; Max = 1.0; Text = 'ratio <= 1.0' }) }
            else { @(@{ Side = 'loop'; Max = 0.2; Text = 'ratio <= 0.2 (5x faster)' }, @{ Side = 'stats'; Max = 1.2; Text = 'ratio <= 1.2' }) }
            foreach ($t in $targets) {
                $theirs = $m[$t.Side]
                $ratio = if ($m.ours) { $m.ours.median / $theirs.median } else { $null }
                $label = if ($t.Side -eq 'loop') { 'python listAllDomains+info() loop' } else { 'python getAllDomainStats' }
                $results.Add((New-BenchRow -Case ("{0:N0} domains {1}: Get-Domain vs {2}" -f $c, $where, $label) `
                    -Ours $(if ($m.ours) { $m.ours.median }) -Theirs $theirs.median `
                    -OursText (Format-Side $m.ours) -TheirsText (Format-Side $theirs) -Ratio $ratio -Target $t.Text `
                    -Pass $(if ($null -ne $ratio) { $ratio -le $t.Max }) `
                    -Extra @{ domains = $c; where = $where; oursStats = $m.ours; theirsStats = $theirs }))
                if ($null -ne $ratio) { Write-Host ('         ratio vs {0}: {1:N2} (target {2})' -f $label, $ratio, $t.Text) }
            }
            if ($m.measure) {
                $theirs = $m[@($targets)[0].Side]
                $results.Add((New-BenchRow -Case ("{0:N0} domains {1}: Get-Domain | Measure-Object vs python (information)" -f $c, $where) `
                    -Ours $m.measure.median -Theirs $theirs.median -OursText (Format-Side $m.measure) -TheirsText (Format-Side $theirs) `
                    -Ratio ($m.measure.median / $theirs.median) -Target 'none (Measure-Object adds its own cost)' -Pass $null `
                    -Extra @{ domains = $c; where = $where }))
            }
        }
    }
} finally {
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

# Growth: time per domain at the largest count against the smallest.
if ($Counts.Count -ge 2) {
    $lo = ($Counts | Measure-Object -Minimum).Minimum
    $hi = ($Counts | Measure-Object -Maximum).Maximum
    foreach ($where in 'local', 'tcp') {
        foreach ($side in 'ours', 'loop', 'stats') {
            $a = $measured["$where-$lo"][$side]; $b = $measured["$where-$hi"][$side]
            $name = @{ ours = 'Get-Domain'; loop = 'python loop'; stats = 'python getAllDomainStats' }[$side]
            if (-not $a -or -not $b) {
                if ($side -eq 'ours') { $results.Add((New-BenchRow -Case "growth $where ${lo}->${hi}: $name" -OursText 'not available yet' -Target 'per-domain x <= 1.5' -Pass $null)) }
                continue
            }
            $perLo = $a.median / $lo * 1000; $perHi = $b.median / $hi * 1000   # microseconds per domain
            $growth = $perHi / $perLo
            Write-Host ('growth {0,-5} {1,-26} {2,8:N2} us/domain at {3:N0}, {4,8:N2} us/domain at {5:N0}: x{6:N2}' -f $where, $name, $perLo, $lo, $perHi, $hi, $growth)
            if ($side -eq 'ours') {
                $results.Add((New-BenchRow -Case "growth $where ${lo}->${hi}: $name, per domain" `
                    -Ours ([Math]::Round($perHi, 2)) -Theirs ([Math]::Round($perLo, 2)) `
                    -OursText ('{0:N2} us/dom at {1:N0}' -f $perHi, $hi) -TheirsText ('{0:N2} us/dom at {1:N0}' -f $perLo, $lo) `
                    -Ratio $growth -Target 'per-domain x <= 1.5' -Pass ($growth -le 1.5)))
            }
        }
    }
}

$json = Write-BenchResult -Name 'DomainList' -Results $results.ToArray() -Extra @{
    nodeFiles = @($Counts | ForEach-Object { $files[$_] }); ours = '$all = Get-Domain -Connection $h'; oursMeasureObject = 'Get-Domain -Connection $h | Measure-Object'
    python = "$Python bench/domainlist.py <uri> loop|stats <runs>"
}
Write-BenchSummary -Path $json
