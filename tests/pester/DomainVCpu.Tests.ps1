#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# vCPUs and pinning: Get-DomainVCpu, Get-DomainVCpuCount, Set-DomainVCpu, Set-DomainVCpuPin, Get-/Set-DomainEmulatorPin.
# Breadth and errors on the test driver (tests/data/node.xml: a fresh instance per connection; virsh on the same file
# is a fresh instance too, so it is the oracle of what the file defines); what QEMU does on a running TCG guest of the
# private libvirtd, virsh on the same daemon as the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeUri = 'test://' + (Join-Path $repo 'tests/data/node.xml')

    # virsh vcpupin / emulatorpin as { vcpu -> cpu list }.
    function Get-VirshPins([string]$Uri, [string[]]$Arguments) {
        $pins = [ordered]@{}
        foreach ($line in Invoke-Virsh $Uri $Arguments -As Lines) {
            # vcpupin: '<vcpu>   <cpus>'; emulatorpin -q: the CPU list alone.
            if ($line -match '^\s*(\d+)\s+(\S+)$') { $pins[$Matches[1]] = $Matches[2] }
            elseif ($line -match '^\s*(?:\*:\s*)?([\d,^-]+)$') { $pins['*'] = $Matches[1] }
        }
        $pins
    }
    # virsh vcpucount as 'maximum config' -> n.
    function Get-VirshCounts([string]$Uri, [string]$Name) {
        $counts = @{}
        foreach ($line in Invoke-Virsh $Uri 'vcpucount', $Name -As Lines) {
            $f = -split $line
            $counts["$($f[0]) $($f[1])"] = [int]$f[2]
        }
        $counts
    }
}

