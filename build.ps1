#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and runs PSLibvirt.
.DESCRIPTION
    Every task runs Bootstrap first, so a fresh machine with the .NET SDK needs nothing else:
      Bootstrap  installs what is missing (Debian packages as root; Pester from NuGet) and only that
      Build      produces the importable module folder out/PSLibvirt/
      Test       builds, runs xunit and Pester, ends with one line 'N passed, N failed'
      Shell      builds, then opens pwsh with the module imported and connected
      Bench      builds, runs the benchmarks in bench/ and prints their figures
      Soak       builds, runs the load tests at full size (Soak: 100,000 calls; Concurrency: 30 s; Fuzz), which
                 Test runs reduced; figures are printed, the line 'N passed, N failed' ends it
      Generate   regenerates src/PSLibvirt/Native/Generated from libvirt-api.xml
      Package    builds, then writes out/PSLibvirt.<version>.nupkg with PSResourceGet (Publish-PSResource to a
                 local file repository), the package Install-PSResource takes as from the PowerShell Gallery
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 Shell -Command 'Get-NodeInfo'
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Bootstrap', 'Build', 'Test', 'Shell', 'Bench', 'Soak', 'Generate', 'Package')]
    [string] $Task = 'Build',

    # Shell: a script to run in the session, which then exits.
    [string] $Command,

    # Test: only the Pester files whose name matches this regular expression (e.g. 'Domain', 'Network|Provider'); xunit is skipped when set.
    [string] $PesterFilter,

    # Test: skip the xunit suite (quicker iteration on Pester tests).
    [switch] $SkipXunit,

    # Use the module already in out/PSLibvirt (tests of the Shell task use this).
    [switch] $NoBuild,

    # Skip the package checks (tests of the Shell task use this).
    [switch] $NoBootstrap,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'PSLibvirt'
$PesterVersion = '5.7.1'

# Debian packages: the client library and virsh (the test oracle), headers and the API XML (binding
# generator and coverage test), the daemon with the QEMU driver (lifecycle tests), python3-libvirt (benchmarks),
# certtool, SASL and sshd (transport tests).
$DebianPackages = @(
    'libvirt0', 'libvirt-clients', 'libvirt-dev', 'libvirt-daemon', 'libvirt-daemon-driver-qemu',
    'qemu-system-x86', 'qemu-utils', 'python3-libvirt',
    # Show-DomainStatistics is tested as a person sees it, in a terminal (tmux)
    'tmux',
    # TLS and SASL transport tests: certificates (certtool), the SASL password database (saslpasswd2), DIGEST-MD5
    'gnutls-bin', 'sasl2-bin', 'libsasl2-modules',
    # SSH transport tests (qemu+ssh, +libssh2, +libssh): an sshd of the test run's own, and the password hash of its root
    'openssh-server', 'openssl',
    # the bootable test guest of tests/harness/TestGuestImage.psm1: its initramfs is a cpio archive
    'cpio',
    # DHCP leases (Get-NetworkDhcpLease): libvirt's networks serve DHCP with dnsmasq
    'dnsmasq-base'
)

function Write-Step([string] $Message) { Write-Host "==> $Message" -ForegroundColor Cyan }

