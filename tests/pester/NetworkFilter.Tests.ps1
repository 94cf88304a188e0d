#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Network filters (Get-NetworkFilter, Get-NetworkFilterXml, New-, Set-, Remove-NetworkFilter) through the built module:
# on the private libvirtd's QemuUri connection, which serves libvirt's nwfilter driver (the private daemon ships no
# built-in filters, so the tests define their own), with virsh nwfilter-list / nwfilter-dumpxml on the same URI as the
# oracle; and on test:///default, whose driver has no network filters (a NotImplemented error, not a crash).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # virsh nwfilter-list as objects: Uuid, Name.
    function Get-VirshFilterList([string] $Uri) {
        foreach ($line in @(Invoke-Virsh $Uri 'nwfilter-list' -As Lines)) {
            $f = -split $line
            if ($f.Count -ge 2) { [pscustomobject]@{ Uuid = [guid]$f[0]; Name = $f[1] } }
        }
    }
    $dropXml = { param($name, $address) "<filter name='$name' chain='ipv4' priority='-700'><rule action='drop' direction='in'><ip srcipaddr='$address'/></rule><rule action='accept' direction='out'><ip/></rule></filter>" }
}

Describe 'Network filters on the test driver' -Tag 'NetworkFilter' {
    BeforeAll { $t = Connect-Hypervisor -Uri 'test:///default' -Name nwf-test }
    AfterAll { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }

    It 'writes a clear NotImplemented error (LibvirtNoSupport) from every cmdlet, not a crash' {
        Get-NetworkFilter -Connection $t -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetNetworkFilterCommand'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$($err[0])" | Should -Match 'not supported'
        foreach ($run in {
            Get-NetworkFilterXml -Connection $t -Name x -ErrorVariable script:e -ErrorAction SilentlyContinue },
            { New-NetworkFilter -Connection $t -Xml "<filter name='x'/>" -ErrorVariable script:e -ErrorAction SilentlyContinue },
            { Set-NetworkFilter -Connection $t -Name x -Xml "<filter name='x'/>" -Confirm:$false -ErrorVariable script:e -ErrorAction SilentlyContinue },
            { Remove-NetworkFilter -Connection $t -Name x -Confirm:$false -ErrorVariable script:e -ErrorAction SilentlyContinue }) {
            $script:e = $null
            & $run | Should -BeNullOrEmpty
            $script:e.Count | Should -Be 1 -Because 'a lookup that failed is not also reported as NetworkFilterNotFound'
            $script:e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        }
        @(Get-ChildItem nwf-test:\NetworkFilters -ErrorAction Stop) | Should -BeNullOrEmpty
    }
}

