#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Show-DomainStatistics as a person sees it: the view runs in a pwsh of its own inside tmux (a real terminal of a
# chosen size), keys are typed with send-keys and the screen is read with capture-pane. The guests are QEMU guests
# of the private libvirtd, beside a test-driver connection (two hosts at once); virsh on the same URI is the oracle.
# Plain output (redirected or piped) is checked in this process.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'
    $esc = [char]27
}

Describe 'Show-DomainStatistics writing plain frames (output piped or redirected)' -Tag 'Domain', 'Statistics' {
    BeforeAll {
        $t = Connect-Hypervisor -Uri 'test:///default' -Name 'view-t'
        $n = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'view-node'
    }
    AfterAll { Get-Hypervisor | Disconnect-Hypervisor }

    It 'writes one frame per refresh, -Count of them, without colour, every domain of every connection grouped by host' {
        $frames = @(Get-Hypervisor | Show-DomainStatistics -Interval 0.2 -Count 2 | ForEach-Object { $_ })
        $frames.Count | Should -Be 2
        foreach ($f in $frames) {
            $f | Should -BeOfType ([string])
            $f.Contains($esc) | Should -BeFalse -Because 'plain output has no escape codes'
            $f | Should -Match '(?m)^PSLibvirt domain statistics .* every 0\.2 s · sort CPU% ▼$'
            $f | Should -Match '(?m)^3 domains \(3 running\) · 2 connections'
            $f | Should -Match '(?m)^▸ view-t  test:///default  1 domain'
            $f | Should -Match '(?m)^▸ view-node  test://.*node\.xml  2 domains'
            $f | Should -Match '(?m)^test\s+running\s'
            $f | Should -Match '(?m)^web1\s+running\s'
            $f | Should -Not -Match '←/→' -Because 'the keys are for the screen view'
        }
    }

    It 'filters by -Name (wildcards), sorts by -SortBy, and -NoGrouping lists all hosts in one table with a HOST column' {
        $f = Get-Hypervisor | Show-DomainStatistics -Name 'web*', 'db*' -SortBy Name -Reverse -NoGrouping -Interval 0.1 -Count 1 | Out-String
        $f | Should -Match '(?m)^HOST\s+NAME\s+STATE'
        $f | Should -Not -Match '▸' -Because 'no host blocks without grouping'
        $f | Should -Not -Match '(?m)\stest\s+running'
        $f | Should -Match 'sort NAME ▼'
        $f.IndexOf('web1') | Should -BeLessThan $f.IndexOf('db1') -Because '-Reverse sorts names Z-A'
    }

    It 'a connection that cannot be read is an error once, the frame says why, and the other connection is shown' {
        $bad = Connect-Hypervisor -Uri 'test:///default' -Name 'view-closed'
        Disconnect-Hypervisor -Connection $bad
        $frames = @(Show-DomainStatistics -Connection $t, $bad -Interval 0.1 -Count 2 -ErrorVariable err -ErrorAction SilentlyContinue)
        $frames.Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StatisticsUnavailable,PSLibvirt.Commands.ShowDomainStatisticsCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].TargetObject.Name | Should -Be 'view-closed'
        $frames[1] | Should -Match '(?m)^▸ view-closed  test:///default  cannot be read: '
        $frames[1] | Should -Match '(?m)^test\s+running'
    }

    It 'without a connection is NoConnection; an unknown -SortBy is a binding error naming the columns' {
        Get-Hypervisor | Disconnect-Hypervisor
        { Show-DomainStatistics -Count 1 -ErrorAction Stop } | Should -Throw -ErrorId 'NoConnection,PSLibvirt.Commands.ShowDomainStatisticsCommand'
        $e = { Show-DomainStatistics -SortBy Colour -Count 1 } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'CannotConvertArgumentNoMessage*'
        $e.Exception.Message | Should -Match 'Cpu'
    }
}

