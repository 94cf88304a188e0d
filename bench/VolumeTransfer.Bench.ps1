#Requires -Version 7.2
<#
.SYNOPSIS
    Volume upload and download (issue 6): Import-/Export-StorageVolume against virsh vol-upload/vol-download
    of the same file through a private libvirtd over TCP; time and peak memory, 256 MiB and 1 GiB.
.DESCRIPTION
    Starts a private libvirtd (tests/harness/PrivateLibvirtd.psm1), creates a transient `dir` pool in a
    temporary directory under /tmp and a raw volume per size, and writes a random (not sparse) source file
    per size. Each run, interleaved: virsh vol-upload, Import-StorageVolume, virsh vol-download,
    Export-StorageVolume, each its own process under `/usr/bin/time -v` for its maximum resident set size.
    Dirty pages are written back (sync) before each timed step. Times: virsh is the wall-clock time of the virsh process (start-up and connection included, a few ms);
    ours is the time of the cmdlet inside a pwsh that has already imported the module and connected (pwsh's
    start-up excluded). Peak memory is the max RSS of the whole process (for ours: pwsh with the module, so
    the figure of a pwsh that only imports and connects is printed as the baseline). Downloads are checked
    byte for byte against the source (first run of each side). Targets: ours/virsh <= 1.1; peak memory at
    1 GiB not more than 32 MiB above that at 256 MiB (memory does not grow with the file size).
    Everything (daemon, pool directory, files) is removed in finally.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 20)][int] $Runs = 3,
    [long[]] $SizesMiB = @(256, 1024)
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Join-Path (Get-BenchRoot) 'tests/harness/PrivateLibvirtd.psm1') -Force

$module = Get-BenchModulePath
$pwshDll = Get-PwshDll
$poolName = 'pslv-bench'
$ratioTarget = 1.1
$growthTargetMiB = 32

Import-Module $module
$haveCmdlets = [bool](Get-Command Import-StorageVolume -Module PSLibvirt -ErrorAction Ignore) -and
    [bool](Get-Command Export-StorageVolume -Module PSLibvirt -ErrorAction Ignore)
if (-not $haveCmdlets) {
    Write-Host 'Import-StorageVolume/Export-StorageVolume: not available yet (not in this build of PSLibvirt); measuring virsh only.' -ForegroundColor Yellow
}

function Invoke-Timed {
    # Runs a program under /usr/bin/time -v; returns wall ms (Stopwatch), max RSS in KiB, stdout, exit code.
    param([string] $File, [string[]] $Arguments)
    $rusage = [System.IO.Path]::GetTempFileName()
    & sync   # write back what the previous step left dirty, so that it is not counted here
    try {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = & /usr/bin/time -v -o $rusage $File @Arguments 2>&1
        $code = $LASTEXITCODE
        $sw.Stop()
        $text = Get-Content -Raw -LiteralPath $rusage
        if ($code -ne 0) { throw "'$File $($Arguments -join ' ')' failed ($code): $($out -join "`n")`n$text" }
        $rss = if ($text -match 'Maximum resident set size \(kbytes\):\s*(\d+)') { [long]$Matches[1] } else { -1 }
        [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; RssKiB = $rss; Output = @($out | ForEach-Object { "$_" }) }
    } finally { Remove-Item -LiteralPath $rusage -ErrorAction Ignore }
}

function Invoke-Virsh([string[]] $Arguments) {
    $out = & virsh -q -c $daemon.QemuUri @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "virsh $($Arguments -join ' ') failed: $($out -join "`n")" }
    $out
}

function Invoke-Ours {
    # One pwsh (started the same way as in the start-up bench): import, connect, then time $Body alone.
    param([string] $Body)
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
`$null = Connect-Hypervisor -Uri '$($daemon.QemuUri)'
`$sw = [System.Diagnostics.Stopwatch]::StartNew()
$Body
`$sw.Stop()
'ELAPSED_MS=' + `$sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
"@
    $r = Invoke-Timed -File 'dotnet' -Arguments @($pwshDll, '-NoProfile', '-NonInteractive', '-Command', $script)
    $line = $r.Output | Where-Object { $_ -like 'ELAPSED_MS=*' } | Select-Object -Last 1
    if (-not $line) { throw "no timing from pwsh: $($r.Output -join "`n")" }
    $r.Ms = [double]::Parse($line.Substring(11), [cultureinfo]::InvariantCulture)
    $r
}

function Test-SameFile([string] $A, [string] $B, [string] $After) {
    $diff = & cmp -- $A $B 2>&1
    if ($LASTEXITCODE -ne 0) { throw "after $After, $B differs from $A`: $diff" }
}

