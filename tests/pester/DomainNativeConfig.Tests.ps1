#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# ConvertTo-DomainNativeConfig (domxml-to-native) and ConvertFrom-DomainNativeConfig (domxml-from-native): the QEMU
# driver of the private libvirtd converts, virsh on the same URI is the oracle; the test driver converts nothing.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Native configuration on the test driver' -Tag 'Domain' {
    BeforeAll { $h = Connect-Hypervisor -Uri 'test:///default' -Name 'native-t' }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'passes on that the test driver converts nothing (NotImplemented), with the input as target' {
        $xml = Get-DomainXml -Name test
        ConvertTo-DomainNativeConfig -Xml $xml -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.ConvertToDomainNativeConfigCommand'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        ConvertFrom-DomainNativeConfig -Config 'qemu-system-x86_64 -m 64' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.ConvertFromDomainNativeConfigCommand'
        "$($e[0].TargetObject)" | Should -Be 'qemu-system-x86_64 -m 64'
    }

    It 'completes -Format with the formats libvirt knows' {
        $r = TabExpansion2 -inputScript ($s = 'ConvertTo-DomainNativeConfig -Format xen-') -cursorColumn $s.Length
        $r.CompletionMatches.CompletionText | Should -Be 'xen-sxpr', 'xen-xl', 'xen-xm'
    }
}

Describe 'Native configuration on QEMU' -Tag 'Domain', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $guest = 'pslv-native-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            Start-TestGuest -Daemon $daemon -Name $guest
            $q = Connect-Hypervisor -Uri $uri -Name 'native-q'
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'writes the QEMU command line virsh domxml-to-native writes for the same XML, from the pipeline' {
        $line = Get-DomainXml -Name $guest | ConvertTo-DomainNativeConfig
        $line | Should -BeOfType [string]
        $line.Trim() | Should -Be (Invoke-Virsh $uri 'domxml-to-native', 'qemu-argv', '--domain', $guest)
        $line | Should -Match "-name guest=$guest"
    }

    It 'passes on that QEMU''s driver no longer reads a command line, with virsh domxml-from-native''s message' {
        # libvirt dropped its QEMU argv parser (libvirt 9.0's QEMU driver has no connectDomainXMLFromNative); the
        # drivers that still read native configuration (Xen's libxl, VMware, ESX) need their hypervisor, which this
        # machine does not have. So the cmdlet is proven to hand the call and its error through, as virsh does.
        $argv = '/usr/bin/qemu-system-x86_64 -name pslv-from-native -m 96'
        $file = New-TemporaryFile
        Set-Content -Path $file -Value $argv
        $virsh = & virsh -c $uri domxml-from-native qemu-argv $file.FullName 2>&1 | Where-Object { "$_" -match 'error:' }
        Remove-Item $file
        ConvertFrom-DomainNativeConfig -Config $argv -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.ConvertFromDomainNativeConfigCommand'
        "$virsh" | Should -Match ([regex]::Escape("$($e[0])"))
    }

    It 'gives libvirt''s error for a format the driver does not know and for XML that does not parse, and goes on' {
        $xml = Get-DomainXml -Name $guest
        ConvertTo-DomainNativeConfig -Xml $xml -Format xen-xl -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.ConvertToDomainNativeConfigCommand'
        "$($e[0])" | Should -Match 'xen-xl'
        $out = @('<domain', $xml | ConvertTo-DomainNativeConfig -ErrorVariable e2 -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $e2.Count | Should -Be 1
        "$($e2[0].TargetObject)" | Should -Be '<domain'
    }
}
