#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Domain snapshots on a real QEMU guest (private libvirtd, tests/harness): internal snapshots of a running guest
# with a qcow2 disk (nothing to boot), each step checked with virsh on the same URI.

Describe 'Domain snapshots on QEMU' -Tag 'Domain', 'Snapshot', 'Lifecycle' {
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
        $guest = 'pslv-snap-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')

        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        function Get-VirshSnapshots { @((Invoke-Virsh 'snapshot-list', $guest, '--name') -split "`n" | Where-Object { $_ }) }

        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $disk = Join-Path $daemon.Directory "$guest.qcow2"
            & qemu-img create -q -f qcow2 $disk 16M
            if ($LASTEXITCODE) { throw "qemu-img create failed ($LASTEXITCODE)" }
            # Internal snapshots of a running guest (savevm) need every disk in qcow2.
            $diskXml = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$disk'/><target dev='vda' bus='virtio'/></disk>"
            $xmlPath = Join-Path $daemon.Directory "$guest.xml"
            Set-Content -LiteralPath $xmlPath -Value ((New-TestGuestXml -Name $guest) -replace '<devices>', "<devices>$diskXml")
            Invoke-Virsh 'define', $xmlPath | Out-Null
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-snap'
            Start-Domain -Name $guest -Connection $conn -ErrorAction Stop
        }
    }

    AfterAll {
        if ($daemon) {
            try { Invoke-Virsh 'destroy', $guest | Out-Null } catch { }
            try { Invoke-Virsh 'undefine', $guest, '--snapshots-metadata' | Out-Null } catch { }
        }
        if ($conn) { Disconnect-Hypervisor -Connection $conn -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'takes an internal snapshot of the running guest, as virsh sees it' {
        $s = New-DomainSnapshot -DomainName $guest -Name 'before' -Description 'running, nothing changed' -Connection $conn -PassThru -ErrorAction Stop
        $s.Name | Should -Be 'before'
        $s.State | Should -Be 'running'
        $s.Memory | Should -Be 'internal'
        $s.IsCurrent | Should -BeTrue
        Get-VirshSnapshots | Should -Be @('before')
        Invoke-Virsh 'snapshot-current', $guest, '--name' | Should -Be 'before'
        (Get-DomainSnapshot -DomainName $guest -Connection $conn).Description | Should -Be 'running, nothing changed'
    }

    It 'takes a child snapshot of the paused guest, with the first as its parent' {
        Suspend-Domain -Name $guest -Connection $conn -ErrorAction Stop
        $s = New-DomainSnapshot -DomainName $guest -Name 'paused' -Connection $conn -PassThru -ErrorAction Stop
        $s.State | Should -Be 'paused'
        $s.Parent | Should -Be 'before'
        Invoke-Virsh 'snapshot-parent', $guest, 'paused' | Should -Be 'before'
        @(Get-DomainSnapshot -DomainName $guest -Connection $conn).Name | Should -Be @('before', 'paused')
    }

    It 'reverts to the running snapshot: the paused guest runs again' {
        Invoke-Virsh 'domstate', $guest | Should -Be 'paused'
        $d = Get-DomainSnapshot -DomainName $guest -Name 'before' -Connection $conn |
            Restore-DomainSnapshot -Confirm:$false -PassThru -ErrorAction Stop
        $d.State | Should -Be ([PSLibvirt.DomainState]::Running)
        Invoke-Virsh 'domstate', $guest | Should -Be 'running'
        Invoke-Virsh 'snapshot-current', $guest, '--name' | Should -Be 'before'
    }

    It '-WhatIf removes nothing; -Children removes the snapshot and its child' {
        Remove-DomainSnapshot -DomainName $guest -Name 'before' -Children -Connection $conn -WhatIf
        Get-VirshSnapshots | Should -Be @('before', 'paused')
        Remove-DomainSnapshot -DomainName $guest -Name 'before' -Children -Connection $conn -Confirm:$false -ErrorAction Stop
        Get-VirshSnapshots | Should -BeNullOrEmpty
        Get-DomainSnapshot -DomainName $guest -Connection $conn | Should -BeNullOrEmpty
        Invoke-Virsh 'domstate', $guest | Should -Be 'running'
    }
}
