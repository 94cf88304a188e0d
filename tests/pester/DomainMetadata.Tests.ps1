#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-/Set-/Remove-DomainMetadata (virsh metadata --uri --key --set/--remove, --live/--config) on the private
# libvirtd's test driver, where virsh shares the module's instance and is the oracle; errors on test:///default.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) {
        $daemon = Start-PrivateLibvirtd -Driver test
        $u = $daemon.Uri
        $h = Connect-Hypervisor -Uri $u -Name metadata
        $ConfirmPreference = 'None'
    }
    $app = 'http://example.org/pslibvirt-app'
    $other = 'http://example.org/pslibvirt-other'
}

AfterAll {
    if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false -ErrorAction SilentlyContinue }
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'Domain metadata against virsh metadata (private libvirtd, test driver)' -Tag 'Domain' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach {
        if ($support.Supported) { foreach ($ns in $app, $other) { Remove-DomainMetadata -Name test -Uri $ns -Connection $h } }
    }

    It 'Set-DomainMetadata writes what virsh metadata --uri reads, in the live domain and the definition; Get-DomainMetadata reads it back' {
        $e = Set-DomainMetadata -Name test -Uri $app -Key ops -Xml '<app><owner>team-a</owner></app>' -Connection $h -PassThru
        $e | Should -BeOfType PSLibvirt.DomainMetadataElement
        ($e.Domain, $e.Uri, $e.Key, $e.Inactive) | Should -Be ('test', $app, 'ops', $false)
        ([xml]$e.Xml).app.owner | Should -Be 'team-a'
        $e.Xml | Should -Be (Invoke-Virsh $u 'metadata', 'test', '--uri', $app)
        $e.Xml | Should -Be (Invoke-Virsh $u 'metadata', 'test', '--uri', $app, '--config')
        [xml]$dom = Invoke-Virsh $u 'dumpxml', 'test'
        $dom.domain.metadata.OuterXml | Should -Match 'ops:app xmlns:ops="http://example.org/pslibvirt-app"'
        (Get-DomainMetadata -Name test -Uri $app -Connection $h).Xml | Should -Be $e.Xml
        (Get-DomainMetadata -Name test -Uri $app -Inactive -Connection $h).Inactive | Should -BeTrue
    }

    It 'lists every element without -Uri; replaces an element of the same URI; the key defaults to the element''s name' {
        Set-DomainMetadata -Name test -Uri $app -Xml '<app><v>1</v></app>' -Connection $h
        Set-DomainMetadata -Name test -Uri $other -Xml '<other/>' -Connection $h
        Set-DomainMetadata -Name test -Uri $app -Xml '<app><v>2</v></app>' -Connection $h
        # libvirt moves a replaced element to the end, as the XML now has them.
        $all = @(Get-DomainMetadata -Name test -Connection $h | Where-Object Uri -In $app, $other | Sort-Object Uri)
        $all.Uri | Should -Be $app, $other
        $all.Key | Should -Be 'app', 'other'
        ([xml]$all[0].Xml).app.v | Should -Be '2'
        ([xml](Invoke-Virsh $u 'metadata', 'test', '--uri', $app)).app.v | Should -Be '2'
    }

    It '-Config changes the definition only, -Live the running domain only, as virsh --config/--live show' {
        Set-DomainMetadata -Name test -Uri $app -Xml '<app>config</app>' -Config -Connection $h
        ([xml](Invoke-Virsh $u 'metadata', 'test', '--uri', $app, '--config')).app | Should -Be 'config'
        & virsh -c $u metadata test --uri $app --live 2>&1 | Out-String | Should -Match 'not present'
        Set-DomainMetadata -Name test -Uri $other -Xml '<other>live</other>' -Live -Connection $h
        ([xml](Invoke-Virsh $u 'metadata', 'test', '--uri', $other, '--live')).other | Should -Be 'live'
        (Get-DomainMetadata -Name test -Uri $other -Inactive -Connection $h) | Should -BeNullOrEmpty
    }

    It 'Remove-DomainMetadata removes it (virsh then finds none); -WhatIf changes nothing; ConfirmImpact High' {
        Set-DomainMetadata -Name test -Uri $app -Xml '<app/>' -Connection $h
        Remove-DomainMetadata -Name test -Uri $app -Connection $h -WhatIf
        Get-DomainMetadata -Name test -Uri $app -Connection $h | Should -Not -BeNullOrEmpty
        Get-Domain -Name test -Connection $h | Remove-DomainMetadata -Uri $app
        Get-DomainMetadata -Name test -Uri $app -Connection $h | Should -BeNullOrEmpty
        & virsh -c $u metadata test --uri $app 2>&1 | Out-String | Should -Match 'not present'
        (Get-Command Remove-DomainMetadata).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'completes -Uri with the namespaces of the domain named' {
        Set-DomainMetadata -Name test -Uri $app -Xml '<app/>' -Connection $h
        $line = "Get-DomainMetadata -Connection metadata -Name test -Uri http://example.org/pslibvirt-a"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be $app
    }
}

Describe 'Domain metadata errors (test:///default)' -Tag 'Domain' {
    BeforeAll { $t = Connect-Hypervisor -Uri test:///default -Name metadata-t }
    AfterAll { Disconnect-Hypervisor -Connection $t -Confirm:$false -ErrorAction SilentlyContinue }

    It 'refuses XML that is not one element and a prefix that is not an XML name, before libvirt is called' {
        { Set-DomainMetadata -Name test -Uri $app -Xml '<app' } | Should -Throw -ErrorId 'InvalidXml,PSLibvirt.Commands.SetDomainMetadataCommand'
        { Set-DomainMetadata -Name test -Uri $app -Xml '<a/><b/>' } | Should -Throw -ErrorId 'InvalidXml,PSLibvirt.Commands.SetDomainMetadataCommand'
        { Set-DomainMetadata -Name test -Uri $app -Xml '<app/>' -Key '1:bad' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SetDomainMetadataCommand'
        Get-DomainMetadata -Name test -Uri $app | Should -BeNullOrEmpty
    }

    It 'a domain that does not exist is DomainNotFound and the next domain is changed' {
        'nosuch', 'test' | ForEach-Object { $_ } | Set-DomainMetadata -Uri $app -Xml '<app>x</app>' -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.SetDomainMetadataCommand'
        (Get-DomainMetadata -Name test -Uri $app).Xml | Should -Be '<app>x</app>'
        Remove-DomainMetadata -Name test -Uri $app -Confirm:$false
    }
}
