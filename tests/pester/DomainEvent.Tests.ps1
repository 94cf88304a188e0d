#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Register-DomainEvent (virsh event) through PowerShell's eventing: on test:///default (lifecycle and metadata
# events), and on the private libvirtd with a QEMU guest and `virsh event --loop` on the same daemon as the oracle.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # In the order libvirt delivered them (PowerShell's event queue may swap events that arrive close together).
    function Get-Received([string] $Id) { @(Get-Event -SourceIdentifier $Id -ErrorAction SilentlyContinue | ForEach-Object { $_.SourceEventArgs.Event } | Sort-Object Sequence) }
}

Describe 'Register-DomainEvent on test:///default' -Tag 'Domain', 'Events' {
    BeforeEach { $h = Connect-Hypervisor -Uri test:///default -Name dev }
    AfterEach {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
    }

    It 'delivers lifecycle events in order, typed, with their details' {
        $null = Register-DomainEvent -SourceIdentifier life -EventType Lifecycle
        Suspend-Domain test; Resume-Domain test; Stop-Domain test -Force -Confirm:$false; Start-Domain test
        Wait-Until { (Get-Received life).Count -ge 4 } -TimeoutSeconds 20 -What 'four lifecycle events'
        $e = Get-Received life
        $e[0] | Should -BeOfType PSLibvirt.DomainEvent
        @($e.Lifecycle) | Should -Be @('Suspended', 'Resumed', 'Stopped', 'Started')
        @($e.Domain | Select-Object -Unique) | Should -Be 'test'
        $e[2].Detail | Should -Be 1 -Because 'VIR_DOMAIN_EVENT_STOPPED_DESTROYED'
        $e[0].Uuid | Should -Be (Get-Domain test).Uuid
        $e[0].Hypervisor | Should -Be $h
    }

    It 'filters by -Domain (object or name), by -EventType, and runs -Action' {
        $null = New-Domain -Name other -MemoryMB 64 -VCpu 1
        $null = Register-DomainEvent -SourceIdentifier byname -Domain test
        $null = Register-DomainEvent -SourceIdentifier byobject -Domain (Get-Domain other)
        $null = Register-DomainEvent -SourceIdentifier meta -EventType MetadataChange
        $seen = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $null = Register-DomainEvent -SourceIdentifier act -EventType Lifecycle -MessageData $seen -Action { $Event.MessageData.Enqueue($Event.SourceEventArgs.Event.Domain) }
        Start-Domain other
        Set-Domain test -Title changed
        Wait-Until { (Get-Received meta).Count -ge 1 -and (Get-Received byobject).Count -ge 1 -and $seen.Count -ge 1 } -TimeoutSeconds 20 -What 'the events'
        @((Get-Received byname).EventType) | Should -Be @('MetadataChange')
        @((Get-Received byobject).Lifecycle) | Should -Be @('Started')
        (Get-Received meta)[0].Domain | Should -Be 'test'
        @($seen.ToArray()) | Should -Contain 'other'
    }

    It 'refuses a missing domain, an unknown type and no connection, with clear errors' {
        { Register-DomainEvent -Domain nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'DomainNotFound,PSLibvirt.Commands.RegisterDomainEventCommand'
        { Register-DomainEvent -EventType Bogus -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,PSLibvirt.Commands.RegisterDomainEventCommand'
        $qmp = { Register-DomainQemuMonitorEvent -ErrorAction Stop } | Should -Throw -PassThru
        $qmp.CategoryInfo.Category | Should -Be 'NotImplemented' -Because 'the test driver has no QEMU monitor'
        { Register-DomainQemuMonitorEvent -EventName '[' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidWildcardPattern,PSLibvirt.Commands.RegisterDomainQemuMonitorEventCommand'
        { Register-DomainQemuMonitorEvent -Domain nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'DomainNotFound,PSLibvirt.Commands.RegisterDomainQemuMonitorEventCommand'
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        { Register-DomainEvent -ErrorAction Stop } | Should -Throw -ErrorId 'NoConnection,PSLibvirt.Commands.RegisterDomainEventCommand'
        Get-EventSubscriber | Should -BeNullOrEmpty
    }
}

Describe 'Wait-DomainEvent on test:///default' -Tag 'Domain', 'Events' {
    BeforeAll {
        # Another runspace changes the domain until told to stop: the waiter cannot miss the event by starting late.
        function Start-Churn([string] $Domain, [scriptblock] $Change) {
            $done = [System.Threading.ManualResetEventSlim]::new()
            $job = Start-ThreadJob -ArgumentList $ModulePath, $Domain, "$Change", $done {
                param($module, $domain, $change, $done)
                Import-Module $module
                $c = Connect-Hypervisor -Uri test:///default -NotDefault
                $do = [scriptblock]::Create($change)
                do { & $do $domain $c } until ($done.Wait(100))
                Disconnect-Hypervisor -Connection $c
            }
            [pscustomobject]@{ Job = $job; Done = $done }
        }
        function Stop-Churn($churn) { $churn.Done.Set(); $churn.Job | Wait-Job -Timeout 30 | Receive-Job -ErrorAction Stop; $churn.Job | Remove-Job -Force }
    }
    BeforeEach { $h = Connect-Hypervisor -Uri test:///default -Name dev }
    AfterEach {
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
    }

    It 'writes the first matching event of another runspace''s change; -Count, -Filter and -EventType choose which' {
        $churn = Start-Churn test { param($d, $c) Suspend-Domain -Name $d -Connection $c; Resume-Domain -Name $d -Connection $c; Set-Domain -Name $d -Title "t$(Get-Random)" -Connection $c }
        try {
            $one = @(Wait-DomainEvent -EventType Lifecycle -Domain test -Filter { $_.Lifecycle -eq 'Resumed' } -Timeout 30)
            $one.Count | Should -Be 1
            $one[0] | Should -BeOfType PSLibvirt.DomainEvent
            $one[0].Lifecycle | Should -Be 'Resumed'
            $one[0].Domain | Should -Be 'test'
            $one[0].Hypervisor | Should -Be $h
            $three = @(Wait-DomainEvent Lifecycle, MetadataChange -Domain (Get-Domain test) -Count 3 -Timeout 30)
            $three.Count | Should -Be 3
            @($three.EventType | Select-Object -Unique | Where-Object { $_ -notin 'Lifecycle', 'MetadataChange' }) | Should -BeNullOrEmpty
            @(Wait-DomainEvent MetadataChange -Domain test -Timeout 30).EventType | Should -Be 'MetadataChange'
        } finally { Stop-Churn $churn }
    }

    It 'a -Timeout with no matching event is a WaitTimeout error saying how many came; piped domains are waited for in turn' {
        $got = @(Wait-DomainEvent -EventType Lifecycle -Domain test -Filter { $false } -Timeout 1 -ErrorVariable late -ErrorAction SilentlyContinue)
        $got | Should -BeNullOrEmpty
        $late.Count | Should -Be 1
        $late[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,PSLibvirt.Commands.WaitDomainEventCommand'
        $late[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$late" | Should -Match '0 of 1 came'
        # A missing piped domain is its own error; the next one is still waited for.
        $null = 'nosuch', 'test' | Wait-DomainEvent -EventType Reboot -Timeout 0 -ErrorVariable piped -ErrorAction SilentlyContinue
        @($piped.FullyQualifiedErrorId) | Should -Be @('DomainNotFound,PSLibvirt.Commands.WaitDomainEventCommand', 'WaitTimeout,PSLibvirt.Commands.WaitDomainEventCommand')
        $piped[1].TargetObject.Name | Should -Be 'test'
    }

    It 'Ctrl+C stops an unbounded wait at once, and the registration goes with it' {
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath'; `$null = Connect-Hypervisor -Uri test:///default -NotDefault -Name waiter; Wait-DomainEvent -Connection waiter -EventType Reboot")
        $async = $ps.BeginInvoke()
        try {
            Wait-Until { $ps.Streams.Progress.Count -ge 1 } -TimeoutSeconds 20 -What 'the wait to show progress'
            $ps.Stop()
            $async.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue -Because 'Stop returns once the wait has ended'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Progress[-1].RecordType | Should -Be 'Completed' -Because 'the progress bar is closed'
        } finally {
            $async.AsyncWaitHandle.WaitOne(10000) | Out-Null
            $ps.Dispose()
            Get-Hypervisor | Where-Object Name -EQ waiter | Disconnect-Hypervisor -Confirm:$false
        }
    }

    It 'refuses a missing domain, no connection, and a failing filter, with clear errors' {
        { Wait-DomainEvent -Domain nosuch -Timeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'DomainNotFound,PSLibvirt.Commands.WaitDomainEventCommand'
        $churn = Start-Churn test { param($d, $c) Set-Domain -Name $d -Title "t$(Get-Random)" -Connection $c }
        try {
            { Wait-DomainEvent -Domain test -Filter { throw 'bad filter' } -Timeout 30 -ErrorAction Stop } | Should -Throw -ErrorId 'FilterFailed,PSLibvirt.Commands.WaitDomainEventCommand'
        } finally { Stop-Churn $churn }
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        { Wait-DomainEvent -Timeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'NoConnection,PSLibvirt.Commands.WaitDomainEventCommand'
    }
}

Describe 'Register-DomainEvent against virsh event on a QEMU guest (private libvirtd)' -Tag 'Domain', 'Events', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $guest = 'pslv-ev-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            $xml = Join-Path $daemon.Directory "$guest.xml"
            Set-Content $xml (New-TestGuestXml -Name $guest)
            $null = Invoke-Virsh $daemon.Uri 'define', $xml
            $q = Connect-Hypervisor -Uri $daemon.Uri -Name evq
        }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event
        if ($q) { Disconnect-Hypervisor -Connection $q }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'start, suspend, resume and destroy arrive in order with the reasons virsh event prints' {
        $out = Join-Path $daemon.Directory 'event.log'
        $virsh = Start-Process -FilePath virsh -ArgumentList '-c', $daemon.Uri, 'event', '--domain', $guest, '--all', '--loop', '--timeout', '120' -RedirectStandardOutput $out -PassThru
        try {
            $null = Register-DomainEvent -Connection $q -SourceIdentifier qemu -EventType Lifecycle -Domain $guest
            # virsh is listening once it prints an event: change the guest's title (a metadata event) until it does.
            Wait-Until { $null = Invoke-Virsh $daemon.Uri 'desc', $guest, '--config', '--title', 'probe'; (Get-Content $out -Raw) -match 'metadata' } -TimeoutSeconds 30 -What 'virsh event to listen'
            $before = @(Get-Content $out).Count
            Start-Domain -Name $guest -Connection $q
            Suspend-Domain -Name $guest -Connection $q
            Resume-Domain -Name $guest -Connection $q
            Stop-Domain -Name $guest -Connection $q -Force -Confirm:$false
            Wait-Until { @(Get-Received qemu | Where-Object Lifecycle -eq 'Stopped').Count -ge 1 -and @(Get-Content $out | Select-Object -Skip $before | Where-Object { $_ -match 'lifecycle.*Stopped' }).Count -ge 1 } -TimeoutSeconds 30 -What 'both sides to see four events'
            # virsh: "event 'lifecycle' for domain 'x': Started Booted"
            $virshSaw = @(Get-Content $out | Select-Object -Skip $before | Where-Object { $_ -match 'lifecycle' } | ForEach-Object { ($_ -split ':\s*')[-1].Trim().Split(' ')[0] })
            $mine = @(Get-Received qemu | ForEach-Object { "$($_.Lifecycle)" })
            $mine | Should -Be $virshSaw
            # QEMU adds its own (Resumed as the CPUs start, Shutdown as the process ends): ours in order among them.
            $order = @('Started', 'Suspended', 'Resumed', 'Stopped')
            $at = 0
            foreach ($m in $mine) { if ($at -lt $order.Count -and $m -eq $order[$at]) { $at++ } }
            $at | Should -Be $order.Count -Because "the events were $($mine -join ', ')"
            (Get-Received qemu)[-1].Lifecycle | Should -Be 'Stopped'
            (Get-Received qemu)[-1].Detail | Should -Be 1 -Because 'destroyed (virsh: Stopped Destroyed)'
        } finally {
            if (-not $virsh.HasExited) { $virsh.Kill() }
            $virsh.Dispose()
        }
    }
    It 'QEMU monitor events (Register-DomainQemuMonitorEvent) arrive as virsh qemu-monitor-event prints them' {
        $out = Join-Path $daemon.Directory 'qmp-event.log'
        $virsh = Start-Process -FilePath virsh -ArgumentList '-c', $daemon.Uri, 'qemu-monitor-event', '--domain', $guest, '--loop', '--timeout', '120' -RedirectStandardOutput $out -PassThru
        try {
            $null = Register-DomainQemuMonitorEvent -Connection $q -SourceIdentifier qmp -Domain $guest -EventName STOP, 'RES*'
            $null = Register-DomainQemuMonitorEvent -Connection $q -SourceIdentifier qmp-all
            Start-Domain -Name $guest -Connection $q
            # virsh is listening once it prints an event: pause and resume until it has printed one.
            Wait-Until { Suspend-Domain -Name $guest -Connection $q; Resume-Domain -Name $guest -Connection $q; (Get-Content $out -Raw) -match 'event RESUME' } -TimeoutSeconds 30 -What 'virsh qemu-monitor-event to listen'
            $before = @(Get-Content $out).Count
            $mark = (Get-Received qmp).Count
            Suspend-Domain -Name $guest -Connection $q
            Resume-Domain -Name $guest -Connection $q
            Wait-Until { (Get-Received qmp).Count -ge $mark + 2 -and @(Get-Content $out | Select-Object -Skip $before | Where-Object { $_ -match '^event (STOP|RESUME) ' }).Count -ge 2 } -TimeoutSeconds 30 -What 'both sides to see STOP and RESUME'
            $virshSaw = @(Get-Content $out | Select-Object -Skip $before | Where-Object { $_ -match '^event (STOP|RESUME) ' } | ForEach-Object { ($_ -split ' ')[1] })
            $mine = @(Get-Received qmp | Select-Object -Skip $mark)
            @($mine.EventName) | Should -Be $virshSaw
            @($mine.EventName) | Should -Be @('STOP', 'RESUME')
            $mine[0] | Should -BeOfType PSLibvirt.QemuMonitorEvent
            $mine[0].Domain | Should -Be $guest
            $mine[0].Hypervisor | Should -Be $q
            [math]::Abs(($mine[0].Timestamp - $mine[0].TimeReceived).TotalSeconds) | Should -BeLessThan 60 -Because 'QEMU''s timestamp is read as local time'
            # The unfiltered subscription sees the same events and QEMU's others (a start's, too).
            @(Get-Received qmp-all | Where-Object EventName -In 'STOP', 'RESUME').Count | Should -BeGreaterOrEqual 4
        } finally {
            if (-not $virsh.HasExited) { $virsh.Kill() }
            $virsh.Dispose()
            Stop-Domain -Name $guest -Connection $q -Force -Confirm:$false -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Graphics, Tunable and JobCompleted events against virsh event (private libvirtd, QEMU guest with VNC and a disk)' -Tag 'Domain', 'Events' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $guest = 'pslv-evg-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            $disk = Join-Path $daemon.Directory "$guest.qcow2"
            $null = & qemu-img create -q -f qcow2 $disk 16M
            if ($LASTEXITCODE) { throw "qemu-img create failed ($LASTEXITCODE)" }
            # VNC on loopback (a free port from 5900, autoport) and a qcow2 disk vda: a backup job needs a disk.
            $devices = "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>" +
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$disk'/><target dev='vda' bus='virtio'/></disk>"
            $xml = Join-Path $daemon.Directory "$guest.xml"
            Set-Content $xml ((New-TestGuestXml -Name $guest) -replace '<memballoon', "$devices<memballoon")
            $null = Invoke-Virsh $daemon.Uri 'define', $xml
            $q = Connect-Hypervisor -Uri $daemon.Uri -Name evg -NotDefault
            Start-Domain -Name $guest -Connection $q
        }
        # virsh event --all --loop on the same daemon, listening once it has printed a probe (a metadata change).
        function Start-VirshEvent([string] $Name) {
            $out = Join-Path $daemon.Directory "$Name.log"
            $p = Start-Process -FilePath virsh -ArgumentList '-c', $daemon.Uri, 'event', '--domain', $guest, '--all', '--loop', '--timeout', '120' -RedirectStandardOutput $out -PassThru
            Wait-Until { $null = Invoke-Virsh $daemon.Uri 'desc', $guest, '--live', '--title', "probe $Name"; (Get-Content $out -Raw) -match 'metadata-change' } -TimeoutSeconds 30 -What 'virsh event to listen'
            [pscustomobject]@{ Process = $p; Out = $out; Skip = @(Get-Content $out).Count }
        }
        function Stop-VirshEvent($v) { if (-not $v.Process.HasExited) { $v.Process.Kill() }; $v.Process.Dispose() }
        # What virsh printed since it listened, one object per event: its kind, the rest of its first line, and the
        # "<tab>name: value" lines that follow it (typed parameters), in order.
        function Get-VirshEvent($v, [string] $Kind) {
            $events = [System.Collections.Generic.List[object]]::new()
            foreach ($line in @(Get-Content $v.Out | Select-Object -Skip $v.Skip)) {
                if ($line -match "^event '([^']+)' for domain '[^']+':?\s*(.*)$") {
                    $events.Add([pscustomobject]@{ Kind = $Matches[1]; Text = $Matches[2]; Parameters = [ordered]@{} })
                } elseif ($line -match '^\t([^:]+): (.*)$' -and $events.Count) {
                    $events[-1].Parameters[$Matches[1]] = $Matches[2]
                }
            }
            @($events | Where-Object Kind -EQ $Kind)
        }
        # A typed value as virsh prints it (booleans as 1/0... as virsh does, whatever its type).
        function ConvertTo-VirshText($value) { if ($value -is [bool]) { [int]$value } else { [string]$value } }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event
        if ($q) { Disconnect-Hypervisor -Connection $q }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Tunable: a live vCPU pin and a block I/O limit arrive with the changed names and typed values, as virsh prints them' {
        $virsh = Start-VirshEvent tunable
        try {
            $null = Register-DomainEvent -Connection $q -SourceIdentifier tun -EventType Tunable -Domain $guest
            $null = Invoke-Virsh $daemon.Uri 'vcpupin', $guest, '0', '0', '--live'
            $null = Invoke-Virsh $daemon.Uri 'blkdeviotune', $guest, 'vda', '--live', '--total-bytes-sec', '1048576'
            Wait-Until { (Get-Received tun).Count -ge 2 -and (Get-VirshEvent $virsh tunable).Count -ge 2 } -TimeoutSeconds 30 -What 'two tunable events on both sides'
            $mine = Get-Received tun
            $mine.Count | Should -Be 2
            @($mine.EventType | Select-Object -Unique) | Should -Be 'Tunable'
            $mine[0].Domain | Should -Be $guest
            @($mine[0].Parameters.Keys) | Should -Be @('cputune.vcpupin0')
            $mine[0].Parameters['cputune.vcpupin0'] | Should -BeExactly '0'
            @($mine[1].Parameters.Keys) | Should -Contain 'blkdeviotune.total_bytes_sec'
            $mine[1].Parameters['blkdeviotune.disk'] | Should -BeExactly 'vda'
            $mine[1].Parameters['blkdeviotune.total_bytes_sec'] | Should -BeOfType [ulong]
            $mine[1].Parameters['blkdeviotune.total_bytes_sec'] | Should -Be 1048576
            $mine[0].Graphics | Should -BeNullOrEmpty
            # The oracle: the same names, in the same order, with the same values.
            $theirs = Get-VirshEvent $virsh tunable
            for ($i = 0; $i -lt 2; $i++) {
                @($mine[$i].Parameters.Keys) | Should -Be @($theirs[$i].Parameters.Keys)
                @($mine[$i].Parameters.Values | ForEach-Object { ConvertTo-VirshText $_ }) | Should -Be @($theirs[$i].Parameters.Values)
            }
            ($mine[1] | Format-Table | Out-String -Width 300) | Should -Match 'blkdeviotune\.total_bytes_sec=1048576' -Because 'the view shows the parameters'
        } finally { Stop-VirshEvent $virsh }
    }

    It 'JobCompleted: a push-mode backup''s completion arrives with the job''s statistics, as virsh prints them' {
        $virsh = Start-VirshEvent job
        try {
            $null = Register-DomainEvent -Connection $q -SourceIdentifier job -EventType JobCompleted -Domain $guest
            $null = Invoke-Virsh $daemon.Uri 'backup-begin', $guest
            Wait-Until { (Get-Received job).Count -ge 1 -and (Get-VirshEvent $virsh job-completed).Count -ge 1 } -TimeoutSeconds 60 -What 'the backup job to complete on both sides'
            $mine = Get-Received job
            $mine.Count | Should -Be 1
            $p = $mine[0].Parameters
            $p['operation'] | Should -BeOfType [int]
            $p['operation'] | Should -Be 9 -Because 'VIR_DOMAIN_JOB_OPERATION_BACKUP'
            $p['disk_total'] | Should -Be 16MB -Because 'the 16 MiB disk was copied'
            $p['disk_remaining'] | Should -Be 0
            $p['success'] | Should -BeTrue
            $theirs = (Get-VirshEvent $virsh job-completed)[0]
            @($p.Keys) | Should -Be @($theirs.Parameters.Keys)
            @($p.Values | ForEach-Object { ConvertTo-VirshText $_ }) | Should -Be @($theirs.Parameters.Values)
        } finally { Stop-VirshEvent $virsh }
    }

    It 'Graphics: a VNC client''s Connect, Initialize and Disconnect arrive with both addresses, as virsh prints them' {
        $vnc = [int]([xml](Invoke-Virsh $daemon.Uri 'dumpxml', $guest)).domain.devices.graphics.port
        $vnc | Should -BeGreaterOrEqual 5900
        $virsh = Start-VirshEvent graphics
        try {
            $null = Register-DomainEvent -Connection $q -SourceIdentifier vnc -EventType Graphics -Domain $guest
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.ReceiveTimeout = 10000
                $client.Connect('127.0.0.1', $vnc)
                $port = $client.Client.LocalEndPoint.Port
                # RFB 3.8 with security type None (auth 'none'): QEMU reports the client initialized after ClientInit.
                $s = $client.GetStream()
                $buf = [byte[]]::new(64)
                $n = $s.Read($buf, 0, 12); [Text.Encoding]::ASCII.GetString($buf, 0, $n) | Should -Match '^RFB 003\.00\d'
                $s.Write([Text.Encoding]::ASCII.GetBytes("RFB 003.008`n"), 0, 12)
                $null = $s.Read($buf, 0, 64)         # the security types
                $s.WriteByte(1)                      # None
                $null = $s.Read($buf, 0, 4)          # SecurityResult
                $s.WriteByte(1)                      # ClientInit: shared
                Wait-Until { @(Get-Received vnc).Count -ge 2 } -TimeoutSeconds 30 -What 'Connect and Initialize'
            } finally { $client.Dispose() }
            Wait-Until { @(Get-Received vnc).Count -ge 3 -and (Get-VirshEvent $virsh graphics).Count -ge 3 } -TimeoutSeconds 30 -What 'the Disconnect on both sides'
            $mine = Get-Received vnc
            @($mine.Graphics.Phase) | Should -Be @('Connect', 'Initialize', 'Disconnect')
            foreach ($e in $mine) {
                $e.EventType | Should -Be 'Graphics'
                $e.Graphics.Remote.Family | Should -Be 'IPv4'
                $e.Graphics.Remote.Node | Should -Be '127.0.0.1'
                $e.Graphics.Remote.Service | Should -Be "$port" -Because 'the remote end is our client socket'
                $e.Graphics.Local.Node | Should -Be '127.0.0.1'
                $e.Graphics.Local.Service | Should -Be "$vnc"
                $e.Graphics.AuthScheme | Should -Be 'none'
                $e.Graphics.Subject | Should -BeNullOrEmpty
            }
            # virsh: "connect local[IPv4 127.0.0.1 5900] remote[IPv4 127.0.0.1 50340] none" (its phase in lower case:
            # -Be compares text without case).
            @((Get-VirshEvent $virsh graphics) | ForEach-Object Text) | Should -Be @($mine | ForEach-Object { "$($_.Graphics)" })
            "$($mine[0])" | Should -Be "$guest Graphics Connect"
        } finally { Stop-VirshEvent $virsh }
    }
}

Describe 'Registrations survive a daemon restart (private libvirtd, test driver)' -Tag 'Domain', 'Events', 'Reconnect' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $first = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event
        Get-Hypervisor | Where-Object Name -In 'evr', 'evauto' | Disconnect-Hypervisor -Confirm:$false -ErrorAction SilentlyContinue
        foreach ($d in $first, $second, $third) { if ($d) { Stop-PrivateLibvirtd -Daemon $d } }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Wait-DomainEvent ends with ConnectionLost when the daemon dies under it (no -AutoReconnect)' {
        $d = Start-PrivateLibvirtd -Driver test
        try {
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$ModulePath'; `$null = Connect-Hypervisor -Uri '$($d.TestUri)' -NotDefault -Name dying; Wait-DomainEvent -Connection dying -EventType Reboot")
            $async = $ps.BeginInvoke()
            try {
                Wait-Until { $ps.Streams.Progress.Count -ge 1 } -TimeoutSeconds 20 -What 'the wait to start'
                Stop-Process -Id $d.Pid -Force
                $async.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue -Because 'the wait ends when the connection is lost'
                # A terminating error of a cmdlet inside a script ends that statement: it is in the error stream.
                @($ps.Streams.Error).Count | Should -Be 1
                $ps.Streams.Error[0].FullyQualifiedErrorId | Should -Be 'ConnectionLost,PSLibvirt.Commands.WaitDomainEventCommand'
                $ps.Streams.Error[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            } finally {
                $async.AsyncWaitHandle.WaitOne(10000) | Out-Null
                $ps.Dispose()
                Get-Hypervisor | Where-Object Name -EQ dying | Disconnect-Hypervisor -Confirm:$false -ErrorAction SilentlyContinue
            }
        } finally { Stop-PrivateLibvirtd -Daemon $d }
    }

    It 'says Lost, then Restored after Connect-Hypervisor -Reconnect, and events flow again to the same subscribers' {
        $h = Connect-Hypervisor -Uri $first.TestUri -Name evr -NotDefault
        $null = Register-DomainEvent -Connection $h -SourceIdentifier survive -EventType Lifecycle
        $null = Register-NodeDeviceEvent -Connection $h -SourceIdentifier survive-dev
        $seen = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $null = Register-DomainEvent -Connection $h -Domain test -SourceIdentifier survive-act -MessageData $seen -Action { $Event.MessageData.Enqueue($Event.SourceEventArgs.Event) }
        Suspend-Domain test -Connection $h
        Wait-Until { @(Get-Received survive).Count -ge 1 -and $seen.Count -ge 1 } -TimeoutSeconds 20 -What 'an event before the restart'

        Stop-Process -Id $first.Pid -Force   # SIGKILL
        Wait-Until { @(Get-Received survive | Where-Object { $_ -is [PSLibvirt.ConnectionEvent] }).Count -ge 1 } -TimeoutSeconds 20 -What 'the Lost event'
        $lost = @(Get-Received survive | Where-Object { $_ -is [PSLibvirt.ConnectionEvent] })
        $lost.Count | Should -Be 1 -Because 'one registration hears of the loss once, whatever it registered'
        $lost[0].EventType | Should -Be 'Lost'
        $lost[0].Hypervisor | Should -Be $h
        $lost[0].Reason | Should -Not -BeNullOrEmpty
        Wait-Until { @(Get-Received survive-dev | Where-Object EventType -EQ 'Lost').Count -ge 1 } -TimeoutSeconds 20 -What 'the node-device registration to hear of it too'

        $script:second = Start-PrivateLibvirtd -Driver test -Port $first.Port
        $null = Connect-Hypervisor -Reconnect -Hypervisor $h
        Wait-Until { @(Get-Received survive | Where-Object EventType -EQ 'Restored').Count -ge 1 } -TimeoutSeconds 20 -What 'the Restored event'
        @(Get-Received survive-dev | Where-Object EventType -EQ 'Restored').Count | Should -Be 1
        # The new daemon starts from the test driver's default state again: test is running.
        Suspend-Domain test -Connection $h
        Resume-Domain test -Connection $h
        Wait-Until { @(Get-Received survive | Where-Object Lifecycle -EQ 'Resumed').Count -ge 1 -and @($seen.ToArray() | Where-Object Lifecycle -EQ 'Resumed').Count -ge 1 } -TimeoutSeconds 20 -What 'events after the restart'
        @(Get-Received survive | ForEach-Object { if ($_.Lifecycle) { "$($_.Lifecycle)" } else { "$($_.EventType)" } }) |
            Should -Be @('Suspended', 'Lost', 'Restored', 'Suspended', 'Resumed')
        @($seen.ToArray() | ForEach-Object { if ($_.Lifecycle) { "$($_.Lifecycle)" } else { "$($_.EventType)" } }) |
            Should -Be @('Suspended', 'Lost', 'Restored', 'Suspended', 'Resumed') -Because 'an -Action subscriber hears the same, exactly once each'
        @(Get-EventSubscriber | Where-Object SourceIdentifier -Like 'survive*').Count | Should -Be 3
    }
}

Describe 'Connect-Hypervisor -AutoReconnect (private libvirtd, test driver)' -Tag 'Domain', 'Events', 'Reconnect' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $first = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event
        Get-Hypervisor | Where-Object Name -EQ 'evauto' | Disconnect-Hypervisor -Confirm:$false -ErrorAction SilentlyContinue
        foreach ($d in $first, $second) { if ($d) { Stop-PrivateLibvirtd -Daemon $d } }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'opens the lost connection again by itself once the daemon is back: no call by hand, and events flow again' {
        $h = Connect-Hypervisor -Uri $first.TestUri -Name evauto -NotDefault -AutoReconnect
        $h.AutoReconnect | Should -BeTrue
        $null = Register-DomainEvent -Connection $h -SourceIdentifier auto -EventType Lifecycle
        Stop-Process -Id $first.Pid -Force
        Wait-Until { @(Get-Received auto | Where-Object EventType -EQ 'Lost').Count -ge 1 } -TimeoutSeconds 20 -What 'the Lost event'
        # While the daemon is down a call fails as ConnectionLost (it is not held back or repeated).
        { Get-Domain -Connection $h -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionLost,*'
        $script:second = Start-PrivateLibvirtd -Driver test -Port $first.Port
        # Attempts after 1, 2, 4, 8, then every 15 s: the daemon is back within the first few.
        Wait-Until { $h.IsAlive } -TimeoutSeconds 60 -What 'the connection to be opened again by itself'
        Wait-Until { @(Get-Received auto | Where-Object EventType -EQ 'Restored').Count -ge 1 } -TimeoutSeconds 20 -What 'the Restored event'
        (Get-Domain -Connection $h -Name test).Name | Should -Be 'test'
        Suspend-Domain test -Connection $h
        Wait-Until { @(Get-Received auto | Where-Object Lifecycle -EQ 'Suspended').Count -ge 1 } -TimeoutSeconds 20 -What 'an event after the restart'
        @(Get-Hypervisor | Where-Object Name -Like 'evauto*').Count | Should -Be 1
    }
}
