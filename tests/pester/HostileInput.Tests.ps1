#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Hostile input found by trying the module as a hostile user would: names with NUL (C reads "test\0junk" as
# "test"), invisible characters in exact names, invalid wildcards, $null where text is expected, and XML nested
# 200,000 levels deep. Changes go through the private libvirtd's test driver, so virsh on the same instance can say
# that nothing happened to the object the name's first part names.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $nul = [char]0
}

Describe 'A name with a NUL in it is refused before libvirt sees it' -Tag 'HostileInput' {
    BeforeAll {
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $uri = $daemon.TestUri
            $h = Connect-Hypervisor -Uri $uri -Name hostile
            Invoke-Virsh $uri 'snapshot-create-as', 'test', 'snap1' | Out-Null
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It '<Command> refuses it with StringContainsNul (InvalidArgument), and the object the part before the NUL names is untouched' -TestCases @(
        @{ Command = 'Remove-Domain'; Arguments = @{ Name = "test`0junk" } }
        @{ Command = 'Stop-Domain'; Arguments = @{ Name = "test`0junk"; Force = $true } }
        @{ Command = 'Suspend-Domain'; Arguments = @{ Name = "test`0junk" } }
        @{ Command = 'Set-Domain'; Arguments = @{ Name = "test`0junk"; Title = 'changed' } }
        @{ Command = 'Get-Domain'; Arguments = @{ Name = "test`0junk" } }
        @{ Command = 'Get-DomainXml'; Arguments = @{ Name = "test`0junk" } }
        @{ Command = 'Remove-DomainSnapshot'; Arguments = @{ DomainName = 'test'; Name = "snap1`0junk" } }
        @{ Command = 'Remove-DomainSnapshot'; Arguments = @{ DomainName = "test`0junk"; Name = 'snap1' } }
        @{ Command = 'Stop-Network'; Arguments = @{ Name = "default`0junk" } }
        @{ Command = 'Remove-Network'; Arguments = @{ Name = "default`0junk"; Force = $true } }
        @{ Command = 'Get-NetworkXml'; Arguments = @{ Name = "default`0junk" } }
        @{ Command = 'Stop-StoragePool'; Arguments = @{ Name = "default-pool`0junk" } }
        @{ Command = 'Remove-HostInterface'; Arguments = @{ Name = "eth1`0junk"; Force = $true } }
    ) {
        param($Command, $Arguments)
        $extra = if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { @{ Confirm = $false } } else { @{} }
        & $Command -Connection $h @Arguments @extra -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StringContainsNul,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'NUL character'
        Invoke-Virsh $uri 'domstate', 'test' | Should -Be 'running'
        Invoke-Virsh $uri 'desc', 'test', '--title' | Should -BeNullOrEmpty
        Invoke-Virsh $uri 'snapshot-list', 'test', '--name' -As Lines | Should -Be 'snap1'
        Invoke-Virsh $uri 'net-list', '--name' -As Lines | Should -Be 'default'
        Invoke-Virsh $uri 'pool-list', '--name' -As Lines | Should -Be 'default-pool'
        Invoke-Virsh $uri 'iface-list', '--all' -As Text | Should -Match 'eth1\s+active'
    }

    It 'refuses it per input: the next name in the pipeline is still acted on' {
        $out = "test`0junk", 'test' | Get-Domain -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'test'
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be "test`0junk"
    }

    It 'refuses a NUL in a URI' {
        Connect-Hypervisor -Uri "$uri`0junk" -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'StringContainsNul,PSLibvirt.Commands.ConnectHypervisorCommand'
    }
}

Describe 'Exact names, wildcards and empty values' -Tag 'HostileInput' {
    BeforeAll { $h = Connect-Hypervisor -Uri test:///default -Name hostile-local }
    AfterAll { Get-Hypervisor | Where-Object Name -Like 'hostile*' | Disconnect-Hypervisor -Confirm:$false }

    It 'an invisible character makes another name: Disconnect-/Get-Hypervisor "<Shown>" find nothing and leave hostile-local open' -TestCases @(
        @{ Shown = 'hostile\u200B-local'; Name = "hostile$([char]0x200B)-local" }
        @{ Shown = '\uFEFFhostile-local'; Name = "$([char]0xFEFF)hostile-local" }
    ) {
        param($Shown, $Name)
        Get-Hypervisor -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'HypervisorNotFound,PSLibvirt.Commands.GetHypervisorCommand'
        Disconnect-Hypervisor -Name $Name -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'HypervisorNotFound,PSLibvirt.Commands.DisconnectHypervisorCommand'
        (Get-Hypervisor -Name hostile-local).IsAlive | Should -BeTrue
    }

    It 'Connect-Hypervisor refuses a name that -Name could never select exactly: "<Shown>"' -TestCases @(
        @{ Shown = '['; Name = '[' }
        @{ Shown = 'a]'; Name = 'a]' }
        @{ Shown = 'zero\u200Bwidth'; Name = "zero$([char]0x200B)width" }
        @{ Shown = 'tab\t'; Name = "tab`t" }
    ) {
        param($Shown, $Name)
        { Connect-Hypervisor -Uri test:///default -Name $Name -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.ConnectHypervisorCommand'
        @(Get-Hypervisor).Name | Should -Not -Contain $Name
    }

    It '<Command> -Name "<Pattern>" is InvalidWildcardPattern (InvalidArgument), not a crash' -TestCases @(
        foreach ($c in 'Get-Domain', 'Get-Network', 'Get-StoragePool', 'Get-NodeDevice', 'Get-HostInterface', 'Get-NetworkFilter', 'Get-Hypervisor') {
            foreach ($p in '[', '[]', '[z-a]') { @{ Command = $c; Pattern = $p } }
        }
    ) {
        param($Command, $Pattern)
        $connection = if ($Command -eq 'Get-Hypervisor') { @{} } else { @{ Connection = $h } }
        & $Command -Name $Pattern @connection -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "InvalidWildcardPattern,PSLibvirt.Commands.$($Command -replace '-', '')Command"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $Pattern
    }

    It 'the other wildcard parameters and the drive''s -Filter say the same' {
        Get-NetworkDhcpLease -Connection $h -Name default -MacAddress '[' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidWildcardPattern,PSLibvirt.Commands.GetNetworkDhcpLeaseCommand'
        Get-ChildItem 'hostile-local:\Domains' -Filter '[z-a]' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'Set-Domain -Title $null removes the title as -Title '''' does' {
        Set-Domain -Connection $h -Name test -Title 'a title' -Confirm:$false
        (Set-Domain -Connection $h -Name test -Title $null -PassThru -Confirm:$false).Title | Should -BeNullOrEmpty
        (Get-Domain -Connection $h -Name test).Title | Should -BeNullOrEmpty
        Set-Domain -Connection $h -Name test -Description $null -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }

    It '<Command> -Xml nested 200,000 levels deep is refused as InvalidXml at level 257, as libvirt would' -TestCases @(
        @{ Command = 'Set-Domain'; Arguments = @{ Name = 'test' }; Root = 'domain' }
        @{ Command = 'New-Network'; Arguments = @{}; Root = 'network' }
        @{ Command = 'New-StoragePool'; Arguments = @{}; Root = 'pool' }
        @{ Command = 'New-HostInterface'; Arguments = @{}; Root = 'interface' }
    ) {
        param($Command, $Arguments, $Root)
        $deep = "<$Root><name>deep</name>" + ('<a>' * 200000) + ('</a>' * 200000) + "</$Root>"
        & $Command -Connection $h @Arguments -Xml $deep -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidXml,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'more than 256 levels'
    }
}