Describe 'Network filters through the private libvirtd (nwfilter driver), virsh as the oracle' -Tag 'NetworkFilter', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            # The daemon's qemu:///system connection serves the nwfilter driver (the test driver has none).
            $uri = $daemon.QemuUri
            $h = Connect-Hypervisor -Uri $uri -Name nwf
            foreach ($n in 'nwf-a', 'nwf-b') { $null = New-NetworkFilter -Connection $h -Xml (& $dropXml $n '10.0.0.9') }
            $null = New-NetworkFilter -Connection $h -Xml "<filter name='nwf-ref' chain='root'><filterref filter='nwf-a'/><filterref filter='nwf-b'/></filter>"
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'lists every filter as virsh nwfilter-list and nwfilter-dumpxml describe it' {
        $all = @(Get-NetworkFilter -Connection $h)
        $virsh = @(Get-VirshFilterList $uri)
        $all.Name | Should -Be @($virsh.Name | Sort-Object { $_ } -CaseSensitive)
        $all.Count | Should -BeGreaterOrEqual 3
        foreach ($f in $all) {
            $f | Should -BeOfType ([PSLibvirt.NetworkFilter])
            $f.Uuid | Should -Be ($virsh | Where-Object Name -CEQ $f.Name).Uuid
            $f.Hypervisor.Name | Should -Be 'nwf'
            [xml]$x = Invoke-Virsh $uri 'nwfilter-dumpxml', $f.Name
            $f.Chain | Should -Be $x.filter.chain
            $f.RuleCount | Should -Be @($x.SelectNodes('/filter/rule')).Count
            $f.References | Should -Be @(foreach ($r in $x.SelectNodes('/filter/filterref')) { $r.filter })
            "$f" | Should -Be $f.Name
        }
        $a = $all | Where-Object Name -EQ nwf-a
        $a.Chain | Should -Be 'ipv4'
        $a.Priority | Should -Be -700
        $a.RuleCount | Should -Be 2
        ($all | Where-Object Name -EQ nwf-ref).References | Should -Be @('nwf-a', 'nwf-b')
    }

    It 'takes wildcards, piped names and connections; a missing name is NetworkFilterNotFound and the next name is still read' {
        @((Get-NetworkFilter 'nwf-?' -Connection $h).Name) | Should -Be @('nwf-a', 'nwf-b')
        @($h | Get-NetworkFilter -Name nwf-ref).Name | Should -Be 'nwf-ref'
        $out = Get-NetworkFilter -Connection $h -Name 'nosuch', 'nwf-a' -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'nwf-a'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterNotFound,PSLibvirt.Commands.GetNetworkFilterCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch'
        $out = Get-NetworkFilterXml -Connection $h -Name 'nosuch', 'nwf-b' -ErrorVariable err -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterNotFound,PSLibvirt.Commands.GetNetworkFilterXmlCommand'
    }

    It 'writes the XML virsh nwfilter-dumpxml writes, by name and from piped filters' {
        $expected = Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-ref'
        (Get-NetworkFilterXml -Connection $h nwf-ref).TrimEnd() | Should -BeExactly $expected
        (Get-NetworkFilter -Connection $h nwf-ref | Get-NetworkFilterXml).TrimEnd() | Should -BeExactly $expected
        (Get-Content nwf:\NetworkFilters\nwf-ref -Raw).TrimEnd() | Should -BeExactly $expected
    }

    It 'defines a filter (nwfilter-define), which virsh then lists with its XML; an existing name is NetworkFilterExists' {
        $f = New-NetworkFilter -Connection $h -Xml (& $dropXml nwf-new '192.0.2.1')
        $f.Name | Should -Be 'nwf-new'
        $f.RuleCount | Should -Be 2
        (Get-VirshFilterList $uri | Where-Object Name -EQ nwf-new).Uuid | Should -Be $f.Uuid
        ([xml](Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-new')).filter.rule[0].ip.srcipaddr | Should -Be '192.0.2.1'
        New-NetworkFilter -Connection $h -Xml (& $dropXml nwf-new '192.0.2.2') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterExists,PSLibvirt.Commands.NewNetworkFilterCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        ([xml](Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-new')).filter.rule[0].ip.srcipaddr | Should -Be '192.0.2.1'
    }

    It 'redefines it (Set-NetworkFilter): same name and UUID, -PassThru; another name or UUID changes nothing' {
        $uuid = (Get-NetworkFilter -Connection $h nwf-new).Uuid
        $xml = (Get-NetworkFilterXml -Connection $h nwf-new) -replace '192\.0\.2\.1', '192.0.2.7'
        $f = Set-NetworkFilter -Connection $h nwf-new -Xml $xml -Confirm:$false -PassThru
        $f.Uuid | Should -Be $uuid
        ([xml](Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-new')).filter.rule[0].ip.srcipaddr | Should -Be '192.0.2.7'
        # without a <uuid>, the filter keeps its own
        Get-NetworkFilter -Connection $h nwf-new | Set-NetworkFilter -Xml "<filter name='nwf-new' chain='ipv4'><rule action='drop' direction='in'><ip srcipaddr='192.0.2.8'/></rule></filter>" -Confirm:$false
        $x = [xml](Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-new')
        $x.filter.rule.ip.srcipaddr | Should -Be '192.0.2.8'
        [guid]$x.filter.uuid | Should -Be $uuid
        $before = Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-new'
        Set-NetworkFilter -Connection $h nwf-new -Xml "<filter name='nwf-other'/>" -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($err[0])" | Should -Match "names 'nwf-other', not 'nwf-new'"
        Set-NetworkFilter -Connection $h nwf-new -Xml "<filter name='nwf-new'><uuid>11111111-2222-3333-4444-555555555555</uuid></filter>" -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match 'UUID'
        Set-NetworkFilter -Connection $h nosuch, nwf-new -Xml $before -Confirm:$false -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterNotFound,PSLibvirt.Commands.SetNetworkFilterCommand'
        Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-new' | Should -BeExactly $before
        @(Get-VirshFilterList $uri).Name | Should -Not -Contain 'nwf-other'
    }

    It 'refuses bad XML with a clear error and defines nothing' {
        $count = @(Get-VirshFilterList $uri).Count
        New-NetworkFilter -Connection $h -Xml '<filter' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewNetworkFilterCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        New-NetworkFilter -Connection $h -Xml "<filter name='nwf-bad'><rule action='bogus' direction='in'/></filter>" -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        "$($err[0])" | Should -Match 'validate'
        Set-NetworkFilter -Connection $h nwf-a -Xml '<filter' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.SetNetworkFilterCommand'
        @(Get-VirshFilterList $uri).Count | Should -Be $count
    }

    It 'changes nothing with -WhatIf' {
        $before = @(Get-VirshFilterList $uri)
        $xml = Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-b'
        New-NetworkFilter -Connection $h -Xml (& $dropXml nwf-whatif '192.0.2.9') -WhatIf | Should -BeNullOrEmpty
        Set-NetworkFilter -Connection $h nwf-b -Xml ($xml -replace '10\.0\.0\.9', '10.0.0.99') -WhatIf
        Remove-NetworkFilter -Connection $h nwf-b -WhatIf
        Get-NetworkFilter -Connection $h 'nwf-*' | Remove-NetworkFilter -WhatIf
        @(Get-VirshFilterList $uri).Name | Should -Be $before.Name
        Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-b' | Should -BeExactly $xml
    }

    It 'removes filters (nwfilter-undefine), by name and piped; a missing name is NetworkFilterNotFound and the next is removed' {
        Remove-NetworkFilter -Connection $h nosuch, nwf-new -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterNotFound,PSLibvirt.Commands.RemoveNetworkFilterCommand'
        @(Get-VirshFilterList $uri).Name | Should -Not -Contain 'nwf-new'
        $null = New-NetworkFilter -Connection $h -Xml (& $dropXml nwf-piped '192.0.2.3')
        Get-NetworkFilter -Connection $h nwf-piped | Remove-NetworkFilter -Confirm:$false
        @(Get-VirshFilterList $uri).Name | Should -Not -Contain 'nwf-piped'
    }

    It 'removes a filter that another references, as libvirt allows (only a filter in use by a running domain is refused)' {
        # libvirt's nwfilter driver refuses virNWFilterUndefine only for a filter in use by a running domain's
        # interface; a <filterref> from another filter does not hold it. The referrer keeps its reference.
        Remove-NetworkFilter -Connection $h nwf-b -Confirm:$false
        @(Get-VirshFilterList $uri).Name | Should -Not -Contain 'nwf-b'
        (Get-NetworkFilter -Connection $h nwf-ref).References | Should -Be @('nwf-a', 'nwf-b')
    }

    It 'defines, redefines and removes through the drive (NetworkFilters folder)' {
        New-Item nwf:\NetworkFilters\nwf-drive -Value (& $dropXml nwf-drive '192.0.2.4') | Out-Null
        @(Get-VirshFilterList $uri).Name | Should -Contain 'nwf-drive'
        Set-Content nwf:\NetworkFilters\nwf-drive -Value (& $dropXml nwf-drive '192.0.2.5')
        ([xml](Invoke-Virsh $uri 'nwfilter-dumpxml', 'nwf-drive')).filter.rule[0].ip.srcipaddr | Should -Be '192.0.2.5'
        Remove-Item nwf:\NetworkFilters\nwf-drive -Confirm:$false
        @(Get-VirshFilterList $uri).Name | Should -Not -Contain 'nwf-drive'
    }

    It 'completes filter names from the connection, with chain and rule count as tooltip' {
        $r = TabExpansion2 -inputScript ($s = 'Remove-NetworkFilter -Connection nwf -Name nwf-') -cursorColumn $s.Length
        @($r.CompletionMatches.CompletionText) | Should -Contain 'nwf-a'
        ($r.CompletionMatches | Where-Object CompletionText -EQ 'nwf-a').ToolTip | Should -Match 'ipv4, 2 rules'
    }
}
