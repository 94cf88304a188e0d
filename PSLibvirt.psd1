@{
    RootModule           = 'PSLibvirt.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3c2e-7d4a-4f39-9a43-2f1c8e6d9a10'
    Author               = 'PSLibvirt contributors'
    CompanyName          = 'PSLibvirt'
    Copyright            = '(c) PSLibvirt contributors. MIT License.'
    Description          = 'Manage libvirt (KVM/QEMU, Xen, LXC and more) from PowerShell: connections, domains, storage, networks, with typed objects, a Libvirt drive and full help.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @(
        'Formats/Hypervisor.format.ps1xml'
        'Formats/Domain.format.ps1xml'
        'Formats/Storage.format.ps1xml'
        'Formats/Provider.format.ps1xml'
        'Formats/DomainSnapshot.format.ps1xml'
    )
    TypesToProcess       = @('PSLibvirt.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-Hypervisor'
        'Disconnect-Hypervisor'
        'Get-Hypervisor'
        'Get-HypervisorCapability'
        'Get-NodeInfo'
        'Get-Domain'
        'Start-Domain'
        'Stop-Domain'
        'Restart-Domain'
        'Suspend-Domain'
        'Resume-Domain'
        'Save-Domain'
        'Restore-Domain'
        'Wait-Domain'
        'New-Domain'
        'Remove-Domain'
        'Get-DomainXml'
        'Set-Domain'
        'Get-DomainSnapshot'
        'New-DomainSnapshot'
        'Restore-DomainSnapshot'
        'Remove-DomainSnapshot'
        'Get-DomainSnapshotXml'
        'Build-StoragePool'
        'Clear-StorageVolume'
        'Copy-StorageVolume'
        'Export-StorageVolume'
        'Find-StoragePoolSource'
        'Get-StoragePool'
        'Get-StoragePoolXml'
        'Get-StorageVolume'
        'Get-StorageVolumeXml'
        'Import-StorageVolume'
        'New-StoragePool'
        'New-StorageVolume'
        'Remove-StoragePool'
        'Remove-StorageVolume'
        'Resize-StorageVolume'
        'Set-StoragePool'
        'Start-StoragePool'
        'Stop-StoragePool'
        'Update-StoragePool'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('libvirt', 'KVM', 'QEMU', 'virtualization', 'Linux', 'virsh')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
