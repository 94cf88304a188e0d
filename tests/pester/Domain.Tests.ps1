#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-Domain and the lifecycle cmdlets on the test driver (test:///default and tests/data/node.xml): breadth and bad input.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'
    $testUuid = [guid]'6695eb01-f6a4-8304-79aa-97f2502e193f'
}

Describe 'Get-Domain on test:///default' -Tag 'Domain' {
    BeforeEach { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'dom-t' }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'lists the test domain with every property, as virsh dominfo shows it' {
        $d = @(Get-Domain)
        $d.Count | Should -Be 1
        $d[0] | Should -BeOfType ([PSLibvirt.Domain])
        $d[0].Name | Should -Be 'test'
        $d[0].Id | Should -Be 1
        $d[0].Uuid | Should -Be $testUuid
        $d[0].State | Should -Be ([PSLibvirt.DomainState]::Running)
        $d[0].IsActive | Should -BeTrue
        $info = virsh -c test:///default dominfo test | Out-String
        $info | Should -Match "CPU\(s\):\s+$($d[0].VCpus)\b"
        $info | Should -Match "Max memory:\s+$($d[0].MaxMemoryBytes / 1KB) KiB"
        $info | Should -Match "Used memory:\s+$($d[0].MemoryBytes / 1KB) KiB"
        $d[0].Persistent | Should -BeTrue
        $d[0].Autostart | Should -BeFalse
        $d[0].HasManagedSave | Should -BeFalse
        $d[0].CpuTime | Should -BeOfType ([TimeSpan])
        $d[0].Hypervisor.Name | Should -Be 'dom-t'
        $d[0].Hostname | Should -Be ([System.Net.Dns]::GetHostName())
        $d[0].Title | Should -BeNullOrEmpty
    }

    It 'takes wildcards, and a pattern that matches nothing is no error' {
        (Get-Domain -Name 't*').Name | Should -Be 'test'
        Get-Domain -Name 'zz*' -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating ObjectNotFound for a missing exact name and goes on with the pipeline' {
        $out = 'nope', 'test' | Get-Domain -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'test'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nope'
    }

    It 'writes a domain matched by a name and a pattern once' {
        @(Get-Domain -Name 'test', 't*').Count | Should -Be 1
    }

    It 'binds Name by property name' {
        ([pscustomobject]@{ Name = 'test' } | Get-Domain).Uuid | Should -Be $testUuid
    }

    It 'binds Id and Uuid by property name' {
        ([pscustomobject]@{ Id = 1 } | Get-Domain -ErrorAction Stop).Name | Should -Be 'test'
        ([pscustomobject]@{ Uuid = $testUuid } | Get-Domain -ErrorAction Stop).Name | Should -Be 'test'
    }

    It 'reads a piped Domain again from its own connection' {
        $other = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'dom-node'
        $d = Get-Domain -Connection 'dom-t'
        ($d | Get-Domain).Hypervisor.Name | Should -Be 'dom-t'
    }

    It 'finds by id and by UUID; a missing id is ObjectNotFound' {
        (Get-Domain -Id 1).Name | Should -Be 'test'
        (Get-Domain -Uuid $testUuid).Name | Should -Be 'test'
        Get-Domain -Id 99 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-Domain -Uuid ([guid]::NewGuid()) -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'filters by state' {
        (Get-Domain -State Running).Name | Should -Be 'test'
        Get-Domain -State ShutOff | Should -BeNullOrEmpty
        Suspend-Domain -Name test
        (Get-Domain -State Paused, ShutOff).Name | Should -Be 'test'
        Get-Domain -State Running | Should -BeNullOrEmpty
    }

    It 'filters persistent, transient and autostart domains with the list flags' {
        (Get-Domain -Persistent).Name | Should -Be 'test'
        Get-Domain -Transient | Should -BeNullOrEmpty
        Get-Domain -Autostart | Should -BeNullOrEmpty
        $handle = (Get-InternalType PSLibvirt.Core.DomainApi)::LookupByName($h.Connection, 'test')
        try { [PSLibvirt.Native.Libvirt]::virDomainSetAutostart($handle, 1) | Should -Be 0 } finally { $handle.Dispose() }
        (Get-Domain -Autostart).Name | Should -Be 'test'
        (Get-Domain).Autostart | Should -BeTrue
    }

    It 'rejects -Persistent with -Transient' {
        { Get-Domain -Persistent -Transient -ErrorAction Stop } | Should -Throw -ErrorId 'PersistentAndTransient,PSLibvirt.Commands.GetDomainCommand'
    }

    It 'says there is no connection when none is open' {
        Get-Hypervisor | Disconnect-Hypervisor
        { Get-Domain -ErrorAction Stop } | Should -Throw -ErrorId 'NoConnection,PSLibvirt.Commands.GetDomainCommand'
    }

    It 'completes -Name from the open connections' {
        $r = TabExpansion2 -inputScript 'Start-Domain -Name te' -cursorColumn 'Start-Domain -Name te'.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'test'
        $r = TabExpansion2 -inputScript 'Get-Domain -Name xy' -cursorColumn 'Get-Domain -Name xy'.Length
        $r.CompletionMatches | Should -BeNullOrEmpty
    }

    It 'formats a table with Id, Name, State, VCpus, Memory, Autostart and Hypervisor, and a list with everything' {
        $table = Get-Domain | Format-Table | Out-String -Width 200
        foreach ($col in 'Id', 'Name', 'State', 'VCpus', 'Memory', 'Autostart', 'Hypervisor') { $table | Should -Match $col }
        $table | Should -Match '2 GiB'
        $table | Should -Match 'dom-t'
        $list = Get-Domain | Format-List | Out-String -Width 200
        foreach ($p in 'Uuid', 'StateReason', 'MaxMemory', 'CpuTime', 'Persistent', 'HasManagedSave', 'Title', 'Description') { $list | Should -Match $p }
        $list | Should -Match 'test:///default'
    }

    It 'colours Paused and Crashed only when the host renders ANSI' {
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'PlainText'
            [PSLibvirt.Services.DomainFormat]::State('Paused', $PSStyle, $Host) | Should -BeExactly 'Paused'
            $PSStyle.OutputRendering = 'Ansi'
            [PSLibvirt.Services.DomainFormat]::State('Running', $PSStyle, $Host) | Should -BeExactly 'Running'
            [PSLibvirt.Services.DomainFormat]::State('Paused', $null, $Host) | Should -BeExactly 'Paused'
            if (-not $Host.UI.SupportsVirtualTerminal) { Set-ItResult -Skipped -Because 'this host does not support virtual terminal sequences' ; return }
            [PSLibvirt.Services.DomainFormat]::State('Crashed', $PSStyle, $Host) | Should -BeExactly "$($PSStyle.Foreground.Red)Crashed$($PSStyle.Reset)"
            [PSLibvirt.Services.DomainFormat]::State('Paused', $PSStyle, $Host) | Should -BeExactly "$($PSStyle.Foreground.Yellow)Paused$($PSStyle.Reset)"
        } finally {
            $PSStyle.OutputRendering = $saved
        }
    }
}

