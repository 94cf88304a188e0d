#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Network filter bindings (Get-NetworkFilterBinding, Get-NetworkFilterBindingXml, New-, Remove-NetworkFilterBinding)
# through the built module: on the private libvirtd's QemuUri connection, which serves libvirt's nwfilter driver, with
# bindings on port devices that do not exist (pslvfb*: libvirt keys and applies them by name only), and virsh
# nwfilter-binding-list / nwfilter-binding-dumpxml on the same URI as the oracle; and on test:///default, whose driver
# has no network filters (a NotImplemented error from each cmdlet, not a crash). The test driver has no bindings, so
# the resolution cases of TargetResolution.Tests.ps1 (exact name, NotFound and the next input, piped objects,
# -WhatIf) are tested here.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # virsh nwfilter-binding-list as objects: PortDevice, Filter.
    function Get-VirshBindingList([string] $Uri) {
        foreach ($line in @(Invoke-Virsh $Uri 'nwfilter-binding-list' -As Lines)) {
            $f = -split $line
            if ($f.Count -ge 2) { [pscustomobject]@{ PortDevice = $f[0]; Filter = $f[1] } }
        }
    }
    $bindingXml = { param($dev, $mac)
        "<filterbinding><owner><name>pslv-vm</name><uuid>d54df46f-1ab5-4a22-8618-4560ef5fac2c</uuid></owner><portdev name='$dev'/><mac address='$mac'/><filterref filter='pslv-fb'><parameter name='IP' value='10.0.0.1'/><parameter name='IP' value='10.0.0.2'/><parameter name='X' value='y'/></filterref></filterbinding>" }
}

