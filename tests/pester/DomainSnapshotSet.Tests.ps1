#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Set-DomainSnapshot (virsh snapshot-edit, snapshot-current): the description, the current snapshot, the whole XML,
# redefined with VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE. Breadth and errors on test:///default; on the private libvirtd's
# test driver virsh snapshot-dumpxml and snapshot-current on the same URI are the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Set-DomainSnapshot on test:///default' -Tag 'Snapshot' {
    BeforeAll {
        $c = Connect-Hypervisor -Uri test:///default -Name 'snapset-t'
        New-DomainSnapshot -DomainName test -Name a -Description 'first' -Connection $c | Out-Null
        New-DomainSnapshot -DomainName test -Name b -Connection $c | Out-Null
        $PSDefaultParameterValues = @{ '*-DomainSnapshot*:Connection' = $c; '*-DomainSnapshot*:DomainName' = 'test' }
    }
    AfterAll { if ($c) { Disconnect-Hypervisor -Connection $c -Confirm:$false -ErrorAction SilentlyContinue } }

    It 'sets a description, keeping the rest of the snapshot (parent, state, time, current)' {
        $before = Get-DomainSnapshot -Name a
        $s = Set-DomainSnapshot -Name a -Description 'second & <third>' -PassThru
        $s.Description | Should -Be 'second & <third>'
        $s.Name | Should -Be 'a'
        $s.CreationTime | Should -Be $before.CreationTime
        $s.State | Should -Be $before.State
        $s.IsCurrent | Should -BeFalse
        (Get-DomainSnapshot -Name b).Parent | Should -Be 'a'
        (Get-DomainSnapshot -Name b).IsCurrent | Should -BeTrue
        ([xml](Get-DomainSnapshotXml -Name a)).domainsnapshot.description | Should -Be 'second & <third>'
    }

    It 'adds a description to a snapshot without one, and an empty string removes it; the current snapshot stays current' {
        (Set-DomainSnapshot -Name b -Description 'now described' -PassThru).Description | Should -Be 'now described'
        (Get-DomainSnapshot -Name b).IsCurrent | Should -BeTrue
        $s = Set-DomainSnapshot -Name b -Description '' -PassThru
        $s.Description | Should -BeNullOrEmpty
        $s.IsCurrent | Should -BeTrue
        ([xml](Get-DomainSnapshotXml -Name b)).domainsnapshot.SelectSingleNode('description') | Should -BeNullOrEmpty
    }

    It '-Current makes a snapshot current, and only it' {
        Set-DomainSnapshot -Name a -Current
        (Get-DomainSnapshot | Where-Object IsCurrent).Name | Should -Be 'a'
        Set-DomainSnapshot -Name b -Current -Description 'both at once'
        $b = Get-DomainSnapshot -Name b
        $b.IsCurrent | Should -BeTrue
        $b.Description | Should -Be 'both at once'
        (Get-DomainSnapshot -Name a).IsCurrent | Should -BeFalse
    }

    It '-Xml replaces the XML (as snapshot-edit); a piped snapshot works too' {
        $x = Get-DomainSnapshotXml -Name a -Secure
        $edited = $x -replace '<description>[^<]*</description>', '<description>from xml</description>'
        $snapshot = Get-DomainSnapshot -Name a
        $PSDefaultParameterValues['Disabled'] = $true
        try { $snapshot | Set-DomainSnapshot -Xml $edited } finally { $PSDefaultParameterValues.Remove('Disabled') }
        (Get-DomainSnapshot -Name a).Description | Should -Be 'from xml'
    }

    It 'a renamed -Xml is refused with the snapshot as target and nothing changes' {
        $x = Get-DomainSnapshotXml -Name a -Secure
        Set-DomainSnapshot -Name a -Xml ($x -replace '<name>a</name>', '<name>renamed</name>') -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'SnapshotRenameRefused,PSLibvirt.Commands.SetDomainSnapshotCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].Exception.Message | Should -Match "'renamed'"
        "$($e[0].TargetObject)" | Should -Match 'a'
        (Get-DomainSnapshot).Name | Should -Not -Contain 'renamed'
        Get-DomainSnapshotXml -Name a -Secure | Should -Be $x
    }

    It 'bad arguments are terminating InvalidArgument errors before anything changes' {
        { Set-DomainSnapshot -Name a } | Should -Throw -ErrorId 'NothingToChange,PSLibvirt.Commands.SetDomainSnapshotCommand'
        { Set-DomainSnapshot -Name a -Xml '<domain/>' } | Should -Throw -ErrorId 'InvalidSnapshotXml,PSLibvirt.Commands.SetDomainSnapshotCommand'
        { Set-DomainSnapshot -Name a -Xml '<domainsnapshot><description>x</description></domainsnapshot>' } | Should -Throw -ErrorId 'InvalidSnapshotXml,PSLibvirt.Commands.SetDomainSnapshotCommand'
        { Set-DomainSnapshot -Name a -Xml 'not xml' } | Should -Throw -ErrorId 'InvalidSnapshotXml,PSLibvirt.Commands.SetDomainSnapshotCommand'
        { Set-DomainSnapshot -Name a -Xml '<domainsnapshot><name>a</name></domainsnapshot>' -Description d } | Should -Throw -ErrorId 'XmlAndDescription,PSLibvirt.Commands.SetDomainSnapshotCommand'
        (Get-DomainSnapshot -Name a).Description | Should -Be 'from xml'
    }

    It 'a missing snapshot is DomainSnapshotNotFound, and the next name is still changed' {
        Set-DomainSnapshot -Name nosuch, a -Description 'after a miss' -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'DomainSnapshotNotFound,*'
        (Get-DomainSnapshot -Name a).Description | Should -Be 'after a miss'
    }

    It '-WhatIf changes nothing' {
        Set-DomainSnapshot -Name a -Description 'what if' -Current -WhatIf
        (Get-DomainSnapshot -Name a).Description | Should -Be 'after a miss'
        (Get-DomainSnapshot -Name a).IsCurrent | Should -BeFalse
    }
}

