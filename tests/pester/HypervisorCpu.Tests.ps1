#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# CPU models, comparison and baseline (Get-HypervisorCpuModel, Compare-HypervisorCpu, Get-HypervisorCpuBaseline) through the
# built module, with virsh on the same URI as the oracle (cpu-models, cpu-compare, hypervisor-cpu-compare, cpu-baseline,
# hypervisor-cpu-baseline): on test:///default, whose driver in libvirt 9.0 lists models and computes the plain baseline but
# compares nothing and has no hypervisor baseline (NotImplemented errors); and on the private libvirtd's QEMU driver
# (QEMU 7.2, x86_64, TCG), which does all of it.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $work = Join-Path ([System.IO.Path]::GetTempPath()) "pslv-cpu-$PID"
    $null = New-Item -ItemType Directory -Path $work -Force
    $intelXml = "<cpu><arch>x86_64</arch><model>core2duo</model><vendor>Intel</vendor><feature name='pse36'/></cpu>"
    $twoCpus = Join-Path $work 'two.xml'
    Set-Content -LiteralPath $twoCpus -Value @"
<?xml version='1.0'?>
<cpu><arch>x86_64</arch><model>Nehalem</model><vendor>Intel</vendor></cpu>
<cpu><arch>x86_64</arch><model>core2duo</model><vendor>Intel</vendor><feature name='pse36'/></cpu>
"@
    # A baseline as virsh prints it, parsed the same way as the cmdlet's output.
    function Get-VirshCpu([string] $Uri, [string[]] $Arguments) {
        $x = [xml](Invoke-Virsh $Uri $Arguments)
        [pscustomobject]@{
            Model    = $x.cpu.model.'#text'
            Vendor   = $x.cpu.vendor
            Features = @($x.cpu.SelectNodes('feature') | ForEach-Object { "$($_.policy):$($_.name)" })
        }
    }
}