Describe 'Get-Domain on a node file and on several connections' -Tag 'Domain' {
    BeforeEach {
        $a = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'node-a'
        $b = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'node-b'
    }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'lists the fleet with titles, memory and vCPUs' {
        $d = Get-Domain -Connection node-a
        $d.Name | Sort-Object | Should -Be 'db1', 'web1'
        $web = $d | Where-Object Name -EQ web1
        $web.Title | Should -Be 'Front-end web server'
        $web.MemoryBytes | Should -Be 512MB
        $web.MaxMemoryBytes | Should -Be 1GB
        ($d | Where-Object Name -EQ db1).VCpus | Should -Be 4
    }

    It 'lists every connection, each object with its own hypervisor' {
        $d = Get-Domain -Connection node-a, node-b
        $d.Count | Should -Be 4
        ($d | Group-Object { $_.Hypervisor.Name }).Name | Sort-Object | Should -Be 'node-a', 'node-b'
        $table = $d | Format-Table | Out-String
        $table | Should -Match 'node-a'
        $table | Should -Match 'node-b'
    }

    It 'lists the domains of piped Hypervisor objects, never a domain named like the connection' {
        $d = @(Get-Hypervisor node-* | Get-Domain -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        @($d | ForEach-Object { "$($_.Hypervisor.Name)/$($_.Name)" } | Sort-Object) | Should -Be @('node-a/db1', 'node-a/web1', 'node-b/db1', 'node-b/web1')
        $web = @(Get-Hypervisor node-a, node-b | Get-Domain web*)
        $web.Name | Should -Be @('web1', 'web1')
        $web.Hypervisor.Name | Should -Be @('node-a', 'node-b')
        (Get-Hypervisor node-b | Get-Domain -Name db1 -State Running -ErrorAction Stop).Hypervisor.Name | Should -Be 'node-b'
        Get-Hypervisor node-a | Get-Domain -Name nope -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainCommand'
        $e2[0].Exception.Message | Should -Match "connection 'node-a'"
        $c = @(Connect-Hypervisor -Uri "test://$nodeFile" -Name 'node-c' | Get-Domain -ErrorAction Stop)
        $c.Name | Sort-Object | Should -Be @('db1', 'web1')
        $c.Hypervisor.Name | Sort-Object -Unique | Should -Be 'node-c'
    }

    It 'still reads piped Domain objects and strings the old way' {
        $d = @(Get-Domain -Connection node-a, node-b | Get-Domain -ErrorAction Stop)
        # Connections are listed in parallel, each as it answers; within one, the order is the listing's.
        @($d | Sort-Object -Stable { $_.Hypervisor.Name } | ForEach-Object { "$($_.Hypervisor.Name)/$($_.Name)" }) | Should -Be @('node-a/web1', 'node-a/db1', 'node-b/web1', 'node-b/db1')
        @('web1', 'db1' | Get-Domain -Connection node-b -ErrorAction Stop).Name | Should -Be @('web1', 'db1')
    }

    It 'reports a name found on no connection once, naming the connections' {
        Resume-Domain -Name nope -Connection node-a, node-b -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.ResumeDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'acts on a piped Domain only on the connection it came from' {
        Get-Domain -Name web1 -Connection node-b | Suspend-Domain
        (Get-Domain -Name web1 -Connection node-a).State | Should -Be ([PSLibvirt.DomainState]::Running)
        (Get-Domain -Name web1 -Connection node-b).State | Should -Be ([PSLibvirt.DomainState]::Paused)
    }
}

Describe 'A domain name on several connections' -Tag 'Domain' {
    # fleet (node.xml) has web1 and db1, app (domdef-node.xml) has web1 and app1: web1 is on both, db1 on fleet only.
    BeforeEach {
        $fleet = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'fleet'
        $app = Connect-Hypervisor -Uri "test://$(Join-Path $repo 'tests/data/domdef-node.xml')" -Name 'app'
        function Get-State([string] $Name, [string] $On) { (Get-Domain -Name $Name -Connection $On -ErrorAction Stop).State }
    }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It '<Label> writes AmbiguousDomainName, acts on nothing for that name, and goes on with the next input' -ForEach @(
        @{ Label = 'Start-Domain'; Command = 'Start-Domain'; Params = @{ PassThru = $true }; Before = 'ShutOff'; After = 'Running' }
        @{ Label = 'Stop-Domain -Force'; Command = 'Stop-Domain'; Params = @{ Force = $true; Confirm = $false; PassThru = $true }; Before = 'Running'; After = 'ShutOff' }
        @{ Label = 'Stop-Domain -Timeout'; Command = 'Stop-Domain'; Params = @{ Timeout = 5; PassThru = $true }; Before = 'Running'; After = 'ShutOff' }
        @{ Label = 'Restart-Domain'; Command = 'Restart-Domain'; Params = @{ PassThru = $true }; Before = 'Running'; After = 'Running' }
        @{ Label = 'Suspend-Domain'; Command = 'Suspend-Domain'; Params = @{ PassThru = $true }; Before = 'Running'; After = 'Paused' }
        @{ Label = 'Resume-Domain'; Command = 'Resume-Domain'; Params = @{ PassThru = $true }; Before = 'Paused'; After = 'Running' }
        @{ Label = 'Save-Domain -Managed'; Command = 'Save-Domain'; Params = @{ Managed = $true; PassThru = $true }; Before = 'Running'; After = 'ShutOff' }
        @{ Label = 'Wait-Domain'; Command = 'Wait-Domain'; Params = @{ State = 'Running'; Timeout = 5; PassThru = $true }; Before = 'Running'; After = 'Running' }
        @{ Label = 'Get-DomainXml'; Command = 'Get-DomainXml'; Params = @{}; Before = 'Running'; After = 'Running' }
        @{ Label = 'Set-Domain'; Command = 'Set-Domain'; Params = @{ Title = 'changed'; PassThru = $true }; Before = 'Running'; After = 'Running' }
        @{ Label = 'Remove-Domain'; Command = 'Remove-Domain'; Params = @{ Confirm = $false; WarningAction = 'SilentlyContinue' }; Before = 'Running'; After = 'Running' }
    ) {
        # Bring every domain into the state the cmdlet acts on, through Domain objects (never ambiguous).
        switch ($Before) {
            'ShutOff' { Get-Domain -Connection fleet, app -State Running | Stop-Domain -Force -Confirm:$false }
            'Paused' { Get-Domain -Connection fleet, app -State Running | Suspend-Domain }
        }
        $class = (Get-Command $Command).ImplementingType.Name

        $out = @('web1', 'db1' | & $Command -Connection fleet, app @Params -ErrorVariable err -ErrorAction SilentlyContinue)

        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "AmbiguousDomainName,PSLibvirt.Commands.$class"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'web1'
        $err[0].Exception.Message | Should -Match "'fleet' \(test://.*node\.xml\), 'app' \(test://.*domdef-node\.xml\)"
        $err[0].Exception.Message | Should -Match 'Pass one -Connection, or pipe the Domain object from Get-Domain'
        # web1 is untouched on both connections.
        Get-State web1 fleet | Should -Be $Before
        Get-State web1 app | Should -Be $Before
        (Get-Domain web1 -Connection fleet).Title | Should -Be 'Front-end web server'
        (Get-Domain web1 -Connection fleet).HasManagedSave | Should -BeFalse
        # The next input, db1 (on fleet only), was processed.
        if ($Command -eq 'Remove-Domain') {
            (Get-Domain db1 -Connection fleet).Persistent | Should -BeFalse -Because 'removing the definition of a running domain leaves it transient'
            (Get-Domain web1 -Connection fleet).Persistent | Should -BeTrue
            (Get-Domain web1 -Connection app).Persistent | Should -BeTrue
        }
        else {
            Get-State db1 fleet | Should -Be $After
            @($out | ForEach-Object { if ($_ -is [string]) { ([xml]$_).domain.name } else { $_.Name } }) | Should -Be @('db1')
            @($out | ForEach-Object { if ($_ -is [string]) { 'fleet' } else { $_.Hypervisor.Name } }) | Should -Be @('fleet')
        }
    }

    It 'a name on one of the connections is not ambiguous' {
        (Suspend-Domain -Name app1, db1 -Connection fleet, app -PassThru -ErrorAction SilentlyContinue -ErrorVariable err).Name | Should -Be 'db1'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.SuspendDomainCommand' -Because 'app1 is shut off on app'
    }

    It 'piped Domain objects act on each of their connections' {
        $both = Get-Domain -Name web1 -Connection fleet, app
        $out = $both | Suspend-Domain -PassThru -ErrorVariable err
        $err | Should -BeNullOrEmpty
        @($out.Hypervisor.Name) | Should -Be @('fleet', 'app')
        Get-State web1 fleet | Should -Be 'Paused'
        Get-State web1 app | Should -Be 'Paused'
        @($both | Get-DomainXml).Count | Should -Be 2
        @(Get-Domain -Name web1 -Connection fleet, app | Resume-Domain -PassThru).State | Should -Be @('Running', 'Running')
        Get-Domain -Name web1 -Connection fleet, app | Stop-Domain -Force -Confirm:$false
        Get-State web1 fleet | Should -Be 'ShutOff'
        Get-State web1 app | Should -Be 'ShutOff'
        @(Get-Domain -Name web1 -Connection fleet, app | Start-Domain -PassThru).State | Should -Be @('Running', 'Running')
    }
}

Describe 'A connection piped to a cmdlet that acts on domains' -Tag 'Domain' {
    # A connection named like one of its domains: without the guard (ObjectNameTransformation on -Name), PowerShell
    # would turn the Hypervisor into its name and the cmdlet would act on the domain 'test'.
    BeforeEach { $null = Connect-Hypervisor -Uri 'test:///default' -Name 'test' }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It '<Command> refuses the connection with a clear binding error and acts on nothing' -ForEach @(
        @{ Command = 'Suspend-Domain'; Params = @{} }
        @{ Command = 'Stop-Domain'; Params = @{ Force = $true; Confirm = $false } }
        @{ Command = 'Save-Domain'; Params = @{ Managed = $true } }
        @{ Command = 'Remove-Domain'; Params = @{ Confirm = $false } }
        @{ Command = 'Get-DomainXml'; Params = @{} }
    ) {
        $class = (Get-Command $Command).ImplementingType.Name
        $out = @(Get-Hypervisor test | & $Command @Params -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "ParameterArgumentTransformationError,PSLibvirt.Commands.$class"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -Match "connection \('test', test:///default\) was given where a domain name was expected"
        $err[0].Exception.Message | Should -Match ([regex]::Escape('Get-Domain -Connection test |'))
        $d = Get-Domain -Name test -ErrorAction Stop
        $d.State | Should -Be 'Running'
        $d.Persistent | Should -BeTrue
        $d.HasManagedSave | Should -BeFalse
    }

    It 'names and Domain objects still bind as before, and the next input goes on after a piped connection' {
        (('test' | Suspend-Domain -PassThru).State) | Should -Be 'Paused'
        ((Get-Domain test | Resume-Domain -PassThru).State) | Should -Be 'Running'
        $out = @((Get-Hypervisor test), 'test' | Suspend-Domain -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,PSLibvirt.Commands.SuspendDomainCommand'
        $out.Name | Should -Be 'test'
        $out.State | Should -Be 'Paused'
    }

    It 'needs no hidden parameter: no cmdlet shows an implementation parameter in its syntax' {
        foreach ($c in Get-Command -Module PSLibvirt -CommandType Cmdlet) {
            $hidden = @($c.Parameters.Values | Where-Object { @($_.Attributes | Where-Object { $_ -is [Parameter] -and $_.DontShow }).Count })
            $hidden.Name | Should -BeNullOrEmpty -Because "$($c.Name) shows every parameter in Get-Command -Syntax"
        }
        (Get-Command Stop-Domain -Syntax) | Should -Not -Match 'PipedHypervisor'
    }

    It 'refuses an object of another kind piped by mistake, and takes plain objects by their Name' {
        $out = @(Get-Network -Name default | Suspend-Domain -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,PSLibvirt.Commands.SuspendDomainCommand'
        $err[0].Exception.Message | Should -Match "network \('default'\) was given where a domain name was expected"
        (([pscustomobject]@{ Name = 'test'; Owner = 'ops' } | Suspend-Domain -PassThru).State) | Should -Be 'Paused'
        $null = Resume-Domain -Name test
    }

    It 'takes exact names on a cmdlet that changes something: a pattern is a name' {
        Suspend-Domain -Name 't*' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.SuspendDomainCommand'
        (Get-Domain -Name test).State | Should -Be 'Running'
        (Get-Domain -Name 't*' | Suspend-Domain -PassThru).State | Should -Be 'Paused' -Because 'the pipeline from Get- is how to act on a pattern'
        $null = Resume-Domain -Name test
    }
}

Describe 'Lifecycle cmdlets on test:///default' -Tag 'Domain' {
    BeforeEach {
        $h = Connect-Hypervisor -Uri 'test:///default' -Name 'life'
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('pslv-dom-' + [IO.Path]::GetRandomFileName())
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach {
        Get-Hypervisor | Disconnect-Hypervisor
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'stops, starts, suspends, resumes and restarts, with -PassThru' {
        (Stop-Domain -Name test -Force -Confirm:$false -PassThru).State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $d = Start-Domain -Name test -PassThru
        $d.State | Should -Be ([PSLibvirt.DomainState]::Running)
        $d.Id | Should -BeGreaterThan 1
        (Get-Domain test | Suspend-Domain -PassThru).State | Should -Be ([PSLibvirt.DomainState]::Paused)
        (Resume-Domain -Name test -PassThru).State | Should -Be ([PSLibvirt.DomainState]::Running)
        (Restart-Domain -Name test -PassThru).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'shuts down gracefully and waits with -Timeout, completing its progress' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Stop-Domain').AddParameter('Name', 'test').AddParameter('Connection', $h).AddParameter('Timeout', 10).AddParameter('PassThru')
            $d = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            @($ps.Streams.Progress)[-1].RecordType | Should -Be 'Completed'
        } finally { $ps.Dispose() }
        $d[-1].State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $d[-1].Id | Should -BeNullOrEmpty
        (Get-Domain test).StateReason | Should -Be 'Shutdown'
    }

    It 'changes nothing with -WhatIf' {
        Stop-Domain -Name test -Force -WhatIf
        Suspend-Domain -Name test -WhatIf
        Save-Domain -Name test -Path (Join-Path $dir 'w.save') -WhatIf
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Running)
        Test-Path (Join-Path $dir 'w.save') | Should -BeFalse
    }

    It 'gives clear InvalidOperation errors for resuming a running and stopping a stopped domain, and goes on' {
        Resume-Domain -Name test -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotPaused,PSLibvirt.Commands.ResumeDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -Match "it is Running"
        Stop-Domain -Name test -Force -Confirm:$false
        Stop-Domain -Name test -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.StopDomainCommand'
        $err2[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Stop-Domain -Name test -Force -Confirm:$false -ErrorVariable err3 -ErrorAction SilentlyContinue
        $err3[0].FullyQualifiedErrorId | Should -Be 'DomainNotRunning,PSLibvirt.Commands.StopDomainCommand'
        Suspend-Domain -Name test -ErrorVariable err4 -ErrorAction SilentlyContinue
        $err4[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Start-Domain -Name test
        Start-Domain -Name test -ErrorVariable err5 -ErrorAction SilentlyContinue
        $err5[0].FullyQualifiedErrorId | Should -Be 'DomainAlreadyRunning,PSLibvirt.Commands.StartDomainCommand'
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'writes DomainNotFound for a Domain object whose domain is gone, and goes on with the next' {
        $ghost = [PSLibvirt.Domain]@{ Name = 'ghost'; Uuid = [guid]::NewGuid(); Hypervisor = $h }
        $out = $ghost, (Get-Domain test) | Suspend-Domain -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'test'
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.SuspendDomainCommand'
        $err[0].TargetObject.Name | Should -Be 'ghost'
    }

    It 'saves to a file and restores' {
        $path = Join-Path $dir 'test.save'
        (Save-Domain -Name test -Path $path -PassThru).State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        Test-Path -LiteralPath $path | Should -BeTrue
        (Get-Domain test).StateReason | Should -Be 'Saved'
        $r = Restore-Domain -Path $path -PassThru
        $r.Name | Should -Be 'test'
        $r.State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'does nothing when -Path cannot be written' {
        Save-Domain -Name test -Path (Join-Path $dir 'missing/x.save') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SavePathNotWritable,PSLibvirt.Commands.SaveDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'WriteError'
        Save-Domain -Name test -Path $dir -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -Be 'SavePathNotWritable,PSLibvirt.Commands.SaveDomainCommand'
        (Get-Domain test).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'refuses to save two domains into one file' {
        $node = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'life-node'
        $path = Join-Path $dir 'one.save'
        Save-Domain -Name web1, db1 -Connection $node -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SavePathInUse,PSLibvirt.Commands.SaveDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-Domain -Connection $node -Name db1).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'writes SaveFileNotFound for a missing restore file' {
        Restore-Domain -Path (Join-Path $dir 'none.save') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SaveFileNotFound,PSLibvirt.Commands.RestoreDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'managed-saves and starts from the image' {
        Save-Domain -Name test -Managed
        $d = Get-Domain test
        $d.State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        $d.HasManagedSave | Should -BeTrue
        Start-Domain -Name test
        (Get-Domain test).HasManagedSave | Should -BeFalse
    }

    It 'returns from Wait-Domain at once when the state is already reached' {
        (Wait-Domain -Name test -State Running -Timeout 5 -PassThru).State | Should -Be ([PSLibvirt.DomainState]::Running)
    }

    It 'ends Wait-Domain -Timeout with an OperationTimeout error' {
        Wait-Domain -Name test -State ShutOff -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,PSLibvirt.Commands.WaitDomainCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'shows the progress of Wait-Domain -Timeout and completes it when the wait times out' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Wait-Domain').AddParameter('Name', 'test').AddParameter('Connection', $h).AddParameter('State', 'ShutOff').AddParameter('Timeout', 1)
            $null = $ps.Invoke()
            $progress = @($ps.Streams.Progress)
            $err = @($ps.Streams.Error)
        } finally { $ps.Dispose() }
        $progress[0].Activity | Should -Be 'Waiting for domain test'
        $progress[0].StatusDescription | Should -Match '^Waiting for ShutOff: Running, \d+ s of 1 s$'
        $progress[-1].RecordType | Should -Be 'Completed'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'WaitTimeout,PSLibvirt.Commands.WaitDomainCommand'
        $err[0].Exception.Message | Should -BeExactly "Domain 'test' on 'life' did not reach ShutOff within 1 s; it is Running."
    }

    It 'stops Wait-Domain at once on Ctrl+C (pipeline stop)' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Wait-Domain').AddParameter('Name', 'test').AddParameter('Connection', $h).AddParameter('State', 'ShutOff')
            $async = $ps.BeginInvoke()
            Wait-Until { $ps.Streams.Progress.Count -gt 0 } -TimeoutSeconds 20 -What 'Wait-Domain to start waiting'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(2)) | Should -BeTrue -Because 'the stopped pipeline completes'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        } finally { $ps.Dispose() }
    }

    It 'wakes Wait-Domain when the domain stops' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($modulePath).AddStatement().
                AddCommand('Wait-Domain').AddParameter('Name', 'test').AddParameter('Connection', $h).AddParameter('State', 'ShutOff').AddParameter('PassThru')
            $async = $ps.BeginInvoke()
            Wait-Until { $ps.Streams.Progress.Count -gt 0 } -TimeoutSeconds 20 -What 'Wait-Domain to start waiting'
            Stop-Domain -Name test -Force -Confirm:$false
            Wait-Until { $async.IsCompleted } -TimeoutSeconds 10 -What 'Wait-Domain to return'
            $out = $ps.EndInvoke($async)
            $out[-1].State | Should -Be ([PSLibvirt.DomainState]::ShutOff)
        } finally { $ps.Dispose() }
    }
}
