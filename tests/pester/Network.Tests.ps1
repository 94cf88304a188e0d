#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Virtual networks (Get-/New-/Start-/Stop-/Remove-/Set-Network, Get-NetworkXml, Get-NetworkDhcpLease) through the built
# module: breadth, bad input and -WhatIf on test:///default and tests/data/node.xml (network lan); changes checked
# against virsh net-list --all / net-info on the same node file through the private libvirtd (test driver).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $nodeFile = Join-Path $repo 'tests/data/node.xml'

    # virsh net-info as a hashtable of 'Key: value' lines.
    function Get-VirshNetInfo([string]$Uri, [string]$Name) {
        $h = @{}
        foreach ($line in (Invoke-Virsh $Uri 'net-info', $Name) -split "`n") {
            if ($line -match '^\s*([^:]+):\s*(.*)$') { $h[$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        $h
    }
    # virsh net-list --all as name -> @{ State; Autostart; Persistent }.
    function Get-VirshNetList([string]$Uri) {
        $h = @{}
        foreach ($line in (Invoke-Virsh $Uri 'net-list', '--all') -split "`n") {
            $f = -split $line
            if ($f.Count -ge 4) { $h[$f[0]] = @{ State = $f[1]; Autostart = $f[2]; Persistent = $f[3] } }
        }
        $h
    }
}

Describe 'Get-Network on the test driver' -Tag 'Network' {
    BeforeAll { $h = Connect-Hypervisor -Uri test:///default -Name net-test }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'lists the default network with what virsh net-info and net-dumpxml tell' {
        $n = Get-Network -Connection $h -Name default
        $n.PSObject.TypeNames[0] | Should -Be 'PSLibvirt.Network'
        $info = Get-VirshNetInfo 'test:///default' 'default'
        $n.Uuid | Should -Be ([guid]$info['UUID'])
        $n.Active | Should -Be ($info['Active'] -eq 'yes')
        $n.Persistent | Should -Be ($info['Persistent'] -eq 'yes')
        $n.Autostart | Should -Be ($info['Autostart'] -eq 'yes')
        $n.Bridge | Should -Be $info['Bridge']
        $n.ForwardMode | Should -Be 'nat'
        $n.IPAddress | Should -Be '192.168.122.1'
        $n.PrefixLength | Should -Be 24
        $n.DhcpStart | Should -Be '192.168.122.2'
        $n.DhcpEnd | Should -Be '192.168.122.254'
        $n.Subnet | Should -Be '192.168.122.1/24'
        $n.Hypervisor.Name | Should -Be 'net-test'
    }

    It 'formats as a net-list table with bridge and forward mode, and as a list' {
        $table = Get-Network -Connection $h | Out-String
        $table | Should -Match 'Name\s+State\s+Autostart\s+Persistent\s+Bridge\s+Forward\s+Subnet'
        $table | Should -Match 'default\s+active\s+no\s+yes\s+virbr0\s+nat\s+192\.168\.122\.1/24'
        Get-Network -Connection $h | Format-List | Out-String | Should -Match 'DhcpRange\s+:\s+192\.168\.122\.2-192\.168\.122\.254'
    }

    It 'filters by wildcards, -Active, -Inactive, -Persistent, -Transient and -Autostart' {
        @(Get-Network -Connection $h -Name 'def*').Name | Should -Be 'default'
        @(Get-Network -Connection $h -Name 'nomatch*' -ErrorAction Stop) | Should -BeNullOrEmpty
        @(Get-Network -Connection $h -Active).Name | Should -Be 'default'
        @(Get-Network -Connection $h -Inactive) | Should -BeNullOrEmpty
        @(Get-Network -Connection $h -Persistent).Name | Should -Be 'default'
        @(Get-Network -Connection $h -Transient) | Should -BeNullOrEmpty
        @(Get-Network -Connection $h -Autostart) | Should -BeNullOrEmpty
    }

    It 'writes NetworkNotFound for an exact name and goes on with the next one' {
        $r = @(Get-Network -Connection $h -Name nope, default -ErrorVariable e -ErrorAction SilentlyContinue)
        $r.Name | Should -Be 'default'
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,PSLibvirt.Commands.GetNetworkCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].TargetObject | Should -Be 'nope'
    }

    It 'rejects -Active with -Inactive and -Persistent with -Transient' {
        { Get-Network -Connection $h -Active -Inactive -ErrorAction Stop } | Should -Throw -ErrorId 'ActiveAndInactive,PSLibvirt.Commands.GetNetworkCommand'
        { Get-Network -Connection $h -Persistent -Transient -ErrorAction Stop } | Should -Throw -ErrorId 'PersistentAndTransient,PSLibvirt.Commands.GetNetworkCommand'
    }

    It 'lists the networks of piped connections, and re-reads piped networks' {
        @(Get-Hypervisor -Name net-test | Get-Network).Name | Should -Be 'default'
        @(Get-Network -Connection $h | Get-Network).Name | Should -Be 'default'
    }

    It 'completes network names from the open connection' {
        $line = 'Start-Network -Connection net-test -Name de'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Be 'default'
        $r.CompletionMatches[0].ToolTip | Should -Match 'active, nat, virbr0'
        $line = 'Get-Network -Connection net-test xy'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
    }
}

Describe 'Network changes on the test driver' -Tag 'Network' {
    BeforeEach { $h = Connect-Hypervisor -Uri test:///default -Name net-change }
    AfterEach { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'New-Network writes the XML of the parameters; -WhatIf shows it and defines nothing' {
        # What if: goes to the host, not to a stream: a transcript records it.
        $log = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -LiteralPath $log
        try { New-Network -Connection $h -Name lab -Bridge virbr9 -IPAddress 10.9.0.1 -PrefixLength 24 -DhcpStart 10.9.0.10 -DhcpEnd 10.9.0.99 -WhatIf }
        finally { $null = Stop-Transcript }
        $what = Get-Content -Raw -LiteralPath $log
        $what | Should -Match "Define network 'lab' on 'net-change' from this XML"
        $what | Should -Match '<range start="10.9.0.10" end="10.9.0.99" />'
        @(Get-Network -Connection $h -Name lab -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        $n = New-Network -Connection $h -Name lab -Bridge virbr9 -IPAddress 10.9.0.1 -PrefixLength 24 -DhcpStart 10.9.0.10 -DhcpEnd 10.9.0.99
        $n.Name | Should -Be 'lab'
        $n.Active | Should -BeFalse
        $n.Persistent | Should -BeTrue
        $n.Bridge | Should -Be 'virbr9'
        $n.ForwardMode | Should -Be 'nat'
        $n.Subnet | Should -Be '10.9.0.1/24'
        $n.DhcpRange | Should -Be '10.9.0.10-10.9.0.99'
        $x = [xml](Get-NetworkXml -Connection $h -Name lab)
        $x.network.forward.mode | Should -Be 'nat'
        $x.network.ip.dhcp.range.start | Should -Be '10.9.0.10'
    }

    It 'New-Network -ForwardMode none is isolated, route is routed; -Start starts; -Transient creates' {
        (New-Network -Connection $h -Name iso -ForwardMode none).ForwardMode | Should -Be 'isolated'
        $r = New-Network -Connection $h -Name routed -ForwardMode route -IPAddress 10.7.0.1 -Start
        $r.ForwardMode | Should -Be 'route'
        $r.Active | Should -BeTrue
        $t = New-Network -Connection $h -Name tr -IPAddress 10.6.0.1 -Transient
        $t.Active | Should -BeTrue
        $t.Persistent | Should -BeFalse
        $t.PrefixLength | Should -Be 24
        @(Get-Network -Connection $h -Transient).Name | Should -Be 'tr'
    }

    It 'New-Network -Xml defines from XML; bad XML, bad parameters and an existing name are clear errors' {
        $xml = "<network><name>fromxml</name><forward mode='open'/><ip address='10.5.0.1' netmask='255.255.0.0'/></network>"
        $n = New-Network -Connection $h -Xml $xml
        $n.ForwardMode | Should -Be 'open'
        $n.PrefixLength | Should -Be 16
        New-Network -Connection $h -Xml '<network><name>x</name>' -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewNetworkCommand'
        New-Network -Connection $h -Name bad -DhcpStart 10.0.0.2 -DhcpEnd 10.0.0.9 -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'InvalidNetworkDefinition,PSLibvirt.Commands.NewNetworkCommand'
        $e2[0].Exception.Message | Should -Match '-IPAddress'
        New-Network -Connection $h -Name bad -IPAddress 10.0.0.1 -DhcpStart 10.1.0.2 -DhcpEnd 10.1.0.9 -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].Exception.Message | Should -Match 'outside the network 10.0.0.1/24'
        New-Network -Connection $h -Name default -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e4[0].FullyQualifiedErrorId | Should -Be 'NetworkExists,PSLibvirt.Commands.NewNetworkCommand'
        $e4[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        { New-Network -Connection $h -Name bad -ForwardMode bridge } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSLibvirt.Commands.NewNetworkCommand'
        @(Get-Network -Connection $h).Name | Should -Be 'default', 'fromxml'
    }

    It 'Stop-Network and Start-Network change the state, -PassThru returns it; a wrong state is an error' {
        $s = Stop-Network -Connection $h -Name default -Confirm:$false -PassThru
        $s.Active | Should -BeFalse
        Stop-Network -Connection $h -Name default -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NetworkNotActive,PSLibvirt.Commands.StopNetworkCommand'
        $s | Start-Network -PassThru | ForEach-Object Active | Should -BeTrue
        Start-Network -Connection $h -Name default -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NetworkAlreadyActive,PSLibvirt.Commands.StartNetworkCommand'
        $e2[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'Stop-Network is ConfirmImpact High and -WhatIf changes nothing; a stopped transient network is gone' {
        (Get-Command Stop-Network).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        Stop-Network -Connection $h -Name default -WhatIf
        (Get-Network -Connection $h -Name default).Active | Should -BeTrue
        $null = New-Network -Connection $h -Name tr -IPAddress 10.6.0.1 -Transient
        @(Stop-Network -Connection $h -Name tr -Confirm:$false -PassThru) | Should -BeNullOrEmpty
        @(Get-Network -Connection $h -Name tr -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'Remove-Network refuses an active network without -Force, undefines an inactive one, and -Force stops first' {
        $null = New-Network -Connection $h -Name lab -IPAddress 10.9.0.1
        Remove-Network -Connection $h -Name default -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NetworkIsActive,PSLibvirt.Commands.RemoveNetworkCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $e[0].Exception.Message | Should -Match '-Force'
        Remove-Network -Connection $h -Name lab, default -Force -WhatIf
        @(Get-Network -Connection $h).Count | Should -Be 2
        Remove-Network -Connection $h -Name lab -Confirm:$false
        Remove-Network -Connection $h -Name default -Force -Confirm:$false
        @(Get-Network -Connection $h) | Should -BeNullOrEmpty
    }

    It 'Set-Network -Autostart sets and clears autostart, -WhatIf changes nothing' {
        Set-Network -Connection $h -Name default -Autostart $true -WhatIf
        (Get-Network -Connection $h default).Autostart | Should -BeFalse
        (Set-Network -Connection $h -Name default -Autostart $true -PassThru).Autostart | Should -BeTrue
        @(Get-Network -Connection $h -Autostart).Name | Should -Be 'default'
        Get-Network -Connection $h default | Set-Network -Autostart $false
        (Get-Network -Connection $h default).Autostart | Should -BeFalse
    }

    It 'Get-NetworkXml writes the live and the -Inactive definition' {
        ([xml](Get-NetworkXml -Connection $h default)).network.uuid | Should -Be (Get-Network -Connection $h default).Uuid.ToString()
        ([xml](Get-Network -Connection $h default | Get-NetworkXml -Inactive)).network.name | Should -Be 'default'
    }

    It 'Get-NetworkDhcpLease is NotImplemented on the test driver, which has no DHCP server' {
        Get-NetworkDhcpLease -Connection $h -Name default -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetNetworkDhcpLeaseCommand'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        Get-NetworkDhcpLease -Connection $h -Name nope -MacAddress '52:54:00:*' -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,PSLibvirt.Commands.GetNetworkDhcpLeaseCommand'
    }

    It 'one failing pipeline input does not stop the others' -ForEach @(
        @{ Command = 'Set-Network'; Extra = @{ Autostart = $true; PassThru = $true } }
        @{ Command = 'Get-NetworkXml'; Extra = @{} }
        @{ Command = 'Stop-Network'; Extra = @{ Confirm = $false; PassThru = $true } }
    ) {
        $null = New-Network -Connection $h -Name lab -IPAddress 10.9.0.1 -Start
        $out = @('default', 'nope', 'lab' | & $Command -Connection $h @Extra -ErrorVariable e -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 2
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be "NetworkNotFound,PSLibvirt.Commands.$($Command -replace '-', '')Command"
        $e[0].TargetObject | Should -Be 'nope'
    }

    It 'a piped Hypervisor is a clear binding error, not a network named like the connection' {
        $null = New-Network -Connection $h -Name net-change -ForwardMode none
        Get-Hypervisor -Name net-change | Start-Network -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,PSLibvirt.Commands.StartNetworkCommand'
        "$($e[0])" | Should -Match "connection \('net-change'.*network name"

        (Get-Network -Connection $h net-change).Active | Should -BeFalse
    }

    It 'a name found on two connections is AmbiguousNetworkName; a piped Network object is not ambiguous' {
        # Every open of a node file is an instance of its own (test:///default is shared within a process).
        $a = Connect-Hypervisor -Uri "test://$nodeFile" -Name net-a
        $b = Connect-Hypervisor -Uri "test://$nodeFile" -Name net-b
        try {
            Set-Network -Connection $a, $b -Name lan -Autostart $true -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'AmbiguousNetworkName,PSLibvirt.Commands.SetNetworkCommand'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e[0].Exception.Message | Should -Match "'net-a'.*'net-b'"
            # Connections are listed in parallel, each written as it answers: sorted by connection to compare.
            (Get-Network -Connection $a, $b -Name lan | Sort-Object { $_.Hypervisor.Name }).Autostart | Should -Be $false, $false
            Get-Network -Connection $b -Name lan | Set-Network -Autostart $true
            (Get-Network -Connection $a, $b -Name lan | Sort-Object { $_.Hypervisor.Name }).Autostart | Should -Be $false, $true
        } finally {
            Disconnect-Hypervisor -Connection $a, $b
        }
    }
}

Describe 'Networks of a node file (network lan)' -Tag 'Network' {
    BeforeAll { $h = Connect-Hypervisor -Uri "test://$nodeFile" -Name net-node }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'reads lan as virsh does' {
        $n = Get-Network -Connection $h
        $n.Name | Should -Be 'lan'
        $info = Get-VirshNetInfo "test://$nodeFile" 'lan'
        $n.Uuid | Should -Be ([guid]$info['UUID'])
        $n.Bridge | Should -Be 'virbr1'
        $n.ForwardMode | Should -Be 'nat'
        $n.Subnet | Should -Be '192.168.150.1/24'
        $n.DhcpRange | Should -Be '192.168.150.2-192.168.150.254'
    }

    It 'stops, starts and removes lan' {
        Get-Network -Connection $h lan | Stop-Network -Confirm:$false
        (Get-Network -Connection $h lan).Active | Should -BeFalse
        Start-Network -Connection $h lan
        Remove-Network -Connection $h lan -Force -Confirm:$false
        @(Get-Network -Connection $h) | Should -BeNullOrEmpty
    }
}

Describe 'Networks through the private libvirtd (test driver), virsh as the oracle' -Tag 'Network', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            # The daemon shares its test:///default instance between connections (virsh sees our changes); a node
            # file is an instance per open, so the node file is only read here.
            $uri = $daemon.TestUri
            $nodeUri = $daemon.TestUriPrefix + $nodeFile
            $h = Connect-Hypervisor -Uri $uri -Name net-remote
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'lists lan of the node file as virsh net-list --all and net-info do' {
        $node = Connect-Hypervisor -Uri $nodeUri -Name net-remote-node
        try {
            $n = Get-Network -Connection $node -Name lan
            $list = Get-VirshNetList $nodeUri
            $list.Keys | Should -Be 'lan'
            $list['lan'].State | Should -Be 'active'
            $n.Active | Should -BeTrue
            $info = Get-VirshNetInfo $nodeUri 'lan'
            $n.Uuid | Should -Be ([guid]$info['UUID'])
            $n.Bridge | Should -Be $info['Bridge']
            $n.Autostart | Should -Be ($info['Autostart'] -eq 'yes')
            $n.Persistent | Should -Be ($info['Persistent'] -eq 'yes')
        } finally {
            Disconnect-Hypervisor -Connection $node
        }
    }

    It 'stops and starts default, as virsh net-info then shows' {
        Stop-Network -Connection $h -Name default -Confirm:$false
        (Get-VirshNetInfo $uri 'default')['Active'] | Should -Be 'no'
        (Get-VirshNetList $uri)['default'].State | Should -Be 'inactive'
        Start-Network -Connection $h -Name default
        (Get-VirshNetInfo $uri 'default')['Active'] | Should -Be 'yes'
    }

    It 'defines, starts, sets autostart, stops and removes a network that virsh sees each time' {
        $n = New-Network -Connection $h -Name lab -Bridge virbr9 -IPAddress 10.9.0.1 -PrefixLength 24 -DhcpStart 10.9.0.10 -DhcpEnd 10.9.0.20
        (Get-VirshNetList $uri)['lab'].State | Should -Be 'inactive'
        (Get-VirshNetList $uri)['lab'].Persistent | Should -Be 'yes'
        [xml]$x = Invoke-Virsh $uri 'net-dumpxml', 'lab'
        $x.network.ip.dhcp.range.end | Should -Be '10.9.0.20'
        $x.network.uuid | Should -Be $n.Uuid.ToString()

        $n | Start-Network
        (Get-VirshNetInfo $uri 'lab')['Active'] | Should -Be 'yes'
        $n | Set-Network -Autostart $true
        (Get-VirshNetInfo $uri 'lab')['Autostart'] | Should -Be 'yes'
        $n | Stop-Network -Confirm:$false
        (Get-VirshNetInfo $uri 'lab')['Active'] | Should -Be 'no'
        $n | Remove-Network -Confirm:$false
        (Get-VirshNetList $uri).ContainsKey('lab') | Should -BeFalse
    }

    It 'creates a transient network that virsh lists as transient, and that is gone once stopped' {
        $null = New-Network -Connection $h -Name tr -IPAddress 10.6.0.1 -Transient
        (Get-VirshNetList $uri)['tr'].Persistent | Should -Be 'no'
        (Get-VirshNetList $uri)['tr'].State | Should -Be 'active'
        Remove-Network -Connection $h -Name tr -Force -Confirm:$false
        (Get-VirshNetList $uri).ContainsKey('tr') | Should -BeFalse
    }

    It 'sees a network virsh defined, and a change virsh made' {
        $file = Join-Path $TestDrive 'virsh-net.xml'
        Set-Content -LiteralPath $file -Value "<network><name>byvirsh</name><ip address='10.4.0.1' prefix='16'/></network>"
        $null = Invoke-Virsh $uri 'net-define', $file
        $n = Get-Network -Connection $h -Name byvirsh
        $n.ForwardMode | Should -Be 'isolated'
        $n.PrefixLength | Should -Be 16
        $null = Invoke-Virsh $uri 'net-start', 'byvirsh'
        (Get-Network -Connection $h -Name byvirsh).Active | Should -BeTrue
        Remove-Network -Connection $h -Name byvirsh -Force -Confirm:$false
        (Get-VirshNetList $uri).ContainsKey('byvirsh') | Should -BeFalse
    }
}

Describe 'DHCP leases of a real network (private libvirtd in a network namespace of the run: QEMU guest, dnsmasq), virsh as the oracle' -Tag 'Network', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported -and -not (Test-Path /usr/sbin/dnsmasq)) {
            $support = [pscustomobject]@{ Supported = $false; Reason = 'libvirt serves DHCP with dnsmasq, and /usr/sbin/dnsmasq is missing (./build.ps1 Bootstrap installs dnsmasq-base)' }
        }
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 6)
        $network = "pslv-dhcp-$suffix"
        # The daemon, its network's bridge and dnsmasq, and the guest all live in a network namespace of the run
        # (New-PrivateNetwork), so the DHCP traffic never leaves it. Forward mode 'open' adds no firewall rule (this
        # machine has no iptables).
        $bridge = "pvd$suffix"
        $subnet = "10.232.$(Get-Random -Minimum 1 -Maximum 255)"
        $guest = "pslv-dhcp-$suffix"
        $mac = '52:54:00:d4:c0:01'
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        if ($support.Supported) {
            $image = Get-TestGuestImage
            $hostNet = New-PrivateNetwork -Count 1
            $daemon = Start-PrivateLibvirtd -NetworkHost $hostNet.Hosts[0]
            Set-Content -LiteralPath "$($daemon.Directory)/$network.xml" -Value @"
<network><name>$network</name><forward mode='open'/><bridge name='$bridge'/>
  <ip address='$subnet.1' netmask='255.255.255.0'><dhcp><range start='$subnet.10' end='$subnet.20'/></dhcp></ip></network>
"@
            Invoke-Virsh 'net-define', "$($daemon.Directory)/$network.xml" | Out-Null
            Invoke-Virsh 'net-start', $network | Out-Null
            $nic = "<interface type='network'><source network='$network'/><mac address='$mac'/><model type='virtio'/></interface></devices>"
            Start-TestGuest -Daemon $daemon -Name $guest -Xml ((New-TestGuestXml -Name $guest -Boot -Image $image) -replace '</devices>', $nic)
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-dhcp'
            Wait-DomainGuestAgent -Name $guest -Connection $conn -Timeout 180 -ErrorAction Stop
            # The guest's second NIC asks the network's dnsmasq for an address (busybox udhcpc; -s /bin/true: the
            # lease is what counts, the guest need not configure it).
            $null = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/busybox -ArgumentList ip, link, set, eth1, up -ErrorAction Stop
            $dhcp = Invoke-DomainGuestCommand -Name $guest -Connection $conn -Command /bin/busybox -ArgumentList udhcpc, -i, eth1, -n, -q, -t, 10, -s, /bin/true -ErrorAction Stop
            if ($dhcp.ExitCode -ne 0) { throw "udhcpc in the guest got no lease: $($dhcp.StdErr)" }
            # virsh net-dhcp-leases rows: expiry date, time, MAC, protocol, address/prefix, hostname, client id.
            function Get-VirshLeases {
                @(Invoke-Virsh 'net-dhcp-leases', $network -As Lines | ForEach-Object {
                        $f = -split $_
                        if ($f.Count -ge 7) { [pscustomobject]@{ Mac = $f[2]; Type = $f[3]; Address = $f[4]; ClientId = $f[6] } }
                    })
            }
        }
    }
    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) {
            # libvirt leaves a network's bridge up when its daemon stops: destroy the network first (the namespace's
            # removal would take the bridge with it anyway).
            try { Invoke-Virsh 'destroy', $guest | Out-Null } catch { }
            try { Invoke-Virsh 'net-destroy', $network | Out-Null } catch { }
            Stop-PrivateLibvirtd -Daemon $daemon
        }
        if ($hostNet) { Remove-PrivateNetwork -Network $hostNet }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'Get-NetworkDhcpLease writes the lease virsh net-dhcp-leases lists' {
        $virsh = Get-VirshLeases
        $virsh | Should -HaveCount 1
        $lease = @(Get-NetworkDhcpLease -Name $network -Connection $conn)
        $lease | Should -HaveCount 1
        $lease[0] | Should -BeOfType ([PSLibvirt.NetworkDhcpLease])
        $lease[0].Network | Should -Be $network
        $lease[0].Interface | Should -Be $bridge
        $lease[0].MacAddress | Should -Be $mac
        $lease[0].MacAddress | Should -Be $virsh[0].Mac
        $lease[0].Type | Should -Be $virsh[0].Type
        "$($lease[0].IPAddress)/$($lease[0].PrefixLength)" | Should -Be $virsh[0].Address
        $lease[0].IPAddress | Should -BeLike "$subnet.*"
        $lease[0].ClientId | Should -Be $virsh[0].ClientId
        $lease[0].ExpiryTime | Should -BeGreaterThan ([DateTime]::Now)
    }

    It 'filters by -MacAddress (wildcards, any case) and takes the network from the pipeline' {
        @(Get-NetworkDhcpLease -Name $network -Connection $conn -MacAddress '52:54:00:D4:*').MacAddress | Should -Be $mac
        Get-NetworkDhcpLease -Name $network -Connection $conn -MacAddress '52:54:00:ff:*' | Should -BeNullOrEmpty
        @(Get-Network -Name $network -Connection $conn | Get-NetworkDhcpLease).MacAddress | Should -Be $mac
    }

    It 'completes -MacAddress with the leases of the network named, the address as tooltip' {
        $line = "Get-NetworkDhcpLease -Connection pslv-dhcp -Name $network -MacAddress 52:54"
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($r.CompletionMatches.CompletionText) | Should -Be $mac
        $r.CompletionMatches[0].ToolTip | Should -Match ([regex]::Escape((Get-NetworkDhcpLease -Name $network -Connection $conn).IPAddress))
        $line = "Get-NetworkDhcpLease -Connection pslv-dhcp -MacAddress 52:54"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty -Because 'no network is named, and the completer reads no network unasked'
    }

    It 'Get-DomainIPAddress -Source Lease gives the guest''s leased address, as virsh domifaddr --source lease does' {
        $mine = @(Get-DomainIPAddress -Name $guest -Connection $conn -Source Lease)
        $mine | Should -HaveCount 1
        $mine[0].Source | Should -Be 'Lease'
        $mine[0].MacAddress | Should -Be $mac
        $row = -split (Invoke-Virsh 'domifaddr', $guest, '--source', 'lease' -As Lines | Where-Object { $_ -match [regex]::Escape($mac) })
        "$($mine[0].Address)/$($mine[0].PrefixLength)" | Should -Be $row[3]
        $mine[0].Address | Should -Be (Get-NetworkDhcpLease -Name $network -Connection $conn).IPAddress
    }
}