AfterAll { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'CPU models, comparison and baseline on the test driver' -Tag 'HypervisorCpu' {
    BeforeAll { $t = Connect-Hypervisor -Uri 'test:///default' -Name cpu-test }
    AfterAll { Disconnect-Hypervisor -Connection $t -ErrorAction SilentlyContinue }

    It 'lists the models of an architecture as virsh cpu-models does, in its order' {
        $models = @(Get-HypervisorCpuModel -Architecture x86_64 -Connection $t)
        $models.Name | Should -Be @(Invoke-Virsh 'test:///default' 'cpu-models', 'x86_64' -As Lines)
        $models[0] | Should -BeOfType PSLibvirt.HypervisorCpuModel
        $models[0].Architecture | Should -Be 'x86_64'
        $models[0].Hypervisor.Name | Should -Be 'cpu-test'
    }

    It 'takes the host architecture from the capabilities when none is given, and filters names with wildcards' {
        $hostArch = (Get-HypervisorCapability -Connection $t).HostArchitecture
        $hostArch | Should -Be 'i686'
        (Get-HypervisorCpuModel -Connection $t).Name | Should -Be @(Invoke-Virsh 'test:///default' 'cpu-models', $hostArch -As Lines)
        $sky = @(Get-HypervisorCpuModel x86_64 -Name 'skylake-*' -Connection $t)
        $sky.Count | Should -BeGreaterThan 1
        $sky.Name | Should -Be @(Invoke-Virsh 'test:///default' 'cpu-models', 'x86_64' -As Lines | Where-Object { $_ -like 'Skylake-*' })
    }

    It 'computes the baseline of several CPUs (two in one file) as virsh cpu-baseline does' {
        $b = Get-HypervisorCpuBaseline -Path $twoCpus -Connection $t
        $b | Should -BeOfType PSLibvirt.CpuDefinition
        $v = Get-VirshCpu 'test:///default' 'cpu-baseline', $twoCpus
        $b.Model | Should -Be $v.Model
        $b.Vendor | Should -Be $v.Vendor
        @($b.Features | ForEach-Object ToString) | Should -Be $v.Features
        $b.Hypervisor.Name | Should -Be 'cpu-test'
        ([xml]$b.Xml).cpu.model.'#text' | Should -Be $v.Model
    }

    It 'gathers the baseline from every input of the pipeline; -Features expands the features as cpu-baseline --features does' {
        $piped = Get-Content -LiteralPath $twoCpus -Raw | ForEach-Object { $_ -split '(?=<cpu>)' } | Where-Object { $_ -match '<cpu>' } |
            Get-HypervisorCpuBaseline -Connection $t -Features
        $v = Get-VirshCpu 'test:///default' 'cpu-baseline', $twoCpus, '--features'
        $piped.Model | Should -Be $v.Model
        @($piped.Features | ForEach-Object ToString) | Should -Be $v.Features
        $v.Features.Count | Should -BeGreaterThan 5 -Because 'the expanded model lists its features'
    }

    It 'compares nothing on this driver: a NotImplemented error per input, with the input as target' {
        { Invoke-Virsh 'test:///default' 'cpu-compare', $twoCpus } | Should -Throw '*not supported*virConnectCompareCPU*'
        $r = $intelXml, $intelXml | Compare-HypervisorCpu -Connection $t -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.CompareHypervisorCpuCommand'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].TargetObject | Should -Be $intelXml
        Compare-HypervisorCpu -Xml $intelXml -HypervisorCpu -Connection $t -ErrorVariable err2 -ErrorAction SilentlyContinue
        "$($err2[0])" | Should -Match 'virConnectCompareHypervisorCPU'
        Get-HypervisorCpuBaseline -Path $twoCpus -HypervisorCpu -Connection $t -ErrorVariable err3 -ErrorAction SilentlyContinue
        $err3[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetHypervisorCpuBaselineCommand'
        "$($err3[0])" | Should -Match 'virConnectBaselineHypervisorCPU'
    }

    It 'reports a piped domain without <cpu> (NoCpuDefinition, the domain as target) before asking the driver' {
        Get-Domain -Connection $t -Name test | Compare-HypervisorCpu -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NoCpuDefinition,PSLibvirt.Commands.CompareHypervisorCpuCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject.Name | Should -Be 'test'
    }

    It 'reports XML that does not parse, XML without a CPU and a missing file, each with its own id, and computes no partial baseline' {
        Compare-HypervisorCpu -Xml '<cpu><model>x' -Connection $t -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.CompareHypervisorCpuCommand'
        $e1[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e1[0].TargetObject | Should -Be '<cpu><model>x'

        Compare-HypervisorCpu -Xml '<domain type="qemu"/>' -Connection $t -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NoCpuDefinition,PSLibvirt.Commands.CompareHypervisorCpuCommand'
        $e2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($e2[0])" | Should -Match 'does not contain any <cpu> element'

        $missing = Join-Path $work 'missing.xml'
        Get-HypervisorCpuBaseline -Path $missing -Connection $t -ErrorVariable e3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e3[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,PSLibvirt.Commands.GetHypervisorCpuBaselineCommand'
        $e3[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e3[0].TargetObject | Should -Be $missing

        # One good and one bad input: the bad one is reported and no baseline of the good one alone is written.
        $r = Get-HypervisorCpuBaseline -Xml $intelXml, '<nocpu/>' -Connection $t -ErrorVariable e4 -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e4.Count | Should -Be 1
        $e4[0].FullyQualifiedErrorId | Should -Be 'NoCpuDefinition,PSLibvirt.Commands.GetHypervisorCpuBaselineCommand'

        # The same through a wildcard that finds a good and a bad file.
        $mixed = Join-Path $work 'mixed'
        $null = New-Item -ItemType Directory -Path $mixed -Force
        Set-Content -LiteralPath (Join-Path $mixed 'a.xml') -Value $intelXml
        Set-Content -LiteralPath (Join-Path $mixed 'b.xml') -Value '<cpu><model>'
        $r = Get-HypervisorCpuBaseline -Path (Join-Path $mixed '*.xml') -Connection $t -ErrorVariable e5 -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e5.Count | Should -Be 1
        $e5[0].FullyQualifiedErrorId | Should -Be 'InvalidXml,PSLibvirt.Commands.GetHypervisorCpuBaselineCommand'
        $e5[0].TargetObject | Should -Be (Join-Path $mixed 'b.xml')
        (Get-HypervisorCpuBaseline -Path (Join-Path $mixed 'a.xml') -Connection $t).Model | Should -Be 'core2duo'
    }
}

Describe 'CPU models, comparison and baseline through the private libvirtd (QEMU), virsh as the oracle' -Tag 'HypervisorCpu', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.QemuUri
            $h = Connect-Hypervisor -Uri $uri -Name cpuq
            $intelFile = Join-Path $work 'intel.xml'
            Set-Content -LiteralPath $intelFile -Value $intelXml
            $qemu64File = Join-Path $work 'qemu64.xml'
            Set-Content -LiteralPath $qemu64File -Value "<cpu mode='custom' match='exact'><model fallback='forbid'>qemu64</model></cpu>"
            $bigFile = Join-Path $work 'big.xml'
            Set-Content -LiteralPath $bigFile -Value "<cpu mode='custom' match='exact'><model fallback='forbid'>Skylake-Server</model></cpu>"
            $domcapsFile = Join-Path $work 'domcaps.xml'
            Set-Content -LiteralPath $domcapsFile -Value (Invoke-Virsh $uri 'domcapabilities')
            $guest = 'pslv-cpu-guest'
            $plain = 'pslv-cpu-plain'
            $guestXml = (New-TestGuestXml -Name $guest) -replace '<vcpu>1</vcpu>', "<vcpu>1</vcpu><cpu mode='custom' match='exact'><model fallback='forbid'>qemu64</model></cpu>"
            Set-Content -LiteralPath (Join-Path $work 'guest.xml') -Value $guestXml
            Set-Content -LiteralPath (Join-Path $work 'plain.xml') -Value (New-TestGuestXml -Name $plain)
            $null = Invoke-Virsh $uri 'define', (Join-Path $work 'guest.xml')
            $null = Invoke-Virsh $uri 'define', (Join-Path $work 'plain.xml')
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because "no private libvirtd: $($support.Reason)" } }

    It 'lists the x86_64 models as virsh cpu-models does' {
        (Get-HypervisorCpuModel x86_64 -Connection $h).Name | Should -Be @(Invoke-Virsh $uri 'cpu-models', 'x86_64' -As Lines)
        (Get-HypervisorCpuModel -Connection $h)[0].Architecture | Should -Be 'x86_64' -Because 'the host architecture is the default'
    }

    It 'says Incompatible with the host CPU, with the reason virsh cpu-compare --error gives' {
        { Invoke-Virsh $uri 'cpu-compare', $intelFile } | Should -Throw '*incompatible with host CPU*'
        $why = try { Invoke-Virsh $uri 'cpu-compare', $intelFile, '--error'; $null } catch { "$_" }
        $c = Compare-HypervisorCpu -Path $intelFile -Connection $h
        $c | Should -BeOfType PSLibvirt.CpuComparison
        $c.Result | Should -Be ([PSLibvirt.CpuCompareResult]::Incompatible)
        $c.IsCompatible | Should -BeFalse
        $c.ComparedWith | Should -Be 'Host'
        $c.Source | Should -Be $intelFile
        $c.Reason | Should -Not -BeNullOrEmpty
        $why | Should -BeLike "*$($c.Reason)*"
    }

    It 'says Superset against the hypervisor CPU as virsh hypervisor-cpu-compare does' {
        Invoke-Virsh $uri 'hypervisor-cpu-compare', $qemu64File | Should -Match 'superset'
        $c = Get-Item -LiteralPath $qemu64File | Compare-HypervisorCpu -HypervisorCpu -Connection $h
        $c.Result | Should -Be 'Superset'
        $c.ComparedWith | Should -Be 'Hypervisor'
        $c.Reason | Should -BeNullOrEmpty
        (Compare-HypervisorCpu -Path $qemu64File -Architecture x86_64 -Machine pc -VirtType qemu -Connection $h).Result | Should -Be 'Superset'
    }

    It '-ErrorIfIncompatible: an incompatible CPU is a CpuIncompatible error with virsh''s message; the next input is still compared' {
        $why = try { Invoke-Virsh $uri 'hypervisor-cpu-compare', $bigFile, '--error'; $null } catch { "$_" }
        $why | Should -Match 'does not provide required features'
        $r = Compare-HypervisorCpu -Path $bigFile, $qemu64File -HypervisorCpu -ErrorIfIncompatible -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $r.Result | Should -Be 'Superset'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtCpuIncompatible,PSLibvirt.Commands.CompareHypervisorCpuCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject | Should -Be $bigFile
        $why | Should -BeLike "*$($err[0].Exception.Message)*"
    }

    It 'compares a piped domain''s <cpu> (its own arch, machine and type) as virsh compares its XML, host and hypervisor' {
        $c = Get-Domain -Connection $h -Name $guest | Compare-HypervisorCpu -HypervisorCpu
        $c.Result | Should -Be 'Superset'
        $c.Source | Should -Be $guest
        Invoke-Virsh $uri 'hypervisor-cpu-compare', (Join-Path $work 'guest.xml') | Should -Match 'superset'
        # The QEMU driver gives a domain defined without <cpu> its default CPU: compared with the host as virsh does.
        $dumped = Join-Path $work 'plain-dumped.xml'
        Set-Content -LiteralPath $dumped -Value (Invoke-Virsh $uri 'dumpxml', $plain)
        $virshSays = try { Invoke-Virsh $uri 'cpu-compare', $dumped } catch { "$_" }
        $p = Get-Domain -Connection $h -Name $plain | Compare-HypervisorCpu
        $p.ComparedWith | Should -Be 'Host'
        $virshSays | Should -Match $(if ($p.Result -eq 'Incompatible') { 'incompatible' } else { "$($p.Result)" })
    }

    It '-ValidateXml: a CPU that breaks the schema is an XmlInvalidSchema error' {
        Compare-HypervisorCpu -Xml '<cpu><model>qemu64</model><bogus/></cpu>' -HypervisorCpu -ValidateXml -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtXmlInvalidSchema,PSLibvirt.Commands.CompareHypervisorCpuCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'computes the hypervisor baseline of a domain capabilities document as virsh hypervisor-cpu-baseline does' {
        $b = Get-HypervisorCpuBaseline -Path $domcapsFile -HypervisorCpu -Connection $h
        $v = Get-VirshCpu $uri 'hypervisor-cpu-baseline', $domcapsFile
        $b.Model | Should -Be $v.Model
        $b.Vendor | Should -Be $v.Vendor
        @($b.Features | ForEach-Object ToString) | Should -Be $v.Features
        $m = Get-HypervisorCpuBaseline -Path $domcapsFile -HypervisorCpu -Migratable -Connection $h
        @($m.Features | ForEach-Object ToString) | Should -Be (Get-VirshCpu $uri 'hypervisor-cpu-baseline', $domcapsFile, '--migratable').Features
    }

    It 'refuses an unknown architecture as virsh does' {
        { Invoke-Virsh $uri 'cpu-models', 'nosucharch' } | Should -Throw '*cannot find architecture nosucharch*'
        Get-HypervisorCpuModel nosucharch -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtInvalidArg,PSLibvirt.Commands.GetHypervisorCpuModelCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject.Name | Should -Be 'cpuq'
    }
}
