#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Tests of the private libvirtd harness itself (tests/harness/PrivateLibvirtd.psm1), with virsh as the oracle.

Describe 'Private libvirtd harness' -Tag 'Harness', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $guest = 'pslv-harness-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')

        function Test-PortOpen {
            param([int]$Port)
            $c = [System.Net.Sockets.TcpClient]::new()
            try { return $c.ConnectAsync('127.0.0.1', $Port).Wait(1000) -and $c.Connected } catch { return $false } finally { $c.Dispose() }
        }

        if ($support.Supported) { $daemon = Start-PrivateLibvirtd }
    }

    AfterAll {
        # Stop-PrivateLibvirtd is idempotent: this cleans up when a test failed before the stop test.
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        # Never skip silently: the reason is printed with each skipped test.
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'starts a daemon that serves the QEMU and test drivers over TCP' {
        $daemon.Uri | Should -Be "qemu+tcp://127.0.0.1:$($daemon.Port)/system"
        $daemon.TestUriPrefix | Should -Be "test+tcp://127.0.0.1:$($daemon.Port)/"
        Test-Path -LiteralPath $daemon.Directory | Should -BeTrue
        Invoke-Virsh $daemon.Uri 'version' | Should -Match 'Running hypervisor: QEMU'
        Invoke-Virsh $daemon.TestUri 'list', '--name' | Should -Be 'test'
    }

    It 'runs the daemon in a session and process group of its own, so Ctrl+C in the terminal that started it does not reach it' {
        # /proc/<pid>/stat: after "(comm)", field 3 is the state, 4 the parent, 5 the process group, 6 the session.
        function Get-Ids([int] $Id) { $f = ((Get-Content -Raw "/proc/$Id/stat") -split '\) ')[1] -split ' '; [pscustomobject]@{ Group = [int]$f[2]; Session = [int]$f[3] } }
        $d = Get-Ids $daemon.Pid
        $d.Group | Should -Be $daemon.Pid
        $d.Session | Should -Be $daemon.Pid
        $me = Get-Ids $PID
        $d.Group | Should -Not -Be $me.Group
        $d.Session | Should -Not -Be $me.Session
    }

    It 'opens a test-driver node file through TestUriPrefix + absolute path' {
        $node = Join-Path $daemon.Directory 'node.xml'
        Set-Content -LiteralPath $node -Value @'
<node>
  <domain type='test'>
    <name>pslv-nodefile</name>
    <memory>65536</memory>
    <os><type>hvm</type></os>
  </domain>
</node>
'@
        Invoke-Virsh ($daemon.TestUriPrefix + $node) 'list', '--all', '--name' | Should -Be 'pslv-nodefile'
    }

    It 'defines, starts, destroys and undefines a guest from New-TestGuestXml' {
        $xml = Join-Path $daemon.Directory "$guest.xml"
        Set-Content -LiteralPath $xml -Value (New-TestGuestXml -Name $guest)
        $null = Invoke-Virsh $daemon.Uri 'define', $xml
        $null = Invoke-Virsh $daemon.Uri 'start', $guest
        Wait-Until -TimeoutSeconds 20 -What "$guest to run" -Condition {
            (Invoke-Virsh $daemon.Uri 'domstate', $guest) -eq 'running'
        }
        $null = Invoke-Virsh $daemon.Uri 'destroy', $guest
        Invoke-Virsh $daemon.Uri 'domstate', $guest | Should -Be 'shut off'
        $null = Invoke-Virsh $daemon.Uri 'undefine', $guest
        Invoke-Virsh $daemon.Uri 'list', '--all', '--name' | Should -BeNullOrEmpty
    }

    It 'boots the test guest of Get-TestGuestImage (New-TestGuestXml -Boot) until its guest agent answers, with its address and hostname' {
        $image = Get-TestGuestImage
        Test-Path -LiteralPath $image.Kernel | Should -BeTrue
        Test-Path -LiteralPath $image.Initrd | Should -BeTrue
        # a second call takes the cached image
        (Get-TestGuestImage).Directory | Should -Be $image.Directory
        $name = 'pslv-hboot-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $xml = Join-Path $daemon.Directory "$name.xml"
        Set-Content -LiteralPath $xml -Value (New-TestGuestXml -Name $name -Boot -Image $image -MacAddress '52:54:00:00:00:42')
        $null = Invoke-Virsh $daemon.Uri 'define', $xml
        $null = Invoke-Virsh $daemon.Uri 'start', $name
        try {
            $script:ping = $null
            Wait-Until -TimeoutSeconds 120 -IntervalMilliseconds 250 -What "the guest agent of $name to answer guest-ping" -Condition {
                try { $script:ping = Invoke-Virsh $daemon.Uri 'qemu-agent-command', $name, '{"execute":"guest-ping"}' -TimeoutSeconds 10; $true }
                catch { $false }
            }
            $script:ping | Should -Be '{"return":{}}'
            Invoke-Virsh $daemon.Uri 'domhostname', $name, '--source', 'agent' | Should -Be $image.Hostname
            $eth0 = Invoke-Virsh $daemon.Uri 'domifaddr', $name, '--source', 'agent' -As Lines | Where-Object { $_ -match '^eth0\s' }
            $eth0 | Should -Match "52:54:00:00:00:42\s+ipv4\s+$([regex]::Escape($image.Address))/$($image.PrefixLength)"
            # the serial console is a pty (what console cmdlets attach to)
            Invoke-Virsh $daemon.Uri 'ttyconsole', $name | Should -Match '^/dev/pts/\d+$'
        } finally {
            $null = Invoke-Virsh $daemon.Uri 'destroy', $name
            $null = Invoke-Virsh $daemon.Uri 'undefine', $name
        }
    }

    It 'stopping a dead daemon whose namespace id now names another daemon''s namespace leaves that daemon alone' {
        # Linux reuses namespace ids: a dead daemon's recorded id can name a newer daemon's namespace. Its processes
        # are killed only when that namespace holds the dead daemon's own bind mounts, which a newer one never does.
        $dead = [pscustomobject]@{ Pid = 0; Port = 0; QemuUri = $null; Namespace = $daemon.Namespace; Process = $null
            Directory = (Join-Path ([System.IO.Path]::GetTempPath()) 'pslv-libvirtd-gone') }
        Stop-PrivateLibvirtd -Daemon $dead
        Get-Process -Id $daemon.Pid -ErrorAction Ignore | Should -Not -BeNullOrEmpty
        Invoke-Virsh $daemon.Uri 'version' | Should -Match 'libvirt'
    }

    It 'stops: port closed, pid gone, directory removed, no QEMU left' {
        # A guest still running at stop time must be destroyed by Stop-PrivateLibvirtd.
        $xml = Join-Path $daemon.Directory "$guest-left.xml"
        Set-Content -LiteralPath $xml -Value (New-TestGuestXml -Name "$guest-left")
        $null = Invoke-Virsh $daemon.Uri 'create', $xml
        $qemuPid = [int](Get-Content -LiteralPath (Join-Path $daemon.Directory "run/qemu/$guest-left.pid") -Raw)

        $d = $daemon
        Stop-PrivateLibvirtd -Daemon $d

        Test-PortOpen -Port $d.Port | Should -BeFalse
        Get-Process -Id $d.Pid -ErrorAction Ignore | Should -BeNullOrEmpty
        # Re-parented QEMU may linger as a zombie where PID 1 does not reap: only a live process counts.
        $state = try { ((Get-Content -LiteralPath "/proc/$qemuPid/stat" -Raw -ErrorAction Stop) -split '\) ')[1][0] } catch { 'gone' }
        $state | Should -BeIn @('gone', 'Z', 'X')
        Test-Path -LiteralPath $d.Directory | Should -BeFalse
        { Stop-PrivateLibvirtd -Daemon $d } | Should -Not -Throw   # idempotent
    }
}
