#Requires -Version 7.2
<#
    Helpers shared by the bench/*.Bench.ps1 scripts: where the module and the output folder are, how
    to start a pwsh the same way for every side, statistics, the machine description, JSON results
    and the summary table. Not a test: benchmarks print figures; they fail only when they cannot run.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:Root = Split-Path $PSScriptRoot -Parent

function Get-BenchRoot { $script:Root }

function Get-BenchModulePath {
    # The built module: ./build.ps1 Bench sets PSLIBVIRT_MODULE_PATH; fall back to out/PSLibvirt.
    if ($env:PSLIBVIRT_MODULE_PATH) { return $env:PSLIBVIRT_MODULE_PATH }
    $p = Join-Path $script:Root 'out/PSLibvirt/PSLibvirt.psd1'
    if (-not (Test-Path $p)) { throw "No built module: run ./build.ps1 Build or set PSLIBVIRT_MODULE_PATH." }
    $p
}

function Get-BenchOutDirectory {
    $d = Join-Path $script:Root 'out/bench'
    $null = New-Item -ItemType Directory -Force -Path $d
    $d
}

function Get-PwshDll {
    <#
        The pwsh.dll of the dotnet tool pinned in dotnet-tools.json, from the NuGet package folder, so that
        a benchmark can start `dotnet <pwsh.dll>` directly: `dotnet pwsh` first resolves the local tool
        manifest, which adds its own start-up time and noise.
    #>
    $manifest = Get-Content -Raw (Join-Path $script:Root 'dotnet-tools.json') | ConvertFrom-Json
    $version = $manifest.tools.powershell.version
    $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $dll = Get-ChildItem (Join-Path $nuget "powershell/$version/tools") -Recurse -Filter pwsh.dll -ErrorAction Ignore |
        Where-Object { $_.FullName -match '[\\/]unix[\\/]' -or -not $IsLinux } | Select-Object -First 1
    if (-not $dll) { throw "pwsh.dll of powershell $version not found under $nuget (run: dotnet tool restore)." }
    $dll.FullName
}

function Get-Median([double[]] $Values) {
    $s = @($Values | Sort-Object)
    if ($s.Count -eq 0) { return [double]::NaN }
    $m = [int][Math]::Floor($s.Count / 2)
    if ($s.Count % 2) { return $s[$m] }
    ($s[$m - 1] + $s[$m]) / 2
}

function Get-Stats([double[]] $Values) {
    [ordered]@{
        median = [Math]::Round((Get-Median $Values), 3)
        min    = [Math]::Round(($Values | Measure-Object -Minimum).Minimum, 3)
        max    = [Math]::Round(($Values | Measure-Object -Maximum).Maximum, 3)
        runs   = @($Values | ForEach-Object { [Math]::Round($_, 3) })
    }
}

function Get-BenchMachine {
    $cpu = (Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.*)$' -ErrorAction Ignore | Select-Object -First 1)
    $mem = (Select-String -Path /proc/meminfo -Pattern '^MemTotal:\s*(\d+)' -ErrorAction Ignore | Select-Object -First 1)
    $os = (Select-String -Path /etc/os-release -Pattern '^PRETTY_NAME="?([^"]*)' -ErrorAction Ignore | Select-Object -First 1)
    [ordered]@{
        nproc     = [Environment]::ProcessorCount
        cpu       = if ($cpu) { $cpu.Matches[0].Groups[1].Value.Trim() } else { 'unknown' }
        memoryGiB = if ($mem) { [Math]::Round([double]$mem.Matches[0].Groups[1].Value / 1MB, 1) } else { $null }
        os        = if ($os) { $os.Matches[0].Groups[1].Value } else { [Environment]::OSVersion.VersionString }
        libvirt   = ((& virsh --version 2>$null) | Select-Object -First 1)
        pwsh      = $PSVersionTable.PSVersion.ToString()
        # Other processes share the machine: the 1/5/15-minute load averages when the figures were written.
        loadavg   = if (Test-Path /proc/loadavg) { ((Get-Content -Raw /proc/loadavg) -split ' ')[0..2] -join ' ' } else { $null }
    }
}

function Write-BenchResult {
    <#
        Writes out/bench/<Name>.json: { name, date, machine, results: [ { case, ours, theirs, ratio,
        target, pass, ... } ] } and returns its path.
    #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][object[]] $Results, [hashtable] $Extra)
    $doc = [ordered]@{
        name    = $Name
        date    = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')
        machine = Get-BenchMachine
        results = $Results
    }
    if ($Extra) { foreach ($k in $Extra.Keys) { $doc[$k] = $Extra[$k] } }
    $path = Join-Path (Get-BenchOutDirectory) "$Name.json"
    $doc | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $path
    Write-Host "figures written to $path"
    $path
}

function Format-Ms([double] $Ms) {
    if ([double]::IsNaN($Ms)) { return 'n/a' }
    if ($Ms -ge 10000) { return ('{0:N1} s' -f ($Ms / 1000)) }
    if ($Ms -ge 100) { return ('{0:N0} ms' -f $Ms) }
    ('{0:N1} ms' -f $Ms)
}

function Write-BenchSummary {
    # One table of every out/bench/*.json (or the given files): case, ours, theirs, ratio, target, verdict.
    param([string[]] $Path)
    if (-not $Path) { $Path = @(Get-ChildItem (Get-BenchOutDirectory) -Filter '*.json' -ErrorAction Ignore | Sort-Object Name | ForEach-Object FullName) }
    $rows = foreach ($p in $Path) {
        $doc = Get-Content -Raw -LiteralPath $p | ConvertFrom-Json
        foreach ($r in @($doc.results)) {
            [pscustomobject]@{
                Bench  = $doc.name
                Case   = $r.case
                Ours   = $r.oursText
                Theirs = $r.theirsText
                Ratio  = if ($null -ne $r.ratio) { '{0:N2}' -f $r.ratio } else { '' }
                Target = $r.target
                Result = $r.verdict
            }
        }
    }
    if ($rows) { $rows | Format-Table -AutoSize | Out-String -Width 1000 | Write-Host }
}

function Compare-BenchResult {
    # Two runs of ./build.ps1 Bench side by side (a change's before and after, run one right after the other): per
    # case, ours before and after, after/before, and each run's ratio to the comparison (python, virsh).
    param([Parameter(Mandatory)][string] $Before, [Parameter(Mandatory)][string] $After)
    function Read-Rows([string] $dir) {
        foreach ($p in Get-ChildItem $dir -Filter '*.json' | Sort-Object Name) {
            $doc = Get-Content -Raw -LiteralPath $p.FullName | ConvertFrom-Json
            foreach ($r in @($doc.results)) { [pscustomobject]@{ Key = "$($doc.name) | $($r.case)"; Row = $r } }
        }
    }
    $b = @{}; foreach ($x in Read-Rows $Before) { $b[$x.Key] = $x.Row }
    $rows = foreach ($x in Read-Rows $After) {
        $old = $b[$x.Key]
        [pscustomobject]@{
            Case           = $x.Key
            'Ours before'  = if ($old) { $old.oursText } else { '' }
            'Ours after'   = $x.Row.oursText
            'After/before' = if ($old -and $old.ours -and $x.Row.ours -and ($old.ours -is [double] -or $old.ours -is [long] -or $old.ours -is [int] -or $old.ours -is [decimal])) { '{0:N2}' -f ([double]$x.Row.ours / [double]$old.ours) } else { '' }
            'Ratio before' = if ($old -and $null -ne $old.ratio) { '{0:N2}' -f $old.ratio } else { '' }
            'Ratio after'  = if ($null -ne $x.Row.ratio) { '{0:N2}' -f $x.Row.ratio } else { '' }
            Target         = $x.Row.target
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 1000
}

function New-BenchRow {
    # A result row: times in ms (or another unit in the text), ratio ours/theirs, verdict against the target.
    param(
        [Parameter(Mandatory)][string] $Case,
        $Ours, $Theirs, [string] $OursText, [string] $TheirsText,
        $Ratio, [string] $Target, [Nullable[bool]] $Pass, [hashtable] $Extra
    )
    $row = [ordered]@{
        case       = $Case
        ours       = $Ours
        theirs     = $Theirs
        oursText   = $OursText
        theirsText = $TheirsText
        ratio      = if ($null -ne $Ratio) { [Math]::Round([double]$Ratio, 3) } else { $null }
        target     = $Target
        verdict    = if ($null -eq $Pass) { 'n/a' } elseif ($Pass) { 'PASS' } else { 'FAIL' }
    }
    if ($Extra) { foreach ($k in $Extra.Keys) { $row[$k] = $Extra[$k] } }
    [pscustomobject]$row
}

function New-DomainNodeFile {
    # A node file for the test driver with $Count domains bench-000001..; written once, then reused.
    param([int] $Count)
    $dir = Join-Path (Get-BenchOutDirectory) 'nodes'
    $null = New-Item -ItemType Directory -Force -Path $dir
    $path = Join-Path $dir "domains-$Count.xml"
    $marker = "<!-- pslibvirt bench: $Count domains, format 1 -->"
    if ((Test-Path $path) -and ((Get-Content -LiteralPath $path -TotalCount 2) -contains $marker)) { return $path }
    $sb = [System.Text.StringBuilder]::new(160 * $Count + 1024)
    $null = $sb.Append("<?xml version=`"1.0`"?>`n$marker`n<node>`n")
    $null = $sb.Append("  <cpu><mhz>2600</mhz><model>x86_64</model><nodes>1</nodes><sockets>2</sockets><cores>4</cores><threads>2</threads><active>16</active></cpu>`n")
    $null = $sb.Append("  <memory>16777216</memory>`n")
    for ($i = 1; $i -le $Count; $i++) {
        $null = $sb.AppendFormat('  <domain type="test"><name>bench-{0:D6}</name><uuid>6a1b0000-0000-4000-8000-{0:D12}</uuid><memory>65536</memory><vcpu>1</vcpu><os><type arch="x86_64">hvm</type></os></domain>{1}', $i, "`n")
    }
    $null = $sb.Append("</node>`n")
    $tmp = "$path.tmp"
    [System.IO.File]::WriteAllText($tmp, $sb.ToString())
    Move-Item -LiteralPath $tmp -Destination $path -Force
    $path
}

Export-ModuleMember -Function New-DomainNodeFile, Compare-BenchResult, Get-BenchRoot, Get-BenchModulePath, Get-BenchOutDirectory, Get-PwshDll, Get-Median, Get-Stats,
    Get-BenchMachine, Write-BenchResult, Format-Ms, Write-BenchSummary, New-BenchRow
