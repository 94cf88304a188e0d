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