$work = Join-Path '/tmp' ('pslv-bench-xfer-' + [System.IO.Path]::GetRandomFileName().Replace('.', ''))
$daemon = $null
$results = [System.Collections.Generic.List[object]]::new()
$rows = @{}
try {
    $poolDir = Join-Path $work 'pool'
    $null = New-Item -ItemType Directory -Force -Path $poolDir
    $daemon = Start-PrivateLibvirtd -Driver qemu
    Write-Host "private libvirtd: $($daemon.QemuUri) (pid $($daemon.Pid)); pool '$poolName' in $poolDir"
    $null = Invoke-Virsh @('pool-create-as', $poolName, 'dir', '--target', $poolDir)

    $baseline = if ($haveCmdlets) { (Invoke-Ours -Body '$null = 0').RssKiB } else { $null }
    if ($baseline) { Write-Host ('pwsh with the module imported and connected, no transfer: max RSS {0:N1} MiB' -f ($baseline / 1KB)) }

    foreach ($mib in $SizesMiB) {
        $src = Join-Path $work "source-$mib.bin"
        $dl = Join-Path $work "download-$mib.bin"
        $vol = "xfer-$mib"
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        & head -c "$($mib)M" /dev/urandom > $src
        if ($LASTEXITCODE -ne 0 -or (Get-Item $src).Length -ne $mib * 1MB) { throw "could not write $src" }
        Write-Host ('{0} MiB: source {1} written in {2:N1} s' -f $mib, $src, $sw.Elapsed.TotalSeconds)
        $null = Invoke-Virsh @('vol-create-as', '--pool', $poolName, $vol, "$($mib * 1MB)", '--format', 'raw')
        $volPath = (Invoke-Virsh @('vol-path', '--pool', $poolName, $vol) | Select-Object -First 1).ToString().Trim()

        $t = @{ vup = @(); vdown = @(); oup = @(); odown = @(); vupRss = @(); vdownRss = @(); oupRss = @(); odownRss = @() }
        for ($i = 0; $i -lt $Runs; $i++) {
            $r = Invoke-Timed -File 'virsh' -Arguments @('-q', '-c', $daemon.QemuUri, 'vol-upload', '--pool', $poolName, $vol, $src)
            $t.vup += $r.Ms; $t.vupRss += $r.RssKiB
            if ($i -eq 0) { Test-SameFile $src $volPath 'virsh vol-upload' }
            if ($haveCmdlets) {
                if ($i -eq 0) {
                    # A fresh (zero) volume, so that an upload that writes nothing cannot pass the check
                    # (vol-wipe would do, but it grows a raw file volume by 4 KiB here).
                    $null = Invoke-Virsh @('vol-delete', '--pool', $poolName, $vol)
                    $null = Invoke-Virsh @('vol-create-as', '--pool', $poolName, $vol, "$($mib * 1MB)", '--format', 'raw')
                }
                $r = Invoke-Ours -Body "Import-StorageVolume -Pool '$poolName' -Name '$vol' -Path '$src' -Confirm:`$false"
                $t.oup += $r.Ms; $t.oupRss += $r.RssKiB
                if ($i -eq 0) { Test-SameFile $src $volPath 'Import-StorageVolume' }
            }
            Remove-Item -LiteralPath $dl -ErrorAction Ignore
            $r = Invoke-Timed -File 'virsh' -Arguments @('-q', '-c', $daemon.QemuUri, 'vol-download', '--pool', $poolName, $vol, $dl)
            $t.vdown += $r.Ms; $t.vdownRss += $r.RssKiB
            if ($i -eq 0) { Test-SameFile $src $dl 'virsh vol-download' }
            if ($haveCmdlets) {
                Remove-Item -LiteralPath $dl -ErrorAction Ignore
                $r = Invoke-Ours -Body "Export-StorageVolume -Pool '$poolName' -Name '$vol' -Destination '$dl' -Confirm:`$false"
                $t.odown += $r.Ms; $t.odownRss += $r.RssKiB
                if ($i -eq 0) { Test-SameFile $src $dl 'Export-StorageVolume' }
            }
            Remove-Item -LiteralPath $dl -ErrorAction Ignore
        }
        foreach ($dir in 'up', 'down') {
            $v = Get-Stats ([double[]]$t["v$dir"]); $vRss = ($t["v${dir}Rss"] | Measure-Object -Maximum).Maximum
            $o = if ($haveCmdlets) { Get-Stats ([double[]]$t["o$dir"]) } else { $null }
            $oRss = if ($haveCmdlets) { ($t["o${dir}Rss"] | Measure-Object -Maximum).Maximum } else { $null }
            $rows["$dir-$mib"] = @{ virsh = $v; ours = $o; virshRss = $vRss; oursRss = $oRss }
            $mbps = { param($ms) if ($ms) { '{0:N0} MiB/s' -f ($mib / ($ms / 1000)) } }
            $label = if ($dir -eq 'up') { 'upload (Import-StorageVolume vs virsh vol-upload)' } else { 'download (Export-StorageVolume vs virsh vol-download)' }
            $vText = '{0} ({1}), max RSS {2:N1} MiB' -f (Format-Ms $v.median), (& $mbps $v.median), ($vRss / 1KB)
            $oText = if ($o) { '{0} ({1}), max RSS {2:N1} MiB' -f (Format-Ms $o.median), (& $mbps $o.median), ($oRss / 1KB) } else { 'not available yet' }
            $ratio = if ($o) { $o.median / $v.median } else { $null }
            Write-Host ('{0,5} MiB {1}' -f $mib, $label)
            Write-Host ("          virsh: $vText; runs $($v.runs -join ' ') ms")
            Write-Host ("          ours:  $oText$(if ($o) { "; runs $($o.runs -join ' ') ms" })")
            if ($null -ne $ratio) { Write-Host ('          ratio ours/virsh {0:N2} (target <= {1})' -f $ratio, $ratioTarget) }
            $results.Add((New-BenchRow -Case "$mib MiB $label" -Ours $(if ($o) { $o.median }) -Theirs $v.median `
                -OursText $oText -TheirsText $vText -Ratio $ratio -Target "ratio <= $ratioTarget" `
                -Pass $(if ($null -ne $ratio) { $ratio -le $ratioTarget }) `
                -Extra @{ sizeMiB = $mib; direction = $dir; oursStats = $o; virshStats = $v; oursMaxRssKiB = $oRss; virshMaxRssKiB = $vRss }))
        }
        Remove-Item -LiteralPath $src -ErrorAction Ignore
        $null = Invoke-Virsh @('vol-delete', '--pool', $poolName, $vol)
    }

    # Memory growth with the file size: peak at the largest size against the smallest, each side.
    $lo = ($SizesMiB | Measure-Object -Minimum).Minimum; $hi = ($SizesMiB | Measure-Object -Maximum).Maximum
    if ($lo -ne $hi) {
        foreach ($dir in 'up', 'down') {
            $a = $rows["$dir-$lo"]; $b = $rows["$dir-$hi"]
            $vGrow = ($b.virshRss - $a.virshRss) / 1KB
            Write-Host ('memory {0,-4} virsh: {1:N1} MiB at {2} MiB, {3:N1} MiB at {4} MiB (+{5:N1} MiB)' -f $dir, ($a.virshRss / 1KB), $lo, ($b.virshRss / 1KB), $hi, $vGrow)
            if ($haveCmdlets) {
                $oGrow = ($b.oursRss - $a.oursRss) / 1KB
                Write-Host ('memory {0,-4} ours:  {1:N1} MiB at {2} MiB, {3:N1} MiB at {4} MiB (+{5:N1} MiB)' -f $dir, ($a.oursRss / 1KB), $lo, ($b.oursRss / 1KB), $hi, $oGrow)
            }
            $results.Add((New-BenchRow -Case "peak memory $dir, $lo MiB -> $hi MiB (growth)" `
                -Ours $(if ($haveCmdlets) { [Math]::Round($oGrow, 1) }) -Theirs ([Math]::Round($vGrow, 1)) `
                -OursText $(if ($haveCmdlets) { '{0:N1} -> {1:N1} MiB' -f ($a.oursRss / 1KB), ($b.oursRss / 1KB) } else { 'not available yet' }) `
                -TheirsText ('{0:N1} -> {1:N1} MiB' -f ($a.virshRss / 1KB), ($b.virshRss / 1KB)) `
                -Target "growth <= $growthTargetMiB MiB" -Pass $(if ($haveCmdlets) { $oGrow -le $growthTargetMiB })))
        }
    }
} finally {
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    if (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Continue }
}

$json = Write-BenchResult -Name 'VolumeTransfer' -Results $results.ToArray() -Extra @{
    oursBaselineMaxRssKiB = $baseline; runs = $Runs
    virsh = 'virsh -c <qemu+tcp uri> vol-upload|vol-download --pool <pool> <vol> <file>'
}
Write-BenchSummary -Path $json
