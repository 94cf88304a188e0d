#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# I/O threads: Get-/Add-/Remove-/Set-DomainIOThread. Breadth and errors on the test driver (tests/data/node.xml, a fresh
# instance per connection), what QEMU does on a running TCG guest of the private libvirtd, virsh iothreadinfo as the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeUri = 'test://' + (Join-Path $repo 'tests/data/node.xml')
    # virsh iothreadinfo as { id -> cpu list }.
    function Get-VirshIOThreads([string]$Uri, [string[]]$Arguments) {
        $t = [ordered]@{}
        foreach ($line in Invoke-Virsh $Uri $Arguments -As Lines) { if ($line -match '^(\d+)\s+(\S+)$') { $t[$Matches[1]] = $Matches[2] } }
        $t
    }
}

Describe 'I/O thread cmdlets on the test driver' -Tag 'Domain', 'Tuning' {
    BeforeAll { $h = Connect-Hypervisor -Uri $nodeUri -Name 'iot-t' }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'adds, pins, sets, lists and removes an I/O thread' {
        @(Get-DomainIOThread -Name web1).Count | Should -Be 0
        $t = Add-DomainIOThread -Name web1 -Id 3 -PassThru
        $t | Should -BeOfType ([PSLibvirt.DomainIOThread])
        $t.Id | Should -Be 3
        (Set-DomainIOThread -Name web1 -Id 3 -CpuSet '2-3' -PollMaxNs 1000 -PassThru).CpuSet | Should -Be '2-3'
        (Get-DomainIOThread -Name web1).Id | Should -Be 3
        (Get-DomainIOThread -Name web1 | Format-Table | Out-String) | Should -Match 'Affinity'
        Remove-DomainIOThread -Name web1 -Id 3 -Confirm:$false
        @(Get-DomainIOThread -Name web1).Count | Should -Be 0
    }

    It 'refuses id 0, a CPU set that does not parse or lies outside the host, nothing to set, and an id that does not exist' {
        { Add-DomainIOThread -Name web1 -Id 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.AddDomainIOThreadCommand'
        { Set-DomainIOThread -Name web1 -Id 1 -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToSet,PSLibvirt.Commands.SetDomainIOThreadCommand'
        { Set-DomainIOThread -Name web1 -Id 1 -CpuSet '1-x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCpuSet,PSLibvirt.Commands.SetDomainIOThreadCommand'
        Add-DomainIOThread -Name web1 -Id 4
        Set-DomainIOThread -Name web1 -Id 4 -CpuSet '0,8' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'CpuOutsideHost,PSLibvirt.Commands.SetDomainIOThreadCommand'
        (Get-DomainIOThread -Name web1).CpuSet | Should -Not -Be '0'
        'nosuch', 'web1' | Remove-DomainIOThread -Id 9 -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.RemoveDomainIOThreadCommand'
        $e2[1].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.RemoveDomainIOThreadCommand'
        $e2[1].TargetObject | Should -Be 'web1'
        Remove-DomainIOThread -Name web1 -Id 4 -WhatIf
        (Get-DomainIOThread -Name web1).Id | Should -Be 4
    }
}

Describe 'I/O thread cmdlets on a running QEMU guest' -Tag 'Domain', 'Tuning', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $guest = 'pslv-iot-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            Start-TestGuest -Daemon $daemon -Name $guest
            $q = Connect-Hypervisor -Uri $uri -Name 'iot-q'
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'adds an I/O thread live and in the configuration, pins it live, and removes it, as virsh iothreadinfo sees it' {
        Add-DomainIOThread -Name $guest -Id 2 -Live -Config
        (Get-VirshIOThreads $uri 'iothreadinfo', $guest).Keys | Should -Be '2'
        (Get-VirshIOThreads $uri 'iothreadinfo', $guest, '--config').Keys | Should -Be '2'
        Set-DomainIOThread -Name $guest -Id 2 -CpuSet 0 -Live
        (Get-VirshIOThreads $uri 'iothreadinfo', $guest)['2'] | Should -Be '0'
        (Get-DomainIOThread -Name $guest).CpuSet | Should -Be '0'
        (Get-DomainIOThread -Name $guest -Config).CpuSet | Should -Be (Get-VirshIOThreads $uri 'iothreadinfo', $guest, '--config')['2']
        Set-DomainIOThread -Name $guest -Id 2 -PollMaxNs 5000 -Live -ErrorVariable e
        $e | Should -BeNullOrEmpty
        Remove-DomainIOThread -Name $guest -Id 2 -Live -Config -Confirm:$false
        @((Get-VirshIOThreads $uri 'iothreadinfo', $guest).Keys).Count | Should -Be 0
        @((Get-VirshIOThreads $uri 'iothreadinfo', $guest, '--config').Keys).Count | Should -Be 0
    }
}
