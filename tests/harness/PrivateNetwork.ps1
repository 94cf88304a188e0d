# Network namespaces as hosts of their own, for tests of what crosses a network (migration). Dot-sourced by
# PrivateLibvirtd.psm1; Start-PrivateLibvirtd -NetworkHost runs a daemon in one of them.

function New-PrivateNetwork {
    <#
    .SYNOPSIS
        -Count network namespaces on one private subnet, bridged with the host: each a host with an address of its own.
    .DESCRIPTION
        A bridge on the host (address 10.231.<n>.1/24, <n> random per run) and, per host, a network namespace
        pslv-<run>-<i> with loopback up and a veth whose host end is on the bridge and whose other end, eth0, has
        10.231.<n>.<i+2>. The namespaces reach each other and the host through the bridge (layer 2: no routing or
        forwarding is switched on); nothing else changes on the host. Needs root and iproute2 (ip).
    .OUTPUTS
        [pscustomobject] Bridge, Subnet, Hosts (each: Namespace, Address, HostInterface).
    #>
    [CmdletBinding()]
    param([ValidateRange(1, 200)][int]$Count = 2)
    $run = -join ((1..5) | ForEach-Object { [char](Get-Random -Minimum 97 -Maximum 123) })
    $octet = Get-Random -Minimum 1 -Maximum 255
    $net = [pscustomobject]@{ Bridge = "pvb$run"; Subnet = "10.231.$octet.0/24"; Hosts = @() }
    function Invoke-Ip([string[]]$Arguments) {
        $out = & ip @Arguments 2>&1
        if ($LASTEXITCODE) { throw "ip $($Arguments -join ' ') failed: $out" }
    }
    try {
        Invoke-Ip 'link', 'add', $net.Bridge, 'type', 'bridge'
        Invoke-Ip 'addr', 'add', "10.231.$octet.1/24", 'dev', $net.Bridge
        Invoke-Ip 'link', 'set', $net.Bridge, 'up'
        for ($i = 0; $i -lt $Count; $i++) {
            $h = [pscustomobject]@{ Namespace = "pslv-$run-$i"; Address = "10.231.$octet.$($i + 2)"; HostInterface = "pv$run$i" }
            $net.Hosts += $h
            Invoke-Ip 'netns', 'add', $h.Namespace
            Invoke-Ip 'link', 'add', $h.HostInterface, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', $h.Namespace
            Invoke-Ip 'link', 'set', $h.HostInterface, 'master', $net.Bridge, 'up'
            Invoke-Ip '-n', $h.Namespace, 'addr', 'add', "$($h.Address)/24", 'dev', 'eth0'
            Invoke-Ip '-n', $h.Namespace, 'link', 'set', 'eth0', 'up'
            Invoke-Ip '-n', $h.Namespace, 'link', 'set', 'lo', 'up'
        }
    } catch {
        Remove-PrivateNetwork -Network $net
        throw
    }
    $net
}

function Remove-PrivateNetwork {
    <# Deletes the namespaces (their veths go with them) and the bridge; idempotent. Stop the daemons in them first. #>
    param([Parameter(Mandatory)] $Network)
    foreach ($h in $Network.Hosts) { & ip netns delete $h.Namespace 2>$null; & ip link delete $h.HostInterface 2>$null }
    & ip link delete $Network.Bridge 2>$null
    $global:LASTEXITCODE = 0
}
