#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The snapshot cmdlets (Get/New/Restore/Remove-DomainSnapshot, Get-DomainSnapshotXml) on the test driver:
# test:///default (domain "test"), tests/data/node.xml (web1, db1), and the private libvirtd's test driver, where
# virsh snapshot-list on the same URI is the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'
    $testUuid = [guid]'6695eb01-f6a4-8304-79aa-97f2502e193f'
}

Describe 'Snapshots on test:///default' -Tag 'Snapshot' {
    BeforeEach { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'snap-t' }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'takes a snapshot with a name and description, and -PassThru writes it with every property' {
        $before = [DateTime]::Now.AddSeconds(-2)
        $s = New-DomainSnapshot -DomainName test -Name first -Description 'before <upgrade> & co' -PassThru
        $s | Should -BeOfType ([PSLibvirt.DomainSnapshot])
        $s.Name | Should -Be 'first'
        $s.Domain | Should -Be 'test'
        $s.DomainUuid | Should -Be $testUuid
        $s.Description | Should -Be 'before <upgrade> & co'
        $s.State | Should -Be 'running'
        $s.Parent | Should -BeNullOrEmpty
        $s.IsCurrent | Should -BeTrue
        $s.HasMetadata | Should -BeTrue
        $s.Children | Should -Be 0
        $s.Memory | Should -Be 'internal'
        $s.Hypervisor.Name | Should -Be 'snap-t'
        $s.CreationTime | Should -BeGreaterOrEqual $before
        $s.CreationTime | Should -BeLessOrEqual ([DateTime]::Now.AddSeconds(2))
        $xml = Get-DomainSnapshotXml -DomainName test -Name first -AsXml
        $xml | Should -BeOfType ([xml])
        $epoch = [DateTimeOffset]::FromUnixTimeSeconds([long]$xml.domainsnapshot.creationTime).LocalDateTime
        $s.CreationTime | Should -Be $epoch
        $xml.domainsnapshot.description | Should -Be 'before <upgrade> & co'
    }

    It 'writes nothing without -PassThru, and libvirt names a snapshot taken without -Name' {
        New-DomainSnapshot -DomainName test | Should -BeNullOrEmpty
        $all = @(Get-DomainSnapshot -DomainName test)
        $all.Count | Should -Be 1
        $all[0].Name | Should -Match '^\d+$'
    }

    It 'lists a parent chain in order: parents, children counts, and only the newest is current' {
        'a', 'b', 'c' | ForEach-Object { New-DomainSnapshot -DomainName test -Name $_ }
        $all = Get-DomainSnapshot -DomainName test
        $all.Name | Should -Be 'a', 'b', 'c'
        $all.Parent | Should -Be $null, 'a', 'b'
        $all.Children | Should -Be 1, 1, 0
        $all.IsCurrent | Should -Be $false, $false, $true
        (Get-DomainSnapshot -DomainName test -Current).Name | Should -Be 'c'
        # walk the chain up from the current snapshot
        $chain = @()
        $s = Get-DomainSnapshot -DomainName test -Current
        while ($s) { $chain += $s.Name; $s = if ($s.Parent) { Get-DomainSnapshot -DomainName test -Name $s.Parent } }
        $chain | Should -Be 'c', 'b', 'a'
    }

    It 'filters by wildcard and exact names; a missing exact name is a non-terminating DomainSnapshotNotFound' {
        'web-1', 'web-2', 'db' | ForEach-Object { New-DomainSnapshot -DomainName test -Name $_ }
        (Get-DomainSnapshot -DomainName test -Name 'web*').Name | Should -Be 'web-1', 'web-2'
        (Get-DomainSnapshot -DomainName test 'zz*' -ErrorVariable err) | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        $out = Get-DomainSnapshot -DomainName test -Name 'nope', 'db' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'db'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainSnapshotNotFound,PSLibvirt.Commands.GetDomainSnapshotCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nope'
    }

    It 'writes nothing for -Current of a domain without snapshots' {
        Get-DomainSnapshot -DomainName test -Current -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'takes Domain objects and names from the pipeline' {
        Get-Domain test | New-DomainSnapshot -Name fromobject
        'test' | New-DomainSnapshot -Name fromname
        (Get-Domain test | Get-DomainSnapshot).Name | Should -Be 'fromobject', 'fromname'
        ('test' | Get-DomainSnapshot -Current).Name | Should -Be 'fromname'
    }

    It 'reverting brings back the saved state: running, shut off, and -Paused' {
        New-DomainSnapshot -DomainName test -Name on
        Stop-Domain -Name test -Force -Confirm:$false
        (Get-Domain test).State | Should -Be 'ShutOff'
        $off = New-DomainSnapshot -DomainName test -Name off -PassThru
        $off.State | Should -Be 'shutoff'
        $off.Parent | Should -Be 'on'

        $d = Restore-DomainSnapshot -DomainName test -Name on -Confirm:$false -PassThru
        $d | Should -BeOfType ([PSLibvirt.Domain])
        $d.State | Should -Be 'Running'
        (Get-DomainSnapshot -DomainName test -Current).Name | Should -Be 'on'

        Get-DomainSnapshot -DomainName test -Name off | Restore-DomainSnapshot -Confirm:$false
        (Get-Domain test).State | Should -Be 'ShutOff'
        (Get-DomainSnapshot -DomainName test -Current).Name | Should -Be 'off'

        Restore-DomainSnapshot -DomainName test on -Paused -Confirm:$false
        (Get-Domain test).State | Should -Be 'Paused'
        Restore-DomainSnapshot -DomainName test off -Force -Confirm:$false
        (Get-Domain test).State | Should -Be 'ShutOff'
    }

    It 'refuses -Running with -Paused, and -Children with -ChildrenOnly, before doing anything' {
        New-DomainSnapshot -DomainName test -Name keep
        { Restore-DomainSnapshot -DomainName test -Name keep -Running -Paused -Confirm:$false } |
            Should -Throw -ErrorId 'RunningAndPaused,PSLibvirt.Commands.RestoreDomainSnapshotCommand'
        { Remove-DomainSnapshot -DomainName test -Name keep -Children -ChildrenOnly -Confirm:$false } |
            Should -Throw -ErrorId 'ChildrenAndChildrenOnly,PSLibvirt.Commands.RemoveDomainSnapshotCommand'
        (Get-DomainSnapshot -DomainName test).Name | Should -Be 'keep'
    }

    It 'deletes one snapshot (its child moves up), a subtree with -Children, only descendants with -ChildrenOnly' {
        'r', 'm', 'l1', 'l2' | ForEach-Object { New-DomainSnapshot -DomainName test -Name $_ }
        Remove-DomainSnapshot -DomainName test -Name m -Confirm:$false
        (Get-DomainSnapshot -DomainName test -Name l1).Parent | Should -Be 'r'
        Remove-DomainSnapshot -DomainName test -Name l1 -ChildrenOnly -Confirm:$false
        (Get-DomainSnapshot -DomainName test).Name | Should -Be 'r', 'l1'
        Get-DomainSnapshot -DomainName test -Name r | Remove-DomainSnapshot -Children -Confirm:$false
        Get-DomainSnapshot -DomainName test | Should -BeNullOrEmpty
    }

    It 'deletes by pattern through the pipeline from Get-DomainSnapshot; -Name on Remove is an exact name' {
        'tmp-1', 'tmp-2', 'keep' | ForEach-Object { New-DomainSnapshot -DomainName test -Name $_ -Description $_ }
        Remove-DomainSnapshot -DomainName test -Name 'tmp-*' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainSnapshotNotFound,PSLibvirt.Commands.RemoveDomainSnapshotCommand'
        @(Get-DomainSnapshot -DomainName test).Count | Should -Be 3
        Get-DomainSnapshot -DomainName test -Name 'tmp-*' | Remove-DomainSnapshot -Confirm:$false
        (Get-DomainSnapshot -DomainName test).Name | Should -Be 'keep'
    }

    It '-WhatIf changes nothing: New, Restore and Remove' {
        New-DomainSnapshot -DomainName test -Name base
        Stop-Domain -Name test -Force -Confirm:$false
        New-DomainSnapshot -DomainName test -Name never -WhatIf
        Restore-DomainSnapshot -DomainName test -Name base -WhatIf
        Get-DomainSnapshot -DomainName test | Remove-DomainSnapshot -Children -WhatIf
        (Get-Domain test).State | Should -Be 'ShutOff'
        (Get-DomainSnapshot -DomainName test).Name | Should -Be 'base'
    }

    It 'maps libvirt errors: an unsupported flag, a taken name, a missing snapshot to revert or remove' {
        New-DomainSnapshot -DomainName test -Name taken
        New-DomainSnapshot -DomainName test -Name disk -DiskOnly -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtInvalidArg,PSLibvirt.Commands.NewDomainSnapshotCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'test'
        New-DomainSnapshot -DomainName test -Name taken -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationFailed,PSLibvirt.Commands.NewDomainSnapshotCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Remove-DomainSnapshot -DomainName test -Name taken -MetadataOnly -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtInvalidArg,PSLibvirt.Commands.RemoveDomainSnapshotCommand'
        foreach ($cmd in 'Restore-DomainSnapshot', 'Remove-DomainSnapshot', 'Get-DomainSnapshotXml') {
            $p = @{ DomainName = 'test'; Name = 'nope'; ErrorVariable = 'err'; ErrorAction = 'SilentlyContinue' }
            if ($cmd -ne 'Get-DomainSnapshotXml') { $p.Confirm = $false }
            & $cmd @p
            $err.Count | Should -Be 1 -Because $cmd
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DomainSnapshotNotFound,PSLibvirt.Commands.*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        (Get-DomainSnapshot -DomainName test).Name | Should -Be 'taken'
    }

    It 'a snapshot object whose snapshot is gone is DomainSnapshotNotFound with the object as target' {
        $s = New-DomainSnapshot -DomainName test -Name gone -PassThru
        Remove-DomainSnapshot -DomainName test -Name gone -Confirm:$false
        $s | Remove-DomainSnapshot -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainSnapshotNotFound,PSLibvirt.Commands.RemoveDomainSnapshotCommand'
        $err[0].TargetObject | Should -Be $s
    }

    It 'Get-DomainSnapshotXml writes the text or, with -AsXml, an XmlDocument; from names or objects' {
        New-DomainSnapshot -DomainName test -Name x1 -Description one
        $text = Get-DomainSnapshotXml -DomainName test -Name x1
        $text | Should -BeOfType ([string])
        $text | Should -Match '<name>x1</name>'
        (Get-DomainSnapshot -DomainName test x1 | Get-DomainSnapshotXml -AsXml).domainsnapshot.domain.uuid | Should -Be "$testUuid"
    }

    It '-Xml creates from a document; -Name and -Description replace its own' {
        New-DomainSnapshot -DomainName test -Xml '<domainsnapshot><name>fromxml</name><description>doc</description></domainsnapshot>'
        (Get-DomainSnapshot -DomainName test -Name fromxml).Description | Should -Be 'doc'
        $s = New-DomainSnapshot -DomainName test -Xml '<domainsnapshot><name>ignored</name></domainsnapshot>' -Name replaced -Description new -PassThru
        $s.Name | Should -Be 'replaced'
        $s.Description | Should -Be 'new'
        New-DomainSnapshot -DomainName test -Xml '<domain/>' -ErrorVariable err -ErrorAction SilentlyContinue -Name bad
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewDomainSnapshotCommand'
    }

    It 'accepts one -Name only where one snapshot is meant' {
        { New-DomainSnapshot -DomainName test -Name a, b } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.NewDomainSnapshotCommand'
        { Restore-DomainSnapshot -DomainName test -Name a, b } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.RestoreDomainSnapshotCommand'
    }

    It 'refuses a piped connection with a clear binding error' {
        Get-Hypervisor | Get-DomainSnapshot -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,PSLibvirt.Commands.GetDomainSnapshotCommand'
    }

    It 'formats as a table of Domain, Name, CreationTime, State, Parent, IsCurrent, and a list of everything' {
        New-DomainSnapshot -DomainName test -Name fmt
        $table = Get-DomainSnapshot -DomainName test | Format-Table | Out-String
        $table | Should -Match 'Domain\s+Name\s+CreationTime\s+State\s+Parent\s+IsCurrent'
        $table | Should -Match 'test\s+fmt\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+running\s+True'
        $list = Get-DomainSnapshot -DomainName test | Format-List | Out-String
        foreach ($p in 'DomainUuid', 'Description', 'HasMetadata', 'Children', 'Hypervisor') { $list | Should -Match "$p\s+:" }
    }

    It 'completes snapshot names of the domain typed, and of every domain otherwise' {
        'alpha', 'beta' | ForEach-Object { New-DomainSnapshot -DomainName test -Name $_ }
        $line = 'Get-DomainSnapshot -DomainName test -Name a'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'alpha'
        $line = 'Remove-DomainSnapshot -Domain (Get-Domain test) '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'alpha', 'beta'
        $line = 'Restore-DomainSnapshot -Name b'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'beta'
        $line = 'Get-DomainSnapshot -DomainName nope -Name '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
    }
}

Describe 'New-DomainSnapshot -AsJob' -Tag 'Snapshot' {
    BeforeEach { $null = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'snap-job' }
    AfterEach { Get-Job | Where-Object PSJobTypeName -EQ 'PSLibvirtJob' | Remove-Job -Force; Get-Hypervisor | Disconnect-Hypervisor }

    It 'returns one job with a child per domain; Receive-Job writes the snapshots -PassThru would' {
        $job = New-DomainSnapshot -DomainName web1, db1 -Name nightly -PassThru -AsJob
        $job.PSJobTypeName | Should -Be 'PSLibvirtJob'
        $job.ChildJobs.Count | Should -Be 2
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Completed'
        $out = @($job | Receive-Job)
        $out.Name | Should -Be @('nightly', 'nightly')
        $out.Domain | Should -Be @('web1', 'db1')
        (Get-DomainSnapshot -DomainName web1, db1 -Name nightly).IsCurrent | Should -Be @($true, $true)
    }

    It 'asks and looks up in the session: a missing domain is an error at once, -WhatIf makes no job' {
        $job = New-DomainSnapshot -DomainName nope, web1 -Name n2 -AsJob -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.NewDomainSnapshotCommand'
        $job.ChildJobs.Count | Should -Be 1
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Completed'
        New-DomainSnapshot -DomainName db1 -Name n3 -AsJob -WhatIf | Should -BeNullOrEmpty
        Get-DomainSnapshot -DomainName db1 -Name n3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a snapshot libvirt refuses fails its child job with the foreground error id' {
        # The test driver refuses disk-only snapshots.
        $job = New-DomainSnapshot -DomainName web1 -Name disk -DiskOnly -AsJob
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $null = $job | Receive-Job -ErrorVariable jerr -ErrorAction SilentlyContinue
        $jerr[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewDomainSnapshotCommand'
        Get-DomainSnapshot -DomainName web1 -Name disk -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Snapshots of several domains and connections' -Tag 'Snapshot' {
    BeforeEach {
        $a = Connect-Hypervisor -Uri 'test:///default' -Name 'snap-a'
        $b = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'snap-b'
    }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'a pipeline of two domain names where one is missing: DomainNotFound for it, the other is snapshotted' {
        'nope', 'web1' | New-DomainSnapshot -Name s -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.NewDomainSnapshotCommand'
        $err[0].TargetObject | Should -Be 'nope'
        (Get-DomainSnapshot -DomainName web1).Name | Should -Be 's'
        'web1', 'nope' | Get-DomainSnapshot -ErrorVariable err -ErrorAction SilentlyContinue | ForEach-Object Domain | Should -Be 'web1'
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainSnapshotCommand'
    }

    It 'a pipeline of two domains where the snapshot exists on one: the other fails, the first is reverted' {
        Get-Domain web1, db1 | Where-Object State -NE Running | Start-Domain
        New-DomainSnapshot -DomainName web1 -Name base
        Stop-Domain -Name web1, db1 -Force -Confirm:$false
        Get-Domain web1, db1 | Restore-DomainSnapshot -Name base -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainSnapshotNotFound,PSLibvirt.Commands.RestoreDomainSnapshotCommand'
        $err[0].Exception.Message | Should -Match "'db1'"
        (Get-Domain web1).State | Should -Be 'Running'
        (Get-Domain db1).State | Should -Be 'ShutOff'
    }

    It 'snapshot objects act on their own domain and connection, whatever the default connection' {
        New-DomainSnapshot -Connection $a -DomainName test -Name same
        New-DomainSnapshot -Connection $b -DomainName web1 -Name same
        New-DomainSnapshot -Connection $b -DomainName db1 -Name other
        $fromB = Get-Domain -Connection $b | Get-DomainSnapshot
        $fromB.Hypervisor.Name | Select-Object -Unique | Should -Be 'snap-b'
        ($fromB | Sort-Object Domain).Domain | Should -Be 'db1', 'web1'
        (Get-Hypervisor -Default).Name | Should -Be 'snap-b'
        Set-Variable -Name x -Value (Connect-Hypervisor -Uri 'test:///default' -Name 'snap-c') # a third default
        $fromB | Remove-DomainSnapshot -Confirm:$false
        Get-Domain -Connection $b | Get-DomainSnapshot | Should -BeNullOrEmpty
        (Get-DomainSnapshot -Connection $a -DomainName test).Name | Should -Be 'same'
    }

    It 'a domain name on two connections is AmbiguousDomainName; -Connection picks one' {
        $c = Connect-Hypervisor -Uri "test://$nodeFile" -Name 'snap-b2'
        New-DomainSnapshot -Connection $b, $c -DomainName web1 -Name s -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'AmbiguousDomainName,PSLibvirt.Commands.NewDomainSnapshotCommand'
        Get-DomainSnapshot -Connection $b -DomainName web1 | Should -BeNullOrEmpty
        New-DomainSnapshot -Connection $c -DomainName web1 -Name s
        (Get-DomainSnapshot -Connection $c -DomainName web1).Name | Should -Be 's'
    }
}

Describe 'Snapshots on the private libvirtd test driver (virsh is the oracle)' -Tag 'Snapshot' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            # test:///default in the daemon is one instance that every client shares (a node file is one per open)
            $uri = $daemon.TestUri
            # held for the whole block: the daemon frees the shared instance when its last client goes
            $h = Connect-Hypervisor -Uri $uri -Name 'snap-d'
        }
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $uri }; 'Invoke-Virsh:As' = 'Lines' }
    }
    AfterAll {
        Get-Hypervisor | Disconnect-Hypervisor
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'virsh sees the snapshots taken, the current one and the parents' {
        'p', 'q' | ForEach-Object { New-DomainSnapshot -DomainName test -Name $_ -Description "desc $_" }
        Invoke-Virsh 'snapshot-list', 'test', '--name' | Should -Be 'p', 'q'
        Invoke-Virsh 'snapshot-current', 'test', '--name' | Should -Be 'q'
        Invoke-Virsh 'snapshot-parent', 'test', 'q' | Should -Be 'p'
        # and the other way round: what virsh creates, Get-DomainSnapshot reads
        $null = Invoke-Virsh 'snapshot-create-as', 'test', 'r', '--description', 'by virsh'
        $r = Get-DomainSnapshot -DomainName test -Name r
        $r.Parent | Should -Be 'q'
        $r.Description | Should -Be 'by virsh'
        $r.IsCurrent | Should -BeTrue
        (Get-DomainSnapshot -DomainName test).Name | Sort-Object | Should -Be (Invoke-Virsh 'snapshot-list', 'test', '--name' | Sort-Object)
    }

    It 'virsh sees a revert and the deletions' {
        Restore-DomainSnapshot -DomainName test -Name p -Confirm:$false
        Invoke-Virsh 'snapshot-current', 'test', '--name' | Should -Be 'p'
        Remove-DomainSnapshot -DomainName test -Name q -Children -Confirm:$false
        Invoke-Virsh 'snapshot-list', 'test', '--name' | Should -Be 'p'
        Get-DomainSnapshot -DomainName test | Remove-DomainSnapshot -WhatIf
        Invoke-Virsh 'snapshot-list', 'test', '--name' | Should -Be 'p'
        Get-DomainSnapshot -DomainName test | Remove-DomainSnapshot -Confirm:$false
        Invoke-Virsh 'snapshot-list', 'test', '--name' | Should -BeNullOrEmpty
    }
}
