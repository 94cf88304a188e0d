#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Reaching into guests: the guest agent and QEMU's monitor. A test guest that boots (Get-TestGuestImage: Debian's
# kernel, busybox and qemu-guest-agent, tests/harness/README.md) runs on a private libvirtd; virsh on the same URI
# (qemu-agent-command, domifaddr --source agent, domhostname, qemu-monitor-command) is the oracle. A second guest has
# an agent channel but boots nothing: its agent never answers. Breadth and errors on test:///default.

Describe 'Guest agent cmdlets on a booted QEMU guest' -Tag 'Guest', 'Lifecycle' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $guest = "pslv-ga-$suffix"
        $mute = "pslv-ga-mute-$suffix"
        $mac = '52:54:00:00:00:51'
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }

        # Runs a program in the guest with virsh only (guest-exec + guest-exec-status): the oracle for what the guest sees.
        function Invoke-GuestByVirsh([string] $Path, [string[]] $Arguments) {
            $request = @{ execute = 'guest-exec'; arguments = @{ path = $Path; arg = @($Arguments); 'capture-output' = $true } } | ConvertTo-Json -Compress -Depth 5
            $agentPid = ((Invoke-Virsh 'qemu-agent-command', $guest, $request) | ConvertFrom-Json).return.pid
            $script:status = $null
            Wait-Until -TimeoutSeconds 30 -What "$Path to exit in the guest" -Condition {
                $script:status = ((Invoke-Virsh 'qemu-agent-command', $guest, "{`"execute`":`"guest-exec-status`",`"arguments`":{`"pid`":$agentPid}}") | ConvertFrom-Json).return
                $script:status.exited
            }
            $out = if ($script:status.PSObject.Properties['out-data']) { [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($script:status.'out-data')) } else { '' }
            [pscustomobject]@{ ExitCode = $script:status.exitcode; StdOut = $out }
        }
        # The number of files qemu-ga has open in the guest (a guest file left open would add one).
        function Get-AgentFdCount { [int](Invoke-GuestByVirsh '/bin/sh' '-c', 'ls /proc/$(pidof qemu-ga)/fd | wc -l').StdOut.Trim() }

        if ($support.Supported) {
            $image = Get-TestGuestImage
            $daemon = Start-PrivateLibvirtd
            Set-Content -LiteralPath "$($daemon.Directory)/$guest.xml" -Value (New-TestGuestXml -Name $guest -Boot -Image $image -MacAddress $mac)
            Set-Content -LiteralPath "$($daemon.Directory)/$mute.xml" -Value (New-TestGuestXml -Name $mute -AgentChannel)
            foreach ($n in $guest, $mute) { Invoke-Virsh 'define', "$($daemon.Directory)/$n.xml" | Out-Null; Invoke-Virsh 'start', $n | Out-Null }
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-ga'
            $bootWatch = [System.Diagnostics.Stopwatch]::StartNew()
            Wait-DomainGuestAgent -Name $guest -Connection $conn -Timeout 180 -ErrorAction Stop
            $bootSeconds = $bootWatch.Elapsed.TotalSeconds
        }
    }

    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'Wait-DomainGuestAgent returns once the agent answers guest-ping, as virsh qemu-agent-command sees it' {
        Write-Host "    (the test guest's agent answered $([Math]::Round($bootSeconds, 1)) s after start)"
        $d = Wait-DomainGuestAgent -Name $guest -Connection $conn -Timeout 10 -PassThru
        $d.Name | Should -Be $guest
        Invoke-Virsh 'qemu-agent-command', $guest, '{"execute":"guest-ping"}' | Should -Be '{"return":{}}'
    }

    It 'Wait-DomainGuestAgent on a guest whose agent never runs gives AgentUnresponsive within the timeout' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $e = $null
        Wait-DomainGuestAgent -Name $mute -Connection $conn -Timeout 3 -ErrorVariable e -ErrorAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'AgentUnresponsive,PSLibvirt.Commands.WaitDomainGuestAgentCommand'
        $e[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $e[0].TargetObject | Should -Be $mute
        # virsh agrees: that agent does not answer
        { Invoke-Virsh 'qemu-agent-command', $mute, '{"execute":"guest-ping"}' } | Should -Throw '*not responding*'
    }

    It 'Invoke-DomainGuestAgentCommand answers as virsh qemu-agent-command; an unanswered one is AgentUnresponsive' {
        $json = '{"execute":"guest-get-host-name"}'
        $answer = Invoke-DomainGuestAgentCommand -Name $guest -Connection $conn -Json $json
        $answer | Should -Be (Invoke-Virsh 'qemu-agent-command', $guest, $json)
        ($answer | ConvertFrom-Json).return.'host-name' | Should -Be $image.Hostname
        $e = $null
        Invoke-DomainGuestAgentCommand -Name $mute -Connection $conn -Json '{"execute":"guest-ping"}' -Timeout 2 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'AgentUnresponsive,PSLibvirt.Commands.InvokeDomainGuestAgentCommandCommand'
    }

    It 'Invoke-DomainMonitorCommand sends QMP JSON and HMP text as virsh qemu-monitor-command does' {
        $qmp = Invoke-DomainMonitorCommand -Name $guest -Connection $conn -Command '{"execute":"query-status"}'
        ($qmp | ConvertFrom-Json).return.status | Should -Be 'running'
        ($qmp | ConvertFrom-Json).return.status | Should -Be ((Invoke-Virsh 'qemu-monitor-command', $guest, '{"execute":"query-status"}') | ConvertFrom-Json).return.status
        $hmp = Invoke-DomainMonitorCommand -Name $guest -Connection $conn -Command 'info status' -Hmp
        $hmp.Trim() | Should -Be (Invoke-Virsh 'qemu-monitor-command', $guest, '--hmp', 'info status')
        $hmp | Should -Match 'running'
    }

    It 'Get-DomainIPAddress -Source Agent writes one object per address, as virsh domifaddr --source agent lists them' {
        $mine = @(Get-DomainIPAddress -Name $guest -Connection $conn -Source Agent)
        # virsh: "<name> <mac> <family> <address>/<prefix>", a line of "-" repeats the interface above
        $virsh = foreach ($line in Invoke-Virsh 'domifaddr', $guest, '--source', 'agent' -As Lines) {
            $f = -split $line
            if ($f[0] -ne '-') { $if = $f[0]; $hw = $f[1] }
            "$if $hw $($f[2]) $($f[3])"
        }
        $mine | ForEach-Object { "$($_.Interface) $($_.MacAddress) $($_.Family.ToString().ToLowerInvariant()) $($_.Address)/$($_.PrefixLength)" } | Should -Be $virsh
        # eth0 may also have an IPv6 link-local address by now: the static one is the IPv4 one
        $eth0 = $mine | Where-Object { $_.Interface -eq 'eth0' -and $_.Family -eq 'IPv4' }
        $eth0.Address | Should -Be $image.Address
        $eth0.PrefixLength | Should -Be $image.PrefixLength
        $eth0.MacAddress | Should -Be $mac
        $eth0.Source | Should -Be 'Agent'
        $eth0.Domain | Should -Be $guest
        $eth0.DomainUuid | Should -Be ([guid](Invoke-Virsh 'domuuid', $guest))
    }

    It 'Get-DomainIPAddress -Wait returns the address; on a guest that never gets one it is AddressTimeout after -Timeout, and the next domain is still read' {
        (Get-DomainIPAddress -Name $guest -Connection $conn -Source Agent -Wait -Timeout 30 | Where-Object { $_.Interface -eq 'eth0' -and $_.Family -eq 'IPv4' }).Address | Should -Be $image.Address
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $e = $null
        $out = @(Get-DomainIPAddress -Name $mute, $guest -Connection $conn -Source Agent -Wait -Timeout 2 -ErrorVariable e -ErrorAction SilentlyContinue)
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        $e[0].FullyQualifiedErrorId | Should -Be 'AddressTimeout,PSLibvirt.Commands.GetDomainIPAddressCommand'
        $e[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        @($out | Where-Object Interface -EQ 'eth0').Domain | Select-Object -Unique | Should -Be $guest
    }

    It 'Invoke-DomainGuestCommand gives stdout, stderr and the exit code, as guest-exec through virsh does' {
        $r = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/sh -ArgumentList '-c', 'echo out; echo err >&2; exit 3'
        $r.ExitCode | Should -Be 3
        $r.StdOut | Should -Be "out`n"
        $r.StdErr | Should -Be "err`n"
        $r.Signal | Should -BeNullOrEmpty
        $r.Domain | Should -Be $guest
        $oracle = Invoke-GuestByVirsh '/bin/sh' '-c', 'echo out; echo err >&2; exit 3'
        $oracle.ExitCode | Should -Be $r.ExitCode
        $oracle.StdOut | Should -Be $r.StdOut
        (Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/uname -ArgumentList '-r').StdOut.Trim() |
            Should -Be (Invoke-GuestByVirsh '/bin/uname' '-r').StdOut.Trim()
    }

    It 'Invoke-DomainGuestCommand passes standard input, the environment, and gives bytes with -AsByteStream' {
        (Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/cat -InputObject "line one`nline two").StdOut | Should -Be "line one`nline two"
        (Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/sh -ArgumentList '-c', 'echo "$A-$B"' -Environment @{ A = 'x y'; B = 1 }).StdOut | Should -Be "x y-1`n"
        [byte[]] $bytes = 0, 1, 2, 255, 10, 13, 128
        $r = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/cat -InputObject $bytes -AsByteStream
        $r.StdOut.GetType() | Should -Be ([byte[]])
        $r.StdOut | Should -Be $bytes
    }

    It 'Invoke-DomainGuestCommand: a program that does not exist is GuestCommandNotStarted (ObjectNotFound); -ErrorOnExitCode makes a failure an error' {
        $e = $null
        $out = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /no/such/program -ErrorVariable e -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'GuestCommandNotStarted,PSLibvirt.Commands.InvokeDomainGuestCommandCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($e[0])" | Should -BeLike '*/no/such/program*No such file*'
        $e = $null
        $r = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/false -ErrorOnExitCode -ErrorVariable e -ErrorAction SilentlyContinue
        $r.ExitCode | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'GuestCommandFailed,PSLibvirt.Commands.InvokeDomainGuestCommandCommand'
        $e[0].TargetObject.ExitCode | Should -Be 1
        # without the switch an exit code is just a result
        $e = $null
        $null = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/false -ErrorVariable e
        $e | Should -BeNullOrEmpty
        # a program that runs longer than -Timeout
        $e = $null
        Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/sleep -ArgumentList 30 -Timeout 1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'GuestCommandTimeout,PSLibvirt.Commands.InvokeDomainGuestCommandCommand'
    }

    It 'Copy-DomainGuestFile copies a 3 MiB file into the guest and back byte-identical (md5sum in the guest through virsh)' {
        $local = Join-Path $daemon.Directory 'in.bin'
        $bytes = [byte[]]::new(3MB + 123)
        [Random]::new(42).NextBytes($bytes)
        [System.IO.File]::WriteAllBytes($local, $bytes)
        $md5 = (Get-FileHash -LiteralPath $local -Algorithm MD5).Hash.ToLowerInvariant()
        Copy-DomainGuestFile -Name $guest -Connection $conn -Path $local -Destination /tmp/in.bin -ToGuest
        (Invoke-GuestByVirsh '/usr/bin/md5sum' '/tmp/in.bin').StdOut | Should -Match "^$md5\s"
        $back = Join-Path $daemon.Directory 'back'
        $null = New-Item -ItemType Directory -Path $back
        $file = Copy-DomainGuestFile -Name $guest -Connection $conn -Path /tmp/in.bin -Destination $back -FromGuest -PassThru
        $file.FullName | Should -Be (Join-Path $back 'in.bin')
        $file.Length | Should -Be $bytes.Length
        (Get-FileHash -LiteralPath $file.FullName -Algorithm MD5).Hash.ToLowerInvariant() | Should -Be $md5
        @(Get-ChildItem -LiteralPath $back).Count | Should -Be 1
    }

    It 'Copy-DomainGuestFile: a path the guest refuses is a clear error, nothing is left behind, and the guest file is closed' {
        $before = Get-AgentFdCount
        $e = $null
        Copy-DomainGuestFile -Name $guest -Connection $conn -Path /no/such/file -Destination (Join-Path $daemon.Directory 'x.bin') -FromGuest -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'GuestFileReadFailed,PSLibvirt.Commands.CopyDomainGuestFileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-ChildItem -LiteralPath $daemon.Directory -Filter 'x.bin*').Count | Should -Be 0
        # /dev/full opens, then refuses the write (ENOSPC): the handle opened must be closed again
        $local = Join-Path $daemon.Directory 'small.bin'
        [System.IO.File]::WriteAllBytes($local, [byte[]]::new(1000))
        $e = $null
        Copy-DomainGuestFile -Name $guest -Connection $conn -Path $local -Destination /dev/full -ToGuest -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'GuestFileWriteFailed,PSLibvirt.Commands.CopyDomainGuestFileCommand'
        "$($e[0])" | Should -BeLike '*/dev/full*'
        Get-AgentFdCount | Should -Be $before
    }

    It 'Copy-DomainGuestFile stopped (Ctrl+C) in the middle closes the guest file' {
        $before = Get-AgentFdCount
        $local = Join-Path $daemon.Directory 'stop.bin'
        [System.IO.File]::WriteAllBytes($local, [byte[]]::new(8MB))
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Uri, $Guest, $Local)
                    Import-Module $ModulePath
                    $c = Connect-Hypervisor -Uri $Uri
                    Copy-DomainGuestFile -Name $Guest -Connection $c -Path $Local -Destination /tmp/stop.bin -ToGuest
                }).AddArgument($modulePath).AddArgument($daemon.Uri).AddArgument($guest).AddArgument($local)
            $async = $ps.BeginInvoke()
            # stop once the copy has written part of the file in the guest
            Wait-Until -TimeoutSeconds 60 -IntervalMilliseconds 100 -What 'the copy to start writing in the guest' -Condition {
                [long]((Invoke-GuestByVirsh '/bin/sh' '-c', 'stat -c %s /tmp/stop.bin 2>/dev/null || echo 0').StdOut.Trim()) -gt 0
            }
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally { $ps.Dispose() }
        [long]((Invoke-GuestByVirsh '/bin/sh' '-c', 'stat -c %s /tmp/stop.bin').StdOut.Trim()) | Should -BeLessThan 8MB
        Get-AgentFdCount | Should -Be $before
    }

    It 'Get-DomainGuestInfo is typed from what virsh guestinfo lists: OS, hostname, time zone, interfaces, no users' {
        $info = Get-DomainGuestInfo -Name $guest -Connection $conn
        $virsh = @{}
        foreach ($line in Invoke-Virsh 'guestinfo', $guest -As Lines) { $k, $v = $line -split '\s*:\s*', 2; $virsh[$k] = $v }
        $info.Domain | Should -Be $guest
        $info.OS.Id | Should -Be 'pslv-guest'
        $info.OS.Id | Should -Be $virsh['os.id']
        $info.OS.PrettyName | Should -Be $virsh['os.pretty-name']
        $info.OS.KernelRelease | Should -Be $virsh['os.kernel-release']
        $info.OS.Machine | Should -Be $virsh['os.machine']
        $info.Hostname | Should -Be $virsh['hostname']
        $info.Hostname | Should -Be $image.Hostname
        $info.TimeZone | Should -Be $virsh['timezone.name']
        $info.TimeZoneOffsetSeconds | Should -Be ([int]$virsh['timezone.offset'])
        $info.Users.Count | Should -Be ([int]$virsh['user.count'])
        $info.Interfaces.Count | Should -Be ([int]$virsh['if.count'])
        $eth0 = $info.Interfaces | Where-Object Name -EQ 'eth0'
        $eth0.MacAddress | Should -Be $mac
        ($eth0.Addresses | Where-Object Family -EQ IPv4).ToString() | Should -Be "$($image.Address)/$($image.PrefixLength)"
        $info.FileSystems.Count | Should -Be ([int]($virsh['fs.count'] ?? 0))
        $only = Get-DomainGuestInfo -Name $guest -Connection $conn -Type Hostname
        $only.Hostname | Should -Be $image.Hostname
        $only.OS | Should -BeNullOrEmpty
        $only.Interfaces | Should -BeNullOrEmpty
    }

    It 'Get-DomainHostname -Source Agent is virsh domhostname --source agent' {
        Get-DomainHostname -Name $guest -Connection $conn -Source Agent | Should -Be (Invoke-Virsh 'domhostname', $guest, '--source', 'agent')
    }

    It 'Get-/Set-DomainGuestTime read and set the guest clock as virsh domtime sees it' {
        $t = Get-DomainGuestTime -Name $guest -Connection $conn
        $t.Kind | Should -Be 'Utc'
        $virsh = [DateTimeOffset]::FromUnixTimeSeconds([long]((Invoke-Virsh 'domtime', $guest) -replace '^Time:\s*', '')).UtcDateTime
        [Math]::Abs(($t - $virsh).TotalSeconds) | Should -BeLessThan 5
        $set = Set-DomainGuestTime -Name $guest -Connection $conn -Time ([DateTimeOffset]'2030-01-02T03:04:05Z') -PassThru
        [Math]::Abs(($set - [DateTime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)).TotalSeconds) | Should -BeLessThan 5
        Invoke-Virsh 'domtime', $guest, '--pretty' | Should -Match '^Time: 2030-01-02 03:0'
        Set-DomainGuestTime -Name $guest -Connection $conn
        [Math]::Abs(((Get-DomainGuestTime -Name $guest -Connection $conn) - [DateTime]::UtcNow).TotalSeconds) | Should -BeLessThan 5
        { Set-DomainGuestTime -Name $guest -Connection $conn -Time ([DateTimeOffset]::UtcNow) -Sync } | Should -Throw -ErrorId 'TimeAndSync,PSLibvirt.Commands.SetDomainGuestTimeCommand'
    }

    It 'Suspend-/Resume-DomainGuestFileSystem write how many file systems, as virsh domfsfreeze/domfsthaw count them; Optimize-DomainGuestFileSystem trims as virsh domfstrim' {
        $frozen = Suspend-DomainGuestFileSystem -Name $guest -Connection $conn
        # virsh -q (Invoke-Virsh) says nothing here: run it without
        "$(& virsh -c $daemon.Uri domfsthaw $guest)".Trim() | Should -Be "Thawed $frozen filesystem(s)"
        $virshFroze = [int]("$(& virsh -c $daemon.Uri domfsfreeze $guest)" -replace '\D', '')
        Resume-DomainGuestFileSystem -Name $guest -Connection $conn | Should -Be $virshFroze
        $e = $null
        Optimize-DomainGuestFileSystem -Name $guest -Connection $conn -ErrorVariable e
        $e | Should -BeNullOrEmpty
        { Invoke-Virsh 'domfstrim', $guest } | Should -Not -Throw
    }

    It 'Get-/Set-DomainGuestVCpu give the guest vCPUs as virsh guestvcpus lists them' {
        $v = @(Get-DomainGuestVCpu -Name $guest -Connection $conn)
        $virsh = @{}
        foreach ($line in Invoke-Virsh 'guestvcpus', $guest -As Lines) { $k, $val = $line -split '\s*:\s*', 2; $virsh[$k] = $val }
        ($v.Id -join ',') | Should -Be $virsh['vcpus']
        (($v | Where-Object Online).Id -join ',') | Should -Be $virsh['online']
        (($v | Where-Object Offlinable).Id -join ',') | Should -Be "$($virsh['offlinable'])"
        $after = @(Set-DomainGuestVCpu -Name $guest -Connection $conn -Id 0 -Online $true -PassThru)
        ($after | Where-Object Id -EQ 0).Online | Should -BeTrue
    }

    It 'Add-/Get-/Remove-DomainGuestSshKey change the keys of a guest user as virsh get-user-sshkeys sees them' {
        $key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPslvTestKeyOnlyForThisTest pslv@test'
        Add-DomainGuestSshKey -Name $guest -Connection $conn -User root -Key $key
        Get-DomainGuestSshKey -Name $guest -Connection $conn -User root | Should -Contain $key
        Invoke-Virsh 'get-user-sshkeys', $guest, 'root' -As Lines | Should -Contain $key
        Remove-DomainGuestSshKey -Name $guest -Connection $conn -User root -Key $key -Confirm:$false
        @(Get-DomainGuestSshKey -Name $guest -Connection $conn -User root) | Should -Not -Contain $key
        @(Invoke-Virsh 'get-user-sshkeys', $guest, 'root' -As Lines) | Should -Not -Contain $key
    }

    It 'Set-DomainGuestPassword: the busybox guest refuses (no chpasswd) with the agent''s message, and the password is never printed' {
        $secret = 'pslv-Secret-' + [guid]::NewGuid().ToString('N')
        $password = ConvertTo-SecureString $secret -AsPlainText -Force
        $e = $null
        $all = Set-DomainGuestPassword -Name $guest -Connection $conn -User root -Password $password -Confirm:$false -Verbose -ErrorVariable e -ErrorAction SilentlyContinue 4>&1
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtInternalError,PSLibvirt.Commands.SetDomainGuestPasswordCommand'
        "$($e[0])" | Should -BeLike "*guest-set-user-password*"
        "$($e[0]) $($all -join ' ')" | Should -Not -BeLike "*$secret*"
    }

    It 'Set-DomainGuestAgentTimeout sets libvirt''s agent timeout of the domain (the guest cmdlets still answer)' {
        $e = $null
        Set-DomainGuestAgentTimeout -Name $guest -Connection $conn -Timeout 20 -ErrorVariable e
        $e | Should -BeNullOrEmpty
        Get-DomainHostname -Name $guest -Connection $conn -Source Agent | Should -Be $image.Hostname
        Set-DomainGuestAgentTimeout -Name $guest -Connection $conn -Timeout -1
        { Set-DomainGuestAgentTimeout -Name $guest -Connection $conn -Timeout -3 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.SetDomainGuestAgentTimeoutCommand'
    }
}

