#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
<#
    Help of the BUILT module ($env:PSLIBVIRT_MODULE_PATH, default <repo>/out/PSLibvirt/PSLibvirt.psd1), in the spirit
    of PSScriptAnalyzer's Tests/Engine/ModuleHelp.Tests.ps1: every exported cmdlet has real help that agrees with its
    metadata, every about topic is readable, and every example in docs/en-US runs against test:///default.
#>

BeforeDiscovery {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    if (-not (Test-Path -LiteralPath $modulePath)) { throw "The built module '$modulePath' does not exist: build first, or set PSLIBVIRT_MODULE_PATH." }
    $docs = Join-Path $repo 'docs/en-US'
    Import-Module (Join-Path $repo 'tools/HelpBuilder.psm1') -Force
    $module = Import-Module $modulePath -Force -PassThru -ErrorAction Stop

    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $commands = foreach ($c in ($module.ExportedCommands.Values | Where-Object CommandType -In 'Cmdlet', 'Function' | Sort-Object Name)) {
        @{
            Name       = $c.Name
            # DontShow parameters would not be part of the documented interface (there are none: Domain.Tests checks it).
            Parameters = @($c.Parameters.Keys | Where-Object { $_ -notin $common } |
                Where-Object { -not @($c.Parameters[$_].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count } |
                Sort-Object | ForEach-Object { @{ Name = $c.Name; Parameter = $_ } })
        }
    }
    $aboutTopics = @(Get-ChildItem -LiteralPath $docs -Filter 'about_*.md' | ForEach-Object { @{ Topic = $_.BaseName; ModuleBase = $module.ModuleBase } })
    $examples = @(Get-HelpExample -MarkdownPath $docs | ForEach-Object { @{ Name = "$($_.Command) example $($_.Number)"; Example = $_; ModulePath = $modulePath } })
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-ExpectedPipelineInput([System.Management.Automation.ParameterMetadata] $Metadata) {
        $sets = @($Metadata.ParameterSets.Values)
        $kinds = @(
            if (@($sets | Where-Object ValueFromPipeline).Count) { 'ByValue' }
            if (@($sets | Where-Object ValueFromPipelineByPropertyName).Count) { 'ByPropertyName' }
        )
        if ($kinds.Count) { "True ($($kinds -join ', '))" } else { 'False' }
    }
    function Format-Position([int] $Position) { if ($Position -lt 0) { 'named' } else { "$Position" } }
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
        $hidden = @($command.Parameters.Values | Where-Object { @($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count } | ForEach-Object Name)
        $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters + $hidden
    }

    It 'has a written synopsis, not the generated one' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match '<CommonParameters>' -Because 'Get-Help generates the syntax as synopsis when there is no help'
        $synopsis | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        (($help.description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code' {
        $ex = @($help.examples.example)
        $ex.Count | Should -BeGreaterOrEqual 2
        foreach ($e in $ex) { "$($e.code)".Trim() | Should -Not -BeNullOrEmpty -Because $e.title }
    }

    It 'documents only parameters the cmdlet has' {
        $documented = @($help.parameters.parameter | ForEach-Object name)
        $unknown = @($documented | Where-Object { -not $command.Parameters.ContainsKey($_) })
        $unknown | Should -BeNullOrEmpty -Because 'every documented parameter must exist on the cmdlet'
    }

    It 'has a syntax block for each parameter set, with the right Required and Position' {
        $items = @($help.syntax.syntaxItem)
        $sets = @($command.ParameterSets)
        $items.Count | Should -Be $sets.Count -Because 'the doc has one ## SYNTAX block per parameter set'
        foreach ($set in $sets) {
            $names = @($set.Parameters.Name | Where-Object { $_ -notin $script:Common } | Sort-Object)
            $candidates = @($items | Where-Object { ((@($_.parameter | ForEach-Object name | Where-Object { $_ -notin $script:Common }) | Sort-Object) -join ',') -eq ($names -join ',') })
            # Two sets may list the same parameters and differ in which are mandatory (Get-StorageVolume's Pool and
            # Connection sets): the block of a set is the one that agrees on every Required and Position, if any.
            $agrees = {
                param($candidate)
                foreach ($p in $set.Parameters | Where-Object Name -NotIn $script:Common) {
                    $doc = $candidate.parameter | Where-Object name -EQ $p.Name
                    if ($doc.required -ne $p.IsMandatory.ToString().ToLowerInvariant() -or $doc.position -ne (Format-Position $p.Position)) { return $false }
                }
                $true
            }
            $item = @($candidates | Where-Object { & $agrees $_ }) + $candidates | Select-Object -First 1
            $item | Should -Not -BeNullOrEmpty -Because "parameter set '$($set.Name)' has -$($names -join ', -') and a syntax block must list exactly those"
            foreach ($p in $set.Parameters | Where-Object Name -NotIn $script:Common) {
                $doc = $item.parameter | Where-Object name -EQ $p.Name
                $doc.required | Should -Be $p.IsMandatory.ToString().ToLowerInvariant() -Because "-$($p.Name) Required in set '$($set.Name)'"
                $doc.position | Should -Be (Format-Position $p.Position) -Because "-$($p.Name) Position in set '$($set.Name)'"
            }
        }
    }

    It 'documents -<Parameter> consistently with its metadata' -ForEach $Parameters {
        $meta = (Get-Command -Name $Name).Parameters[$Parameter]
        $doc = @((Get-Help -Name $Name -Full).parameters.parameter | Where-Object name -EQ $Parameter)
        $doc.Count | Should -Be 1 -Because "-$Parameter must be documented once under ## PARAMETERS"
        $doc = $doc[0]
        (($doc.description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$Parameter needs a description"
        $docType = "$($doc.type.name)"
        if ($docType) {
            $docType | Should -BeIn @($meta.ParameterType.Name, $meta.ParameterType.FullName) -Because "the doc Type of -$Parameter"
        }
        if ($doc.pipelineInput) {
            $doc.pipelineInput | Should -Be (Get-ExpectedPipelineInput $meta) -Because "the doc 'Accept pipeline input' of -$Parameter"
        }
        $sets = @($meta.ParameterSets.Values)
        $doc.required | Should -Be ([bool]@($sets | Where-Object IsMandatory).Count).ToString().ToLowerInvariant() -Because "-$Parameter is Required if it is mandatory in any set"
        $positions = @($sets | ForEach-Object { Format-Position $_.Position } | Select-Object -Unique)
        if ($positions.Count -eq 1) { $doc.position | Should -Be $positions[0] -Because "the doc Position of -$Parameter" }
    }
}

Describe 'About topic <Topic>' -ForEach $aboutTopics {
    It 'ships in the module and is readable with Get-Help' {
        Join-Path $ModuleBase "en-US/$Topic.help.txt" | Should -Exist
        $text = Get-Help -Name $Topic | Out-String
        $text | Should -Match "TOPIC\s+$Topic"
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'LONG DESCRIPTION'
    }
}

Describe 'Examples in docs/en-US' {
    It '<Name> runs against test:///default without errors' -ForEach $examples {
        $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $iss.ImportPSModule($ModulePath)
        $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($iss)
        $runspace.Open()
        $ps = [System.Management.Automation.PowerShell]::Create($runspace)
        try {
            $null = $ps.AddScript('$ErrorActionPreference = "Continue"; $null = Connect-Hypervisor -Uri test:///default').Invoke()
            @($ps.Streams.Error | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because 'the example setup must connect'
            $ps.Commands.Clear()
            $null = $ps.AddScript($Example.Code).AddCommand('Out-String')
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60))) {
                $ps.Stop()
                throw "$($Example.File):$($Example.Line): example did not finish within 60 s"
            }
            try { $null = $ps.EndInvoke($async) }
            catch { throw "$($Example.File):$($Example.Line): example threw: $($_.Exception.InnerException ?? $_.Exception)" }
            $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
            $errors | Should -BeNullOrEmpty -Because "$($Example.File):$($Example.Line) must write no error records"
        }
        finally {
            # Connections are process-wide (shared by runspaces, like thread jobs): leave none for the next example.
            $ps.Commands.Clear()
            $null = $ps.AddScript('Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false').Invoke()
            $ps.Dispose()
            $runspace.Dispose()
        }
    }
}
