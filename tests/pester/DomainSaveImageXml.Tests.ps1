#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-DomainSaveImageXml (save-image-dumpxml) and Get-DomainManagedSaveXml (managedsave-dumpxml): on test:///default
# and on a QEMU guest of the private libvirtd, virsh on the same URI as the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Save image XML on the test driver' -Tag 'Domain' {
    BeforeAll {
        $h = Connect-Hypervisor -Uri ('test://' + (Join-Path $repo 'tests/data/node.xml')) -Name 'img-t'
        $tmp = Join-Path ([IO.Path]::GetTempPath()) ('pslv-img-' + [IO.Path]::GetRandomFileName())
        $null = New-Item -ItemType Directory $tmp
    }
    AfterAll {
        Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
    }

    It 'reads the XML of a save file as text and as XmlDocument; a missing file is an error and the next path is read' {
        $file = Join-Path $tmp 'web1.save'
        Save-Domain -Name web1 -Path $file
        $xml = Get-DomainSaveImageXml -Path $file
        $xml | Should -BeOfType [string]
        ([xml]$xml).domain.name | Should -Be 'web1'
        (Get-DomainSaveImageXml -Path $file -AsXml).domain.name | Should -Be 'web1'
        $out = @((Join-Path $tmp 'nosuch.save'), $file | Get-DomainSaveImageXml -ErrorVariable e -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.GetDomainSaveImageXmlCommand'
        $e[0].TargetObject | Should -Be (Join-Path $tmp 'nosuch.save')
        "$($e[0])" | Should -Match 'nosuch.save'
    }

    It 'passes on that the driver keeps no managed save XML (NotImplemented)' {
        Get-DomainManagedSaveXml -Name db1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetDomainManagedSaveXmlCommand'
    }
}

Describe 'Managed save XML on a QEMU guest' -Tag 'Domain', 'Qemu' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $guest = 'pslv-img-' + [IO.Path]::GetRandomFileName().Replace('.', '')
            Start-TestGuest -Daemon $daemon -Name $guest
            $q = Connect-Hypervisor -Uri $uri -Name 'img-q'
        }
    }
    AfterAll {
        if ($q) { Disconnect-Hypervisor -Connection $q -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }

    It 'has none before a managed save (libvirt''s error), and after it the XML virsh managedsave-dumpxml shows' {
        Get-DomainManagedSaveXml -Name $guest -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.GetDomainManagedSaveXmlCommand'
        Save-Domain -Name $guest -Managed
        $xml = Get-DomainManagedSaveXml -Name $guest
        # Invoke-Virsh trims the text it returns.
        $xml.Trim() | Should -Be (Invoke-Virsh $uri 'managedsave-dumpxml', $guest)
        (Get-DomainManagedSaveXml -Name $guest -AsXml).domain.name | Should -Be $guest
        $file = Join-Path $daemon.Directory 'saved.save'
        Start-Domain -Name $guest
        Save-Domain -Name $guest -Path $file
        (Get-DomainSaveImageXml -Path $file).Trim() | Should -Be (Invoke-Virsh $uri 'save-image-dumpxml', $file)
    }
}