Describe 'Guest agent cmdlets on the test driver' -Tag 'Guest' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $t = Connect-Hypervisor -Uri 'test:///default' -Name 'pslv-ga-test'
    }
    AfterAll { if ($t) { Disconnect-Hypervisor -Connection $t -Confirm:$false -ErrorAction SilentlyContinue } }

    It 'Get-DomainIPAddress -Source <Source> gives what virsh domifaddr --source gives' -TestCases @(
        @{ Source = 'Lease'; VirshSource = 'lease' }, @{ Source = 'Agent'; VirshSource = 'agent' }, @{ Source = 'Arp'; VirshSource = 'arp' }) {
        $a = @(Get-DomainIPAddress -Name test -Connection $t -Source $Source)
        $f = -split (Invoke-Virsh 'test:///default' 'domifaddr', 'test', '--source', $VirshSource)
        $a.Count | Should -Be 1
        $a[0].Interface | Should -Be $f[0]
        $a[0].MacAddress | Should -Be $f[1]
        $a[0].Family | Should -Be 'IPv4'
        "$($a[0].Address)/$($a[0].PrefixLength)" | Should -Be $f[3]
        $a[0].Source | Should -Be $Source
        $a[0].Hypervisor.Name | Should -Be 'pslv-ga-test'
    }

    It 'Get-DomainIPAddress reads many domains from the pipeline; a missing one is DomainNotFound and the others are still read' {
        $e = $null
        $out = @('test', 'pslv-none', 'test' | Get-DomainIPAddress -Connection $t -ErrorVariable e -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 2
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'DomainNotFound,*'
        # with -Wait the address is there at once
        (Get-Domain -Name test -Connection $t | Get-DomainIPAddress -Wait -Timeout 5).Address | Should -Be '192.168.122.3'
    }

    It 'Get-DomainIPAddress -Timeout without -Wait is TimeoutWithoutWait' {
        { Get-DomainIPAddress -Name test -Connection $t -Timeout 5 } | Should -Throw -ErrorId 'TimeoutWithoutWait,PSLibvirt.Commands.GetDomainIPAddressCommand'
    }

    It '<Command> is NotImplemented on the test driver, as virsh <Virsh> fails' -TestCases @(
        @{ Command = 'Wait-DomainGuestAgent'; Call = { Wait-DomainGuestAgent -Name test -Connection $t -Timeout 5 }; Virsh = 'qemu-agent-command', 'test', '{"execute":"guest-ping"}' }
        @{ Command = 'Invoke-DomainGuestAgentCommand'; Call = { Invoke-DomainGuestAgentCommand -Name test -Connection $t -Json '{"execute":"guest-ping"}' }; Virsh = 'qemu-agent-command', 'test', '{"execute":"guest-ping"}' }
        @{ Command = 'Invoke-DomainMonitorCommand'; Call = { Invoke-DomainMonitorCommand -Name test -Connection $t -Command '{"execute":"query-status"}' }; Virsh = 'qemu-monitor-command', 'test', '{"execute":"query-status"}' }
        @{ Command = 'Invoke-DomainGuestCommand'; Call = { Invoke-DomainGuestCommand -Name test -Connection $t -Command /bin/true }; Virsh = 'qemu-agent-command', 'test', '{"execute":"guest-exec"}' }
        @{ Command = 'Copy-DomainGuestFile'; Call = { Copy-DomainGuestFile -Name test -Connection $t -Path /etc/hostname -Destination (Join-Path TestDrive: 'h') -FromGuest }; Virsh = 'qemu-agent-command', 'test', '{"execute":"guest-file-open"}' }
    ) {
        { Invoke-Virsh 'test:///default' $Virsh } | Should -Throw '*not supported by the connection driver*'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $ErrorActionPreference = 'Continue'
        $e = @(& $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3 -Because 'a refusal is not waited on'
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtNoSupport,*'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $e[0].TargetObject | Should -Be 'test'
    }

    It 'Get-DomainHostname and Get-DomainGuestTime answer as virsh domhostname and domtime' {
        Get-DomainHostname -Name test -Connection $t | Should -Be (Invoke-Virsh 'test:///default' 'domhostname', 'test')
        $seconds = [long]((Invoke-Virsh 'test:///default' 'domtime', 'test') -replace '^Time:\s*', '')
        Get-DomainGuestTime -Name test -Connection $t | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($seconds).UtcDateTime)
    }

    It 'Get-DomainHostname and Get-DomainGuestTime say which domain each value came from (Domain and Hypervisor NoteProperties on the value)' {
        $x = [xml](Get-DomainXml -Name test -Connection $t)
        $name = "hn-$PID"
        $x.domain.name = $name
        $null = $x.domain.RemoveChild($x.domain.SelectSingleNode('uuid'))
        $d = New-Domain -Xml $x -Connection $t
        try {
            Start-Domain -Domain $d
            $names = @(Get-DomainHostname -Name test, $name -Connection $t)
            $names.Domain | Should -Be 'test', $name
            $names[0].Hypervisor.Name | Should -Be $t.Name
            # Still the string virsh prints, for each domain: it compares and interpolates as one.
            $names[1] | Should -BeOfType [string]
            $names[1] | Should -Not -Be (Invoke-Virsh 'test:///default' 'domhostname', 'test')
            "$($names[0])" | Should -Be $names[0]
            $times = @(Get-DomainGuestTime -Name test, $name -Connection $t)
            $times.Domain | Should -Be 'test', $name
            $times[1] | Should -BeOfType [datetime]
            ($times[1] - $times[0]) | Should -BeOfType [timespan]
        }
        finally {
            Stop-Domain -Name $name -Force -Connection $t -ErrorAction SilentlyContinue
            Remove-Domain -Name $name -Connection $t -Confirm:$false -ErrorAction SilentlyContinue
        }
    }

    It 'Suspend-/Resume-DomainGuestFileSystem count what the test driver freezes, as virsh does' {
        # virsh -q (Invoke-Virsh) says nothing here: run it without
        $n = [int]("$(& virsh -c 'test:///default' domfsfreeze test)" -replace '\D', '')
        $n | Should -BeGreaterThan 0
        Suspend-DomainGuestFileSystem -Name test -Connection $t | Should -Be $n
        Resume-DomainGuestFileSystem -Name test -Connection $t -MountPoint / | Should -BeGreaterOrEqual 0
    }

    It '<Command> is NotImplemented on the test driver, as virsh <Virsh> fails' -TestCases @(
        @{ Command = 'Get-DomainGuestInfo'; Call = { Get-DomainGuestInfo -Name test -Connection $t }; Virsh = 'guestinfo', 'test' }
        @{ Command = 'Get-DomainGuestVCpu'; Call = { Get-DomainGuestVCpu -Name test -Connection $t }; Virsh = 'guestvcpus', 'test' }
        @{ Command = 'Get-DomainGuestSshKey'; Call = { Get-DomainGuestSshKey -Name test -Connection $t -User root }; Virsh = 'get-user-sshkeys', 'test', 'root' }
        @{ Command = 'Set-DomainGuestAgentTimeout'; Call = { Set-DomainGuestAgentTimeout -Name test -Connection $t -Timeout 5 }; Virsh = 'guest-agent-timeout', 'test', '--timeout', '5' }
    ) {
        { Invoke-Virsh 'test:///default' $Virsh } | Should -Throw '*not supported by the connection driver*'
        $ErrorActionPreference = 'Continue'
        $e = @(& $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtNoSupport,*'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
    }

    It 'Copy-DomainGuestFile needs exactly one direction and an existing local file' {
        { Copy-DomainGuestFile -Name test -Connection $t -Path a -Destination b } | Should -Throw -ErrorId 'DirectionRequired,PSLibvirt.Commands.CopyDomainGuestFileCommand'
        { Copy-DomainGuestFile -Name test -Connection $t -Path a -Destination b -ToGuest -FromGuest } | Should -Throw -ErrorId 'DirectionRequired,PSLibvirt.Commands.CopyDomainGuestFileCommand'
        { Copy-DomainGuestFile -Name test -Connection $t -Path (Join-Path TestDrive: 'none') -Destination /tmp/x -ToGuest } |
            Should -Throw -ErrorId 'LocalFileNotFound,PSLibvirt.Commands.CopyDomainGuestFileCommand'
        { Copy-DomainGuestFile -Name test -Connection $t -Path /x -Destination (Join-Path TestDrive: 'no/dir/x') -FromGuest } |
            Should -Throw -ErrorId 'LocalDirectoryNotFound,PSLibvirt.Commands.CopyDomainGuestFileCommand'
    }

    It 'Invoke-DomainGuestCommand refuses -InputObject that is not text or bytes, and an environment name with =' {
        { Invoke-DomainGuestCommand -Name test -Connection $t -Command /bin/cat -InputObject 42 } | Should -Throw -ErrorId 'InvalidInputObject,PSLibvirt.Commands.InvokeDomainGuestCommandCommand'
        { Invoke-DomainGuestCommand -Name test -Connection $t -Command /bin/env -Environment @{ 'A=B' = 1 } } | Should -Throw -ErrorId 'InvalidEnvironmentName,PSLibvirt.Commands.InvokeDomainGuestCommandCommand'
    }

    It '-WhatIf runs nothing: <Command>' -TestCases @(
        @{ Command = 'Invoke-DomainGuestCommand'; Call = { Invoke-DomainGuestCommand -Name test -Connection $t -Command /bin/true -WhatIf } }
        @{ Command = 'Invoke-DomainGuestAgentCommand'; Call = { Invoke-DomainGuestAgentCommand -Name test -Connection $t -Json '{}' -WhatIf } }
        @{ Command = 'Invoke-DomainMonitorCommand'; Call = { Invoke-DomainMonitorCommand -Name test -Connection $t -Command 'info status' -Hmp -WhatIf } }
        @{ Command = 'Copy-DomainGuestFile'; Call = { Copy-DomainGuestFile -Name test -Connection $t -Path /etc/hostname -Destination /tmp/h -ToGuest -WhatIf } }
    ) {
        # on the test driver the call itself would be a NotImplemented error: -WhatIf makes none
        $ErrorActionPreference = 'Continue'
        $all = @(& $Call 2>&1 6>$null)
        $all | Should -BeNullOrEmpty
    }
}
