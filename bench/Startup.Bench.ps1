#Requires -Version 7.2
<#
.SYNOPSIS
    Start-up cost of PSLibvirt: Import-Module + first Connect-Hypervisor + Get-NodeInfo, as time above a bare pwsh
    and above importing an empty binary module of one cmdlet (bench/EmptyModule, built here) and running it.
.DESCRIPTION
    Starts `dotnet <pwsh.dll> -NoProfile -NonInteractive -Command exit` (bare) and the same with
    `Import-Module <module>; Connect-Hypervisor test:///default; Get-NodeInfo` (module), interleaved, after
    one warm-up of each (disk cache, not counted). pwsh.dll is run directly, not through `dotnet pwsh`, whose
    tool-manifest lookup adds noise to both sides. Reports the medians (and minimums) of wall-clock time of
    each process and the differences of the medians against the targets: under 100 ms above bare pwsh, and
    within 40 ms of the empty module (pwsh's own first Import-Module of any binary module is in both).
#>
[CmdletBinding()]
param([ValidateRange(3, 100)][int] $Runs = 10)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

$module = Get-BenchModulePath
$pwshDll = Get-PwshDll
$targetMs = 100
$emptyTargetMs = 40
# The baseline module: one cmdlet, PowerShellStandard.Library, built as PSLibvirt is.
$emptyDir = Join-Path (Get-BenchOutDirectory) 'EmptyModule'
& dotnet build (Join-Path $PSScriptRoot 'EmptyModule/EmptyModule.csproj') -c Release -o $emptyDir --nologo -v q | Out-Null
if ($LASTEXITCODE) { throw 'building bench/EmptyModule failed' }
Copy-Item (Join-Path $PSScriptRoot 'EmptyModule/EmptyModule.psd1') $emptyDir -Force
$emptyScript = "`$ErrorActionPreference = 'Stop'; Import-Module '$(Join-Path $emptyDir 'EmptyModule.psd1')'; Get-Empty | Out-Null; exit 0"
$moduleScript = "`$ErrorActionPreference = 'Stop'; Import-Module '$module'; Connect-Hypervisor test:///default | Out-Null; Get-NodeInfo | Out-Null; exit 0"
# Import alone: tells the import's share from the first connection's (libvirt's own open is ~14 ms of the latter).
$importScript = "`$ErrorActionPreference = 'Stop'; Import-Module '$module'; exit 0"
$sides = [ordered]@{
    bare   = @('-NoProfile', '-NonInteractive', '-Command', 'exit')
    empty  = @('-NoProfile', '-NonInteractive', '-Command', $emptyScript)
    import = @('-NoProfile', '-NonInteractive', '-Command', $importScript)
    module = @('-NoProfile', '-NonInteractive', '-Command', $moduleScript)
}

function Measure-Start([string[]] $PwshArgs) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $psi.ArgumentList.Add($pwshDll)
    foreach ($a in $PwshArgs) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $p.StandardInput.Close()
    $errTask = $p.StandardError.ReadToEndAsync()
    $outText = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $ms = $sw.Elapsed.TotalMilliseconds
    $code = $p.ExitCode
    $p.Dispose()
    if ($code -ne 0) { throw "pwsh exited with $code`n$outText`n$($errTask.Result)" }
    $ms
}

Write-Host "pwsh: dotnet $pwshDll"
Write-Host "module: $module"
Write-Host "runs: $Runs of each, interleaved, after 1 warm-up of each"
foreach ($s in $sides.Values) { $null = Measure-Start $s }
$times = @{}
foreach ($k in $sides.Keys) { $times[$k] = [System.Collections.Generic.List[double]]::new() }
for ($i = 0; $i -lt $Runs; $i++) {
    foreach ($k in $sides.Keys) { $times[$k].Add((Measure-Start $sides[$k])) }
}
$bare = Get-Stats $times.bare
$empty = Get-Stats $times.empty
$import = Get-Stats $times.import
$mod = Get-Stats $times.module
$deltaEmpty = $mod.median - $empty.median
$passEmpty = $deltaEmpty -lt $emptyTargetMs
$delta = $mod.median - $bare.median
$deltaMin = $mod.min - $bare.min
$pass = $delta -lt $targetMs

Write-Host ''
Write-Host ('{0,-8} median {1,8:N1} ms   min {2,8:N1} ms   runs {3}' -f 'bare', $bare.median, $bare.min, ($bare.runs -join ' '))
Write-Host ('{0,-8} median {1,8:N1} ms   min {2,8:N1} ms   runs {3}' -f 'empty', $empty.median, $empty.min, ($empty.runs -join ' '))
Write-Host ('{0,-8} median {1,8:N1} ms   min {2,8:N1} ms   runs {3}' -f 'import', $import.median, $import.min, ($import.runs -join ' '))
Write-Host ('{0,-8} median {1,8:N1} ms   min {2,8:N1} ms   runs {3}' -f 'module', $mod.median, $mod.min, ($mod.runs -join ' '))
Write-Host ('import alone - empty module: {0:N1} ms; connect + Get-NodeInfo: {1:N1} ms (medians)' -f ($import.median - $empty.median), ($mod.median - $import.median))
Write-Host ('module - empty module: {0:N1} ms (medians), ratio {1:N2}; target < {2} ms: {3}' -f $deltaEmpty, ($mod.median / $empty.median), $emptyTargetMs, $(if ($passEmpty) { 'PASS' } else { 'FAIL' }))
Write-Host ('module - bare: {0:N1} ms (medians), {1:N1} ms (minimums); target < {2} ms: {3}' -f $delta, $deltaMin, $targetMs, $(if ($pass) { 'PASS' } else { 'FAIL' }))

$row = New-BenchRow -Case 'Import + Connect test:///default + Get-NodeInfo, above bare pwsh' `
    -Ours $mod.median -Theirs $bare.median `
    -OursText ('{0} (+{1:N0} ms)' -f (Format-Ms $mod.median), $delta) -TheirsText ('{0} bare pwsh' -f (Format-Ms $bare.median)) `
    -Ratio ($mod.median / $bare.median) -Target "< $targetMs ms above bare" -Pass $pass `
    -Extra @{ deltaMs = [Math]::Round($delta, 1); deltaMinMs = [Math]::Round($deltaMin, 1); bare = $bare; module = $mod }
$rowEmpty = New-BenchRow -Case 'Import + Connect + Get-NodeInfo, above an empty one-cmdlet binary module' `
    -Ours $mod.median -Theirs $empty.median `
    -OursText ('{0} (+{1:N0} ms)' -f (Format-Ms $mod.median), $deltaEmpty) -TheirsText ('{0} empty module' -f (Format-Ms $empty.median)) `
    -Ratio ($mod.median / $empty.median) -Target "< $emptyTargetMs ms above the empty module" -Pass $passEmpty `
    -Extra @{ deltaMs = [Math]::Round($deltaEmpty, 1); empty = $empty; importOnly = $import; importAboveEmptyMs = [Math]::Round($import.median - $empty.median, 1) }
$json = Write-BenchResult -Name 'Startup' -Results @($row, $rowEmpty) -Extra @{ command = "dotnet $pwshDll -NoProfile -NonInteractive -Command ..." }
Write-BenchSummary -Path $json