Describe 'Show-DomainStatistics on a terminal (tmux), with QEMU guests of the private libvirtd' -Tag 'Domain', 'Statistics', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $tmux = Get-Command tmux -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        $skip = if (-not $support.Supported) { $support.Reason } elseif (-not $tmux) { 'tmux is not installed (build.ps1 installs it with the Debian packages)' }
        $daemon = $null
        if (-not $skip) {
            $daemon = Start-PrivateLibvirtd
            $busy = 'pslv-view-a' + [IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 5)
            $idle = 'pslv-view-b' + [IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 5)
            foreach ($g in $busy, $idle) {
                $xmlPath = Join-Path $daemon.Directory "$g.xml"
                Set-Content -LiteralPath $xmlPath -Value (New-TestGuestXml -Name $g)
                Invoke-Virsh $daemon.Uri 'define', $xmlPath | Out-Null
                Invoke-Virsh $daemon.Uri 'start', $g | Out-Null
            }
            $work = Join-Path $daemon.Directory 'view'
            $null = New-Item -ItemType Directory -Path $work
            $socket = 'pslv-view-' + $PID
        }

        # The view in a pwsh of its own in a detached tmux session of the given size; BEFORE-VIEW is on the normal
        # screen before it starts, EXIT:<code> after it ends.
        function Start-View([string]$Session, [int]$Width, [int]$Height) {
            $script = Join-Path $work "$Session.ps1"
            Set-Content -LiteralPath $script -Value @"
Import-Module '$modulePath'
`$null = Connect-Hypervisor -Uri '$($daemon.Uri)' -Name qemu-a
`$null = Connect-Hypervisor -Uri 'test://$nodeFile' -Name node-b
Get-Hypervisor | Show-DomainStatistics -Interval 0.5
'VIEW-ENDED'
"@
            $pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { "'$([Environment]::ProcessPath)' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$([Environment]::ProcessPath)'" }
            $shell = Join-Path $work "$Session.sh"
            Set-Content -LiteralPath $shell -Value "echo BEFORE-VIEW; $pwsh -NoProfile -File '$script'; echo EXIT:`$?; exec sleep 600"
            $env:TERM = 'xterm-256color'
            & $tmux -L $socket new-session -d -s $Session -x $Width -y $Height "bash '$shell'"
            $LASTEXITCODE | Should -Be 0
        }
        function Get-Screen([string]$Session, [switch]$Escapes) {
            $a = @('-L', $socket, 'capture-pane', '-p', '-t', $Session) + $(if ($Escapes) { '-e' })
            (& $tmux @a) -join "`n"
        }
        function Wait-Screen([string]$Session, [scriptblock]$Condition, [string]$What, [switch]$Escapes) {
            $deadline = [DateTime]::UtcNow.AddSeconds(45)
            while ($true) {
                $screen = Get-Screen $Session -Escapes:$Escapes
                if (& $Condition $screen) { return $screen }
                # ESC shown as ␛: a control character in a failure message breaks Pester's XML report.
                if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What. The screen:`n$($screen -replace $esc, '␛')" }
                Start-Sleep -Milliseconds 100
            }
        }
        function Send-Keys([string]$Session, [string[]]$Keys) { & $tmux -L $socket send-keys -t $Session @Keys }
        function Get-Row([string]$Screen, [string]$Name) { ($Screen -split "`n") | Where-Object { $_ -match "^$([regex]::Escape($Name))\s" } | Select-Object -First 1 }
    }

    AfterAll {
        if ($tmux -and $socket) { & $tmux -L $socket kill-server 2>$null }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach { if ($skip) { Set-ItResult -Skipped -Because $skip } }

    It 'shows both hosts grouped, each guest with its state, vCPUs, memory as virsh dominfo says, and CPU with history' {
        Start-View main 160 30
        $screen = Wait-Screen main { $args[0] -match "(?m)^$busy\s+running\s+1\s+\d+\.\d\s+[▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█]{2}" } 'a CPU figure and two samples of history for the guest'
        $screen | Should -Match '(?m)^PSLibvirt domain statistics\s+\d\d:\d\d:\d\d · every 0\.5 s · sort CPU% ▼$'
        $screen | Should -Match "(?m)^▸ qemu-a  $([regex]::Escape($daemon.Uri))  2 domains · \d+ CPUs?"
        $screen | Should -Match '(?m)^▸ node-b  test://.*node\.xml  2 domains'
        $screen | Should -Match '(?m)^4 domains \(4 running\) · 2 connections'
        $row = Get-Row $screen $busy
        $memKiB = [long]((Invoke-Virsh $daemon.Uri 'dominfo', $busy -As Lines | Select-String '^Used memory:\s+(\d+) KiB').Matches[0].Groups[1].Value)
        $row | Should -Match "\s$($memKiB / 1024)M\s" -Because 'MEM is the balloon size virsh dominfo shows'
        [double]($row -split '\s+')[3] | Should -BeGreaterOrEqual 0
        [double]($row -split '\s+')[3] | Should -BeLessOrEqual 100
        $lines = $screen -split "`n"
        $lines[-1] | Should -Match '^←/→ sort  r reverse  g group by host' -Because 'the keys are on the last line'
    }

    It 'sorts by the column the arrow keys choose, and r reverses the order' {
        Send-Keys main 'Left', 'Left', 'Left'
        $screen = Wait-Screen main { $args[0] -match 'sort NAME ▲' } 'the sort to move three columns left, to NAME'
        $screen.IndexOf($busy) | Should -BeLessThan $screen.IndexOf($idle)
        $screen.IndexOf("`ndb1 ") | Should -BeLessThan $screen.IndexOf("`nweb1 ")
        Send-Keys main 'r'
        $screen = Wait-Screen main { $args[0] -match 'sort NAME ▼' } 'the order to reverse'
        $screen.IndexOf($idle) | Should -BeLessThan $screen.IndexOf($busy)
        $screen.IndexOf("`nweb1 ") | Should -BeLessThan $screen.IndexOf("`ndb1 ")
    }

    It 'shows a guest paused with virsh as paused, in yellow' {
        Invoke-Virsh $daemon.Uri 'suspend', $idle | Out-Null
        # tmux writes the line's attributes again at its start, e.g. ␛[0m␛[33m␛[49m: yellow must be among them.
        $screen = Wait-Screen main { $args[0] -match "(?m)^(?:$esc\[[\d;]*m)*$esc\[33m(?:$esc\[[\d;]*m)*$idle\s+paused" } "$idle yellow and paused" -Escapes
        $running = (($screen -split "`n") | Where-Object { $_ -match "$busy\s+running" }) -replace $esc, '␛'
        $running | Should -Not -BeNullOrEmpty
        $running | Should -Not -Match '␛\[3[13]m' -Because 'a running guest keeps the normal colour'
        Invoke-Virsh $daemon.Uri 'resume', $idle | Out-Null
    }

    It 'g lists every host in one table with a HOST column' {
        Send-Keys main 'g'
        $screen = Wait-Screen main { $args[0] -match '(?m)^HOST\s+NAME\s+STATE' } 'the HOST column'
        $screen | Should -Not -Match '▸' -Because 'no host blocks without grouping'
        $screen | Should -Match "(?m)^qemu-a\s+$busy\s"
        $screen | Should -Match '(?m)^node-b\s+web1\s'
    }

    It 'follows the terminal when it shrinks: fewer columns, no line wider than the window, the keys still on its last line' {
        & $tmux -L $socket resize-window -t main -x 72 -y 12
        # A whole frame drawn for the new size (tmux shows the old one cut to size until then).
        $screen = Wait-Screen main { $args[0] -match '^PSLibvirt' -and $args[0] -match 'CPU%' -and $args[0] -notmatch 'I/O HISTORY' -and ($args[0] -split "`n").Count -le 12 } 'the view to fit 72x12'
        $lines = $screen -split "`n"
        foreach ($l in $lines) { $l.Length | Should -BeLessOrEqual 72 -Because "no line is wider than the window: '$l'" }
        $screen | Should -Match 'CPU%'
        $screen | Should -Match 'pslv-view-a' -Because 'the guest is still listed (its name cut to the narrower column)'
        $lines[-1] | Should -Match '^←/→ sort'
    }

    It 'q ends it and gives the screen back as it was' {
        Send-Keys main 'q'
        $screen = Wait-Screen main { $args[0] -match 'EXIT:0' } 'the view to end'
        $screen | Should -Match 'BEFORE-VIEW'
        $screen | Should -Match 'VIEW-ENDED' -Because 'the script goes on after the cmdlet'
        $screen | Should -Not -Match 'PSLibvirt domain statistics' -Because 'the alternate screen is left'
        $cursor = & $tmux -L $socket display-message -p -t main '#{cursor_flag}'
        $cursor | Should -Be '1' -Because 'the cursor is shown again'
    }

    It 'Ctrl+C ends it as cleanly' {
        Start-View ctrlc 120 25
        $null = Wait-Screen ctrlc { $args[0] -match "$busy\s+running" } 'the second view'
        Send-Keys ctrlc 'C-c'
        $screen = Wait-Screen ctrlc { $args[0] -match 'EXIT:\d+' } 'the view to stop on Ctrl+C'
        $screen | Should -Match 'BEFORE-VIEW'
        $screen | Should -Not -Match 'PSLibvirt domain statistics'
        & $tmux -L $socket display-message -p -t ctrlc '#{cursor_flag}' | Should -Be '1'
    }
}
