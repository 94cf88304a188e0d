#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# External snapshots on a real QEMU guest (private libvirtd, tests/harness; a qcow2 disk, nothing to boot), on this
# machine's libvirt 9.0: it deletes external snapshots (committing the overlay) but cannot revert to one ("revert to
# external snapshot not supported yet"; 9.7 can), so Restore-DomainSnapshot refuses an external snapshot before asking
# libvirt. Each step is checked against the disk's backing chain (qemu-img info --backing-chain) and virsh on the same URI.

Describe 'External snapshots on QEMU' -Tag 'Domain', 'Snapshot', 'Lifecycle' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
        Import-Module $modulePath -Force -ErrorAction Stop
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported -and -not (Get-Command qemu-img -ErrorAction Ignore)) {
            $support = [pscustomobject]@{ Supported = $false; Reason = "'qemu-img' is not installed (apt-get install qemu-utils)" }
        }
        $daemon = $null
        $guest = 'pslv-extsnap-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }

        function Get-VirshSnapshots { @((Invoke-Virsh 'snapshot-list', $guest, '--name') -split "`n" | Where-Object { $_ }) }
        # The active image of vda as virsh domblklist says, and its whole chain as qemu-img reads the files (-U: the
        # running QEMU holds the lock).
        function Get-ActiveImage {
            $line = @((Invoke-Virsh 'domblklist', $guest) -split "`n" | Where-Object { $_ -match '^\s*vda\s' })
            ($line[0] -split '\s+' | Where-Object { $_ })[1]
        }
        function Get-Chain {
            $json = & qemu-img info --backing-chain -U --output=json (Get-ActiveImage)
            if ($LASTEXITCODE) { throw "qemu-img info failed ($LASTEXITCODE)" }
            @(($json | Out-String | ConvertFrom-Json) | ForEach-Object filename)
        }

        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $base = Join-Path $daemon.Directory "$guest.qcow2"
            & qemu-img create -q -f qcow2 $base 16M
            if ($LASTEXITCODE) { throw "qemu-img create failed ($LASTEXITCODE)" }
            $diskXml = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$base'/><target dev='vda' bus='virtio'/></disk>"
            Start-TestGuest -Daemon $daemon -Name $guest -Xml ((New-TestGuestXml -Name $guest) -replace '<devices>', "<devices>$diskXml")
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-extsnap'
            $libvirtVersion = [version]((Invoke-Virsh 'version', '--daemon') -split "`n" | Where-Object { $_ -match 'Running against daemon: (\d+\.\d+\.\d+)' } | ForEach-Object { $Matches[1] } | Select-Object -First 1)
        }
    }

    AfterAll {
        if ($daemon) {
            try { Invoke-Virsh 'destroy', $guest | Out-Null } catch { }
            try { Invoke-Virsh 'undefine', $guest, '--snapshots-metadata' | Out-Null } catch { }
        }
        if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'New-DomainSnapshot -DiskOnly takes an external snapshot: a new overlay on top of the base, as virsh sees it' {
        $libvirtVersion | Should -Not -BeNullOrEmpty -Because 'virsh version --daemon names the daemon''s libvirt'
        New-DomainSnapshot -DomainName $guest -Name ext1 -DiskOnly -Connection $conn -ErrorAction Stop
        Get-VirshSnapshots | Should -Be @('ext1')
        ([xml]((Invoke-Virsh 'snapshot-dumpxml', $guest, 'ext1') -join "`n")).domainsnapshot.disks.disk.snapshot | Should -Be 'external'
        $chain = Get-Chain
        $chain.Count | Should -Be 2
        $chain[1] | Should -Be $base
    }

    It 'Restore-DomainSnapshot refuses the external snapshot before libvirt, says why and what to do, and nothing changes' {
        if ($libvirtVersion -ge [version]'9.7.0') { Set-ItResult -Skipped -Because "libvirt $libvirtVersion reverts external snapshots itself" }
        $chain = Get-Chain
        Restore-DomainSnapshot -DomainName $guest -Name ext1 -Connection $conn -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'ExternalSnapshotRevertUnsupported,PSLibvirt.Commands.RestoreDomainSnapshotCommand'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $e[0].Exception.Message | Should -Match 'external \(disk vda\)'
        $e[0].Exception.Message | Should -Match 'libvirt 9\.\d+\.\d+ cannot revert'
        $e[0].Exception.Message | Should -Match 'Merge-DomainDisk'
        $e[0].Exception.Message | Should -Match 'MetadataOnly'
        "$($e[0].TargetObject)" | Should -Match 'ext1'
        Get-Chain | Should -Be $chain
        Get-VirshSnapshots | Should -Be @('ext1')
        Invoke-Virsh 'domstate', $guest | Should -Match 'running'
        # libvirt itself says the same (the reason the cmdlet does not ask it)
        { Invoke-Virsh 'snapshot-revert', $guest, 'ext1' } | Should -Throw '*revert to external snapshot not supported*'
    }

    It 'a piped external snapshot is refused the same way' {
        if ($libvirtVersion -ge [version]'9.7.0') { Set-ItResult -Skipped -Because "libvirt $libvirtVersion reverts external snapshots itself" }
        $chain = Get-Chain
        Get-DomainSnapshot -DomainName $guest -Connection $conn | Restore-DomainSnapshot -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ExternalSnapshotRevertUnsupported,PSLibvirt.Commands.RestoreDomainSnapshotCommand'
        Get-Chain | Should -Be $chain
    }

    It 'Remove-DomainSnapshot -Children of an external snapshot with an external child is refused by libvirt, and nothing changes' {
        New-DomainSnapshot -DomainName $guest -Name ext2 -DiskOnly -Connection $conn -ErrorAction Stop
        $chain = Get-Chain
        $chain.Count | Should -Be 3
        Remove-DomainSnapshot -DomainName $guest -Name ext1 -Children -Connection $conn -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.RemoveDomainSnapshotCommand'
        $e[0].Exception.Message | Should -Match 'external children disk snapshots not supported'
        Get-Chain | Should -Be $chain
        Get-VirshSnapshots | Should -Be @('ext1', 'ext2')
    }

    It 'Remove-DomainSnapshot of the newest external snapshot commits its overlay (libvirt 9.0 can): the chain is one shorter' {
        $chain = Get-Chain
        Remove-DomainSnapshot -DomainName $guest -Name ext2 -Connection $conn -Confirm:$false -ErrorAction Stop
        Get-VirshSnapshots | Should -Be @('ext1')
        $after = Get-Chain
        $after.Count | Should -Be 2
        $after | Should -Be $chain[1..2]
        Get-ActiveImage | Should -Be $chain[1]
    }

    It 'Remove-DomainSnapshot -MetadataOnly forgets the snapshot and leaves the chain as it is' {
        $chain = Get-Chain
        Remove-DomainSnapshot -DomainName $guest -Name ext1 -MetadataOnly -Connection $conn -Confirm:$false -ErrorAction Stop
        Get-VirshSnapshots | Should -BeNullOrEmpty
        Get-Chain | Should -Be $chain
    }
}
