#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    An example of testing one's own automation (Sync-FleetDomain.ps1) without a hypervisor: against libvirt's
    built-in test driver (test:///default) and against a node file describing the fleet (fleet.xml).
    Run it with: Invoke-Pester ./Fleet.Tests.ps1   (see Get-Help about_PSLibvirt_Testing)
#>

BeforeAll {
    # The project's test run points PSLIBVIRT_MODULE_PATH at the freshly built module; elsewhere the installed one.
    Import-Module ($env:PSLIBVIRT_MODULE_PATH ? $env:PSLIBVIRT_MODULE_PATH : 'PSLibvirt') -Force
    $script:Sync = Join-Path $PSScriptRoot 'Sync-FleetDomain.ps1'
    $script:FleetUri = 'test://' + (Join-Path $PSScriptRoot 'fleet.xml')

    function Get-Config([string] $Name, $Connection) {
        $x = Get-DomainXml -Name $Name -Inactive -Connection $Connection -AsXml
        [pscustomobject]@{
            MemoryMB = [long]$x.SelectSingleNode('/domain/memory').InnerText / 1024
            VCpu     = [int]$x.SelectSingleNode('/domain/vcpu').InnerText
        }
    }
}

# Connections are shared by the whole pwsh process: each test opens its own and closes it after, so that every
# test starts from the driver's initial state.
Describe 'Sync-FleetDomain on test:///default' {
    BeforeEach { $hv = Connect-Hypervisor -Uri test:///default -Name unit }
    AfterEach { Disconnect-Hypervisor -Connection $hv -Confirm:$false }

    It 'creates a missing domain, then leaves it alone' {
        $first = & $Sync -Connection $hv -Desired @{ Name = 'app1'; MemoryMB = 512; VCpu = 1 }
        $first.Action | Should -Be Created
        Get-Config app1 $hv | Should -BeLike ([pscustomobject]@{ MemoryMB = 512; VCpu = 1 })
        (& $Sync -Connection $hv -Desired @{ Name = 'app1'; MemoryMB = 512; VCpu = 1 }).Action | Should -Be Unchanged
    }

    It 'uses the default connection when none is given' {
        (& $Sync -Desired @{ Name = 'app2'; MemoryMB = 256; VCpu = 1 }).Action | Should -Be Created
        (Get-Config app2 $hv).MemoryMB | Should -Be 256
    }
}

Describe 'Sync-FleetDomain on our fleet (node file)' {
    BeforeEach { $fleet = Connect-Hypervisor -Uri $FleetUri -Name fleet }
    AfterEach { Disconnect-Hypervisor -Connection $fleet -Confirm:$false }

    It 'reports the fleet as it is described' {
        $report = & $Sync -Connection $fleet -Desired @(
            @{ Name = 'web1'; MemoryMB = 2048; VCpu = 2 }
            @{ Name = 'web2'; MemoryMB = 2048; VCpu = 2 }
            @{ Name = 'db1'; MemoryMB = 4096; VCpu = 2 }
        )
        $report.Action | Should -Be @('Unchanged', 'Unchanged', 'Unchanged')
    }

    It 'resizes a database server in its definition' {
        $r = & $Sync -Connection $fleet -Desired @{ Name = 'db1'; MemoryMB = 8192; VCpu = 4 }
        $r.Action | Should -Be Updated
        $r.Detail | Should -Be 'memory 4096 -> 8192 MiB, vCPUs 2 -> 4'
        Get-Config db1 $fleet | Should -BeLike ([pscustomobject]@{ MemoryMB = 8192; VCpu = 4 })
    }

    It '-WhatIf changes nothing' {
        $r = & $Sync -Connection $fleet -Desired @{ Name = 'web2'; MemoryMB = 4096; VCpu = 2 }, @{ Name = 'web3'; MemoryMB = 1024; VCpu = 1 } -WhatIf
        $r.Action | Should -Be @('Updated', 'Created')
        (Get-Config web2 $fleet).MemoryMB | Should -Be 2048
        Get-DomainXml -Name web3 -Connection $fleet -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a bad entry fails alone, with the error id, and the others are processed' {
        $r = & $Sync -Connection $fleet -Desired @(
            @{ Name = 'web1'; MemoryMB = 2048; VCpu = 9999 }   # more vCPUs than the hypervisor allows
            @{ Name = 'web3'; MemoryMB = 1024; VCpu = 1 }
        )
        $r[0].Action | Should -Be Failed
        $r[0].Detail | Should -Match '^\S+,PSLibvirt\.Commands\.SetDomainCommand'
        $r[1].Action | Should -Be Created
        (Get-Config web1 $fleet).VCpu | Should -Be 2
    }
}
