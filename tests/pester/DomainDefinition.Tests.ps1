#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# New-Domain, Remove-Domain, Get-DomainXml, Set-Domain: breadth and bad input on the test driver (test:///default,
# tests/data/*.xml), then real QEMU guests on the private libvirtd with virsh as the oracle.

BeforeAll {
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Data = (Resolve-Path (Join-Path $PSScriptRoot '../data')).ProviderPath

    function New-Name([string] $Prefix = 'pslv-dd') { $Prefix + '-' + [IO.Path]::GetRandomFileName().Replace('.', '') }

    # The inactive XML of a domain, or $null when there is none.
    function Get-Def([string] $Name, $Connection) {
        $x = Get-DomainXml -Name $Name -Inactive -Connection $Connection -ErrorAction SilentlyContinue
        if ($x) { $x } else { $null }
    }
}

Describe 'Domain definition on the test driver' -Tag 'Domain' {
    BeforeEach {
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        $hv = Connect-Hypervisor -Uri test:///default -Name dd
    }
    AfterAll { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    Context 'New-Domain from parameters' {
        It 'completes -Network, -OSType, -Arch and -Machine from the connection (its networks, its capabilities)' {
            function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
            # The test driver's guests: hvm and xen, both i686, without machine types.
            Complete 'New-Domain -Name x -Network ' | Should -Be 'default'
            Complete 'New-Domain -Name x -OSType ' | Should -Be 'hvm', 'xen'
            Complete 'New-Domain -Name x -Arch ' | Should -Be 'i686'
            Complete 'New-Domain -Name x -OSType xen -Arch ' | Should -Be 'i686'
            # A value bound to another of them narrows the list: no guest is x86_64 here.
            Complete 'New-Domain -Name x -Arch x86_64 -OSType ' | Should -BeNullOrEmpty
            Complete 'New-Domain -Name x -Machine ' | Should -BeNullOrEmpty
        }

        It 'defines a domain for the driver from its capabilities and returns it' {
            $d = New-Domain -Name vm1 -MemoryMB 256 -VCpu 2 -DiskPath /img/vm1.qcow2, /dev/vg/data -Network default -Bridge br0 -CdromPath /iso/a.iso -Graphics vnc -BootOrder cdrom, hd
            $d | Should -BeOfType PSLibvirt.Domain
            $d.Name | Should -Be vm1
            $d.Persistent | Should -BeTrue
            $d.State | Should -Be ShutOff
            $x = Get-DomainXml vm1 -Inactive -AsXml
            $x | Should -BeOfType System.Xml.XmlDocument
            $x.domain.type | Should -Be test
            $x.SelectSingleNode('/domain/os/type/@arch').Value | Should -Be i686
            $x.SelectSingleNode('/domain/memory').InnerText | Should -Be '262144'
            $x.SelectSingleNode('/domain/vcpu').InnerText | Should -Be '2'
            @($x.SelectNodes('/domain/devices/disk/source/@file').Value) | Should -Be @('/img/vm1.qcow2', '/iso/a.iso')
            $x.SelectSingleNode("/domain/devices/disk[source/@dev='/dev/vg/data']/target/@dev").Value | Should -Be vdb
            $x.SelectSingleNode("/domain/devices/interface[@type='network']/source/@network").Value | Should -Be default
            $x.SelectSingleNode("/domain/devices/interface[@type='bridge']/source/@bridge").Value | Should -Be br0
            $x.SelectSingleNode('/domain/devices/graphics/@type').Value | Should -Be vnc
            @($x.SelectNodes('/domain/os/boot/@dev').Value) | Should -Be @('cdrom', 'hd')
        }

        It '-WhatIf defines nothing and -Verbose shows the XML it would define' {
            $verbose = New-Domain -Name whatif1 -MemoryMB 128 -WhatIf -Verbose 4>&1
            ($verbose | Out-String) | Should -Match '<name>whatif1</name>'
            ($verbose | Out-String) | Should -Match '<memory unit="MiB">128</memory>'
            Get-Def whatif1 $hv | Should -BeNullOrEmpty
        }

        It '-Start starts it' {
            (New-Domain -Name started1 -MemoryMB 64 -Start).State | Should -Be Running
        }

        It '-Transient creates a running domain that is not defined' {
            $d = New-Domain -Name trans1 -MemoryMB 64 -Transient
            $d.State | Should -Be Running
            $d.Persistent | Should -BeFalse
        }

        It 'takes volume paths from the pipeline by property name into one domain' {
            $d = [pscustomobject]@{ Path = '/pool/a.qcow2' }, [pscustomobject]@{ Path = '/pool/b.raw' } | New-Domain -Name piped1 -MemoryMB 64
            @($d).Count | Should -Be 1
            @((Get-DomainXml piped1 -AsXml).SelectNodes('/domain/devices/disk/source/@file').Value) | Should -Be @('/pool/a.qcow2', '/pool/b.raw')
        }

        It 'rejects an architecture the hypervisor does not offer, listing those it does' {
            New-Domain -Name arch1 -MemoryMB 64 -Arch aarch64 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainParameter,PSLibvirt.Commands.NewDomainCommand'
            $e[0].CategoryInfo.Category | Should -Be InvalidArgument
            "$($e[0])" | Should -Match 'i686'
            Get-Def arch1 $hv | Should -BeNullOrEmpty
        }

        It 'rejects a relative disk path' {
            New-Domain -Name rel1 -DiskPath disk.qcow2 -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainParameter,PSLibvirt.Commands.NewDomainCommand'
            Get-Def rel1 $hv | Should -BeNullOrEmpty
        }

        It 'never replaces an existing domain' {
            $before = Get-Def test $hv
            New-Domain -Name test -MemoryMB 64 -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'DomainExists,PSLibvirt.Commands.NewDomainCommand'
            $e[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Def test $hv | Should -Be $before
        }
    }

    Context 'New-Domain -Xml' {
        It 'defines from a string and from an XmlDocument' {
            (New-Domain -Xml "<domain type='test'><name>x1</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>").Name | Should -Be x1
            $doc = [xml]"<domain type='test'><name>x2</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>"
            (New-Domain -Xml $doc).Name | Should -Be x2
            (Get-DomainXml x2 -AsXml).domain.name | Should -Be x2
        }

        It 'malformed XML is InvalidXml, nothing is defined, and the next input is processed' {
            $out = "<domain type='test'><name>bad1", "<domain type='test'><name>good1</name><memory>65536</memory><os><type>hvm</type></os></domain>" |
                New-Domain -ErrorVariable e -ErrorAction SilentlyContinue
            $e.Count | Should -Be 1
            $e[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.NewDomainCommand'
            $e[0].CategoryInfo.Category | Should -Be InvalidArgument
            $out.Name | Should -Be good1
            Get-Def bad1 $hv | Should -BeNullOrEmpty
        }

        It 'XML goes to libvirt as written: the test driver defines a kvm domain, as virsh define does' {
            $d = New-Domain -Xml "<domain type='kvm'><name>kvm1</name><memory>65536</memory><os><type>hvm</type></os></domain>"
            $d.Name | Should -Be 'kvm1'
            ([xml](Get-Def kvm1 $hv)).domain.type | Should -Be 'kvm'
            Remove-Domain kvm1 -Confirm:$false
        }

        It 'a fault libvirt''s parser reports as internal (a char device without its source) is InvalidArgument with libvirt''s reason' {
            $xml = "<domain type='test'><name>chr1</name><memory>65536</memory><os><type>hvm</type></os><devices><serial type='file'><target port='0'/></serial></devices></domain>"
            New-Domain -Xml $xml -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtInternalError,PSLibvirt.Commands.NewDomainCommand'
            $e[0].CategoryInfo.Category | Should -Be InvalidArgument
            "$($e[0])" | Should -Match 'Missing source path attribute for char device'
            Get-Def chr1 $hv | Should -BeNullOrEmpty
            New-Domain -Xml $xml -SkipValidation -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            "$($e[0])" | Should -Match 'Missing source path'
        }

        It '-SkipValidation leaves out the schema check (virsh define without --validate), and the parser still judges' {
            # <memory unit='KiB'> with an unknown attribute: the schema refuses it, libvirt's parser ignores it.
            $xml = "<domain type='test'><name>noval1</name><memory unit='KiB' extra='x'>65536</memory><os><type>hvm</type></os></domain>"
            New-Domain -Xml $xml -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtXmlInvalidSchema,PSLibvirt.Commands.NewDomainCommand'
            (New-Domain -Xml $xml -SkipValidation).Name | Should -Be 'noval1'
            Remove-Domain noval1 -Confirm:$false
        }

        It 'XML libvirt rejects (schema) is a libvirt error and defines nothing' {
            New-Domain -Xml "<domain type='test'><name>schema1</name><memory>lots</memory><os><type>hvm</type></os></domain>" -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewDomainCommand'
            $e[0].CategoryInfo.Category | Should -Be InvalidArgument
            Get-Def schema1 $hv | Should -BeNullOrEmpty
        }
    }

    Context 'Get-DomainXml' {
        It 'returns the text, or an XmlDocument with -AsXml' {
            (Get-DomainXml test -AsXml) | Should -BeOfType System.Xml.XmlDocument
            $s = Get-DomainXml test
            $s | Should -BeOfType string
            ([xml]$s).domain.name | Should -Be test
            (Get-DomainXml test -AsXml).domain.id | Should -Be '1'
            (Get-DomainXml test -Inactive -AsXml).domain.id | Should -BeNullOrEmpty
            (Get-DomainXml test -Secure -Migratable -AsXml).domain.name | Should -Be test
        }

        It 'a missing name is DomainNotFound and the pipeline goes on' {
            $docs = 'nope', 'test' | Get-DomainXml -ErrorVariable e -ErrorAction SilentlyContinue
            @($docs).Count | Should -Be 1
            $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.GetDomainXmlCommand'
            $e[0].CategoryInfo.Category | Should -Be ObjectNotFound
            $e[0].TargetObject | Should -Be nope
        }
    }

    Context 'Set-Domain' {
        It '-Xml with a schema error is rejected and the old definition is intact' {
            $before = Get-Def test $hv
            $bad = $before -replace '<vcpu placement=.static.>2</vcpu>', '<vcpu>two</vcpu>'
            $bad | Should -Not -Be $before
            Set-Domain test -Xml $bad -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.SetDomainCommand'
            Get-Def test $hv | Should -Be $before
        }

        It '-Xml that is not well-formed, or names another domain, is rejected before libvirt' {
            $before = Get-Def test $hv
            Set-Domain test -Xml '<domain type="test"><name>test' -ErrorVariable e1 -ErrorAction SilentlyContinue
            $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.SetDomainCommand'
            Set-Domain test -Xml ($before -replace '<name>test</name>', '<name>other</name>') -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId | Should -Be 'IncompatibleDomainXml,PSLibvirt.Commands.SetDomainCommand'
            "$($e2[0])" | Should -Match 'NewName'
            Get-Def test $hv | Should -Be $before
            Get-Def other $hv | Should -BeNullOrEmpty
        }

        It '-Xml redefines (an XmlDocument without uuid keeps the domain)' {
            $doc = Get-DomainXml test -Inactive -AsXml
            $doc.domain.RemoveChild($doc.domain.SelectSingleNode('uuid')) | Out-Null
            $doc.domain.SelectSingleNode('memory').InnerText = '4194304'
            $d = Set-Domain test -Xml $doc -PassThru
            $d.Uuid | Should -Be '6695eb01-f6a4-8304-79aa-97f2502e193f'
            (Get-DomainXml test -Inactive -AsXml).domain.memory.'#text' | Should -Be '4194304'
        }

        It '-Xml cannot be combined with other changes' {
            { Set-Domain test -Xml (Get-Def test $hv) -VCpu 3 -ErrorAction Stop } | Should -Throw -ErrorId 'XmlWithOtherChanges,PSLibvirt.Commands.SetDomainCommand'
        }

        It '-VCpu, -MemoryMB and -MaxMemoryMB -Config change the persistent definition' {
            Set-Domain test -VCpu 6 -MaxMemoryMB 1024 -MemoryMB 512 -Config
            $x = Get-DomainXml test -Inactive -AsXml
            $x.SelectSingleNode('/domain/vcpu').InnerText | Should -Be '6'  # above the old maximum of 2: raised first
            $x.SelectSingleNode('/domain/memory').InnerText | Should -Be '1048576'
            $x.SelectSingleNode('/domain/currentMemory').InnerText | Should -Be '524288'
        }

        It '-MemoryMB -Live changes the running domain only' {
            $d = Set-Domain test -MemoryMB 1024 -Live -PassThru
            $d.MemoryBytes | Should -Be 1GB
            (Get-DomainXml test -Inactive -AsXml).SelectSingleNode('/domain/currentMemory').InnerText | Should -Be '2097152'
        }

        It '-Title, -Description and -Autostart' {
            $d = Set-Domain test -Title 'Web front end' -Description "line 1`nline 2" -Autostart $true -PassThru
            $d.Title | Should -Be 'Web front end'
            $d.Description | Should -Be "line 1`nline 2"
            $d.Autostart | Should -BeTrue
            (Get-DomainXml test -AsXml).domain.title | Should -Be 'Web front end'
            (Set-Domain test -Autostart $false -Title '' -PassThru).Autostart | Should -BeFalse
            (Get-DomainXml test -AsXml).domain.title | Should -BeNullOrEmpty
        }

        It 'a title of several lines is InvalidTitle and changes nothing' {
            { Set-Domain test -Title "a`nb" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTitle,PSLibvirt.Commands.SetDomainCommand'
            (Get-DomainXml test -AsXml).domain.title | Should -BeNullOrEmpty
        }

        It '-Xml takes the lines of Get-Content as one document' {
            $file = Join-Path ([IO.Path]::GetTempPath()) "pslv-dd-$([guid]::NewGuid()).xml"
            try {
                (Get-Def test $hv) -replace "<on_crash>destroy</on_crash>", "<on_crash>restart</on_crash>" | Set-Content $file
                Set-Domain test -Xml (Get-Content $file)
                (Get-DomainXml test -Inactive -AsXml).domain.on_crash | Should -Be restart
            }
            finally { Remove-Item $file -ErrorAction SilentlyContinue }
        }

        It '-NewName renames an inactive domain' {
            New-Domain -Name ren1 -MemoryMB 64 | Out-Null
            (Set-Domain ren1 -NewName ren2 -PassThru).Name | Should -Be ren2
            Get-Def ren1 $hv | Should -BeNullOrEmpty
            Get-Def ren2 $hv | Should -Not -BeNullOrEmpty
        }

        It 'a libvirt refusal is an error for that domain only' {
            New-Domain -Name lim1 -MemoryMB 64 | Out-Null
            $out = 'test', 'lim1' | Set-Domain -VCpu 64 -Live -PassThru -ErrorVariable e -ErrorAction SilentlyContinue
            # test is running with 2 vCPUs at most: live hot-plug past it fails; lim1 is not running: -Live fails too.
            $e.Count | Should -Be 2
            $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.SetDomainCommand'
            $out | Should -BeNullOrEmpty
            (Set-Domain lim1 -VCpu 3 -PassThru).VCpus | Should -Be 3
        }

        It '-WhatIf changes nothing' {
            $before = Get-Def test $hv
            Set-Domain test -VCpu 1 -Config -Title x -WhatIf
            Get-Def test $hv | Should -Be $before
        }
    }

    Context 'Remove-Domain' {
        It 'undefines an inactive domain' {
            New-Domain -Name rm1 -MemoryMB 64 | Out-Null
            Remove-Domain rm1 -Confirm:$false
            Get-Def rm1 $hv | Should -BeNullOrEmpty
        }

        It 'a running persistent domain becomes transient with a warning, as virsh undefine does' {
            Remove-Domain test -Confirm:$false -WarningVariable w
            "$w" | Should -Match 'still running'
            Get-DomainXml test | Should -Not -BeNullOrEmpty   # still there
            Remove-Domain test -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'DomainIsTransient,PSLibvirt.Commands.RemoveDomainCommand'
            $e[0].CategoryInfo.Category | Should -Be InvalidOperation
            "$($e[0])" | Should -Match 'Stop-Domain -Force'
        }

        It 'a running transient domain is a clear error' {
            New-Domain -Name trans2 -MemoryMB 64 -Transient | Out-Null
            Remove-Domain trans2 -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'DomainIsTransient,PSLibvirt.Commands.RemoveDomainCommand'
            (Get-DomainXml trans2 -AsXml).domain.name | Should -Be trans2
        }

        It '-WhatIf removes nothing; a missing name is DomainNotFound' {
            New-Domain -Name rm2 -MemoryMB 64 | Out-Null
            Remove-Domain rm2 -WhatIf
            Get-Def rm2 $hv | Should -Not -BeNullOrEmpty
            'nope', 'rm2' | Remove-Domain -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -Be 'DomainNotFound,PSLibvirt.Commands.RemoveDomainCommand'
            Get-Def rm2 $hv | Should -BeNullOrEmpty
        }

        It 'is ConfirmImpact High' {
            (Get-Command Remove-Domain).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be High
        }
    }
}

Describe 'Domain definition on node files' -Tag 'Domain' {
    BeforeEach {
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        $fleet = Connect-Hypervisor -Uri "test://$Data/node.xml" -Name fleet
        $app = Connect-Hypervisor -Uri "test://$Data/domdef-node.xml" -Name app
    }
    AfterAll { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    It '-RemoveStorage deletes the pool volumes of its disks and leaves other files, read-only disks and other domains' {
        $vol = '/srv/pslv-domdef/images/app1.qcow2'
        (Get-InternalType PSLibvirt.Core.DomainDefinitionApi)::TryLookupVolumeByPath($app.Connection, $vol) | Should -Not -BeNullOrEmpty
        Remove-Domain app1 -RemoveStorage -Connection $app -Confirm:$false -WarningVariable w
        "$w" | Should -Match '/srv/elsewhere/app1-data.raw'
        Get-Def app1 $app | Should -BeNullOrEmpty
        (Get-InternalType PSLibvirt.Core.DomainDefinitionApi)::TryLookupVolumeByPath($app.Connection, $vol) | Should -BeNullOrEmpty
        (Get-InternalType PSLibvirt.Core.DomainDefinitionApi)::TryLookupVolumeByPath($app.Connection, '/srv/pslv-domdef/images/installer.iso') | Should -Not -BeNullOrEmpty
    }

    It '-RemoveStorage refuses a running domain and changes nothing' {
        New-Domain -Name run1 -MemoryMB 64 -DiskPath /srv/pslv-domdef/images/installer.iso -Start -Connection $app | Out-Null
        Remove-Domain run1 -RemoveStorage -Connection $app -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'DomainIsActive,PSLibvirt.Commands.RemoveDomainCommand'
        Get-Def run1 $app | Should -Not -BeNullOrEmpty
        (Get-InternalType PSLibvirt.Core.DomainDefinitionApi)::TryLookupVolumeByPath($app.Connection, '/srv/pslv-domdef/images/installer.iso') | Should -Not -BeNullOrEmpty
    }

    It 'a name that exists on two connections is AmbiguousDomainName for Remove-Domain and Set-Domain, and nothing changes' {
        Remove-Domain web1 -Connection $fleet, $app -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'AmbiguousDomainName,PSLibvirt.Commands.RemoveDomainCommand'
        $e[0].CategoryInfo.Category | Should -Be InvalidArgument
        "$($e[0])" | Should -Match 'fleet' -Because 'the message names the connections'
        Set-Domain web1 -Connection $fleet, $app -Title x -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'AmbiguousDomainName,PSLibvirt.Commands.SetDomainCommand'
        Get-Def web1 $fleet | Should -Not -BeNullOrEmpty
        Get-Def web1 $app | Should -Not -BeNullOrEmpty
        (Get-DomainXml web1 -Connection $fleet -AsXml).domain.title | Should -Be 'Front-end web server'
        # Reading is no exception: the name must identify one domain; Domain objects from Get-Domain read both.
        Get-DomainXml web1 -Connection $fleet, $app -ErrorVariable e3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e3[0].FullyQualifiedErrorId | Should -Be 'AmbiguousDomainName,PSLibvirt.Commands.GetDomainXmlCommand'
        @(Get-Domain web1 -Connection $fleet, $app | Get-DomainXml).Count | Should -Be 2
    }

    It 'Domain objects from several connections each act on their own connection' {
        $both = Get-Domain -Name web1 -Connection $fleet, $app
        @($both).Count | Should -Be 2
        $out = $both | Set-Domain -Title 'same name, two hosts' -PassThru
        @($out.Hypervisor.Name) | Should -Be @('fleet', 'app')
        (Get-DomainXml web1 -Connection $fleet -AsXml).domain.title | Should -Be 'same name, two hosts'
        (Get-DomainXml web1 -Connection $app -AsXml).domain.title | Should -Be 'same name, two hosts'
        @($both | Get-DomainXml).Count | Should -Be 2
        # The default connection (app, the newest) is not used for an object from fleet.
        Get-Domain -Name web1 -Connection $fleet | Remove-Domain -Confirm:$false -WarningAction SilentlyContinue
        (Get-Domain -Name web1 -Connection $fleet).Persistent | Should -BeFalse
        (Get-Domain -Name web1 -Connection $app).Persistent | Should -BeTrue
    }

    It 'New-Domain defines on each -Connection' {
        $d = New-Domain -Name both1 -MemoryMB 64 -Connection $fleet, $app
        @($d.Hypervisor.Name) | Should -Be @('fleet', 'app')
    }
}

Describe 'Domain definition on a real QEMU hypervisor' -Tag 'Domain', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $qemu = Connect-Hypervisor -Uri $daemon.QemuUri -Name pslv-qemu
        }

        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.QemuUri } }
        function Get-DomInfo([string] $Name) {
            $info = @{}
            foreach ($line in (Invoke-Virsh dominfo, $Name) -split "`n") {
                if ($line -match '^([^:]+):\s*(.*)$') { $info[$Matches[1].Trim()] = $Matches[2].Trim() }
            }
            $info
        }
    }
    AfterAll {
        Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'New-Domain from parameters defines a guest that QEMU starts' {
        $name = New-Name
        $d = New-Domain -Name $name -MemoryMB 64 -VCpu 1 -Machine pc -Connection $qemu
        $d.Persistent | Should -BeTrue
        $xml = Get-DomainXml $name -Inactive -Connection $qemu -AsXml
        # kvm when the host offers it for x86_64 (virsh capabilities is the oracle), else qemu (TCG).
        $caps = [xml](Invoke-Virsh capabilities)
        $hasKvm = [bool]$caps.SelectSingleNode("/capabilities/guest[os_type='hvm']/arch[@name='x86_64']/domain[@type='kvm']")
        $xml.domain.type | Should -Be ($hasKvm ? 'kvm' : 'qemu')
        Write-Host "    (domain type chosen on this host: $($xml.domain.type))"
        (Invoke-Virsh domstate, $name) | Should -Be 'shut off'
        Invoke-Virsh start, $name | Out-Null
        Wait-Until { (Invoke-Virsh domstate, $name) -eq 'running' } 20 "$name running"
        Invoke-Virsh destroy, $name | Out-Null
        Invoke-Virsh undefine, $name | Out-Null
    }

    It 'New-Domain -Start starts it, with a volume disk, a CD-ROM and VNC graphics' {
        $name = New-Name
        $dir = Join-Path $daemon.Directory 'images'
        $null = New-Item -ItemType Directory -Force $dir
        $disk = Join-Path $dir "$name.raw"
        & truncate -s 8M $disk
        $iso = Join-Path $dir "$name.iso"
        & truncate -s 1M $iso
        $d = New-Domain -Name $name -MemoryMB 64 -DiskPath $disk -CdromPath $iso -Graphics vnc -Start -Connection $qemu
        $d.State | Should -Be Running
        (Invoke-Virsh domstate, $name) | Should -Be 'running'
        (Invoke-Virsh domblklist, $name) | Should -Match ([regex]::Escape($disk))
        Invoke-Virsh destroy, $name | Out-Null
        Invoke-Virsh undefine, $name | Out-Null
    }

    It 'Set-Domain -MemoryMB, -MaxMemoryMB and -VCpu -Config, checked with virsh dominfo' {
        $name = New-Name
        New-Domain -Name $name -MemoryMB 64 -Connection $qemu | Out-Null
        Set-Domain $name -MaxMemoryMB 128 -MemoryMB 96 -VCpu 2 -Config -Connection $qemu
        $info = Get-DomInfo $name
        $info['Max memory'] | Should -Be '131072 KiB'
        $info['Used memory'] | Should -Be '98304 KiB'
        $info['CPU(s)'] | Should -Be '2'
        Invoke-Virsh undefine, $name | Out-Null
    }

    It 'Set-Domain -Xml with an invalid edit keeps the old definition (virsh dumpxml)' {
        $name = New-Name
        New-Domain -Name $name -MemoryMB 64 -Connection $qemu | Out-Null
        $before = Invoke-Virsh dumpxml, '--inactive', $name
        $bad = $before -replace '<on_crash>destroy</on_crash>', '<on_crash>explode</on_crash>'
        $bad | Should -Not -Be $before
        Set-Domain $name -Xml $bad -Connection $qemu -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.SetDomainCommand'
        Invoke-Virsh dumpxml, '--inactive', $name | Should -Be $before
        Invoke-Virsh undefine, $name | Out-Null
    }

    It 'Remove-Domain undefines (virsh list --all), and makes a running guest transient' {
        $name = New-Name
        New-Domain -Name $name -MemoryMB 64 -Connection $qemu | Out-Null
        Remove-Domain $name -Connection $qemu -Confirm:$false
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Not -Contain $name

        $run = New-Name
        New-Domain -Name $run -MemoryMB 64 -Start -Connection $qemu | Out-Null
        Remove-Domain $run -Connection $qemu -Confirm:$false -WarningVariable w
        "$w" | Should -Match 'still running'
        (Get-DomInfo $run)['Persistent'] | Should -Be 'no'
        (Invoke-Virsh domstate, $run) | Should -Be 'running'
        Invoke-Virsh destroy, $run | Out-Null
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Not -Contain $run
    }

    It 'Remove-Domain -RemoveStorage deletes its pool volumes (virsh vol-list) and nothing else' {
        $name = New-Name
        $pool = New-Name 'pslv-pool'
        $dir = Join-Path $daemon.Directory $pool
        $null = New-Item -ItemType Directory -Force $dir
        Invoke-Virsh pool-create-as, $pool, dir, '--target', $dir | Out-Null
        Invoke-Virsh vol-create-as, $pool, "$name.raw", 4M | Out-Null
        Invoke-Virsh vol-create-as, $pool, keep.raw, 1M | Out-Null
        $path = Invoke-Virsh vol-path, '--pool', $pool, "$name.raw"
        [pscustomobject]@{ Path = $path } | New-Domain -Name $name -MemoryMB 64 -Connection $qemu | Out-Null
        Remove-Domain $name -RemoveStorage -Connection $qemu -Confirm:$false
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Not -Contain $name
        $vols = Invoke-Virsh vol-list, $pool
        $vols | Should -Not -Match ([regex]::Escape("$name.raw"))
        $vols | Should -Match 'keep.raw'
        Test-Path $path | Should -BeFalse
        Invoke-Virsh pool-destroy, $pool | Out-Null
    }

    It 'New-Domain -Start that QEMU cannot start leaves no definition behind' {
        $name = New-Name
        New-Domain -Name $name -MemoryMB 64 -DiskPath "/nonexistent/$name.qcow2" -Start -Connection $qemu -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewDomainCommand'
        $e[0].TargetObject | Should -Be $name
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Not -Contain $name
    }

    It 'Set-Domain -NewName on a running QEMU guest is a libvirt error and the name stays' {
        $name = New-Name
        New-Domain -Name $name -MemoryMB 64 -Start -Connection $qemu | Out-Null
        Set-Domain $name -NewName "$name-x" -Connection $qemu -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.SetDomainCommand'
        $e[0].CategoryInfo.Category | Should -Be InvalidOperation
        (Invoke-Virsh domstate, $name) | Should -Be 'running'
        Invoke-Virsh destroy, $name | Out-Null
        Invoke-Virsh undefine, $name | Out-Null
    }

    It 'Remove-Domain refuses a domain with a managed save image unless -ManagedSave, and then removes both' {
        $name = New-Name
        New-Domain -Name $name -MemoryMB 64 -Start -Connection $qemu | Out-Null
        Invoke-Virsh managedsave, $name | Out-Null
        (Get-DomInfo $name)['Managed save'] | Should -Be 'yes'
        Remove-Domain $name -Connection $qemu -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.RemoveDomainCommand'
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Contain $name
        (Get-DomInfo $name)['Managed save'] | Should -Be 'yes'
        Get-ChildItem -Recurse -Filter "$name.save" -Path $daemon.Directory | Should -Not -BeNullOrEmpty
        Remove-Domain $name -ManagedSave -Connection $qemu -Confirm:$false
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Not -Contain $name
        Get-ChildItem -Recurse -Filter "$name.save" -Path $daemon.Directory -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'New-Domain -Xml for another hypervisor type (test) is refused by libvirt, with its reason' {
        New-Domain -Connection $qemu -Xml "<domain type='test'><name>pslv-wrong</name><memory>65536</memory><os><type>hvm</type></os></domain>" -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewDomainCommand'
        "$($e[0])" | Should -Match 'test'
        (Invoke-Virsh list, '--all', '--name') -split "`n" | Should -Not -Contain 'pslv-wrong'
    }
}
