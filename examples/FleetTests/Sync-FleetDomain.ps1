<#
.SYNOPSIS
    Brings the domains of a hypervisor to a desired state (an example of automation to test with Pester).
.DESCRIPTION
    Each entry of -Desired names a domain with its MemoryMB and VCpu. A missing domain is defined; a domain whose
    persistent definition differs is reconfigured (it takes effect from its next start); a matching one is left
    alone. Writes one object per entry: Name, Action (Created, Updated, Unchanged, Failed) and Detail.
    A failure for one entry is reported on that entry and the others are still processed.
.EXAMPLE
    $hv = Connect-Hypervisor -Uri qemu:///system
    ./Sync-FleetDomain.ps1 -Connection $hv -Desired @{ Name = 'web1'; MemoryMB = 2048; VCpu = 2 }
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [object[]] $Desired,
    [PSLibvirt.Hypervisor] $Connection = (Get-Hypervisor -Default)
)

foreach ($want in $Desired) {
    $result = [ordered]@{ Name = $want.Name; Action = 'Unchanged'; Detail = '' }
    try {
        $xml = Get-DomainXml -Name $want.Name -Inactive -Connection $Connection -AsXml -ErrorAction SilentlyContinue -ErrorVariable lookup
        if (-not $xml) {
            if ($lookup -and $lookup[0].FullyQualifiedErrorId -notlike 'DomainNotFound,*') { throw $lookup[0] }
            if ($PSCmdlet.ShouldProcess($want.Name, 'Create domain')) {
                $null = New-Domain -Name $want.Name -MemoryMB $want.MemoryMB -VCpu $want.VCpu -Connection $Connection -ErrorAction Stop
            }
            $result.Action = 'Created'
        }
        else {
            $memoryMB = [long]$xml.SelectSingleNode('/domain/memory').InnerText / 1024   # libvirt reports KiB
            $vcpu = [int]$xml.SelectSingleNode('/domain/vcpu').InnerText
            $changes = @{}
            if ($memoryMB -ne $want.MemoryMB) { $changes.MaxMemoryMB = $want.MemoryMB; $changes.MemoryMB = $want.MemoryMB }
            if ($vcpu -ne $want.VCpu) { $changes.VCpu = $want.VCpu }
            if ($changes.Count) {
                $result.Detail = "memory $memoryMB -> $($want.MemoryMB) MiB, vCPUs $vcpu -> $($want.VCpu)"
                if ($PSCmdlet.ShouldProcess($want.Name, "Set $($result.Detail)")) {
                    Set-Domain -Name $want.Name @changes -Config -Connection $Connection -ErrorAction Stop
                }
                $result.Action = 'Updated'
            }
        }
    }
    catch {
        $result.Action = 'Failed'
        $result.Detail = "$($_.FullyQualifiedErrorId): $_"
    }
    [pscustomobject]$result
}