Describe 'Set-DomainSnapshot on the private libvirtd test driver (virsh is the oracle)' -Tag 'Snapshot' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $uri = $daemon.TestUri
            # held for the whole block: the daemon frees the shared instance when its last client goes
            $h = Connect-Hypervisor -Uri $uri -Name 'snapset-d'
            $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $uri }; 'Invoke-Virsh:As' = 'Lines'
                '*-DomainSnapshot*:Connection' = $h; '*-DomainSnapshot*:DomainName' = 'test' }
            $null = Invoke-Virsh 'snapshot-create-as', 'test', 'p', '--description', 'by virsh'
            $null = Invoke-Virsh 'snapshot-create-as', 'test', 'q'
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'virsh snapshot-dumpxml sees the new description, and nothing else of the XML changed' {
        $before = (Invoke-Virsh 'snapshot-dumpxml', 'test', 'p') -join "`n"
        Set-DomainSnapshot -Name p -Description 'set by PSLibvirt'
        $after = (Invoke-Virsh 'snapshot-dumpxml', 'test', 'p') -join "`n"
        ([xml]$after).domainsnapshot.description | Should -Be 'set by PSLibvirt'
        ($after -replace '<description>[^<]*</description>', '') | Should -Be ($before -replace '<description>[^<]*</description>', '')
        Invoke-Virsh 'snapshot-current', 'test', '--name' | Should -Be 'q'
    }

    It 'virsh snapshot-current sees -Current; what virsh makes current, Get-DomainSnapshot reads' {
        Set-DomainSnapshot -Name p -Current
        Invoke-Virsh 'snapshot-current', 'test', '--name' | Should -Be 'p'
        $null = Invoke-Virsh 'snapshot-current', 'test', 'q'
        (Get-DomainSnapshot -Name q).IsCurrent | Should -BeTrue
        (Get-DomainSnapshot -Name p).IsCurrent | Should -BeFalse
    }

    It '-Xml redefines as virsh snapshot-edit would: the edited XML is what virsh dumps' {
        $x = Get-DomainSnapshotXml -Name q -Secure
        $edited = $x -replace '</name>', '</name><description>edited xml</description>'
        Set-DomainSnapshot -Name q -Xml $edited
        ([xml]((Invoke-Virsh 'snapshot-dumpxml', 'test', 'q') -join "`n")).domainsnapshot.description | Should -Be 'edited xml'
        Invoke-Virsh 'snapshot-current', 'test', '--name' | Should -Be 'q'
        Invoke-Virsh 'snapshot-parent', 'test', 'q' | Should -Be 'p'
    }
}
