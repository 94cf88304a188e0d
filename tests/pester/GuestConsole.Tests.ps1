#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Reaching into guests: the serial console. The test guest that boots (Get-TestGuestImage) prints its boot messages on
# ttyS0 (a pty serial with a <console>) and runs a busybox shell there; the private libvirtd's URI is remote
# (qemu+tcp), so every console here goes over a libvirt stream on TCP. Errors on test:///default.

Describe 'The serial console of a booted QEMU guest' -Tag 'Guest', 'Lifecycle' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $guest = "pslv-con-$suffix"
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        $boot = $null
        if ($support.Supported) {
            $image = Get-TestGuestImage
            $daemon = Start-PrivateLibvirtd
            Set-Content -LiteralPath "$($daemon.Directory)/$guest.xml" -Value (New-TestGuestXml -Name $guest -Boot -Image $image)
            Invoke-Virsh 'define', "$($daemon.Directory)/$guest.xml" | Out-Null
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-con'
            Invoke-Virsh 'start', $guest | Out-Null
            # Open right after start: the kernel is still booting (TCG), so its messages and init's come through.
            $boot = Open-DomainConsole -Name $guest -Connection $conn -ErrorAction Stop
            $bootText = Read-DomainConsole -Session $boot -Until 'pslv-guest: ready' -SimpleMatch -Timeout 180 -ErrorAction Stop
        }
    }

    AfterAll {
        if ($boot) { Close-DomainConsole -Session $boot -Confirm:$false }
        if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'shows the guest booting: the kernel''s and init''s messages, over the remote (qemu+tcp) connection' {
        $conn.Uri | Should -BeLike 'qemu+tcp://*'
        $bootText | Should -Match 'pslv-guest: ready'
        # the kernel's own lines come first (quiet still prints the ones that matter, e.g. the "Run /init" or freeing of memory)
        $bootText.IndexOf('pslv-guest: ready') | Should -BeGreaterThan 0
        $boot.Domain | Should -Be $guest
        $boot.State | Should -Be Open
    }

    It 'types a command whose output comes back' {
        $token = "pslv-$(Get-Random)"
        Write-DomainConsole -Session $boot -Text "echo $token-out" -Confirm:$false
        # the echo of the typed line, then the command's output on a line of its own
        $text = Read-DomainConsole -Session $boot -Until "(?m)^$token-out\r?$" -Timeout 60
        $text | Should -Match "echo $token-out"
        $text | Should -Match "(?m)^$token-out\r?$"
    }

    It 'a pattern that never comes is ConsoleReadTimeout with what was read so far' {
        $token = "pslv-$(Get-Random)"
        Write-DomainConsole -Session $boot -Text "echo $token" -Confirm:$false
        $e = $null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $out = Read-DomainConsole -Session $boot -Until 'never-printed-text' -Timeout 3 -ErrorVariable e -ErrorAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
        $out | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'ConsoleReadTimeout,PSLibvirt.Commands.ReadDomainConsoleCommand'
        $e[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $e[0].Exception.Received | Should -Match $token
        $e[0].Exception.Message | Should -Match $token
    }

    It 'a second Open without -Force is ConsoleInUse; with -Force it takes over and the first session reads end-of-stream' {
        $e = $null
        $second = Open-DomainConsole -Name $guest -Connection $conn -ErrorVariable e -ErrorAction SilentlyContinue
        $second | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'ConsoleInUse,PSLibvirt.Commands.OpenDomainConsoleCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $e[0].Exception.Message | Should -Match '-Force'
        $e[0].TargetObject | Should -Be $guest

        $forced = Open-DomainConsole -Name $guest -Connection $conn -Force -Confirm:$false -ErrorAction Stop
        try {
            $e = $null
            Read-DomainConsole -Session $boot -Until 'never-printed-text' -Timeout 30 -ErrorVariable e -ErrorAction SilentlyContinue
            $e.Count | Should -Be 1
            $e[0].FullyQualifiedErrorId | Should -Be 'ConsoleClosed,PSLibvirt.Commands.ReadDomainConsoleCommand'
            Write-Host "    (the first session ended: $($boot.EndReason))"
            $boot.State | Should -Be Ended
            # the new session works
            $token = "pslv-$(Get-Random)"
            Write-DomainConsole -Session $forced -Text "echo $token-forced" -Confirm:$false
            Read-DomainConsole -Session $forced -Until "(?m)^$token-forced\r?$" -Timeout 60 | Should -Match "$token-forced"
        }
        finally {
            Close-DomainConsole -Session $forced -Confirm:$false
        }
        $forced.State | Should -Be Closed
        # once closed, the console is free again without -Force (no leaked stream holds it)
        $again = Open-DomainConsole -Name $guest -Connection $conn -ErrorAction Stop
        Close-DomainConsole -Session $again -Confirm:$false
        $e = $null
        Read-DomainConsole -Session $again -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ConsoleSessionClosed,PSLibvirt.Commands.ReadDomainConsoleCommand'
    }

    It 'a console that does not exist is an error naming it, as virsh console says' {
        $e = $null
        Open-DomainConsole -Name $guest -Connection $conn -Device nosuch0 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -Match 'nosuch0'
        $e[0].TargetObject | Should -Be $guest
        # (virsh console is no oracle here: without a terminal it refuses before it opens anything)
    }

    It 'Read-DomainConsole with a pattern that is no regular expression is InvalidPattern; -SimpleMatch takes it literally' {
        $e = $null
        Read-DomainConsole -Session $boot -Until '[unclosed' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidPattern,PSLibvirt.Commands.ReadDomainConsoleCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'Connect-DomainConsole in a terminal (tmux): the guest''s prompt, a typed command and its echo, Ctrl+] back to the pwsh prompt' {
        $tmux = Get-Command tmux -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if (-not $tmux) { Set-ItResult -Skipped -Because 'tmux is not installed (build.ps1 installs it with the Debian packages)'; return }
        $work = Join-Path $daemon.Directory 'tty'
        $null = New-Item -ItemType Directory -Path $work -Force
        $socket = "pslv-con-$PID"
        $script = Join-Path $work 'connect.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$modulePath'
`$null = Connect-Hypervisor -Uri '$($daemon.Uri)'
Connect-DomainConsole -Name '$guest' -Force
'BACK-IN-PWSH'
Start-Sleep 600
"@
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { "'$([Environment]::ProcessPath)' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$([Environment]::ProcessPath)'" }
        $env:TERM = 'xterm-256color'
        function Get-Screen { (& $tmux -L $socket capture-pane -p -t con) -join "`n" }
        function Wait-Screen([scriptblock]$Condition, [string]$What) {
            $script:screen = ''
            Wait-Until -TimeoutSeconds 60 -What $What -Condition { $script:screen = Get-Screen; & $Condition $script:screen }
            $script:screen
        }
        try {
            & $tmux -L $socket new-session -d -s con -x 120 -y 30 "$pwsh -NoProfile -File '$script'"
            $LASTEXITCODE | Should -Be 0
            Wait-Screen { param($s) $s -match 'Escape character is' } 'the console banner' | Out-Null
            # Enter: the guest's shell prints a fresh prompt
            & $tmux -L $socket send-keys -t con Enter
            Wait-Screen { param($s) $s -match '(?m)#\s*$' } 'the guest shell prompt' | Out-Null
            $token = "hello-$(Get-Random)"
            & $tmux -L $socket send-keys -t con -l "echo $token"
            & $tmux -L $socket send-keys -t con Enter
            $s = Wait-Screen { param($s) $s -match "(?m)^$token\s*$" } "the output of echo $token"
            $s | Should -Match "echo $token"
            # Ctrl+]: back in pwsh; the guest keeps running
            & $tmux -L $socket send-keys -t con 'C-]'
            Wait-Screen { param($s) $s -match 'BACK-IN-PWSH' } 'pwsh after Ctrl+]' | Out-Null
            Invoke-Virsh 'domstate', $guest | Should -Be 'running'
            # the console was closed: it opens without -Force
            $free = Open-DomainConsole -Name $guest -Connection $conn -ErrorAction Stop
            Close-DomainConsole -Session $free -Confirm:$false
        }
        finally { & $tmux -L $socket kill-server 2>$null }
    }

    It 'Connect-DomainConsole without a terminal is ConsoleNotInteractive, pointing to Open-/Read-/Write-DomainConsole' {
        # a runspace of its own has no console host (as a script run by a service, or with redirected input)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$modulePath'; Connect-DomainConsole -Name '$guest' -Connection (Connect-Hypervisor -Uri '$($daemon.Uri)')").Invoke()
            $err = $ps.Streams.Error[0]
        }
        finally { $ps.Dispose() }
        $err.FullyQualifiedErrorId | Should -Be 'ConsoleNotInteractive,PSLibvirt.Commands.ConnectDomainConsoleCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -Match 'Open-DomainConsole'
    }

    It 'the session ends when the runspace that opened it closes' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$modulePath'; `$c = Connect-Hypervisor -Uri '$($daemon.Uri)'; Open-DomainConsole -Name '$guest' -Connection `$c -Force -Confirm:`$false").Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
        # the console is free again: no session of the closed runspace holds it
        $s = Open-DomainConsole -Name $guest -Connection $conn -ErrorAction Stop
        Close-DomainConsole -Session $s -Confirm:$false
    }
}

Describe 'Console cmdlets on the test driver' -Tag 'Guest' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $t = Connect-Hypervisor -Uri test:///default -Name 'pslv-con-test'
    }
    AfterAll { Disconnect-Hypervisor -Connection $t -Confirm:$false -ErrorAction SilentlyContinue }

    It 'Open-DomainConsole is NotImplemented there (the test driver has no consoles), and the next domain is still tried' {
        $e = $null
        Open-DomainConsole -Name test, nosuch -Connection $t -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 2
        $notSupported = $e | Where-Object TargetObject -eq 'test'
        $notSupported.FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.OpenDomainConsoleCommand'
        $notSupported.CategoryInfo.Category | Should -Be 'NotImplemented'
        $notSupported.Exception.Message | Should -Match 'virDomainOpenConsole'
        ($e | Where-Object TargetObject -eq 'nosuch').FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.OpenDomainConsoleCommand'
    }

    It 'Open-DomainConsole -WhatIf opens nothing' {
        Open-DomainConsole -Name test -Connection $t -WhatIf | Should -BeNullOrEmpty
    }
}
