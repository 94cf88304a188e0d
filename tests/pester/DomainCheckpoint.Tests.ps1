#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Checkpoints (Get/New/Remove-DomainCheckpoint, Get-DomainCheckpointXml): breadth and errors on test:///default (the
# test driver keeps checkpoints in its metadata), and on a real QEMU guest of the private libvirtd, where QEMU keeps a
# dirty bitmap per disk, with virsh checkpoint-list/-dumpxml on the same daemon as the oracle.

BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $testUuid = [guid]'6695eb01-f6a4-8304-79aa-97f2502e193f'
}

Describe 'Checkpoints on test:///default' -Tag 'Checkpoint' {
    BeforeEach { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'ckpt-t' }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor }

    It 'creates a checkpoint with a name and description; -PassThru writes it with every property, as its XML says' {
        $before = [DateTime]::Now.AddSeconds(-2)
        $c = New-DomainCheckpoint -DomainName test -Name first -Description 'before <upgrade> & co' -PassThru
        $c | Should -BeOfType ([PSLibvirt.DomainCheckpoint])
        $c.Name | Should -Be 'first'
        $c.Domain | Should -Be 'test'
        $c.DomainUuid | Should -Be $testUuid
        $c.Description | Should -Be 'before <upgrade> & co'
        $c.Parent | Should -BeNullOrEmpty
        $c.Children | Should -Be 0
        $c.Hypervisor.Name | Should -Be 'ckpt-t'
        $c.CreationTime | Should -BeGreaterOrEqual $before
        @($c.Disks).Count | Should -Be 1
        $c.Disks[0].Name | Should -Be 'vda'
        $c.Disks[0].Checkpoint | Should -Be 'bitmap'
        $c.Disks[0].Bitmap | Should -Be 'first'
        $xml = Get-DomainCheckpointXml -DomainName test -Name first -AsXml
        $xml | Should -BeOfType ([xml])
        $xml.domaincheckpoint.description | Should -Be 'before <upgrade> & co'
        $c.CreationTime | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds([long]$xml.domaincheckpoint.creationTime).LocalDateTime)
        $xml.domaincheckpoint.domain.name | Should -Be 'test' -Because 'the saved domain definition is in the XML by default'
        $text = Get-DomainCheckpointXml -DomainName test -Name first -NoDomain
        $text | Should -BeOfType ([string])
        $text | Should -Not -Match '<domain '
        New-DomainCheckpoint -DomainName test | Should -BeNullOrEmpty -Because 'nothing is written without -PassThru'
        (Get-DomainCheckpoint -DomainName test | Where-Object Name -ne first).Name | Should -Match '^\d+$' -Because 'libvirt names an unnamed checkpoint after the time'
    }

    It 'lists a chain in order with parents and child counts; -From, -Descendants, -Roots, -Leaves and wildcards select from it' {
        'a', 'b', 'c' | ForEach-Object { New-DomainCheckpoint -DomainName test -Name $_ }
        $all = Get-DomainCheckpoint -DomainName test
        $all.Name | Should -Be 'a', 'b', 'c'
        $all.Parent | Should -Be $null, 'a', 'b'
        $all.Children | Should -Be 1, 1, 0
        (Get-DomainCheckpoint -DomainName test -From a).Name | Should -Be 'b'
        (Get-DomainCheckpoint -DomainName test -From a -Descendants).Name | Should -Be 'b', 'c'
        (Get-DomainCheckpoint -DomainName test -From a -Descendants -Leaves).Name | Should -Be 'c'
        (Get-DomainCheckpoint -DomainName test -Roots).Name | Should -Be 'a'
        (Get-DomainCheckpoint -DomainName test -Leaves).Name | Should -Be 'c'
        (Get-DomainCheckpoint -DomainName test '[ab]').Name | Should -Be 'a', 'b'
        (Get-Domain test | Get-DomainCheckpoint -Name c).Parent | Should -Be 'b'
        @(Get-ChildItem ckpt-t:\Checkpoints\test).Name | Should -Be 'a', 'b', 'c'
    }

    It 'removes a checkpoint, its descendants (-Children) or only them (-ChildrenOnly), from names or piped objects' {
        'a', 'b', 'c', 'd' | ForEach-Object { New-DomainCheckpoint -DomainName test -Name $_ }
        Remove-DomainCheckpoint -DomainName test -Name c -ChildrenOnly -Confirm:$false
        (Get-DomainCheckpoint -DomainName test).Name | Should -Be 'a', 'b', 'c'
        Get-DomainCheckpoint -DomainName test -Name b | Remove-DomainCheckpoint -Children -Confirm:$false
        (Get-DomainCheckpoint -DomainName test).Name | Should -Be 'a'
        Remove-DomainCheckpoint -DomainName test -Name a -WhatIf
        (Get-DomainCheckpoint -DomainName test).Name | Should -Be 'a' -Because '-WhatIf changes nothing'
        Remove-DomainCheckpoint -DomainName test -Name a -Confirm:$false
        Get-DomainCheckpoint -DomainName test | Should -BeNullOrEmpty
    }

    It 'redefines a checkpoint from its XML after its metadata was removed' {
        New-DomainCheckpoint -DomainName test -Name keep -Description kept
        $xml = Get-DomainCheckpointXml -DomainName test -Name keep
        Remove-DomainCheckpoint -DomainName test -Name keep -MetadataOnly -Confirm:$false
        Get-DomainCheckpoint -DomainName test | Should -BeNullOrEmpty
        $c = New-DomainCheckpoint -DomainName test -Xml $xml -Redefine -PassThru
        $c.Name | Should -Be 'keep'
        $c.Description | Should -Be 'kept'
        (Get-DomainCheckpointXml -DomainName test -Name keep -AsXml).domaincheckpoint.creationTime | Should -Be ([xml]$xml).domaincheckpoint.creationTime
    }

    It 'an existing name is DomainCheckpointExists (ResourceExists) and changes nothing; the next domain is still done' {
        New-DomainCheckpoint -DomainName test -Name dup -Description one
        $err = $null
        New-DomainCheckpoint -DomainName test -Name dup -Description two -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DomainCheckpointExists,PSLibvirt.Commands.NewDomainCheckpointCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].Exception.Message | Should -Match "already has a checkpoint named 'dup'"
        (Get-DomainCheckpoint -DomainName test -Name dup).Description | Should -Be 'one'
        # The same through -Xml naming an existing checkpoint.
        { New-DomainCheckpoint -DomainName test -Xml '<domaincheckpoint><name>dup</name></domaincheckpoint>' -ErrorAction Stop } |
            Should -Throw -ErrorId 'DomainCheckpointExists,PSLibvirt.Commands.NewDomainCheckpointCommand'
    }

    It 'a checkpoint that does not exist is DomainCheckpointNotFound (ObjectNotFound) for every cmdlet, naming the domain' {
        foreach ($call in { Get-DomainCheckpoint -DomainName test -Name nope -ErrorAction Stop },
            { Get-DomainCheckpointXml -DomainName test -Name nope -ErrorAction Stop },
            { Remove-DomainCheckpoint -DomainName test -Name nope -Confirm:$false -ErrorAction Stop },
            { Get-DomainCheckpoint -DomainName test -From nope -ErrorAction Stop }) {
            $err = $null
            try { & $call } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'DomainCheckpointNotFound,*'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match "'nope'.*domain 'test'"
        }
        # A wildcard that matches nothing is no error.
        Get-DomainCheckpoint -DomainName test -Name 'nope*' -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'bad combinations are refused before anything is done' {
        { Remove-DomainCheckpoint -DomainName test -Name x -Children -ChildrenOnly -Confirm:$false } | Should -Throw -ErrorId 'ChildrenAndChildrenOnly,*'
        { New-DomainCheckpoint -DomainName test -Name x -Redefine } | Should -Throw -ErrorId 'RedefineNeedsXml,*'
        { New-DomainCheckpoint -DomainName test -Xml '<domaincheckpoint/>' -Disk vda } | Should -Throw -ErrorId 'XmlAndDisk,*'
        { Get-DomainCheckpoint -DomainName test -Descendants } | Should -Throw -ErrorId 'DescendantsNeedFrom,*'
        { New-DomainCheckpoint -DomainName test -Xml '<domainsnapshot/>' -Name x -ErrorAction Stop } | Should -Throw '*<domaincheckpoint>*'
        Get-DomainCheckpoint -DomainName test | Should -BeNullOrEmpty
    }
}

