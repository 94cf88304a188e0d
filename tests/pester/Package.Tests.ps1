#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Installable like any Gallery module: ./build.ps1 Package writes the nupkg with PSResourceGet, and a user installs it
# from a repository with Install-PSResource into a clean module path (a child pwsh with a HOME of its own, so its user
# module path and repository list are its own), imports it by name, reads its help and runs a cmdlet.

Describe 'The package' -Tag 'Package' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $home_ = Join-Path ([System.IO.Path]::GetTempPath()) "pslv-package-$PID"
        $feed = Join-Path $home_ 'feed'
        $null = New-Item -ItemType Directory -Force $feed
        function Invoke-CleanPwsh([string] $Script) {
            $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
            if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
            foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Script) { $psi.ArgumentList.Add($a) }
            # A home of its own: the user module path, PSResourceGet's repository list and its installs go there.
            $psi.Environment['HOME'] = $home_
            $psi.Environment.Remove('XDG_DATA_HOME') | Out-Null
            $psi.Environment.Remove('XDG_CONFIG_HOME') | Out-Null
            $psi.Environment['PSModulePath'] = ''
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $p = [System.Diagnostics.Process]::Start($psi)
            $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
            $p.WaitForExit(120000) | Should -BeTrue
            [pscustomobject]@{ ExitCode = $p.ExitCode; Output = @($out.Result -split "`n" | ForEach-Object TrimEnd | Where-Object { $_ }); Error = $err.Result }
        }
    }
    AfterAll { if ($home_ -and (Test-Path $home_)) { Remove-Item -Recurse -Force $home_ } }

    It 'is built by ./build.ps1 Package, and installs, imports by name, helps and works from a clean module path' {
        & ([Environment]::ProcessPath) @(if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) `
            -NoProfile -NonInteractive -File (Join-Path $repo 'build.ps1') Package -NoBuild -NoBootstrap | Out-Null
        $LASTEXITCODE | Should -Be 0
        $version = (Import-PowerShellDataFile (Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1')).ModuleVersion
        $nupkg = Join-Path $repo "out/PSLibvirt.$version.nupkg"
        Test-Path $nupkg | Should -BeTrue
        Copy-Item $nupkg $feed

        $install = Invoke-CleanPwsh "Register-PSResourceRepository -Name feed -Uri '$feed' -Trusted; Install-PSResource PSLibvirt -Repository feed -Scope CurrentUser -TrustRepository -Quiet; (Get-InstalledPSResource PSLibvirt).InstalledLocation"
        $install.ExitCode | Should -Be 0 -Because $install.Error
        $install.Output[-1] | Should -BeLike "$home_*" -Because 'it went into the clean user module path'

        $use = Invoke-CleanPwsh ("Import-Module PSLibvirt -ErrorAction Stop; " +
            "(Get-Module PSLibvirt).ModuleBase; (Get-Help Get-Domain).Synopsis; @((Get-Help Get-Domain).Examples.Example).Count; " +
            "`$null = Connect-Hypervisor -Uri test:///default; (Get-Domain).Name")
        $use.ExitCode | Should -Be 0 -Because $use.Error
        $use.Output[0] | Should -BeLike "$home_*"
        $use.Output[1] | Should -Not -BeNullOrEmpty -Because 'the help came with the package'
        [int]$use.Output[2] | Should -BeGreaterOrEqual 2
        $use.Output[3] | Should -Be 'test'
    }
}
