#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-/Set-DomainSaveImageXml (save-image-dumpxml, save-image-define, save-image-edit) and Get-/Set-DomainManagedSaveXml
# (managedsave-dumpxml, managedsave-define, managedsave-edit): on test:///default and on a QEMU guest of the private
# libvirtd, virsh on the same URI as the oracle.

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
    # Each test saves web1 (which stops it); the next starts from a running web1.
    BeforeEach { if ((Get-Domain -Name web1).State -ne 'Running') { Start-Domain -Name web1 } }
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
        # libvirt's system error with errno ENOENT: the file is not there, not a connection fault.
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].Exception.SystemErrno | Should -Be 2
    }

    It 'replaces the XML of a save file and the state it restores in, as virsh save-image-dumpxml then shows' {
        $file = Join-Path $tmp 'web2.save'
        Save-Domain -Name web1 -Path $file
        $xml = (Get-DomainSaveImageXml -Path $file) -replace '<description>[^<]*</description>', ''
        $xml = $xml -replace '</name>', '</name><description>edited in the image</description>'
        Set-DomainSaveImageXml -Path $file -Xml ([xml]$xml) -Paused
        (Get-DomainSaveImageXml -Path $file -AsXml).domain.description | Should -Be 'edited in the image'
        # Only the state: the XML the file holds is kept.
        Set-DomainSaveImageXml -Path $file -Running
        (Get-DomainSaveImageXml -Path $file -AsXml).domain.description | Should -Be 'edited in the image'
        Restore-Domain -Path $file
        (Get-Domain -Name web1).State | Should -Be 'Running'
        (Get-Domain -Name web1).Description | Should -Be 'edited in the image'
    }

    It 'refuses nothing to change, both states and XML that does not parse before libvirt is called; -WhatIf changes nothing' {
        $file = Join-Path $tmp 'web4.save'
        Save-Domain -Name web1 -Path $file
        $before = Get-DomainSaveImageXml -Path $file
        { Set-DomainSaveImageXml -Path $file } | Should -Throw -ErrorId 'NothingToChange,PSLibvirt.Commands.SetDomainSaveImageXmlCommand'
        { Set-DomainSaveImageXml -Path $file -Running -Paused } | Should -Throw -ErrorId 'RunningAndPaused,PSLibvirt.Commands.SetDomainSaveImageXmlCommand'
        { Set-DomainSaveImageXml -Path $file -Xml '<domain' } | Should -Throw -ErrorId 'InvalidXml,PSLibvirt.Commands.SetDomainSaveImageXmlCommand'
        Set-DomainSaveImageXml -Path $file -Xml ($before -replace '</name>', '</name><title>t</title>') -WhatIf
        Get-DomainSaveImageXml -Path $file | Should -Be $before
        Restore-Domain -Path $file
    }

    It 'gives libvirt''s error for a missing file, with the path as target, and goes on with the next path' {
        $file = Join-Path $tmp 'web5.save'
        Save-Domain -Name web1 -Path $file
        (Join-Path $tmp 'nosuch.save'), $file | Set-DomainSaveImageXml -Paused -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -Be (Join-Path $tmp 'nosuch.save')
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.SetDomainSaveImageXmlCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        # The test driver keeps no state in its images (virsh save-image-define --paused does not change how it
        # restores either): the state is checked on QEMU below.
        Restore-Domain -Path $file
        (Get-Domain -Name web1).State | Should -Be 'Running'
    }

    It 'passes on that the driver keeps no managed save XML (NotImplemented)' {
        Get-DomainManagedSaveXml -Name db1 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetDomainManagedSaveXmlCommand'
        Set-DomainManagedSaveXml -Name db1 -Paused -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.SetDomainManagedSaveXmlCommand'
        "$($e[0].TargetObject)" | Should -Be 'db1'
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

    It 'changes the managed save image''s XML and state: the domain starts paused with the new description' {
        if ((Get-Domain -Name $guest).State -ne 'Running') { Start-Domain -Name $guest }
        Save-Domain -Name $guest -Managed
        $xml = (Get-DomainManagedSaveXml -Name $guest) -replace '</name>', '</name><description>edited managed save</description>'
        Set-DomainManagedSaveXml -Name $guest -Xml $xml -Paused
        ([xml](Invoke-Virsh $uri 'managedsave-dumpxml', $guest)).domain.description | Should -Be 'edited managed save'
        Start-Domain -Name $guest
        Invoke-Virsh $uri 'domstate', $guest | Should -Be 'paused'
        Resume-Domain -Name $guest
    }

    It 'makes a save file restore paused, as virsh domstate then shows' {
        if ((Get-Domain -Name $guest).State -ne 'Running') { Start-Domain -Name $guest }
        $file = Join-Path $daemon.Directory 'paused.save'
        Save-Domain -Name $guest -Path $file
        Set-DomainSaveImageXml -Path $file -Paused
        Restore-Domain -Path $file
        Invoke-Virsh $uri 'domstate', $guest | Should -Be 'paused'
        Resume-Domain -Name $guest
    }

    It 'gives libvirt''s error for a domain without a managed save image and for XML of another domain' {
        if ((Get-Domain -Name $guest).State -ne 'Running') { Start-Domain -Name $guest }
        Set-DomainManagedSaveXml -Name $guest -Running -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationInvalid,PSLibvirt.Commands.SetDomainManagedSaveXmlCommand'
        Save-Domain -Name $guest -Managed
        $other = (Get-DomainManagedSaveXml -Name $guest) -replace '<uuid>[^<]+</uuid>', "<uuid>$([guid]::NewGuid())</uuid>"
        Set-DomainManagedSaveXml -Name $guest -Xml $other -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.SetDomainManagedSaveXmlCommand'
        "$($e[0])" | Should -Match 'uuid|UUID'
        # The image is unchanged and still starts the domain.
        Start-Domain -Name $guest
        Invoke-Virsh $uri 'domstate', $guest | Should -Be 'running'
    }
}