Describe 'Network filter bindings on the test driver' -Tag 'NetworkFilter' {
    BeforeAll { $t = Connect-Hypervisor -Uri 'test:///default' -Name nwfb-test }
    AfterAll { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }

    It 'writes one clear NotImplemented error (LibvirtNoSupport) from every cmdlet, not a crash' {
        foreach ($run in { Get-NetworkFilterBinding -Connection $t -ErrorVariable script:e -ErrorAction SilentlyContinue },
            { Get-NetworkFilterBindingXml -Connection $t -Name x -ErrorVariable script:e -ErrorAction SilentlyContinue },
            { New-NetworkFilterBinding -Connection $t -Xml (& $bindingXml 'x' '52:54:00:00:00:01') -Confirm:$false -ErrorVariable script:e -ErrorAction SilentlyContinue },
            { Remove-NetworkFilterBinding -Connection $t -Name x -Confirm:$false -ErrorVariable script:e -ErrorAction SilentlyContinue }) {
            $script:e = $null
            & $run | Should -BeNullOrEmpty
            $script:e.Count | Should -Be 1 -Because 'a lookup that failed is not also reported as NetworkFilterBindingNotFound'
            $script:e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $script:e[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtNoSupport,*'
            "$($script:e[0])" | Should -Match 'not supported'
        }
    }

    It 'refuses XML that is not well-formed before calling libvirt (InvalidXml)' {
        New-NetworkFilterBinding -Connection $t -Xml '<filterbinding>' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewNetworkFilterBindingCommand'
    }
}

Describe 'Network filter bindings through the private libvirtd (nwfilter driver), virsh as the oracle' -Tag 'NetworkFilter', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd -Driver test
            $uri = $daemon.QemuUri
            $h = Connect-Hypervisor -Uri $uri -Name nwfb
            $null = New-NetworkFilter -Connection $h -Xml "<filter name='pslv-fb' chain='ipv4'><rule action='drop' direction='in'><ip srcipaddr='`$IP'/></rule></filter>"
        }
    }
    AfterAll {
        if ($daemon) {
            foreach ($b in @(Get-VirshBindingList $uri)) { Invoke-Virsh $uri 'nwfilter-binding-delete', $b.PortDevice -As Raw | Out-Null }
            Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue
            Stop-PrivateLibvirtd -Daemon $daemon
        }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'creates bindings (New-NetworkFilterBinding), and lists and reads them as virsh does' {
        $b = New-NetworkFilterBinding -Connection $h -Xml (& $bindingXml 'pslvfb1' '52:54:00:00:00:01')
        $b.PortDevice | Should -Be 'pslvfb1'
        $b.MacAddress | Should -Be '52:54:00:00:00:01'
        $b.OwnerName | Should -Be 'pslv-vm'
        $b.OwnerUuid | Should -Be ([guid]'d54df46f-1ab5-4a22-8618-4560ef5fac2c')
        $b.FilterName | Should -Be 'pslv-fb'
        $b.Parameters['IP'] | Should -Be @('10.0.0.1', '10.0.0.2')
        $b.Parameters['X'] | Should -Be 'y'
        $b.Hypervisor.Name | Should -Be 'nwfb'
        $null = New-NetworkFilterBinding -Connection $h -Xml (& $bindingXml 'pslvfb2' '52:54:00:00:00:02')

        $virsh = @(Get-VirshBindingList $uri)
        $mine = @(Get-NetworkFilterBinding -Connection $h)
        $mine.PortDevice | Should -Be @($virsh.PortDevice | Sort-Object -CaseSensitive)
        $mine.FilterName | Should -Be @($virsh | Sort-Object PortDevice -CaseSensitive).Filter
        (Get-NetworkFilterBinding -Connection $h -Name 'pslvfb*').PortDevice | Should -Be @('pslvfb1', 'pslvfb2')
        (Get-NetworkFilterBindingXml -Connection $h -Name pslvfb1).TrimEnd() | Should -Be ((Invoke-Virsh $uri 'nwfilter-binding-dumpxml', 'pslvfb1') -join "`n").TrimEnd()
        (Get-NetworkFilterBindingXml -Connection $h -Name pslvfb1 -AsXml).filterbinding.portdev.name | Should -Be 'pslvfb1'
        # The view renders.
        (Get-NetworkFilterBinding -Connection $h -Name pslvfb1 | Format-List | Out-String) | Should -Match 'IP=10.0.0.1,10.0.0.2; X=y'
    }

    It 'lists the bindings of a domain''s interfaces with -Domain, also from piped domains (the bindings'' owner)' {
        # The owner of the bindings above, as a defined domain of the QEMU driver.
        $xml = (New-TestGuestXml -Name pslv-vm) -replace '<name>pslv-vm</name>', '<name>pslv-vm</name><uuid>d54df46f-1ab5-4a22-8618-4560ef5fac2c</uuid>'
        Set-Content (Join-Path $daemon.Directory 'owner.xml') $xml
        $null = Invoke-Virsh $uri 'define', (Join-Path $daemon.Directory 'owner.xml')
        $xml2 = New-TestGuestXml -Name pslv-other
        Set-Content (Join-Path $daemon.Directory 'other.xml') $xml2
        $null = Invoke-Virsh $uri 'define', (Join-Path $daemon.Directory 'other.xml')
        try {
            @((Get-NetworkFilterBinding -Connection $h -Domain pslv-vm).PortDevice) | Should -Be @('pslvfb1', 'pslvfb2')
            @((Get-Domain -Connection $h -Name pslv-vm | Get-NetworkFilterBinding).PortDevice) | Should -Be @('pslvfb1', 'pslvfb2')
            Get-Domain -Connection $h -Name pslv-other | Get-NetworkFilterBinding | Should -BeNullOrEmpty
            { Get-NetworkFilterBinding -Connection $h -Domain nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'DomainNotFound,PSLibvirt.Commands.GetNetworkFilterBindingCommand'
        } finally {
            foreach ($d in 'pslv-vm', 'pslv-other') { $null = Invoke-Virsh $uri 'undefine', $d }
        }
    }

    It 'refuses a second binding on the same port device with libvirt''s error' {
        New-NetworkFilterBinding -Connection $h -Xml (& $bindingXml 'pslvfb1' '52:54:00:00:00:01') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        @(Get-VirshBindingList $uri | Where-Object PortDevice -EQ pslvfb1).Count | Should -Be 1
    }

    It 'resolves exact port devices: NotFound (ObjectNotFound) and the next input continues; piped objects and names' {
        $got = @(Get-NetworkFilterBindingXml -Connection $h -Name 'pslvfb-none', 'pslvfb2' -ErrorVariable err -ErrorAction SilentlyContinue)
        $got.Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterBindingNotFound,PSLibvirt.Commands.GetNetworkFilterBindingXmlCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'pslvfb-none'
        Get-NetworkFilterBinding -Connection $h -Name 'pslvfb-none' -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterBindingNotFound,PSLibvirt.Commands.GetNetworkFilterBindingCommand'
        @(Get-NetworkFilterBinding -Connection $h -Name 'pslvfb2' | Get-NetworkFilterBindingXml).Count | Should -Be 1
        @('pslvfb1' | Get-NetworkFilterBindingXml -Connection $h).Count | Should -Be 1
        @([pscustomobject]@{ Name = 'pslvfb1' } | Get-NetworkFilterBindingXml -Connection $h).Count | Should -Be 1
    }

    It 'removes bindings (-WhatIf changes nothing; piped objects; a missing one does not stop the next)' {
        Get-NetworkFilterBinding -Connection $h -Name pslvfb1 | Remove-NetworkFilterBinding -WhatIf
        (Get-VirshBindingList $uri).PortDevice | Should -Contain 'pslvfb1'
        Remove-NetworkFilterBinding -Connection $h -Name 'pslvfb-none', 'pslvfb1' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkFilterBindingNotFound,PSLibvirt.Commands.RemoveNetworkFilterBindingCommand'
        (Get-VirshBindingList $uri).PortDevice | Should -Not -Contain 'pslvfb1'
        Get-NetworkFilterBinding -Connection $h -Name pslvfb2 | Remove-NetworkFilterBinding -Confirm:$false
        @(Get-VirshBindingList $uri | Where-Object PortDevice -Like 'pslvfb*') | Should -BeNullOrEmpty
    }

}
