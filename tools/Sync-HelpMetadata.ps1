#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Brings the metadata parts of docs/en-US/<Verb-Noun>.md in line with the built cmdlets, as PlatyPS's
    Update-MarkdownHelp does: the ## SYNTAX blocks and, per parameter, Type, Parameter Sets, Aliases, Required, Position, Accept pipeline input and
    Accept wildcard characters. Descriptions, examples and notes are left as written. Sections of parameters the cmdlet
    no longer has are removed; parameters without a section are reported (write their description by hand).
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./tools/Sync-HelpMetadata.ps1 -Name Remove-Network, Stop-Network
#>
[CmdletBinding()]
param(
    # Cmdlet names (wildcards); default every exported cmdlet that has a doc.
    [string[]] $Name = '*',
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/PSLibvirt/PSLibvirt.psd1'),
    [string] $DocsPath = (Join-Path $PSScriptRoot '../docs/en-US')
)
$ErrorActionPreference = 'Stop'
$module = Import-Module $ModulePath -PassThru -Force
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

function Format-Syntax($command, $set) {
    $parts = foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common -or $_.Name -in "WhatIf", "Confirm" }) {
        $type = if ($p.ParameterType -eq [System.Management.Automation.SwitchParameter]) { $null } else { $p.ParameterType.Name }
        $nameText = if ($p.Position -ge 0) { "[-$($p.Name)]" } else { "-$($p.Name)" }
        $text = if ($type) { "$nameText <$type>" } else { $nameText }
        if (-not $p.IsMandatory) { $text = "[$text]" }
        [pscustomobject]@{ Text = $text; Order = if ($p.Position -ge 0) { $p.Position } elseif ($p.IsMandatory) { 1000 } else { 2000 }; Name = $p.Name }
    }
    $ordered = $parts | Sort-Object Order, @{ Expression = { if ($_.Name -in 'WhatIf', 'Confirm') { 1 } else { 0 } } }
    "$($command.Name) $((@($ordered.Text) + '[<CommonParameters>]') -join ' ')"
}

function Get-PipelineText($meta) {
    $sets = @($meta.ParameterSets.Values)
    $kinds = @(
        if (@($sets | Where-Object ValueFromPipeline).Count) { 'ByValue' }
        if (@($sets | Where-Object ValueFromPipelineByPropertyName).Count) { 'ByPropertyName' }
    )
    if ($kinds.Count) { "True ($($kinds -join ', '))" } else { 'False' }
}

foreach ($command in $module.ExportedCommands.Values | Where-Object { $n = $_.Name; @($Name | Where-Object { $n -like $_ }).Count } | Sort-Object Name) {
    $file = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path $file)) { Write-Warning "$($command.Name): no doc"; continue }
    $text = Get-Content -Raw $file
    $nl = "`n"

    # ## SYNTAX
    $sets = @($command.ParameterSets)
    $blocks = foreach ($set in $sets) {
        $title = if ($sets.Count -gt 1) { "### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })$nl" } else { '' }
        "$title``````$nl$(Format-Syntax $command $set)$nl``````$nl"
    }
    $syntax = "## SYNTAX$nl$nl" + ($blocks -join $nl) + $nl
    $text = [regex]::Replace($text, '(?s)## SYNTAX\r?\n.*?(?=## DESCRIPTION)', { param($m) $syntax })

    # ## PARAMETERS
    $params = $command.Parameters.Values | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' }
    $documented = [regex]::Matches($text, '(?m)^### -(\w+)\s*$') | ForEach-Object { $_.Groups[1].Value }
    foreach ($d in $documented) {
        if (-not $command.Parameters.ContainsKey($d)) {
            Write-Host "$($command.Name): removing the section of -$d (no such parameter)"
            $text = [regex]::Replace($text, "(?s)### -$d\r?\n.*?(?=### |## INPUTS)", '')
        }
    }
    foreach ($p in $params) {
        if ($p.Name -notin $documented) { Write-Warning "$($command.Name): -$($p.Name) has no section: write it"; continue }
        $setNames = if ($p.ParameterSets.ContainsKey('__AllParameterSets') -or $p.ParameterSets.Count -eq $sets.Count) { '(All)' } else { ($p.ParameterSets.Keys | Sort-Object) -join ', ' }
        $required = [bool]@($p.ParameterSets.Values | Where-Object IsMandatory).Count
        $positions = @($p.ParameterSets.Values | ForEach-Object { if ($_.Position -ge 0) { "$($_.Position)" } else { 'Named' } } | Select-Object -Unique)
        $position = if ($positions.Count -eq 1) { $positions[0] } else { $null }
        $text = [regex]::Replace($text, "(?s)(### -$($p.Name)\r?\n.*?``````yaml\r?\n)(.*?)(``````)", {
                param($m)
                $yaml = $m.Groups[2].Value
                $yaml = $yaml -replace '(?m)^Type: .*$', "Type: $($p.ParameterType.Name)"
                $yaml = $yaml -replace '(?m)^Parameter Sets: .*$', "Parameter Sets: $setNames"
                if ($p.Aliases.Count) { $yaml = $yaml -replace '(?m)^Aliases:.*$', "Aliases: $($p.Aliases -join ', ')" }
                $yaml = $yaml -replace '(?m)^Required: .*$', "Required: $required"
                if ($position) { $yaml = $yaml -replace '(?m)^Position: .*$', "Position: $position" }
                $yaml = $yaml -replace '(?m)^Accept pipeline input: .*$', "Accept pipeline input: $(Get-PipelineText $p)"
                $wildcards = [bool]@($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count
                $yaml = $yaml -replace '(?m)^Accept wildcard characters: .*$', "Accept wildcard characters: $wildcards"
                $m.Groups[1].Value + $yaml + $m.Groups[3].Value
            })
    }
    Set-Content -LiteralPath $file -Value $text.TrimEnd() -NoNewline
    Add-Content -LiteralPath $file -Value ''
}
