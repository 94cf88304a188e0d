#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Reaching into guests: the keyboard (Send-DomainKey; virsh send-key), the display address (Get-DomainDisplay; virsh
# domdisplay, vncdisplay) and the console's host path (Get-DomainConsole; virsh ttyconsole). The booting test guest
# (Get-TestGuestImage: a busybox shell on ttyS0 and the guest agent) runs on a private libvirtd with a VNC display that
# has a password; the guest's own interrupt count of its PS/2 keyboard (i8042, IRQ 1, read through the agent) shows that a
# key reached it; virsh on the same URI is the oracle. Breadth and errors on test:///default.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Send-DomainKey, Get-DomainDisplay and Get-DomainConsole on test:///default' -Tag 'Guest' {
    BeforeAll {
        $conn = Connect-Hypervisor -Uri test:///default -Name 'pslv-keys-test'
        # A domain defined and never started: shut off.
        New-Domain -Connection $conn -Xml "<domain type='test'><name>pslv-keys-off</name><memory>65536</memory><os><type>hvm</type></os></domain>" | Out-Null
    }
    AfterAll { if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue } }

    It 'sends a combination and separate keys without output, and -WhatIf sends nothing' {
        Send-DomainKey -Name test -Key 'ctrl+alt+delete' -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
        Send-DomainKey -Name test -Key h, i, enter -HoldTime 10 -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
        Send-DomainKey -Name test -Key 0x1e -CodeSet XT -Connection $conn -ErrorAction Stop | Should -BeNullOrEmpty
        Send-DomainKey -Name test -Key 'ctrl+c' -Connection $conn -WhatIf | Should -BeNullOrEmpty
        Get-Domain -Name test -Connection $conn | Send-DomainKey -Key a -ErrorAction Stop
    }

    It 'an unknown key name is a terminating InvalidArgument error that names the key, and nothing is sent' {
        # The first element is good, the second bad: the error comes before anything is sent to any domain, so even the
        # domain that does not exist gives no error of its own.
        { Send-DomainKey -Name test, nosuchdomain -Key 'a', 'ctrl+foo' -Connection $conn -ErrorAction Stop } | Should -Throw "*'foo' is not a key name*"
        try { Send-DomainKey -Name test -Key 'ctrl+foo' -Connection $conn } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'UnknownKeyName,PSLibvirt.Commands.SendDomainKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be 'ctrl+foo'
    }

    It 'more than 16 keys held together is refused (libvirt''s limit), 16 are sent' {
        $seventeen = (@('a') * 17) -join '+'
        try { Send-DomainKey -Name test -Key $seventeen -Connection $conn } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TooManyKeys,PSLibvirt.Commands.SendDomainKeyCommand'
        $err.Exception.Message | Should -Match 'at most 16'
        Send-DomainKey -Name test -Key ((@('a') * 16) -join '+') -Connection $conn -ErrorAction Stop
        # virsh says the same of 17
        { Invoke-Virsh test:///default (@('send-key', 'test') + @('KEY_A') * 17) } | Should -Throw '*too many keycodes*'
    }

    It 'a key name with another code set is refused; numbers are taken' {
        try { Send-DomainKey -Name test -Key a -CodeSet Win32 -Connection $conn } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'KeyNameNeedsLinuxCodeSet,PSLibvirt.Commands.SendDomainKeyCommand'
        Send-DomainKey -Name test -Key 65 -CodeSet Win32 -Connection $conn -ErrorAction Stop
    }

    It 'a shut-off domain gives libvirt''s error with the domain as target; the next domain is still served' {
        (Get-Domain -Name pslv-keys-off -Connection $conn).State | Should -Be 'ShutOff'
        Send-DomainKey -Name pslv-keys-off, test -Key a -Connection $conn -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.SendDomainKeyCommand'
        $e[0].Exception.Message | Should -Match 'not running'
        "$($e[0].TargetObject)" | Should -Be 'pslv-keys-off'
    }

    It 'Get-DomainDisplay: a domain without graphics is a DisplayNotFound error per domain, as virsh domdisplay fails' {
        { Invoke-Virsh test:///default 'domdisplay', 'test' } | Should -Throw '*No graphical display found*'
        $r = Get-DomainDisplay -Name test, test -Connection $conn -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e.Count | Should -Be 2
        $e[0].FullyQualifiedErrorId | Should -Be 'DisplayNotFound,PSLibvirt.Commands.GetDomainDisplayCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($e[0].TargetObject)" | Should -Be 'test'
    }

    It 'Get-DomainDisplay and Get-DomainConsole of a shut-off domain give DomainNotRunning' {
        Get-DomainDisplay -Name pslv-keys-off -Connection $conn -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.GetDomainDisplayCommand'
        Get-DomainConsole -Name pslv-keys-off -Connection $conn -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.GetDomainConsoleCommand'
        "$($e2[0].TargetObject)" | Should -Be 'pslv-keys-off'
    }

    It 'Get-DomainConsole: a domain without a console is ConsoleNotFound, as virsh ttyconsole fails' {
        { Invoke-Virsh test:///default 'ttyconsole', 'test' } | Should -Throw
        Get-DomainConsole -Name test -Connection $conn -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'ConsoleNotFound,PSLibvirt.Commands.GetDomainConsoleCommand'
    }

    It 'completes key names, also the last key of a combination' {
        $line = 'Send-DomainKey test -Key ctrl+alt+dele'
        $m = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $m | Should -Contain 'ctrl+alt+delete'
        $m | ForEach-Object { $_ | Should -BeLike 'ctrl+alt+dele*' }
        $line = 'Send-DomainKey test -Key KEY_ES'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'KEY_ESC'
    }
}

Describe 'Send-DomainKey, Get-DomainDisplay and Get-DomainConsole on a booted QEMU guest' -Tag 'Guest', 'Lifecycle' {
    BeforeAll {
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $guest = "pslv-keys-$suffix"
        $password = 'pw' + $suffix.Substring(0, 6)
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }

        # IRQ 1 (the i8042 keyboard port) as the guest counts it: one interrupt or more per key press and release.
        function Get-KeyboardInterrupts {
            $r = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/sh -ArgumentList '-c', 'grep i8042 /proc/interrupts' -ErrorAction Stop
            $line = @($r.StdOut -split "`n" | Where-Object { $_ -match '^\s*1:' })
            if ($line.Count -ne 1) { throw "No IRQ 1 i8042 line in the guest's /proc/interrupts: $($r.StdOut)" }
            [long](($line[0] -split '\s+' | Where-Object { $_ })[1])
        }

        if ($support.Supported) {
            $image = Get-TestGuestImage
            $daemon = Start-PrivateLibvirtd
            $graphics = "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='$password'/>`n    <video><model type='vga'/></video>`n  </devices>"
            Start-TestGuest -Daemon $daemon -Name $guest -Xml ((New-TestGuestXml -Name $guest -Boot -Image $image) -replace '</devices>', $graphics)
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-keys'
            Wait-DomainGuestAgent -Name $guest -Connection $conn -Timeout 180 -ErrorAction Stop
        }
    }

    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'a key sent reaches the guest: its keyboard interrupt count rises' {
        $before = Get-KeyboardInterrupts
        Send-DomainKey -Name $guest -Key shift -Connection $conn -ErrorAction Stop
        Wait-Until -TimeoutSeconds 30 -What 'the i8042 interrupt count to rise in the guest' -Condition { (Get-KeyboardInterrupts) -gt $before }
    }

    It 'a combination and a sequence reach the guest as key presses (at least one interrupt per key down and up)' {
        $before = Get-KeyboardInterrupts
        Send-DomainKey -Name $guest -Key 'shift+ctrl', 'shift' -HoldTime 50 -Connection $conn -ErrorAction Stop
        Wait-Until -TimeoutSeconds 30 -What 'six more i8042 interrupts in the guest' -Condition { (Get-KeyboardInterrupts) -ge $before + 6 }
    }

    It '-WhatIf sends nothing: the count stays' {
        $before = Get-KeyboardInterrupts
        Send-DomainKey -Name $guest -Key shift -Connection $conn -WhatIf
        # A key sent is counted within a few ms (the test above); a second read through the agent takes far longer.
        Get-KeyboardInterrupts | Out-Null
        Get-KeyboardInterrupts | Should -Be $before
    }

    It 'Get-DomainDisplay gives the VNC display as virsh domdisplay and vncdisplay print it, without the password' {
        $d = @(Get-DomainDisplay -Name $guest -Connection $conn -ErrorAction Stop)
        $d.Count | Should -Be 1
        $d[0].Type | Should -Be 'vnc'
        $d[0].Domain | Should -Be $guest
        $d[0].Uri | Should -Be ((Invoke-Virsh 'domdisplay', $guest) -join '').Trim()
        "$($d[0].Host):$($d[0].Display)" | Should -Be ((Invoke-Virsh 'vncdisplay', $guest) -join '').Trim()
        $d[0].Port | Should -Be ($d[0].Display + 5900)
        $d[0].Port | Should -BeGreaterOrEqual 5900
        $d[0].Password | Should -BeNullOrEmpty
        ($d[0] | Format-List * | Out-String) | Should -Not -Match $password
        ($d[0] | Out-String) | Should -Not -Match $password
        # QEMU listens there
        Test-Connection -TargetName 127.0.0.1 -TcpPort $d[0].Port -Quiet | Should -BeTrue
    }

    It 'Get-DomainDisplay -IncludePassword gives the password, as virsh domdisplay --include-password' {
        $d = Get-DomainDisplay -Name $guest -Connection $conn -IncludePassword -ErrorAction Stop
        $d.Password | Should -Be $password
        $d.Uri | Should -Be ((Invoke-Virsh 'domdisplay', '--include-password', $guest) -join '').Trim()
        $d.Uri | Should -Match ":$password@"
        # the default view does not show it
        ($d | Out-String) | Should -Not -Match $password
    }

    It '-IncludePassword on a read-only connection is refused by libvirt; without it a read-only connection works' {
        $ro = Connect-Hypervisor -Uri $daemon.Uri -ReadOnly -Name 'pslv-keys-ro'
        try {
            Get-DomainDisplay -Name $guest -Connection $ro -ErrorAction Stop | Select-Object -ExpandProperty Password | Should -BeNullOrEmpty
            Get-DomainDisplay -Name $guest -Connection $ro -IncludePassword -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.GetDomainDisplayCommand'
            $e[0].Exception.Message | Should -Not -Match $password
        } finally { Disconnect-Hypervisor -Connection $ro -Confirm:$false }
    }

    It 'Get-DomainDisplay -Type filters; a type the domain lacks is DisplayNotFound' {
        (Get-DomainDisplay -Name $guest -Connection $conn -Type vnc).Type | Should -Be 'vnc'
        Get-DomainDisplay -Name $guest -Connection $conn -Type spice -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'DisplayNotFound,PSLibvirt.Commands.GetDomainDisplayCommand'
        { Invoke-Virsh 'domdisplay', '--type', 'spice', $guest } | Should -Throw '*No graphical display with type*'
    }

    It 'Get-DomainConsole gives the pty path virsh ttyconsole prints' {
        $c = @(Get-DomainConsole -Name $guest -Connection $conn -ErrorAction Stop)
        $c.Count | Should -Be 1
        $c[0].Path | Should -Be ((Invoke-Virsh 'ttyconsole', $guest) -join '').Trim()
        $c[0].Path | Should -Match '^/dev/pts/\d+$'
        $c[0].Type | Should -Be 'pty'
        $c[0].TargetType | Should -Be 'serial'
        $c[0].Name | Should -Be 'serial0'
        Test-Path -LiteralPath $c[0].Path | Should -BeTrue
        (Get-DomainConsole -Name $guest -Connection $conn -Device 'serial*').Path | Should -Be $c[0].Path
        Get-DomainConsole -Name $guest -Connection $conn -Device 'console9' -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'ConsoleNotFound,PSLibvirt.Commands.GetDomainConsoleCommand'
    }
}