Describe 'vCPU cmdlets on the test driver' -Tag 'Domain', 'Tuning' {
    BeforeAll { $h = Connect-Hypervisor -Uri $nodeUri -Name 'vcpu-t' }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'lists every vCPU with its state, time, host CPU and affinity as virsh vcpuinfo and vcpupin do' {
        $v = @(Get-DomainVCpu -Name db1)
        $v.Count | Should -Be 4
        $v[0] | Should -BeOfType ([PSLibvirt.DomainVCpu])
        $v.Number | Should -Be 0, 1, 2, 3
        $v.State | Sort-Object -Unique | Should -Be 'Running'
        $pins = Get-VirshPins $nodeUri 'vcpupin', 'db1'
        foreach ($x in $v) { $x.CpuSet | Should -Be $pins["$($x.Number)"]; $x.Config | Should -BeFalse; $x.Name | Should -Be 'db1' }
        $info = Invoke-Virsh $nodeUri 'vcpuinfo', 'db1' -As Lines
        $hostCpus = @($info | Where-Object { $_ -like 'CPU:*' } | ForEach-Object { [int](-split $_)[1] })
        $v.HostCpu | Should -Be $hostCpus
        $v[0].Affinity | Should -Be @(0..7)
        ($v | Format-Table | Out-String) | Should -Match 'Affinity'
    }

    It 'reads the configuration with -Config (no state) and counts as virsh vcpucount' {
        $v = @(Get-DomainVCpu -Name web1 -Config)
        $v.Count | Should -Be 2
        foreach ($x in $v) { $x.State | Should -BeNullOrEmpty; $x.CpuTime | Should -BeNullOrEmpty }
        $v.Config | Sort-Object -Unique | Should -BeTrue
        $n = Get-DomainVCpuCount -Name web1
        $virsh = Get-VirshCounts $nodeUri 'web1'
        $n.ConfigMaximum | Should -Be $virsh['maximum config']
        $n.LiveMaximum | Should -Be $virsh['maximum live']
        $n.ConfigCurrent | Should -Be $virsh['current config']
        $n.LiveCurrent | Should -Be $virsh['current live']
        $e = Get-DomainEmulatorPin -Name web1
        $e.CpuSet | Should -Be (Get-VirshPins $nodeUri 'emulatorpin', 'web1')['*']
    }

    It 'sets the live count, pins a vCPU and the emulator (and -PassThru writes the result)' {
        $n = Set-DomainVCpu -Name db1 -Count 2 -Live -PassThru
        $n.LiveCurrent | Should -Be 2
        $n.ConfigCurrent | Should -Be 4
        (Get-DomainVCpu -Name db1).State | Should -Be 'Running', 'Running', 'Offline', 'Offline'
        $p = Set-DomainVCpuPin -Name db1 -VCpu 1 -CpuSet '0-3,^1' -PassThru
        $p.Number | Should -Be 1
        $p.Affinity | Should -Be 0, 2, 3
        (Get-DomainVCpu -Name db1)[1].CpuSet | Should -Be '0,2-3'
        (Set-DomainEmulatorPin -Name db1 -CpuSet 5 -PassThru).CpuSet | Should -Be '5'
        (Get-DomainEmulatorPin -Name db1).Affinity | Should -Be 5
    }

    It 'changes nothing with -WhatIf' {
        Set-DomainVCpu -Name web1 -Count 1 -Live -WhatIf
        Set-DomainVCpuPin -Name web1 -VCpu 0 -CpuSet 1 -WhatIf
        Set-DomainEmulatorPin -Name web1 -CpuSet 1 -WhatIf
        (Get-DomainVCpuCount -Name web1).LiveCurrent | Should -Be 2
        (Get-DomainVCpu -Name web1)[0].CpuSet | Should -Be '0-7'
        (Get-DomainEmulatorPin -Name web1).CpuSet | Should -Be '0-7'
    }

    It 'refuses a count above the maximum, for each side touched, and changes neither' {
        Set-DomainVCpu -Name web1 -Count 3 -Live -Config -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'VCpuCountAboveMaximum,PSLibvirt.Commands.SetDomainVCpuCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject | Should -Be 'web1'
        "$($e[0])" | Should -Match "at most 2 vCPUs while it runs.*nothing was changed"
        $n = Get-DomainVCpuCount -Name web1
        $n.LiveCurrent, $n.ConfigCurrent | Should -Be 2, 2
        # Raising the maximum (configuration) first lets the configuration have more; the running domain keeps 2.
        (Set-DomainVCpu -Name web1 -Count 3 -Maximum -Config -PassThru).ConfigMaximum | Should -Be 3
        (Set-DomainVCpu -Name web1 -Count 3 -Config -PassThru).ConfigCurrent | Should -Be 3
        { Set-DomainVCpu -Name web1 -Count 3 -Maximum -Live -ErrorAction Stop } | Should -Throw -ErrorId 'MaximumAndLive,PSLibvirt.Commands.SetDomainVCpuCommand'
    }

    It 'refuses CPU lists that do not parse or lie outside the host, and vCPUs that do not exist' {
        foreach ($bad in 'x', '1-', '-1', '3-1', '0,,1', '^0', '') {
            { Set-DomainVCpuPin -Name web1 -VCpu 0 -CpuSet $bad -ErrorAction Stop } | Should -Throw -Because "'$bad'"
        }
        { Set-DomainVCpuPin -Name web1 -VCpu 0 -CpuSet 'x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCpuSet,PSLibvirt.Commands.SetDomainVCpuPinCommand'
        { Set-DomainEmulatorPin -Name web1 -CpuSet '1-' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCpuSet,PSLibvirt.Commands.SetDomainEmulatorPinCommand'

        # The host has 8 CPUs (0-7): each domain gets its own error and the next is still changed.
        'web1', 'db1' | Set-DomainEmulatorPin -CpuSet '6-8' -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 2
        $e[0].FullyQualifiedErrorId | Should -Be 'CpuOutsideHost,PSLibvirt.Commands.SetDomainEmulatorPinCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be 'web1', 'db1'
        "$($e[0])" | Should -Match "names CPU 8, but host 'vcpu-t' has 8 \(0-7\)"
        (Get-DomainEmulatorPin -Name web1).CpuSet | Should -Be '0-7'

        'nosuch', 'web1' | Set-DomainVCpuPin -VCpu 2 -CpuSet 1 -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.SetDomainVCpuPinCommand'
        $e2[1].FullyQualifiedErrorId | Should -Be 'VCpuOutOfRange,PSLibvirt.Commands.SetDomainVCpuPinCommand'
        $e2[1].TargetObject | Should -Be 'web1'
        (Get-DomainVCpu -Name web1).CpuSet | Should -Be '0-7', '0-7'
    }

    It 'refuses negative and missing values and switches that exclude each other' {
        { Set-DomainVCpu -Name web1 -Count -1 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpuPin -Name web1 -VCpu -1 -CpuSet 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SetDomainVCpuPinCommand'
        { Set-DomainVCpu -Name web1 -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToSet,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpu -Name web1 -Count 1 -Current -Live -ErrorAction Stop } | Should -Throw -ErrorId 'CurrentAndLive,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpu -Name web1 -VCpu 1 -ErrorAction Stop } | Should -Throw -ErrorId 'EnableOrDisableMissing,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpu -Name web1 -VCpu 1 -Enable -Disable -ErrorAction Stop } | Should -Throw -ErrorId 'EnableAndDisable,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpu -Name web1 -Count 1 -VCpu 1 -Enable -ErrorAction Stop } | Should -Throw -ErrorId 'CountAndVCpu,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpu -Name web1 -VCpu 'one' -Enable -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidVCpuList,PSLibvirt.Commands.SetDomainVCpuCommand'
        { Set-DomainVCpuPin -Name web1 -VCpu 0 -CpuSet 1 -Current -Config -ErrorAction Stop } | Should -Throw -ErrorId 'CurrentAndConfig,PSLibvirt.Commands.SetDomainVCpuPinCommand'
    }

    It 'passes on what the driver cannot do (setvcpu) as its NotImplemented error' {
        Set-DomainVCpu -Name web1 -VCpu 1 -Disable -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.SetDomainVCpuCommand'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        Set-DomainVCpu -Name web1 -VCpu 5 -Disable -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'VCpuOutOfRange,PSLibvirt.Commands.SetDomainVCpuCommand'
    }
}

Describe 'vCPU cmdlets on a running QEMU guest' -Tag 'Domain', 'Tuning', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $guest = 'pslv-vcpu-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            # Two vCPUs at most, one at start: setvcpus can hot-plug the second.
            $xml = (New-TestGuestXml -Name $guest) -replace '<vcpu>1</vcpu>', "<vcpu placement='static' current='1'>2</vcpu>"
            Set-Content (Join-Path $daemon.Directory "$guest.xml") $xml
            Invoke-Virsh $uri 'define', (Join-Path $daemon.Directory "$guest.xml") | Out-Null
            Invoke-Virsh $uri 'start', $guest | Out-Null
            $q = Connect-Hypervisor -Uri $uri -Name 'vcpu-q'
            $hostCpus = [int](Invoke-Virsh $uri 'nodecpumap' -As Lines | Where-Object { $_ -like 'CPUs present:*' } | ForEach-Object { (-split $_)[-1] })
            $all = if ($hostCpus -eq 1) { '0' } else { "0-$($hostCpus - 1)" }
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'reads the one online vCPU and the offline one as virsh vcpuinfo, vcpupin and vcpucount do' {
        $v = @(Get-DomainVCpu -Name $guest)
        $v.Count | Should -Be 2
        $v.State | Should -Be 'Running', 'Offline'
        $v[0].CpuTime | Should -BeGreaterThan ([TimeSpan]::Zero)
        $v[0].HostCpu | Should -BeIn (0..($hostCpus - 1))
        $v[1].HostCpu | Should -BeNullOrEmpty
        $pins = Get-VirshPins $uri 'vcpupin', $guest
        $v.CpuSet | Should -Be $pins['0'], $pins['1']
        (Invoke-Virsh $uri 'vcpuinfo', $guest -As Lines | Where-Object { $_ -like 'VCPU:*' }).Count | Should -Be 1
        $n = Get-DomainVCpuCount -Name $guest
        $virsh = Get-VirshCounts $uri $guest
        $n.LiveCurrent, $n.LiveMaximum, $n.ConfigCurrent, $n.ConfigMaximum | Should -Be $virsh['current live'], $virsh['maximum live'], $virsh['current config'], $virsh['maximum config']
        $n.LiveCurrent, $n.LiveMaximum | Should -Be 1, 2
    }

    It 'hot-plugs the second vCPU live (the configuration keeps one) and refuses a third' {
        Set-DomainVCpu -Name $guest -Count 2 -Live
        $virsh = Get-VirshCounts $uri $guest
        $virsh['current live'], $virsh['current config'] | Should -Be 2, 1
        Wait-Until { @(Invoke-Virsh $uri 'vcpuinfo', $guest -As Lines | Where-Object { $_ -like 'VCPU:*' }).Count -eq 2 } 10 'two vCPUs in vcpuinfo'
        (Get-DomainVCpu -Name $guest).State | Should -Not -Contain 'Offline'

        Set-DomainVCpu -Name $guest -Count 3 -Live -Config -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'VCpuCountAboveMaximum,PSLibvirt.Commands.SetDomainVCpuCommand'
        $virsh = Get-VirshCounts $uri $guest
        $virsh['current live'], $virsh['current config'], $virsh['maximum config'] | Should -Be 2, 1, 2
    }

    It 'pins vCPU 0 live and in the configuration as virsh vcpupin sees it; a CPU outside the host changes neither' {
        Set-DomainVCpuPin -Name $guest -VCpu 0 -CpuSet '0' -Live
        (Get-VirshPins $uri 'vcpupin', $guest, '--live')['0'] | Should -Be '0'
        (Get-VirshPins $uri 'vcpupin', $guest, '--config')['0'] | Should -Be $all
        Set-DomainVCpuPin -Name $guest -VCpu 0 -CpuSet $all -Config
        (Get-DomainVCpu -Name $guest -Config)[0].CpuSet | Should -Be $all
        (Get-DomainVCpu -Name $guest)[0].CpuSet | Should -Be '0'

        Set-DomainVCpuPin -Name $guest -VCpu 0 -CpuSet "0,$hostCpus" -Live -Config -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'CpuOutsideHost,PSLibvirt.Commands.SetDomainVCpuPinCommand'
        (Get-VirshPins $uri 'vcpupin', $guest, '--live')['0'] | Should -Be '0'
        (Get-VirshPins $uri 'vcpupin', $guest, '--config')['0'] | Should -Be $all
    }

    It 'pins the emulator threads as virsh emulatorpin sees them' {
        (Get-DomainEmulatorPin -Name $guest).CpuSet | Should -Be (Get-VirshPins $uri 'emulatorpin', $guest)['*']
        $last = $hostCpus - 1
        $p = Set-DomainEmulatorPin -Name $guest -CpuSet "$last" -PassThru
        $p.Affinity | Should -Be $last
        (Get-VirshPins $uri 'emulatorpin', $guest, '--live')['*'] | Should -Be "$last"
        (Get-DomainEmulatorPin -Name $guest -Config).CpuSet | Should -Be (Get-VirshPins $uri 'emulatorpin', $guest, '--config')['*']
    }
}
