#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-NodeMemoryParameter (virsh node-memory-tune) and Get-NodeSecurityInfo (virsh nodesevinfo), with virsh on the
# same URI as the oracle: the test driver refuses both; the private libvirtd's QEMU driver reads this host's KSM;
# this machine has no SEV, so the refusal itself is compared with virsh's.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $support = Test-PrivateLibvirtdSupported -Detailed
    if ($support.Supported) {
        $daemon = Start-PrivateLibvirtd
        $q = Connect-Hypervisor -Uri $daemon.QemuUri -Name tune-q
    }
    $t = Connect-Hypervisor -Uri test:///default -Name tune-t
    # virsh's last "error: ..." (Invoke-Virsh puts virsh's lines on one line).
    function Get-VirshError([scriptblock] $Call) { try { & $Call; $null } catch { ("$_" -split 'error: ')[-1].Trim() } }
}
AfterAll {
    Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'Get-NodeMemoryParameter' -Tag 'Node' {
    It 'reads the KSM parameters as virsh node-memory-tune prints them (QEMU driver)' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        if (-not (Test-Path /sys/kernel/mm/ksm)) { Set-ItResult -Skipped -Because 'this kernel has no KSM (/sys/kernel/mm/ksm)'; return }
        $p = Get-NodeMemoryParameter -Connection $q
        $p | Should -BeOfType PSLibvirt.NodeMemoryParameters
        $virsh = @{}
        foreach ($line in (Invoke-Virsh $daemon.QemuUri 'node-memory-tune' -As Lines)) { if ($line -match '^\s*(shm_\w+)\s*:?\s+(\d+)') { $virsh[$Matches[1]] = [long]$Matches[2] } }
        $virsh.Count | Should -BeGreaterThan 0
        # The settings are stable; the counters move while KSM runs, so they are compared by presence.
        $p.Values.Keys | Sort-Object | Should -Be ($virsh.Keys | Sort-Object)
        $p.PagesToScan | Should -Be $virsh['shm_pages_to_scan']
        $p.SleepMilliseconds | Should -Be $virsh['shm_sleep_millisecs']
        $p.PagesToScan | Should -Be ([long](Get-Content /sys/kernel/mm/ksm/pages_to_scan))
        ($p | Format-List | Out-String) | Should -Match 'PagesToScan\s*:'
    }

    It 'gives libvirt''s refusal on the test driver, as virsh does, and asks the next connection' {
        $virshReason = Get-VirshError { Invoke-Virsh test:///default 'node-memory-tune' }
        $out = @(Get-NodeMemoryParameter -Connection $t, $t -ErrorVariable e -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $e.Count | Should -Be 2 -Because 'one error per connection, the second still asked'
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetNodeMemoryParameterCommand'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $virshReason | Should -Not -BeNullOrEmpty
        $e[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($virshReason))*"
    }
}

Describe 'Get-NodeSecurityInfo' -Tag 'Node' {
    It 'gives the same refusal as virsh nodesevinfo on the test driver<_>' -ForEach @('', ' and on QEMU without SEV') {
        $onQemu = $_ -ne ''
        if ($onQemu -and -not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $uri = if ($onQemu) { $daemon.QemuUri } else { 'test:///default' }
        $connection = if ($onQemu) { $q } else { $t }
        $virshReason = Get-VirshError { Invoke-Virsh $uri 'nodesevinfo' }
        if (-not $virshReason) { Set-ItResult -Skipped -Because "this host has SEV (virsh nodesevinfo answered on $uri): the refusal cannot be compared"; return }
        Get-NodeSecurityInfo -Connection $connection -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.GetNodeSecurityInfoCommand'
        $e[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        $e[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($virshReason))*"
    }
}

Describe 'Suspend-Node (never suspends this host)' -Tag 'Node' {
    It '-WhatIf calls nothing: the test driver, which refuses the call, gives no error' {
        Suspend-Node -Connection $t -Target Memory -Duration 120 -WhatIf -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e | Should -BeNullOrEmpty -Because 'without -WhatIf the same call is LibvirtNoSupport (next test)'
    }

    It 'gives the test driver''s refusal as virsh nodesuspend does, one error per connection' {
        $virshReason = Get-VirshError { Invoke-Virsh test:///default 'nodesuspend', 'mem', '60' }
        $virshReason | Should -Not -BeNullOrEmpty
        Suspend-Node -Connection $t, $t -Target Disk -Duration 60 -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 2
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.SuspendNodeCommand'
        $e[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($virshReason))*"
    }

    It 'asks first (ConfirmImpact High) and refuses an unknown target before libvirt' {
        (Get-Command Suspend-Node).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        { Suspend-Node -Connection $t -Target Sideways -Duration 60 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,PSLibvirt.Commands.SuspendNodeCommand'
    }
}

Describe 'Set-NodeMemoryParameter' -Tag 'Node' {
    It 'sets KSM parameters with the outcome virsh node-memory-tune has for the same values (QEMU driver: this host''s current ones)' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        if (-not (Test-Path /sys/kernel/mm/ksm)) { Set-ItResult -Skipped -Because 'this kernel has no KSM (/sys/kernel/mm/ksm)'; return }
        # Setting the values the host has changes nothing, whichever way it goes; sysfs may be read-only in a container.
        $now = Get-NodeMemoryParameter -Connection $q
        $virshSays = Get-VirshError { $null = Invoke-Virsh $daemon.QemuUri 'node-memory-tune', '--shm-pages-to-scan', "$($now.PagesToScan)", '--shm-sleep-millisecs', "$($now.SleepMilliseconds)" }
        $after = Set-NodeMemoryParameter -Connection $q -PagesToScan $now.PagesToScan -SleepMilliseconds $now.SleepMilliseconds -PassThru -ErrorVariable e -ErrorAction SilentlyContinue
        if ($virshSays) {
            $e.Count | Should -Be 1
            $e[0].Exception.Message | Should -BeLike "*$virshSays*"
        }
        else {
            $e | Should -BeNullOrEmpty
            $after.PagesToScan | Should -Be $now.PagesToScan
            $after.SleepMilliseconds | Should -Be $now.SleepMilliseconds
        }
        (Get-Content /sys/kernel/mm/ksm/pages_to_scan) | Should -Be "$($now.PagesToScan)"
    }

    It 'refuses on the test driver as virsh does; -WhatIf calls nothing; no value is NothingToSet' {
        $virshSays = Get-VirshError { $null = Invoke-Virsh test:///default 'node-memory-tune', '--shm-pages-to-scan', '100' }
        $virshSays | Should -Not -BeNullOrEmpty
        Set-NodeMemoryParameter -Connection $t -PagesToScan 100 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -BeLike "*$virshSays*"
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        Set-NodeMemoryParameter -Connection $t -PagesToScan 100 -WhatIf -ErrorVariable w
        $w | Should -BeNullOrEmpty
        { Set-NodeMemoryParameter -Connection $t -ErrorAction Stop } | Should -Throw -ErrorId 'NothingToSet,PSLibvirt.Commands.SetNodeMemoryParameterCommand'
    }
}

Describe 'Get-NodeFreePage and Set-NodeFreePage' -Tag 'Node' {
    It 'lists free pages per cell and size as virsh freepages --all does (test driver)' {
        $mine = @(Get-NodeFreePage -Connection $t)
        $mine[0] | Should -BeOfType PSLibvirt.NodeFreePage
        # virsh: "Node 0:" then "4KiB: 19" lines.
        $virsh = foreach ($line in (Invoke-Virsh test:///default 'freepages', '--all' -As Lines)) {
            if ($line -match '^Node (\d+):') { $cell = [int]$Matches[1] }
            elseif ($line -match '^(\d+)KiB:\s+(\d+)') { "$cell $($Matches[1]) $($Matches[2])" }
        }
        @($mine | ForEach-Object { "$($_.Cell) $($_.PageSizeKiB) $($_.FreePages)" }) | Should -Be @($virsh)
        @(Get-NodeFreePage -Connection $t -Cell 1 -PageSizeKiB 2048).Count | Should -Be 1
        (Get-NodeFreePage -Connection $t -Cell 1 -PageSizeKiB 2048).FreeBytes | Should -Be ((Get-NodeFreePage -Connection $t -Cell 1 -PageSizeKiB 2048).FreePages * 2MB)
        { Get-NodeFreePage -Connection $t -Cell 99 -ErrorAction Stop } | Should -Throw -ErrorId 'NodeCellNotFound,PSLibvirt.Commands.GetNodeFreePageCommand'
    }

    It 'over a remote connection to the test driver, fails as virsh freepages does (libvirt 9.0''s remote test driver answers without an error)' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $virshSays = Get-VirshError { $null = Invoke-Virsh $daemon.TestUri 'freepages', '--all' }
        $c = Connect-Hypervisor -Uri $daemon.TestUri -Name tune-tt -NotDefault
        try {
            $null = Get-NodeFreePage -Connection $c -Cell 0 -ErrorVariable e -ErrorAction SilentlyContinue
            if ($virshSays) { $e[0].Exception.Message | Should -BeLike "*$virshSays*" } else { $e | Should -BeNullOrEmpty }
        } finally { Disconnect-Hypervisor -Connection $c -Confirm:$false }
    }

    It 'lists this host''s pages through the QEMU driver, as virsh freepages --all does' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $virsh = foreach ($line in (Invoke-Virsh $daemon.QemuUri 'freepages', '--all' -As Lines)) {
            if ($line -match '^Node (\d+):') { $cell = [int]$Matches[1] }
            elseif ($line -match '^(\d+)KiB:\s+(\d+)') { "$cell $($Matches[1])" }
        }
        # Free 4 KiB pages move all the time: compared by cell and size; huge pages by count too.
        @(Get-NodeFreePage -Connection $q | ForEach-Object { "$($_.Cell) $($_.PageSizeKiB)" }) | Should -Be @($virsh)
        $huge = @(Get-NodeFreePage -Connection $q -PageSizeKiB 2048)
        $huge[0].FreePages | Should -Be ([long](Get-Content /sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages)) -Because "this host has one NUMA cell: $(@(Get-NodeFreePage -Connection $q -PageSizeKiB 2048).Count)"
    }

    It 'Set-NodeFreePage has the outcome virsh allocpages has for the pool''s current size; the test driver refuses; -WhatIf calls nothing' {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason; return }
        $total = [long](Get-Content /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)
        $virshSays = Get-VirshError { $null = Invoke-Virsh $daemon.QemuUri 'allocpages', '2048', "$total" }
        $out = Set-NodeFreePage -Connection $q -PageSizeKiB 2048 -Count $total -PassThru -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        if ($virshSays) { $e[0].Exception.Message | Should -BeLike "*$virshSays*" }
        else { $e | Should -BeNullOrEmpty; @($out).Count | Should -BeGreaterThan 0 }
        [long](Get-Content /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages) | Should -Be $total -Because 'the pool was set to the size it had'

        $testSays = Get-VirshError { $null = Invoke-Virsh test:///default 'allocpages', '2048', '1' }
        Set-NodeFreePage -Connection $t -PageSizeKiB 2048 -Count 1 -Confirm:$false -ErrorVariable te -ErrorAction SilentlyContinue
        $te[0].Exception.Message | Should -BeLike "*$testSays*"
        $te[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        Set-NodeFreePage -Connection $t -PageSizeKiB 2048 -Count 1 -Cell 0, 1 -WhatIf -ErrorVariable w
        $w | Should -BeNullOrEmpty
        (Get-Command Set-NodeFreePage).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }
}
