#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Device events of a hot-plug: a USB tablet attached to and detached from a running QEMU guest of the private
# libvirtd (USB devices leave at once, without the guest's help, so a guest with nothing to boot will do), with
# virsh event on the same daemon as the oracle.

BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    function Get-Received([string] $Id) { @(Get-Event -SourceIdentifier $Id -ErrorAction SilentlyContinue | ForEach-Object { $_.SourceEventArgs.Event } | Sort-Object Sequence) }
}

Describe 'Device events of a hot-plug (private libvirtd, QEMU)' -Tag 'Events', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $guest = 'pslv-hotplug-' + [IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 6)
            $xml = Join-Path $daemon.Directory "$guest.xml"
            Set-Content $xml ((New-TestGuestXml -Name $guest) -replace "<controller type='usb' model='none'/>", "<controller type='usb' model='qemu-xhci'/>")
            $null = Invoke-Virsh $daemon.Uri 'define', $xml
            $null = Invoke-Virsh $daemon.Uri 'start', $guest
            $device = Join-Path $daemon.Directory 'tablet.xml'
            Set-Content $device "<input type='tablet' bus='usb'><alias name='ua-pslv-tablet'/></input>"
            $q = Connect-Hypervisor -Uri $daemon.Uri -Name evdev -NotDefault
        }
    }
    AfterAll {
        Get-EventSubscriber | Unregister-Event
        Get-Event | Remove-Event -ErrorAction Ignore
        if ($q) { Disconnect-Hypervisor -Connection $q }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'DeviceAdded and DeviceRemoved arrive with the device''s alias, as virsh event prints them' {
        $out = Join-Path $daemon.Directory 'device-events.log'
        $virsh = Start-Process -FilePath virsh -ArgumentList '-c', $daemon.Uri, 'event', '--domain', $guest, '--all', '--loop', '--timeout', '120' -RedirectStandardOutput $out -PassThru
        try {
            $null = Register-DomainEvent -Connection $q -SourceIdentifier devices -EventType DeviceAdded, DeviceRemoved, DeviceRemovalFailed -Domain $guest
            Wait-Until { $null = Invoke-Virsh $daemon.Uri 'desc', $guest, '--config', '--title', 'probe'; (Get-Content $out -Raw) -match 'metadata' } -TimeoutSeconds 30 -What 'virsh event to listen'
            $null = Invoke-Virsh $daemon.Uri 'attach-device', $guest, $device, '--live'
            Wait-Until { @(Get-Received devices).Count -ge 1 } -TimeoutSeconds 30 -What 'the device-added event'
            $null = Invoke-Virsh $daemon.Uri 'detach-device', $guest, $device, '--live'
            Wait-Until { @(Get-Received devices).Count -ge 2 -and (Get-Content $out -Raw) -match 'device-removed' } -TimeoutSeconds 30 -What 'the device-removed event on both sides'
            $seen = Get-Received devices
            @($seen | ForEach-Object { "$($_.EventType) $($_.DeviceAlias)" }) | Should -Be @('DeviceAdded ua-pslv-tablet', 'DeviceRemoved ua-pslv-tablet')
            $seen[0].Domain | Should -Be $guest
            $seen[0].Uuid | Should -Be ([guid](Invoke-Virsh $daemon.Uri 'domuuid', $guest))
            # virsh: "event 'device-added' for domain 'x': ua-pslv-tablet"
            @(Get-Content $out | Where-Object { $_ -match "event '(device-added|device-removed)'" } | ForEach-Object { $_ -replace "^event '([a-z-]+)' for domain '[^']+': ", '$1 ' }) |
                Should -Be @('device-added ua-pslv-tablet', 'device-removed ua-pslv-tablet')
            Invoke-Virsh $daemon.Uri 'dumpxml', $guest | Should -Not -Match 'ua-pslv-tablet' -Because 'the tablet is gone from the live definition'
        } finally {
            if (-not $virsh.HasExited) { $virsh.Kill() }
            $virsh.Dispose()
        }
    }
}
