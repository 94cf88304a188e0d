#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Rules every exported cmdlet keeps, checked from the module's metadata so that a new cmdlet is covered by itself:
# whatever changes something supports -WhatIf/-Confirm, and whatever destroys or detaches asks first (ConfirmImpact High).

BeforeDiscovery {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    # Verbs that only read, wait, subscribe to events, or open or choose a session-local connection.
    # ConvertTo-/ConvertFrom- only translate text (domxml-to-native, domxml-from-native).
    $readOnlyVerbs = 'Get', 'Find', 'Wait', 'Compare', 'Connect', 'Select', 'Register', 'Test', 'Measure', 'Show', 'Search', 'Resolve', 'Read', 'ConvertTo', 'ConvertFrom'
    # Verbs that destroy or take away: data, a definition, a device from the host, changes made so far.
    $destroyingVerbs = 'Remove', 'Clear', 'Dismount', 'Reset', 'Undo'
    $commands = @(Get-Command -Module PSLibvirt -CommandType Cmdlet | Sort-Object Name | ForEach-Object {
            $attribute = $_.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            @{ Name = $_.Name; Verb = $_.Verb; Supports = $attribute.SupportsShouldProcess; Impact = "$($attribute.ConfirmImpact)"
               Changes = $_.Verb -notin $readOnlyVerbs; Destroys = $_.Verb -in $destroyingVerbs }
        })
}

Describe 'Cmdlet metadata' -Tag 'Metadata' {
    It '<Name> supports -WhatIf and -Confirm, as every cmdlet that changes something' -TestCases @($commands | Where-Object Changes) {
        param($Name, $Supports)
        $Supports | Should -BeTrue -Because "$Name changes something, so -WhatIf must show it and -Confirm ask"
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
    }

    It '<Name> asks before it acts (ConfirmImpact High): it destroys or takes away' -TestCases @($commands | Where-Object Destroys) {
        param($Name, $Impact)
        $Impact | Should -Be 'High'
    }

    It '<Name> writes XML by the one rule: text by default (OutputType string first), -AsXml for an XmlDocument' -TestCases @($commands | Where-Object { $_.Name -like 'Get-*Xml' }) {
        param($Name)
        $command = Get-Command $Name
        $command.Parameters.Keys | Should -Contain 'AsXml'
        $command.OutputType[0].Type | Should -Be ([string])
        $command.OutputType.Type | Should -Contain ([System.Xml.XmlDocument])
    }

    It '<Name>: every parameter taking objects of a connection-level kind also takes their names (ObjectReferenceTransformation)' -TestCases $commands {
        param($Name)
        $kinds = 'Domain', 'Network', 'StoragePool', 'Secret', 'NodeDevice', 'HostInterface', 'NetworkFilter'
        foreach ($p in (Get-Command $Name).Parameters.Values) {
            $type = $p.ParameterType.IsArray ? $p.ParameterType.GetElementType() : $p.ParameterType
            if ($type.Namespace -ne 'PSLibvirt' -or $type.Name -notin $kinds) { continue }
            @($p.Attributes | Where-Object { $_.GetType().Name -eq 'ObjectReferenceTransformationAttribute' }).Count |
                Should -Be 1 -Because "-$($p.Name) of $Name takes $($type.Name) objects, so it takes their names too"
        }
    }

    It '<Name>: every parameter that takes names typed by hand completes them (names of objects, disk targets)' -TestCases $commands {
        param($Name)
        foreach ($p in (Get-Command $Name).Parameters.Values) {
            $names = $p.Attributes.GetType().Name
            $takesNames = $names -contains 'ObjectReferenceTransformationAttribute' -or $names -contains 'ObjectNameTransformationAttribute' -or
                ($p.Name -eq 'Disk' -and $p.ParameterType -in [string], [string[]])
            if (-not $takesNames) { continue }
            @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count |
                Should -Be 1 -Because "-$($p.Name) of $Name takes names a user types, so Tab completes them"
        }
    }

    It '<Name>: every XML parameter also takes an XmlDocument or XmlNode (XmlTextTransformation)' -TestCases $commands {
        param($Name)
        foreach ($p in (Get-Command $Name).Parameters.Values) {
            if ($p.Name -notlike '*Xml' -or $p.ParameterType -notin [string], [string[]]) { continue }
            @($p.Attributes | Where-Object { $_.GetType().Name -eq 'XmlTextTransformationAttribute' }).Count |
                Should -Be 1 -Because "-$($p.Name) of $Name takes XML text, so it takes an [xml] document too"
        }
    }

    It 'the module has cmdlets of both kinds (the lists above are not empty)' -TestCases @(
        @{ Changing = @($commands | Where-Object Changes).Count; Destroying = @($commands | Where-Object Destroys).Count }
    ) {
        param($Changing, $Destroying)
        $Changing | Should -BeGreaterThan 40
        $Destroying | Should -BeGreaterThan 10
    }
}
