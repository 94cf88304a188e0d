#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Register-NodeDeviceEvent (virsh nodedev-event) through PowerShell's eventing: on test:///default, and on the private
# libvirtd's test driver with `virsh nodedev-event --loop` on the same daemon as the oracle. Devices are NPIV vHBAs
# on the test driver's Fibre Channel host, which nodedev-create makes and nodedev-destroy removes.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:wwn = 0x1234
    function New-Vhba($Connection) {
        $script:wwn++
        $n = '{0:x4}' -f $script:wwn
        New-NodeDevice -Connection $Connection -Transient -Xml "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>200000001234$n</wwnn><wwpn>100000001234$n</wwpn></capability></capability></device>"
    }
    # The NodeDeviceEvents of a subscription so far.
    # In the order libvirt delivered them (PowerShell's event queue may swap events that arrive close together).
    function Get-Received([string] $Id) { @(Get-Event -SourceIdentifier $Id -ErrorAction SilentlyContinue | ForEach-Object { $_.SourceEventArgs.Event } | Sort-Object Sequence) }
}

Describe 'Register-NodeDeviceEvent on test:///default' -Tag 'NodeDevice', 'Events' {
    BeforeEach { $h = Connect-Hypervisor -Uri test:///default -Name ev }
    AfterEach {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event -ErrorAction Ignore  # an event still arriving for a subscriber just unregistered may go in between
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
    }

    It 'delivers Created and Deleted events into PowerShell eventing, typed, in order' {
        $null = Register-NodeDeviceEvent -SourceIdentifier all
        $d = New-Vhba $h
        Remove-NodeDevice -Connection $h -Name $d.Name -Force -Confirm:$false
        Wait-Until { (Get-Received all).Count -ge 2 } -TimeoutSeconds 20 -What 'two node-device events'
        $events = Get-Received all
        $events[0] | Should -BeOfType PSLibvirt.NodeDeviceEvent
        @($events.Name) | Should -Be @($d.Name, $d.Name)
        @($events.EventType) | Should -Be @([PSLibvirt.NodeDeviceEventType]::Created, [PSLibvirt.NodeDeviceEventType]::Deleted)
        $events[0].Hypervisor | Should -Be $h
        (Get-EventSubscriber -SourceIdentifier all).EventName | Should -Be 'Received'
    }

    It '-Name receives only that device''s events; -Action runs for each event; -MaxTriggerCount ends the subscription' {
        $null = Register-NodeDeviceEvent -SourceIdentifier parent -Name scsi_host1
        $null = Register-NodeDeviceEvent -SourceIdentifier all
        $seen = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $job = Register-NodeDeviceEvent -SourceIdentifier once -MaxTriggerCount 1 -MessageData $seen -Action { $Event.MessageData.Enqueue($Event.SourceEventArgs.Event.EventType) }
        $job | Should -BeOfType System.Management.Automation.PSEventJob
        $d = New-Vhba $h
        Remove-NodeDevice -Connection $h -Name $d.Name -Force -Confirm:$false
        Wait-Until { (Get-Received all).Count -ge 2 -and $seen.Count -ge 1 } -TimeoutSeconds 20 -What 'the events and the action'
        Get-Received parent | Should -BeNullOrEmpty -Because 'scsi_host1 itself did not change'
        # PowerShell's event queue may hand two close events to an action in either order (hence DomainEvent.Sequence):
        # which one ran is PowerShell's choice; that only one did is -MaxTriggerCount's promise.
        @($seen.ToArray()).Count | Should -Be 1 -Because 'the action ran once, then the subscription ended'
        "$($seen.ToArray())" | Should -BeIn 'Created', 'Deleted'
        Get-EventSubscriber -SourceIdentifier once -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'after Unregister-Event its events stop, while another subscription on the same connection goes on' {
        $null = Register-NodeDeviceEvent -SourceIdentifier gone
        Unregister-Event -SourceIdentifier gone
        $null = Register-NodeDeviceEvent -SourceIdentifier still
        $d = New-Vhba $h
        Remove-NodeDevice -Connection $h -Name $d.Name -Force -Confirm:$false
        Wait-Until { (Get-Received still).Count -ge 2 } -TimeoutSeconds 20 -What 'the events of the live subscription'
        Get-Received gone | Should -BeNullOrEmpty
    }

    It 'a missing device is NodeDeviceNotFound; without a connection, NoConnection; -EventType takes only Lifecycle and Update' {
        { Register-NodeDeviceEvent -Name nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'NodeDeviceNotFound,PSLibvirt.Commands.RegisterNodeDeviceEventCommand'
        { Register-NodeDeviceEvent -EventType Reboot -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.RegisterNodeDeviceEventCommand'
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        { Register-NodeDeviceEvent -ErrorAction Stop } | Should -Throw -ErrorId 'NoConnection,PSLibvirt.Commands.RegisterNodeDeviceEventCommand'
        Get-EventSubscriber | Should -BeNullOrEmpty
    }
}

Describe 'Register-NodeDeviceEvent against virsh nodedev-event (private libvirtd)' -Tag 'NodeDevice', 'Events', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $h = Connect-Hypervisor -Uri $daemon.TestUri -Name ev-remote
        }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event -ErrorAction Ignore  # an event still arriving for a subscriber just unregistered may go in between
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'sees the same lifecycle events as virsh, over a remote connection' {
        $out = Join-Path $daemon.Directory 'nodedev-event.log'
        $virsh = Start-Process -FilePath virsh -ArgumentList '-c', $daemon.TestUri, 'nodedev-event', '--event', 'lifecycle', '--loop', '--timeout', '60' -RedirectStandardOutput $out -PassThru
        try {
            # virsh is listening once it prints an event: make probe devices until it does.
            $probe = @{}
            Wait-Until { $p = New-Vhba $h; $probe.Name = $p.Name; Remove-NodeDevice -Connection $h -Name $p.Name -Force -Confirm:$false; (Get-Content $out -Raw) -match 'node device' } -TimeoutSeconds 30 -What 'virsh nodedev-event to listen'
            # The new device may get the last probe's name: virsh must have printed the probe's end before we count.
            Wait-Until { (Get-Content $out -Raw) -match "$([regex]::Escape($probe.Name)): Deleted" } -TimeoutSeconds 30 -What 'virsh to print the last probe''s Deleted'
            $null = Register-NodeDeviceEvent -Connection $h -SourceIdentifier remote -EventType Lifecycle
            $before = @(Get-Content $out).Count
            $d = New-Vhba $h
            Remove-NodeDevice -Connection $h -Name $d.Name -Force -Confirm:$false
            Wait-Until { (Get-Received remote).Count -ge 2 -and @(Get-Content $out | Select-Object -Skip $before | Where-Object { $_ -match [regex]::Escape($d.Name) }).Count -ge 2 } -TimeoutSeconds 30 -What 'both sides to see the events'
            $virshSaw = @(Get-Content $out | Select-Object -Skip $before | Where-Object { $_ -match [regex]::Escape($d.Name) } | ForEach-Object { ($_ -split ':\s*')[-1].Trim() })
            $mine = @(Get-Received remote | Where-Object Name -eq $d.Name | ForEach-Object { "$($_.EventType)" })
            $mine | Should -Be $virshSaw
            $mine | Should -Be @('Created', 'Deleted')
        } finally {
            if (-not $virsh.HasExited) { $virsh.Kill() }
            $virsh.Dispose()
        }
    }
}
