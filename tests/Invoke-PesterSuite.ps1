<#
.SYNOPSIS
    Runs the Pester suite in this (fresh) process and writes a summary for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$paths = @(Get-ChildItem (Join-Path $PSScriptRoot 'pester'), (Join-Path $PSScriptRoot '..' 'examples') -Recurse -Filter '*.Tests.ps1' |
    Where-Object { -not $Filter -or $_.Name -match $Filter } | ForEach-Object FullName)
$config = New-PesterConfiguration
$config.Run.Path = $paths
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{
    Passed = $result.PassedCount
    Failed = $failed
    Skipped = $result.SkippedCount
    # Named again at the very end of the run, so a CI log cut to its tail still says what failed and why.
    FailedTests = @(@($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers) | Where-Object { $_ } | ForEach-Object {
        $message = @($_.ErrorRecord | Select-Object -First 1 | ForEach-Object { "$($_.Exception.Message)" -split "`n" | Select-Object -First 2 }) -join ' '
        $name = if ($_.ExpandedPath) { $_.ExpandedPath } elseif ($_.Name) { $_.Name } else { "$($_.Item)" }
        "$name -- $message"
    })
    Note = if ($result.FailedContainersCount) { "$($result.FailedContainersCount) Pester file(s) failed to load" } else { '' }
} | ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0) { exit 1 }