Describe 'Checkpoints of a QEMU guest against virsh (private libvirtd)' -Tag 'Checkpoint', 'Qemu' {
    BeforeAll {
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $u = $daemon.Uri
            $guest = 'pslv-ckpt'
            $devices = foreach ($t in 'vdb', 'vdc') {
                $path = Join-Path $daemon.Directory "$t.qcow2"
                $null = & qemu-img create -q -f qcow2 $path 16M
                if ($LASTEXITCODE) { throw "qemu-img create failed ($LASTEXITCODE)" }
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$path'/><target dev='$t' bus='virtio'/></disk>"
            }
            Start-TestGuest -Daemon $daemon -Name $guest -Xml ((New-TestGuestXml -Name $guest) -replace '<memballoon', "$($devices -join '')<memballoon")
            $h = Connect-Hypervisor -Uri $u -Name ckpt -NotDefault
            # virsh checkpoint-list --parent: name and parent per row ('' for a root).
            function Get-VirshCheckpoints([string[]] $Extra = @()) {
                @(Invoke-Virsh $u (@('checkpoint-list', $guest, '--parent') + $Extra) -As Lines | ForEach-Object {
                        $f = $_ -split '\s+'
                        [pscustomobject]@{ Name = $f[0]; Parent = if ($f.Count -gt 4) { $f[4] } else { '' } }
                    })
            }
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'creates a chain that virsh lists the same (--parent, --tree, --roots, --leaves, --from --descendants), with -Disk leaving the other disk out' {
        New-DomainCheckpoint -Connection $h -DomainName $guest -Name c1
        New-DomainCheckpoint -Connection $h -DomainName $guest -Name c2 -Disk vdb -Description 'vdb only'
        $c3 = New-DomainCheckpoint -Connection $h -DomainName $guest -Name c3 -PassThru
        $mine = Get-DomainCheckpoint -Connection $h -DomainName $guest
        $theirs = Get-VirshCheckpoints
        $mine.Name | Should -Be $theirs.Name
        @($mine | ForEach-Object { [string]$_.Parent }) | Should -Be $theirs.Parent
        $mine.Name | Should -Be 'c1', 'c2', 'c3'
        # --tree prints the names depth-first, each child under its parent.
        $tree = @(Invoke-Virsh $u 'checkpoint-list', $guest, '--tree' -As Lines | ForEach-Object { ($_ -replace '^[\s|+-]+', '').Trim() } | Where-Object { $_ })
        $mine.Name | Should -Be $tree
        (Get-DomainCheckpoint -Connection $h -DomainName $guest -Roots).Name | Should -Be (Invoke-Virsh $u 'checkpoint-list', $guest, '--roots', '--name' -As Lines)
        (Get-DomainCheckpoint -Connection $h -DomainName $guest -Leaves).Name | Should -Be (Invoke-Virsh $u 'checkpoint-list', $guest, '--leaves', '--name' -As Lines)
        (Get-DomainCheckpoint -Connection $h -DomainName $guest -From c1 -Descendants).Name | Should -Be (Invoke-Virsh $u 'checkpoint-list', $guest, '--from', 'c1', '--descendants', '--name' -As Lines)
        (Get-DomainCheckpoint -Connection $h -DomainName $guest -From c1).Name | Should -Be (Invoke-Virsh $u 'checkpoint-list', $guest, '--from', 'c1', '--name' -As Lines)
        # checkpoint-parent and checkpoint-info.
        $c3.Parent | Should -Be (Invoke-Virsh $u 'checkpoint-parent', $guest, 'c3')
        $info = Invoke-Virsh $u 'checkpoint-info', $guest, 'c2' -As Lines
        ($info | Where-Object { $_ -match '^Children:' }) -replace '\D', '' | Should -Be ($mine | Where-Object Name -eq c2).Children
        # The disks: c2 tracks vdb only, c1 and c3 both disks, each bitmap named after the checkpoint.
        $c2 = $mine | Where-Object Name -eq c2
        $c2.Description | Should -Be 'vdb only'
        @($c2.Disks | ForEach-Object { "$($_.Name)=$($_.Checkpoint):$($_.Bitmap)" }) | Should -Be 'vdb=bitmap:c2', 'vdc=no:'
        @($c3.Disks | ForEach-Object { "$($_.Name)=$($_.Checkpoint):$($_.Bitmap)" }) | Should -Be 'vdb=bitmap:c3', 'vdc=bitmap:c3'
        $virshDisks = ([xml](Invoke-Virsh $u 'checkpoint-dumpxml', $guest, 'c2')).domaincheckpoint.disks.disk
        @($virshDisks | ForEach-Object { "$($_.name)=$($_.checkpoint):$($_.bitmap)" }) | Should -Be 'vdb=bitmap:c2', 'vdc=no:'
    }

    It 'Get-DomainCheckpointXml is checkpoint-dumpxml (with --no-domain, --size), as text or -AsXml, by name or piped' {
        foreach ($name in 'c1', 'c2', 'c3') {
            (Get-DomainCheckpointXml -Connection $h -DomainName $guest -Name $name).TrimEnd() | Should -Be (Invoke-Virsh $u 'checkpoint-dumpxml', $guest, $name)
            (Get-DomainCheckpointXml -Connection $h -DomainName $guest -Name $name -NoDomain).TrimEnd() | Should -Be (Invoke-Virsh $u 'checkpoint-dumpxml', $guest, $name, '--no-domain')
        }
        $sized = Get-DomainCheckpoint -Connection $h -DomainName $guest -Name c1 | Get-DomainCheckpointXml -Size -NoDomain -AsXml
        $sized | Should -BeOfType ([xml])
        @($sized.domaincheckpoint.disks.disk | ForEach-Object { $_.size }) | Should -Not -Contain $null -Because '-Size adds each disk''s changed bytes'
        $sized.OuterXml | Should -Be ([xml](Invoke-Virsh $u 'checkpoint-dumpxml', $guest, 'c1', '--size', '--no-domain')).OuterXml
    }

    It 'the drive lists the checkpoints under Checkpoints\(domain), and Get-Content is the XML' {
        @(Get-ChildItem "ckpt:\Checkpoints\$guest").Name | Should -Be 'c1', 'c2', 'c3'
        (Get-Content "ckpt:\Checkpoints\$guest\c2" -Raw).Trim() | Should -Be (Invoke-Virsh $u 'checkpoint-dumpxml', $guest, 'c2')
    }

    It 'removes with -MetadataOnly, redefines from the XML, and removes the rest with -Children; virsh agrees at each step' {
        $xml = Get-DomainCheckpointXml -Connection $h -DomainName $guest -Name c3
        Remove-DomainCheckpoint -Connection $h -DomainName $guest -Name c3 -MetadataOnly -Confirm:$false
        (Get-VirshCheckpoints).Name | Should -Be 'c1', 'c2'
        New-DomainCheckpoint -Connection $h -DomainName $guest -Xml $xml -Redefine
        (Get-VirshCheckpoints).Name | Should -Be 'c1', 'c2', 'c3'
        (Get-VirshCheckpoints | Where-Object Name -eq c3).Parent | Should -Be 'c2'
        Remove-DomainCheckpoint -Connection $h -DomainName $guest -Name c1 -ChildrenOnly -Confirm:$false
        (Get-VirshCheckpoints).Name | Should -Be 'c1'
        Get-DomainCheckpoint -Connection $h -DomainName $guest | Remove-DomainCheckpoint -Children -Confirm:$false
        Get-VirshCheckpoints | Should -BeNullOrEmpty
        Get-DomainCheckpoint -Connection $h -DomainName $guest | Should -BeNullOrEmpty
    }

    It 'a -Disk the domain does not have is DiskNotFound naming the domain''s disks, and creates nothing' {
        $err = $null
        New-DomainCheckpoint -Connection $h -DomainName $guest -Name bad -Disk vdb, vdz -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DiskNotFound,PSLibvirt.Commands.NewDomainCheckpointCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match "no disk 'vdz'; its disks are vdb, vdc"
        $err[0].TargetObject | Should -Be $guest
        Get-VirshCheckpoints | Should -BeNullOrEmpty
    }
}
