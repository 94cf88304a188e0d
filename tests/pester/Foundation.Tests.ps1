# The foundation as a user meets it: connections, node info (virsh is the oracle), capabilities, errors, the Shell task.
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $NodeFile = (Resolve-Path (Join-Path $PSScriptRoot '../data/node.xml')).Path
    $Repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

    function Get-VirshNodeInfo([string] $Uri) {
        $text = virsh -c $Uri nodeinfo
        if ($LASTEXITCODE -ne 0) { throw "virsh nodeinfo failed for $Uri" }
        $map = @{}
        foreach ($line in $text) { if ($line -match '^(.+?):\s+(.+)$') { $map[$Matches[1].Trim()] = $Matches[2].Trim() } }
        $map
    }
}

AfterAll {
    Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
}

Describe 'Connect-Hypervisor' {
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    It 'returns a Hypervisor that describes the connection' {
        $h = Connect-Hypervisor -Uri test:///default
        $h | Should -BeOfType PSLibvirt.Hypervisor
        $h.Uri | Should -Be 'test:///default'
        $h.Name | Should -Be 'test'
        $h.Type | Should -Be 'TEST'
        $h.IsAlive | Should -BeTrue
        $h.ReadOnly | Should -BeFalse
        $h.LibvirtVersion | Should -Be ([version]((virsh -c test:///default version | Select-String 'Using library: libvirt (\S+)').Matches[0].Groups[1].Value))
    }

    It 'opens read-only connections' {
        (Connect-Hypervisor test:///default -ReadOnly).ReadOnly | Should -BeTrue
    }

    It 'makes the newest connection the default and keeps several open' {
        $a = Connect-Hypervisor test:///default -Name a
        $b = Connect-Hypervisor "test://$NodeFile" -Name b
        (Get-Hypervisor -Default).Name | Should -Be 'b'
        (Get-Hypervisor).Name | Should -Be @('a', 'b')
        (Get-NodeInfo).Hypervisor.Name | Should -Be 'b'
        (Get-NodeInfo -Connection $a, $b).Hypervisor.Name | Should -Be @('a', 'b')
        Disconnect-Hypervisor $b
        (Get-Hypervisor -Default).Name | Should -Be 'a'
    }

    It 'reports node memory in GiB as well as bytes (node.xml: 16 GiB)' {
        $n = Get-NodeInfo -Connection (Connect-Hypervisor "test://$NodeFile")
        $n.MemoryGiB | Should -Be ([math]::Round($n.MemoryBytes / 1GB, 2))
        $n.FreeMemoryGiB | Should -Be ([math]::Round($n.FreeMemoryBytes / 1GB, 2))
        $n.MemoryGiB | Should -BeGreaterThan 0
    }

    It 'imports without a types file and loads libvirt before the first connection needs it' {
        (Get-Module PSLibvirt).ExportedTypeFiles | Should -BeNullOrEmpty
        $h = Connect-Hypervisor test:///default
        (Get-InternalType PSLibvirt.Core.LibvirtRuntime)::EventLoopRunning | Should -BeTrue
        $h.IsAlive | Should -BeTrue
    }

    It 'gives Get-NodeInfo and Get-HypervisorCapability piped Hypervisor objects as -Connection: one object per host' {
        $a = Connect-Hypervisor test:///default -Name a
        $b = Connect-Hypervisor "test://$NodeFile" -Name b
        (Get-Hypervisor | Get-NodeInfo -ErrorAction Stop).Hypervisor.Name | Should -Be @('a', 'b')
        (Get-Hypervisor | Get-NodeInfo).Cpus | Should -Be @((Get-NodeInfo -Connection a).Cpus, (Get-NodeInfo -Connection b).Cpus)
        (Get-Hypervisor | Get-HypervisorCapability -ErrorAction Stop).Hypervisor.Name | Should -Be @('a', 'b')
        (Connect-Hypervisor test:///default -Name c | Get-NodeInfo -ErrorAction Stop).Hypervisor.Name | Should -Be 'c'
        # Names on the pipeline are still connection names.
        ('b' | Get-NodeInfo -ErrorAction Stop).Hypervisor.Name | Should -Be 'b'
    }

    It 'follows libvirt''s own default rules without -Uri (LIBVIRT_DEFAULT_URI)' {
        $saved = $env:LIBVIRT_DEFAULT_URI
        try {
            $env:LIBVIRT_DEFAULT_URI = "test://$NodeFile"
            (Connect-Hypervisor).Uri | Should -Be "test://$NodeFile"
        }
        finally { $env:LIBVIRT_DEFAULT_URI = $saved }
    }

    It 'derives unique names from the host' {
        (Connect-Hypervisor test:///default).Name | Should -Be 'test'
        (Connect-Hypervisor test:///default).Name | Should -Be 'test2'
    }

    It 'accepts a credential (answered through the auth callback, never a prompt)' {
        $cred = [pscredential]::new('admin', (ConvertTo-SecureString 'secret' -AsPlainText -Force))
        (Connect-Hypervisor test:///default -Credential $cred).IsAlive | Should -BeTrue
    }

    It 'reports <Case> as <Category> and goes on with the next URI' -ForEach @(
        @{ Case = 'an unknown driver'; Uri = 'nosuchdriver:///system'; Category = 'ConnectionError'; Id = 'LibvirtSystemError' }
        @{ Case = 'a malformed URI'; Uri = 'qemu://[bad/system'; Category = 'InvalidArgument'; Id = 'InvalidUri' }
        @{ Case = 'a missing node file'; Uri = 'test:///no/such/node.xml'; Category = 'ObjectNotFound'; Id = 'FileNotFound' }
    ) {
        $out = $Uri, 'test:///default' | Connect-Hypervisor -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].CategoryInfo.Category | Should -Be $Category
        $errs[0].TargetObject | Should -Be $Uri
        $errs[0].FullyQualifiedErrorId | Should -Be "$Id,PSLibvirt.Commands.ConnectHypervisorCommand"
        $errs[0].Exception.Message | Should -Not -BeNullOrEmpty
        @($out).Count | Should -Be 1
    }

    It 'prints nothing to stderr for bad input (libvirt''s own error printing is off)' {
        $script = "Import-Module '$ModulePath'; foreach (`$u in 'nosuchdriver:///x', 'qemu://[bad/system', 'test:///no/such.xml') { Connect-Hypervisor `$u -ErrorAction SilentlyContinue }; 'done'"
        $stderrFile = New-TemporaryFile
        try {
            $stdout = dotnet pwsh -NoProfile -NonInteractive -Command $script 2> $stderrFile.FullName
            $stdout | Should -Contain 'done'
            Get-Content -Raw $stderrFile.FullName | Should -BeNullOrEmpty
        }
        finally { Remove-Item $stderrFile.FullName }
    }
}

Describe 'Disconnect-Hypervisor and Get-Hypervisor' {
    It 'closes by name with wildcards and reports unknown names' {
        Connect-Hypervisor test:///default -Name x1 | Out-Null
        Connect-Hypervisor test:///default -Name x2 | Out-Null
        Disconnect-Hypervisor -Name 'x*'
        Get-Hypervisor -Name 'x*' | Should -BeNullOrEmpty
        Disconnect-Hypervisor -Name nothere -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'HypervisorNotFound,PSLibvirt.Commands.DisconnectHypervisorCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'supports -WhatIf' {
        $h = Connect-Hypervisor test:///default -Name keep
        Disconnect-Hypervisor $h -WhatIf
        $h.IsAlive | Should -BeTrue
        Disconnect-Hypervisor $h
        $h.IsClosed | Should -BeTrue
    }

    It 'fails clearly when a closed connection is used' {
        $h = Connect-Hypervisor test:///default -Name closed
        Disconnect-Hypervisor $h
        Get-NodeInfo -Connection $h -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ConnectionLost,PSLibvirt.Commands.GetNodeInfoCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'opens several URIs at once: each connection as it opens, a failing one is one error naming its URI, and the others are not held up' {
        $refused = 'test+tcp://127.0.0.1:9/default'   # the discard port: nothing listens, so the connect is refused
        $out = @(Connect-Hypervisor -Uri test:///default, $refused, "test://$NodeFile" -ErrorVariable e -ErrorAction SilentlyContinue)
        @($out.Uri | Sort-Object) | Should -Be @(@('test:///default', "test://$NodeFile") | Sort-Object)
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -Be $refused
        $e[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $out | Disconnect-Hypervisor -Confirm:$false
        # -Name names one connection only
        Connect-Hypervisor -Uri test:///default, "test://$NodeFile" -Name two -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'OneNamePerConnection,PSLibvirt.Commands.ConnectHypervisorCommand'
    }

    It 'completes connection names for -Connection' {
        Connect-Hypervisor test:///default -Name 'completion me' | Out-Null
        $line = 'Get-NodeInfo -Connection compl'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain "'completion me'"
        Disconnect-Hypervisor -Name 'completion me'
    }

    It 'completes -Uri with libvirt.conf aliases, open connections'' URIs and the common local URIs, not file names' {
        $config = Join-Path ([System.IO.Path]::GetTempPath()) "pslv-xdg-$PID"
        $saved = $env:XDG_CONFIG_HOME
        New-Item -ItemType Directory -Force (Join-Path $config 'libvirt') | Out-Null
        Set-Content (Join-Path $config 'libvirt/libvirt.conf') "uri_aliases = [`n  `"hail=qemu+ssh://root@hail.example.com/system`",`n  `"lab=test:///default`",`n]"
        $h = Connect-Hypervisor "test://$NodeFile" -Name uri-completion
        try {
            $env:XDG_CONFIG_HOME = $config
            $all = (TabExpansion2 -inputScript 'Connect-Hypervisor -Uri ' -cursorColumn 'Connect-Hypervisor -Uri '.Length).CompletionMatches
            $all.CompletionText | Should -Contain 'hail'
            $all.CompletionText | Should -Contain 'qemu:///system'
            $all.CompletionText | Should -Contain "test://$NodeFile"
            ($all | Where-Object CompletionText -EQ 'hail').ToolTip | Should -Match 'qemu\+ssh://root@hail.example.com/system'
            $all.CompletionText | Where-Object { Test-Path -LiteralPath $_ } | Should -BeNullOrEmpty -Because 'no file names'
            $line = 'Connect-Hypervisor -Uri qemu:'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'qemu:///session', 'qemu:///system'
        }
        finally {
            $env:XDG_CONFIG_HOME = $saved
            Disconnect-Hypervisor -Connection $h
            Remove-Item -Recurse -Force $config
        }
    }
}

Describe 'Get-NodeInfo equals virsh nodeinfo' {
    It 'on <Uri>' -ForEach @(
        @{ Uri = 'test:///default' }
        @{ Uri = 'node-file' }
    ) {
        $u = if ($Uri -eq 'node-file') { "test://$NodeFile" } else { $Uri }
        $h = Connect-Hypervisor $u
        $n = Get-NodeInfo -Connection $h
        $v = Get-VirshNodeInfo $u
        $n.Model | Should -Be $v['CPU model']
        $n.Cpus | Should -Be ([int]$v['CPU(s)'])
        $n.Mhz | Should -Be ([int]($v['CPU frequency'] -replace ' MHz'))
        $n.Sockets | Should -Be ([int]$v['CPU socket(s)'])
        $n.CoresPerSocket | Should -Be ([int]$v['Core(s) per socket'])
        $n.ThreadsPerCore | Should -Be ([int]$v['Thread(s) per core'])
        $n.NumaNodes | Should -Be ([int]$v['NUMA cell(s)'])
        $n.MemoryBytes | Should -Be ([long]($v['Memory size'] -replace ' KiB') * 1024)
        $n.Hypervisor | Should -Be $h
        Disconnect-Hypervisor $h
    }

    It 'shows memory in GiB in its view' {
        $h = Connect-Hypervisor "test://$NodeFile"
        $text = Get-NodeInfo -Connection $h | Out-String
        $text | Should -Match 'Memory\s*:\s*16 GiB'
        Disconnect-Hypervisor $h
    }
}

Describe 'Get-HypervisorCapability' {
    It 'returns the capabilities XML and its guests, as virsh capabilities does' {
        $h = Connect-Hypervisor test:///default
        $c = Get-HypervisorCapability
        $c.Xml | Should -BeOfType string
        $oracle = [xml](virsh -c test:///default capabilities | Out-String)
        ([xml]$c.Xml).capabilities.host.uuid | Should -Be $oracle.capabilities.host.uuid
        $c.HostArchitecture | Should -Be $oracle.capabilities.host.cpu.arch
        $c.Guests.Count | Should -Be @($oracle.capabilities.guest).Count
        $c.Guests[0].DomainTypes | Should -Contain 'test'
        Disconnect-Hypervisor $h
    }
}

Describe 'A connection lost under a cmdlet' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $daemon = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll { if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon } }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'gives a clear ConnectionLost error, no hang, and the session stays usable' {
        $h = Connect-Hypervisor $daemon.TestUri -Name remote
        $h.IsAlive | Should -BeTrue
        (Get-NodeInfo -Connection $h).Cpus | Should -BeGreaterThan 0
        Stop-PrivateLibvirtd -Daemon $daemon
        # The close callback runs on the event loop thread: wait for it with a deadline.
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ($h.Connection.LostReason -eq $null -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $h.Connection.LostReason | Should -Not -BeNullOrEmpty
        $h.IsAlive | Should -BeFalse
        Get-NodeInfo -Connection $h -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ConnectionLost,PSLibvirt.Commands.GetNodeInfoCommand'
        $e[0].Exception.Message | Should -Match 'no longer usable'
        (Get-NodeInfo -Connection (Connect-Hypervisor test:///default)).Cpus | Should -Be 16
    }
}

Describe 'A call in flight when the daemon is killed' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $daemon = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll { if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon } }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Wait-Domain reports ConnectionLost (ConnectionError), not an internal error, and returns' {
        # Wait-Domain reads the state through the domain's own handle, so the transport's failure reaches it as
        # libvirt's RPC error ("client socket is closed", "End of file while reading data"), whatever the close
        # callback has done by then: the checked layer must recognise it as the connection's loss. A child pwsh
        # waits, this one kills the daemon with SIGKILL once the child is connected.
        $script = {
            param($ModulePath, $Uri)
            Import-Module $ModulePath
            $h = Connect-Hypervisor -Uri $Uri -Name killed
            'CONNECTED'
            Wait-Domain -Connection $h -Name test -State ShutOff -Timeout 120 -ErrorVariable e -ErrorAction SilentlyContinue 6>$null
            foreach ($r in $e) { 'RESULT {0}|{1}|{2}' -f $r.FullyQualifiedErrorId, $r.CategoryInfo.Category, $r.Exception.Message }
        }
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in 'pwsh', '-NoProfile', '-NonInteractive', '-Command', "& { $script } '$ModulePath' '$($daemon.TestUri)'") { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $child = [System.Diagnostics.Process]::Start($psi)
        try {
            # Whether the kill lands before or during the wait, what Wait-Domain meets is the lost connection.
            $line = $child.StandardOutput.ReadLineAsync()
            $line.Wait(60000) | Should -BeTrue -Because 'the child connects'
            $line.Result | Should -Be 'CONNECTED'
            Stop-Process -Id $daemon.Pid -Force   # SIGKILL
            $child.WaitForExit(60000) | Should -BeTrue -Because 'Wait-Domain returns when the daemon is gone'
            $out = @($child.StandardOutput.ReadToEnd() -split "`n" | Where-Object { $_ -like 'RESULT *' })
        }
        finally { if (-not $child.HasExited) { $child.Kill($true) }; $child.Dispose() }
        $out.Count | Should -Be 1
        $id, $category, $message = $out[0].Substring(7) -split '\|', 3
        $id | Should -Be 'ConnectionLost,PSLibvirt.Commands.WaitDomainCommand'
        $category | Should -Be 'ConnectionError'
        $message | Should -Match 'no longer usable'
    }
}

Describe 'A silent peer (the daemon stopped with SIGSTOP) is detected by keepalive' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $frozen = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll {
        if ($frozen) {
            & /bin/kill -CONT $frozen.Pid 2>$null
            Stop-PrivateLibvirtd -Daemon $frozen
        }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'within (count + 1) x interval: 15 s by default, sooner with -KeepAliveInterval/-KeepAliveCount' {
        $default = Connect-Hypervisor -Uri $frozen.TestUri -Name frozen-default
        $quick = Connect-Hypervisor -Uri $frozen.TestUri -Name frozen-quick -KeepAliveInterval 1 -KeepAliveCount 1
        $default.Connection.KeepAliveInterval, $default.Connection.KeepAliveCount | Should -Be 5, 2
        $quick.Connection.KeepAliveInterval, $quick.Connection.KeepAliveCount | Should -Be 1, 1
        & /bin/kill -STOP $frozen.Pid
        try {
            Wait-Until { -not $quick.IsAlive } 5 'the quick connection to give the frozen daemon up'
            $default.IsAlive | Should -BeTrue -Because 'the default waits longer'
            Wait-Until { -not $default.IsAlive } 17 'the default connection to give the frozen daemon up (15 s)'
            Get-NodeInfo -Connection $default -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'ConnectionLost,PSLibvirt.Commands.GetNodeInfoCommand'
        }
        finally {
            & /bin/kill -CONT $frozen.Pid
            Get-Hypervisor | Where-Object Name -Like 'frozen-*' | Disconnect-Hypervisor -Confirm:$false
        }
    }
}

Describe 'Connect-Hypervisor -Reconnect after the daemon was killed and started again' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) { $first = Start-PrivateLibvirtd -Driver test }
    }
    AfterAll {
        Get-Hypervisor | Where-Object Name -In 'lab', 'lab-ro' | Disconnect-Hypervisor -Confirm:$false -ErrorAction SilentlyContinue
        if ($unnamed) { Disconnect-Hypervisor -Connection $unnamed -Confirm:$false -ErrorAction SilentlyContinue }
        foreach ($d in $first, $second) { if ($d) { Stop-PrivateLibvirtd -Daemon $d } }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'opens the lost connection again in place: the same object, its name, its drive and its options work again' {
        $h = Connect-Hypervisor -Uri $first.TestUri -Name lab
        $ro = Connect-Hypervisor -Uri $first.TestUri -Name lab-ro -ReadOnly
        $script:unnamed = Connect-Hypervisor -Uri $first.TestUri
        $count = @(Get-Hypervisor).Count
        Stop-Process -Id $first.Pid -Force   # SIGKILL
        Wait-Until { -not $h.IsAlive -and -not $ro.IsAlive -and -not $unnamed.IsAlive } 20 'the connections to notice the loss'

        # The drive says what happened itself, not "Cannot retrieve the dynamic parameters".
        Get-ChildItem lab:\Domains -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionLost,*'
        # While the daemon is down a reconnect fails per connection and leaves the object as it was.
        Connect-Hypervisor -Reconnect -Hypervisor lab -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $h.IsAlive | Should -BeFalse

        $script:second = Start-PrivateLibvirtd -Driver test -Port $first.Port
        $again = Connect-Hypervisor -Reconnect -Hypervisor lab
        [object]::ReferenceEquals($again, $h) | Should -BeTrue
        $h.IsAlive | Should -BeTrue
        (Get-NodeInfo -Connection $h).Cpus | Should -Be (Invoke-Virsh $second.TestUri 'nodeinfo' -As Lines | Where-Object { $_ -like 'CPU(s):*' } | ForEach-Object { [int](($_ -split ':')[1].Trim()) })
        @((Get-ChildItem lab:\Domains).Name) | Should -Contain 'test'

        # Without names: every connection that is not alive, with the options it was opened with (connections lost
        # by other tests of this session, whose daemons are gone for good, are an error each and stay as they were).
        $rest = @(Connect-Hypervisor -Reconnect -ErrorVariable failed -ErrorAction SilentlyContinue)
        @($rest.Name) | Should -Contain 'lab-ro'
        @($rest.Name) | Should -Contain $unnamed.Name
        @($failed | Where-Object { $_.TargetObject.Name -in 'lab-ro', $unnamed.Name }) | Should -BeNullOrEmpty
        $ro.IsAlive | Should -BeTrue
        $ro.ReadOnly | Should -BeTrue
        { New-Network -Connection $ro -Name 'pslv-ro-net' -ForwardMode none -ErrorAction Stop } | Should -Throw
        @(Get-Hypervisor).Count | Should -Be $count
    }

    It 'Connect-Hypervisor to the URI of a lost connection opens that one again rather than listing a second' {
        Stop-Process -Id $second.Pid -Force
        Wait-Until { -not $unnamed.IsAlive } 20 'the connection to notice the loss'
        $count = @(Get-Hypervisor).Count
        $script:second = Start-PrivateLibvirtd -Driver test -Port $first.Port
        $again = Connect-Hypervisor -Uri $first.TestUri
        [object]::ReferenceEquals($again, $unnamed) | Should -BeTrue
        $again.IsAlive | Should -BeTrue
        @(Get-Hypervisor).Count | Should -Be $count
    }
}

Describe 'Imported with a prefix (Windows has Get-StoragePool in its Storage module)' {
    It 'every cmdlet, view, the drive and -AsJob work as Get-LvDomain and so on, and module-qualified names work too' {
        $script = "Import-Module '$ModulePath' -Prefix Lv; `$null = Connect-LvHypervisor -Uri test:///default -Name pfx; " +
            "(Get-LvDomain -Name test).Name; (Get-LvDomain | Out-String) -match 'State'; @(Get-ChildItem pfx:\Domains).Name; " +
            "(PSLibvirt\Get-LvStoragePool).Name; Get-Command -Module PSLibvirt -Name Get-StoragePool -ErrorAction SilentlyContinue | ForEach-Object Name; " +
            "`$j = Save-LvDomain -Name test -Path /tmp/pslv-prefix-`$PID.save -AsJob; `$null = `$j | Wait-Job; `$j.State; (Get-LvDomain -Name test).State; Remove-Item /tmp/pslv-prefix-`$PID.save"
        $out = @(dotnet pwsh -NoProfile -NonInteractive -Command $script)
        $LASTEXITCODE | Should -Be 0
        $out[0] | Should -Be 'test'
        $out[1] | Should -Be 'True' -Because 'the table view applies whatever the prefix'
        $out[2] | Should -Be 'test'
        $out[3] | Should -Be 'default-pool'
        $out[4] | Should -Be 'Completed' -Because 'no cmdlet calls another by its unprefixed name'
        $out[5] | Should -Be 'ShutOff'
    }
}

Describe 'build.ps1 Shell' {
    It 'runs -Command in a session connected to the test hypervisor, and exits' {
        $out = dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Repo 'build.ps1') Shell -NoBootstrap -NoBuild -Command '(Get-Hypervisor -Default).Uri; (Get-NodeInfo).Cpus'
        $LASTEXITCODE | Should -Be 0
        $out | Should -Contain 'test:///default'
        $out | Should -Contain '16'
    }

    It 'runs the tour and exits 0 when no terminal is attached' {
        $out = '' | dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Repo 'build.ps1') Shell -NoBootstrap -NoBuild
        $LASTEXITCODE | Should -Be 0
        ($out -join "`n") | Should -Match 'The host'
    }
}
