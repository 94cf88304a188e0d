# A short tour of PSLibvirt, run by `./build.ps1 Shell` when no terminal is attached.
# It assumes Connect-Hypervisor already ran (the Shell task connects to $env:LIBVIRT_DEFAULT_URI or test:///default).
$ErrorActionPreference = 'Stop'

Write-Host '# The open connections' -ForegroundColor Cyan
Get-Hypervisor | Format-Table | Out-String | Write-Host

Write-Host '# The host (virsh nodeinfo)' -ForegroundColor Cyan
Get-NodeInfo | Format-List | Out-String | Write-Host

Write-Host '# What it can run (virsh capabilities)' -ForegroundColor Cyan
(Get-HypervisorCapability).Guests | Format-Table | Out-String | Write-Host
