#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Register-NetworkEvent, Register-StoragePoolEvent and Register-LibvirtSecretEvent (virsh net-event, pool-event,
# secret-event): on test:///default for breadth and errors, on the private libvirtd against virsh on the same daemon,
# and every kind's registration across a daemon restart.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # In the order libvirt delivered them (PowerShell's event queue may swap events that arrive close together).
    function Get-Received([string] $Id) { @(Get-Event -SourceIdentifier $Id -ErrorAction SilentlyContinue | ForEach-Object { $_.SourceEventArgs.Event } | Sort-Object Sequence) }
    # What virsh <kind>-event printed about one object, as our EventType names: "event 'lifecycle' for network n: Started",
    # "event 'refresh' for storage pool p", "event 'value-changed' for secret u".
    function Get-VirshSaw([string] $Log, [int] $Skip, [string] $Key) {
        @(Get-Content $Log | Select-Object -Skip $Skip | Where-Object { $_ -match [regex]::Escape($Key) } | ForEach-Object {
                if ($_ -match "event 'refresh'") { 'Refreshed' }
                elseif ($_ -match "event 'value-changed'") { 'ValueChanged' }
                else { ($_ -split ':\s*')[-1].Trim().Split(' ')[0] }
            })
    }
}

Describe 'Register-NetworkEvent and Register-StoragePoolEvent on test:///default' -Tag 'Network', 'Storage', 'Events' {
    BeforeEach { $h = Connect-Hypervisor -Uri test:///default -Name dev }
    AfterEach {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event -ErrorAction Ignore  # an event still arriving for a subscriber just unregistered may go in between
        if (Get-Hypervisor) {
            Get-Network -Name 'pslv-ev*' | Remove-Network -Force -Confirm:$false
            Get-StoragePool -Name 'pslv-ev*' | Remove-StoragePool -Confirm:$false
            Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        }
    }

    It 'network: lifecycle events in order, typed; -Name receives one network''s; -Action runs for each' {
        $null = Register-NetworkEvent -SourceIdentifier nets
        $null = Register-NetworkEvent -SourceIdentifier one -Name default
        $seen = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $null = Register-NetworkEvent -SourceIdentifier act -MessageData $seen -Action { $Event.MessageData.Enqueue($Event.SourceEventArgs.Event) }
        $null = New-Network -Name pslv-evnet -ForwardMode none -Start
        Stop-Network -Name pslv-evnet -Confirm:$false
        Remove-Network -Name pslv-evnet -Confirm:$false
        Stop-Network -Name default -Confirm:$false
        Start-Network -Name default
        Wait-Until { (Get-Received nets).Count -ge 6 -and (Get-Received one).Count -ge 2 -and $seen.Count -ge 6 } -TimeoutSeconds 20 -What 'the network events'
        $mine = @(Get-Received nets | Where-Object Name -EQ pslv-evnet)
        $mine[0] | Should -BeOfType PSLibvirt.NetworkEvent
        @($mine.EventType) | Should -Be @('Defined', 'Started', 'Stopped', 'Undefined')
        @((Get-Received one).EventType) | Should -Be @('Stopped', 'Started')
        @((Get-Received one).Name | Select-Object -Unique) | Should -Be 'default'
        (Get-Received one)[0].Uuid | Should -Be (Get-Network -Name default).Uuid
        (Get-Received one)[0].Hypervisor | Should -Be $h
        @($seen.ToArray() | Sort-Object Sequence | ForEach-Object { "$($_.Name) $($_.EventType)" }) | Should -Be @((Get-Received nets) | ForEach-Object { "$($_.Name) $($_.EventType)" })
    }

    It 'storage pool: lifecycle and refresh events; -EventType and -Name choose which' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "pslv-evpool-$PID"
        $null = Register-StoragePoolEvent -SourceIdentifier pools
        $null = Register-StoragePoolEvent -SourceIdentifier refreshes -EventType Refresh
        $null = Register-StoragePoolEvent -SourceIdentifier lifeonly -Name default-pool -EventType Lifecycle
        $null = New-StoragePool -Name pslv-evpool -Path $dir -Start
        Update-StoragePool -Name pslv-evpool
        Stop-StoragePool -Name pslv-evpool -Confirm:$false
        Remove-StoragePool -Name pslv-evpool -Confirm:$false
        Update-StoragePool -Name default-pool
        Wait-Until { @(Get-Received pools | Where-Object Name -EQ pslv-evpool).Count -ge 5 -and (Get-Received refreshes).Count -ge 2 } -TimeoutSeconds 20 -What 'the pool events'
        $mine = @(Get-Received pools | Where-Object Name -EQ pslv-evpool)
        $mine[0] | Should -BeOfType PSLibvirt.StoragePoolEvent
        @($mine.EventType) | Should -Be @('Defined', 'Started', 'Refreshed', 'Stopped', 'Undefined')
        @((Get-Received refreshes) | ForEach-Object { "$($_.Name) $($_.EventType)" }) | Should -Be @('pslv-evpool Refreshed', 'default-pool Refreshed')
        Get-Received lifeonly | Should -BeNullOrEmpty -Because 'default-pool was only refreshed, and this subscription takes lifecycle events only'
    }

    It '-QueueLength bounds the queue between libvirt and PowerShell: every event is delivered or counted as dropped, in a QueueOverflowEvent' {
        $null = Register-NetworkEvent -SourceIdentifier bounded -QueueLength 2
        $null = Register-StoragePoolEvent -SourceIdentifier usual
        $bounded = (Get-EventSubscriber -SourceIdentifier bounded).SourceObject
        $bounded.QueueLength | Should -Be 2
        (Get-EventSubscriber -SourceIdentifier usual).SourceObject.QueueLength | Should -Be 10000
        foreach ($i in 1..10) { Stop-Network -Name default -Confirm:$false; Start-Network -Name default }
        # Whether PowerShell's handler falls two events behind depends on the moment; the accounting must hold either way.
        $accounted = { $got = Get-Received bounded; @($got | Where-Object { $_ -is [PSLibvirt.NetworkEvent] }).Count + (@($got | Where-Object { $_ -is [PSLibvirt.QueueOverflowEvent] }).Dropped | Measure-Object -Sum).Sum }
        Wait-Until { (& $accounted) -ge 20 } -TimeoutSeconds 20 -What 'twenty network events delivered or counted'
        & $accounted | Should -Be 20
        $bounded.Count | Should -Be 20
        $overflows = @(Get-Received bounded | Where-Object { $_ -is [PSLibvirt.QueueOverflowEvent] })
        $bounded.Dropped | Should -Be (($overflows.Dropped | Measure-Object -Sum).Sum ?? 0)
        foreach ($o in $overflows) { $o.QueueLength | Should -Be 2; $o.Hypervisor | Should -Be $h; "$o" | Should -Match 'events dropped \(queue of 2 full\)' }
        $bounded.Queued | Should -Be 0
        { Register-NetworkEvent -QueueLength 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.RegisterNetworkEventCommand'
    }

    It 'refuses a missing object, an unknown event type and no connection; the test driver has no secret events' {
        { Register-NetworkEvent -Name nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'NetworkNotFound,PSLibvirt.Commands.RegisterNetworkEventCommand'
        { Register-StoragePoolEvent -Name nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'StoragePoolNotFound,PSLibvirt.Commands.RegisterStoragePoolEventCommand'
        { Register-StoragePoolEvent -EventType Update -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.RegisterStoragePoolEventCommand'
        $e = { Register-LibvirtSecretEvent -ErrorAction Stop } | Should -Throw -PassThru
        $e.CategoryInfo.Category | Should -Be 'NotImplemented'
        $e.FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.RegisterLibvirtSecretEventCommand'
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        foreach ($c in 'Register-NetworkEvent', 'Register-StoragePoolEvent', 'Register-LibvirtSecretEvent') {
            { & $c -ErrorAction Stop } | Should -Throw -ErrorId "NoConnection,*"
        }
        Get-EventSubscriber | Should -BeNullOrEmpty -Because 'a refused registration leaves no subscriber'
    }
}

Describe 'Network, pool and secret events against virsh on the private libvirtd' -Tag 'Network', 'Storage', 'Secret', 'Events' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $h = Connect-Hypervisor -Uri $daemon.Uri -Name evobj -NotDefault
        }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event -ErrorAction Ignore  # an event still arriving for a subscriber just unregistered may go in between
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It '<Kind>: the same events as virsh <Command>, over a remote connection' -ForEach @(
        @{ Kind = 'network'; Command = 'net-event'; Events = @('lifecycle') }
        @{ Kind = 'pool'; Command = 'pool-event'; Events = @('lifecycle', 'refresh') }
        @{ Kind = 'secret'; Command = 'secret-event'; Events = @('lifecycle', 'value-changed') }
    ) {
        # virsh listens to one event type per process: one log each.
        $virsh = @{}
        foreach ($ev in $Events) {
            $virsh[$ev] = @{ Log = Join-Path $daemon.Directory "$Command-$ev.log" }
            $virsh[$ev].Process = Start-Process -FilePath virsh -ArgumentList '-c', $daemon.Uri, $Command, '--event', $ev, '--loop', '--timeout', '90' -RedirectStandardOutput $virsh[$ev].Log -PassThru
        }
        try {
            $probe = 0
            # What each kind does to one object (named $n), giving every event type virsh listens to here; its key.
            $act = switch ($Kind) {
                'network' {
                    $null = Register-NetworkEvent -Connection $h -SourceIdentifier "obj-$Kind"
                    { param($n) $null = New-Network -Connection $h -Name $n -ForwardMode none; Remove-Network -Connection $h -Name $n -Confirm:$false; $n }
                }
                'pool' {
                    $null = Register-StoragePoolEvent -Connection $h -SourceIdentifier "obj-$Kind"
                    {
                        param($n)
                        $null = New-Item -ItemType Directory -Force (Join-Path $daemon.Directory $n)
                        $null = New-StoragePool -Connection $h -Name $n -Path (Join-Path $daemon.Directory $n) -Start
                        Update-StoragePool -Connection $h -Name $n
                        Stop-StoragePool -Connection $h -Name $n -Confirm:$false
                        Remove-StoragePool -Connection $h -Name $n -Confirm:$false
                        $n
                    }
                }
                'secret' {
                    $null = Register-LibvirtSecretEvent -Connection $h -SourceIdentifier "obj-$Kind"
                    {
                        param($n)
                        $s = New-LibvirtSecret -Connection $h -UsageType Volume -UsageId "/tmp/$n.qcow2"
                        Set-LibvirtSecretValue -Connection $h -Uuid $s.Uuid -Value (ConvertTo-SecureString 'not printed' -AsPlainText -Force)
                        Remove-LibvirtSecret -Connection $h -Uuid $s.Uuid -Confirm:$false
                        "$($s.Uuid)"
                    }
                }
            }
            # Each virsh process is listening once it has printed an event: probe objects until every one has (one
            # process per event type, each starting on its own time).
            $allListening = {
                foreach ($ev in $Events) { if (-not ((Get-Content -LiteralPath $virsh[$ev].Log -Raw) -match 'event')) { return $false } }
                $true
            }
            Wait-Until { $null = & $act "pslv-probe$((++$probe))"; & $allListening } -TimeoutSeconds 30 -What "every virsh $Command process to listen"
            $before = @{}
            foreach ($ev in $Events) { $before[$ev] = @(Get-Content $virsh[$ev].Log).Count }
            $key = & $act 'pslv-evq'
            $want = @{ network = 2; pool = 5; secret = 3 }[$Kind]
            $theirs = { @(foreach ($ev in $Events) { Get-VirshSaw $virsh[$ev].Log $before[$ev] $key }) }
            $ours = { @(Get-Received "obj-$Kind" | Where-Object { "$($_.Name)$($_.Uuid)" -match [regex]::Escape($key) }) }
            Wait-Until { (& $ours).Count -ge $want -and (& $theirs).Count -ge $want } -TimeoutSeconds 30 -What 'both sides to see the events'
            $mine = @(& $ours | ForEach-Object { "$($_.EventType)" })
            $mine | Should -Be @{ network = @('Defined', 'Undefined'); pool = @('Defined', 'Started', 'Refreshed', 'Stopped', 'Undefined'); secret = @('Defined', 'ValueChanged', 'Undefined') }[$Kind]
            # Per event type, in virsh's order (virsh's processes cannot order one type against another).
            foreach ($ev in $Events) {
                $other = @{ 'refresh' = 'Refreshed'; 'value-changed' = 'ValueChanged' }
                $same = if ($ev -eq 'lifecycle') { @($mine | Where-Object { $_ -notin $other.Values }) } else { @($mine | Where-Object { $_ -eq $other[$ev] }) }
                $same | Should -Be (Get-VirshSaw $virsh[$ev].Log $before[$ev] $key) -Because "virsh $Command --event $ev saw them"
            }
            if ($Kind -eq 'secret') {
                (& $ours)[0] | Should -BeOfType PSLibvirt.SecretEvent
                (& $ours)[0].UsageId | Should -Be '/tmp/pslv-evq.qcow2'
                (& $ours | Format-List * | Out-String) | Should -Not -Match 'not printed'
            }
        } finally {
            foreach ($v in $virsh.Values) {
                if (-not $v.Process.HasExited) { $v.Process.Kill() }
                $v.Process.Dispose()
            }
        }
    }
}

Describe 'Every kind''s registration across a daemon restart (private libvirtd, test driver)' -Tag 'Events', 'Reconnect' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $first = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event -ErrorAction Ignore  # an event still arriving for a subscriber just unregistered may go in between
        Get-Hypervisor | Where-Object Name -EQ 'evkinds' | Disconnect-Hypervisor -Confirm:$false -ErrorAction SilentlyContinue
        foreach ($d in $first, $second) { if ($d) { Stop-PrivateLibvirtd -Daemon $d } }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'network, pool and node-device subscriptions each say Lost and Restored once, then deliver again' {
        $h = Connect-Hypervisor -Uri $first.TestUri -Name evkinds -NotDefault
        $null = Register-NetworkEvent -Connection $h -SourceIdentifier k-net
        $null = Register-StoragePoolEvent -Connection $h -SourceIdentifier k-pool
        $null = Register-NodeDeviceEvent -Connection $h -SourceIdentifier k-dev
        Stop-Process -Id $first.Pid -Force
        $script:second = Start-PrivateLibvirtd -Driver test -Port $first.Port
        Wait-Until { -not $h.IsAlive } -TimeoutSeconds 20 -What 'the loss to be noticed'
        $null = Connect-Hypervisor -Reconnect -Hypervisor $h
        foreach ($id in 'k-net', 'k-pool', 'k-dev') {
            Wait-Until { @(Get-Received $id | Where-Object EventType -EQ 'Restored').Count -ge 1 } -TimeoutSeconds 20 -What "$id restored"
            @(Get-Received $id | ForEach-Object { "$($_.EventType)" }) | Should -Be @('Lost', 'Restored') -Because "$id hears of each once"
        }
        Stop-Network -Connection $h -Name default -Confirm:$false
        Update-StoragePool -Connection $h -Name default-pool
        Wait-Until { @(Get-Received k-net | Where-Object EventType -EQ 'Stopped').Count -ge 1 -and @(Get-Received k-pool | Where-Object EventType -EQ 'Refreshed').Count -ge 1 } -TimeoutSeconds 20 -What 'events after the restart'
    }
}
