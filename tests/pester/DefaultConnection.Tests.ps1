#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The default connection under the user's control: Connect-Hypervisor -NotDefault, Select-Hypervisor, and where the
# default goes when it is closed. Two node-file connections hold different objects, so where a command went shows.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    $NodeUri = 'test:///' + (Resolve-Path (Join-Path $PSScriptRoot '../data/node.xml')).Path
}

Describe 'The default connection' -Tag 'Connection' {
    BeforeEach { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }
    AfterAll { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    It 'a connection opened with -NotDefault leaves the default, and commands without -Connection go to the default' {
        $main = Connect-Hypervisor -Uri test:///default -Name main
        $side = Connect-Hypervisor -Uri $NodeUri -Name side -ReadOnly -NotDefault
        (Get-Hypervisor -Default) | Should -Be $main
        (Get-Domain).Name | Should -Be @('test') -Because 'test:///default has one domain, test; the node file has others'
        @(Get-Domain -Connection $side).Name | Should -Contain 'web1'
        (Get-Hypervisor | Where-Object Name -eq main | Format-Table | Out-String) | Should -Match 'main.*\*'
    }

    It 'Select-Hypervisor makes a connection the default, by name or piped, and -PassThru writes it' {
        $a = Connect-Hypervisor -Uri test:///default -Name a
        $b = Connect-Hypervisor -Uri $NodeUri -Name b
        Select-Hypervisor a | Should -BeNullOrEmpty
        (Get-Hypervisor -Default) | Should -Be $a
        (Get-Domain).Name | Should -Be @('test')
        $b | Select-Hypervisor -PassThru | Should -Be $b
        @(Get-Domain).Name | Should -Contain 'web1'
    }

    It 'each runspace keeps the default it chose; one that chose none (a thread job, -Parallel) uses the one chosen last' {
        $mine = Connect-Hypervisor -Uri test:///default -Name mine
        $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $iss.ImportPSModule($ModulePath)
        $other = [PowerShell]::Create($iss)
        try {
            # Another runspace of this process connects: its default is its own connection...
            $seen = @($other.AddScript("Connect-Hypervisor -Uri '$NodeUri' -Name theirs | Out-Null; (Get-Hypervisor -Default).Name; @(Get-Domain).Name").Invoke())
            $other.Streams.Error | Should -BeNullOrEmpty
            $seen[0] | Should -Be 'theirs'
            $seen | Should -Contain 'web1'
        } finally { $other.Dispose() }
        # ...and this runspace's commands still go where it chose.
        (Get-Hypervisor -Default) | Should -Be $mine
        (Get-Domain).Name | Should -Be @('test')
        (Get-Hypervisor | Where-Object Name -eq mine | Format-Table | Out-String) | Should -Match 'mine.*\*'
        # The connections are shared: a runspace that chose none uses the one chosen last (theirs), or a name.
        $parallel = @(1..2 | ForEach-Object -Parallel { Import-Module $using:ModulePath; "$((Get-Hypervisor -Default).Name):$(@(Get-Domain -Connection mine).Name -join ',')" })
        $parallel | Should -Be @('theirs:test', 'theirs:test')
        $job = Start-ThreadJob { Import-Module $using:ModulePath; @(Get-Domain -Connection mine).Name }
        $job | Wait-Job -Timeout 60 | Receive-Job | Should -Be 'test'
        $job | Remove-Job -Force
    }

    It 'closing the default falls back to the newest connection not opened with -NotDefault, else to none' {
        $first = Connect-Hypervisor -Uri test:///default -Name first
        $main = Connect-Hypervisor -Uri test:///default -Name main
        $side = Connect-Hypervisor -Uri $NodeUri -Name side -NotDefault
        Disconnect-Hypervisor $main
        (Get-Hypervisor -Default) | Should -Be $first
        Disconnect-Hypervisor $first
        Get-Hypervisor -Default | Should -BeNullOrEmpty -Because 'a side connection never becomes the default by itself'
        { Get-Domain -ErrorAction Stop } | Should -Throw -ErrorId 'NoConnection,PSLibvirt.Commands.GetDomainCommand'
        Select-Hypervisor side
        (Get-Hypervisor -Default) | Should -Be $side
    }

    It 'a selected side connection is a candidate for the default again' {
        $main = Connect-Hypervisor -Uri test:///default -Name main
        $side = Connect-Hypervisor -Uri $NodeUri -Name side -NotDefault
        Select-Hypervisor side
        Select-Hypervisor main
        Disconnect-Hypervisor $main
        (Get-Hypervisor -Default) | Should -Be $side
    }

    It 'refuses a closed connection, an unknown name and a second connection in one call, and keeps the default' {
        $keep = Connect-Hypervisor -Uri test:///default -Name keep
        $gone = Connect-Hypervisor -Uri test:///default -Name gone
        Select-Hypervisor keep
        Disconnect-Hypervisor $gone
        Select-Hypervisor $gone -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'HypervisorNotOpen,PSLibvirt.Commands.SelectHypervisorCommand'
        $e1[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $e1[0].TargetObject | Should -Be $gone
        { Select-Hypervisor nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSLibvirt.Commands.SelectHypervisorCommand'
        $other = Connect-Hypervisor -Uri test:///default -Name other -NotDefault
        $keep, $other | Select-Hypervisor -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'MoreThanOneDefault,PSLibvirt.Commands.SelectHypervisorCommand'
        $e2[0].TargetObject | Should -Be $other
        (Get-Hypervisor -Default) | Should -Be $keep
    }
}