function Invoke-Native {
    param([string] $File, [string[]] $Arguments, [switch] $IgnoreExitCode)
    & $File @Arguments
    if (-not $IgnoreExitCode -and $LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-MissingDebianPackage {
    if (-not (Get-Command dpkg-query -ErrorAction SilentlyContinue)) { return @() }
    $DebianPackages | Where-Object {
        $status = & dpkg-query -W -f='${Status}' $_ 2>$null
        $LASTEXITCODE -ne 0 -or $status -notmatch 'install ok installed'
    }
}

function Invoke-Bootstrap {
    if ($IsLinux) {
        $missing = @(Get-MissingDebianPackage)
        if ($missing.Count -gt 0) {
            $isRoot = (& id -u) -eq '0'
            $command = "apt-get update && apt-get install -y $($missing -join ' ')"
            if ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
                Write-Step "Installing Debian packages: $($missing -join ', ')"
                $env:DEBIAN_FRONTEND = 'noninteractive'
                Invoke-Native apt-get @('update', '-qq')
                Invoke-Native apt-get (@('install', '-y', '-qq', '-o', 'Dpkg::Use-Pty=0') + $missing)
            }
            else {
                Write-Warning "Missing packages: $($missing -join ', '). Run as root: $command"
            }
        }
    }
    elseif (-not $IsLinux) {
        Write-Warning 'PSLibvirt builds anywhere, but its tests need libvirt: on macOS brew install libvirt; on Windows the libvirt client DLLs on PATH.'
    }
    if (-not (Get-PesterPath)) {
        Write-Step "Restoring Pester $PesterVersion from NuGet"
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/TestDeps/TestDeps.csproj'), '--verbosity', 'quiet')
        if (-not (Get-PesterPath)) { throw "Pester $PesterVersion was restored but its module was not found under the NuGet package folder." }
    }
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Get-PesterPath {
    $path = Join-Path (Get-NuGetPackageRoot) "pester/$PesterVersion/tools/Pester.psd1"
    if (Test-Path $path) { $path }
}

function Merge-FormatFile {
    <#
        The views are kept one file per area in src/PSLibvirt/Formats and shipped as one file: PowerShell resolves
        (through the provider globber) and reads each FormatsToProcess file on its own at every import, so one file
        saves a few ms of it (docs/dev/startup.md). Selection sets, shared controls and views are concatenated in
        file order; PowerShell itself reports a duplicate view name at import, and FormatViewTests renders each view.
    #>
    param([Parameter(Mandatory)][IO.FileInfo[]] $Path, [Parameter(Mandatory)][string] $Destination)
    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><SelectionSets/><Controls/><ViewDefinitions/></Configuration>'
    foreach ($file in $Path | Sort-Object Name) {
        $doc = [xml](Get-Content -Raw $file.FullName)
        foreach ($section in 'SelectionSets', 'Controls', 'ViewDefinitions') {
            $target = $merged.Configuration.SelectSingleNode($section)
            foreach ($node in @($doc.Configuration.SelectNodes("$section/*"))) { $null = $target.AppendChild($merged.ImportNode($node, $true)) }
        }
        $other = @($doc.Configuration.ChildNodes | Where-Object { $_.NodeType -eq 'Element' -and $_.Name -notin 'SelectionSets', 'Controls', 'ViewDefinitions' })
        if ($other) { throw "$($file.Name): <$($other[0].Name)> is not merged by build.ps1's Merge-FormatFile" }
    }
    foreach ($section in 'SelectionSets', 'Controls') {
        $node = $merged.Configuration.SelectSingleNode($section)
        if (-not $node.HasChildNodes) { $null = $merged.Configuration.RemoveChild($node) }
    }
    $merged.Save($Destination)
}

function Invoke-Build {
    Write-Step "Building PSLibvirt ($Configuration)"
    $publish = Join-Path $Out 'build'
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/PSLibvirt/PSLibvirt.csproj'), '-c', $Configuration,
        '-o', $publish, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut, (Join-Path $ModuleOut 'en-US')
    Copy-Item (Join-Path $publish 'PSLibvirt.dll'), (Join-Path $publish 'PSLibvirt.pdb') $ModuleOut
    Copy-Item (Join-Path $Root 'PSLibvirt.psd1') $ModuleOut
    Merge-FormatFile -Path (Get-ChildItem (Join-Path $Root 'src/PSLibvirt/Formats/*.format.ps1xml')) `
        -Destination (Join-Path $ModuleOut 'PSLibvirt.format.ps1xml')
    $helpBuilder = Join-Path $Root 'tools/HelpBuilder.psm1'
    if (Test-Path $helpBuilder) {
        Import-Module $helpBuilder -Force
        $null = ConvertTo-MamlHelp -MarkdownPath (Join-Path $Root 'docs/en-US') -OutputPath (Join-Path $ModuleOut 'en-US') `
            -ModuleName PSLibvirt -AssemblyName PSLibvirt.dll
    }
    Write-Step "Module ready: $ModuleOut"
}

function Invoke-Xunit {
    Write-Step 'Running xunit tests'
    $results = Join-Path $Out 'test-results'
    $null = New-Item -ItemType Directory -Force -Path $results
    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction SilentlyContinue
    & dotnet test (Join-Path $Root 'tests/PSLibvirt.Tests/PSLibvirt.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Note = "xunit produced no results (exit code $exit)"; FailedTests = @('xunit -- produced no results: see the build or test output above') } }
    $run = ([xml](Get-Content -Raw $trx)).TestRun
    $counters = $run.ResultSummary.Counters
    $failedTests = @($run.Results.UnitTestResult | Where-Object outcome -ne 'Passed' | Where-Object outcome -ne 'NotExecuted' | ForEach-Object {
        "$($_.testName) -- $((("$($_.Output.ErrorInfo.Message)") -split "`n" | Select-Object -First 2) -join ' ')"
    })
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Note = ''; FailedTests = $failedTests }
}

function Invoke-PesterSuite {
    Write-Step 'Running Pester tests (fresh pwsh: a binary module cannot be unloaded)'
    $summary = Join-Path $Out 'test-results/pester-summary.json'
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $summary)
    Remove-Item $summary -ErrorAction SilentlyContinue
    $env:PSLIBVIRT_MODULE_PATH = Join-Path $ModuleOut 'PSLibvirt.psd1'
    $env:PSLIBVIRT_REPO = $Root
    $runner = Join-Path $Root 'tests/Invoke-PesterSuite.ps1'
    & dotnet pwsh -NoProfile -NonInteractive -File $runner -PesterPath (Get-PesterPath) -SummaryPath $summary -Filter $PesterFilter | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Note = "Pester produced no summary (exit code $LASTEXITCODE)"; FailedTests = @('Pester -- produced no summary: see its output above') } }
    Get-Content -Raw $summary | ConvertFrom-Json
}

function Invoke-Test {
    $results = @()
    if (-not $SkipXunit -and -not $PesterFilter) { $results += Invoke-Xunit }
    $results += Invoke-PesterSuite
    $passed = ($results | Measure-Object Passed -Sum).Sum
    $failed = ($results | Measure-Object Failed -Sum).Sum
    foreach ($r in $results) { if ($r.Note) { Write-Warning $r.Note } }
    foreach ($name in @($results | ForEach-Object { $_.FailedTests } | Where-Object { $_ })) { Write-Host "FAILED: $name" }
    Write-Host ''
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Soak {
    # The sizes the reliability issue names; ./build.ps1 Test runs the same files at 10,000 calls and 8 s.
    $env:PSLIBVIRT_SOAK_CALLS = '100000'
    $env:PSLIBVIRT_CONCURRENCY_SECONDS = '30'
    $script:PesterFilter = 'Soak|Concurrency|Fuzz'
    try { Invoke-Test }
    finally { Remove-Item Env:PSLIBVIRT_SOAK_CALLS, Env:PSLIBVIRT_CONCURRENCY_SECONDS -ErrorAction Ignore }
}

function Invoke-Shell {
    $manifest = Join-Path $ModuleOut 'PSLibvirt.psd1'
    $uri = if ($env:LIBVIRT_DEFAULT_URI) { $env:LIBVIRT_DEFAULT_URI } else { 'test:///default' }
    $setup = @"
Import-Module '$manifest'
`$null = Connect-Hypervisor -Uri '$uri' -ErrorAction Stop
"@
    $interactive = -not [Console]::IsInputRedirected -and -not [Console]::IsOutputRedirected -and -not $env:CI
    if ($Command) {
        & dotnet pwsh -NoProfile -NonInteractive -Command "$setup`n$Command"
        exit $LASTEXITCODE
    }
    if (-not $interactive) {
        $tour = Join-Path $Root 'examples/Tour.ps1'
        Write-Step "No terminal attached: running the tour ($tour) against $uri"
        & dotnet pwsh -NoProfile -NonInteractive -Command "$setup`n& '$tour'"
        exit $LASTEXITCODE
    }
    $banner = @"
Write-Host 'PSLibvirt' -ForegroundColor Cyan -NoNewline
Write-Host " `$((Get-Module PSLibvirt).Version), connected to $uri as `$((Get-Hypervisor -Default).Name)"
Write-Host 'Try:  Get-NodeInfo  |  Get-Hypervisor  |  Get-Command -Module PSLibvirt  |  Get-Help about_PSLibvirt'
"@
    & dotnet pwsh -NoProfile -NoExit -Command "$setup`n$banner"
}

function Invoke-Bench {
    Write-Step 'Running benchmarks'
    $env:PSLIBVIRT_MODULE_PATH = Join-Path $ModuleOut 'PSLibvirt.psd1'
    foreach ($bench in Get-ChildItem (Join-Path $Root 'bench') -Filter '*.Bench.ps1' | Sort-Object Name) {
        Write-Step $bench.Name
        & dotnet pwsh -NoProfile -NonInteractive -File $bench.FullName
        if ($LASTEXITCODE -ne 0) { throw "$($bench.Name) failed with exit code $LASTEXITCODE." }
    }
    Write-Step 'Summary (out/bench/*.json)'
    Import-Module (Join-Path $Root 'bench/BenchCommon.psm1') -Force
    Write-BenchSummary
}

function Invoke-Generate {
    Write-Step 'Generating the binding from libvirt-api.xml'
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'tools/ApiGen'), '-c', 'Release', '--',
        '/usr/share/libvirt/api/libvirt-api.xml', '/usr/share/libvirt/api/libvirt-qemu-api.xml',
        (Join-Path $Root 'src/PSLibvirt/Native/Generated'))
}

function Invoke-Package {
    Write-Step 'Packaging out/PSLibvirt as a PowerShell Gallery package'
    $version = (Import-PowerShellDataFile (Join-Path $ModuleOut 'PSLibvirt.psd1')).ModuleVersion
    $repo = Join-Path $Out 'package-repo'
    if (Test-Path $repo) { Remove-Item -Recurse -Force $repo }
    $null = New-Item -ItemType Directory $repo
    # A repository of our own for the one publish, registered only for it: the user's repository list is left as it was.
    $name = "PSLibvirtBuild$PID"
    Register-PSResourceRepository -Name $name -Uri $repo -Trusted
    try { Publish-PSResource -Path $ModuleOut -Repository $name -SkipDependenciesCheck }
    finally { Unregister-PSResourceRepository -Name $name }
    $nupkg = Join-Path $Out "PSLibvirt.$version.nupkg"
    Move-Item -Force (Join-Path $repo "PSLibvirt.$version.nupkg") $nupkg
    Remove-Item -Recurse -Force $repo
    Write-Step "Package ready: $nupkg"
}

Push-Location $Root
try {
    if (-not $NoBootstrap) { Invoke-Bootstrap }
    if ($NoBuild) { function Invoke-Build { } }
    switch ($Task) {
        'Bootstrap' { }
        'Build' { Invoke-Build }
        'Test' { Invoke-Build; Invoke-Test }
        'Shell' { Invoke-Build; Invoke-Shell }
        'Bench' { Invoke-Build; Invoke-Bench }
        'Soak' { Invoke-Build; Invoke-Soak }
        'Generate' { Invoke-Generate; Invoke-Build }
        'Package' { Invoke-Build; Invoke-Package }
    }
}
finally {
    Pop-Location
}
