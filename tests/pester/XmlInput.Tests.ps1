#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every XML parameter takes what a user has in hand: text, an [xml] document or one of its nodes (a Get-*Xml -AsXml,
# edited), or the lines of Get-Content without -Raw ([XmlTextTransformation]; CmdletMetadata checks that every -*Xml
# parameter has it). Through the built module on test:///default; virsh on the same URI is the oracle of the CPU baseline.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $work = Join-Path ([System.IO.Path]::GetTempPath()) "pslv-xmlin-$PID"
    $null = New-Item -ItemType Directory -Path $work -Force
    function New-NetworkText([string] $Name, [int] $Octet) {
        "<network><name>$Name</name><bridge name='vbx$Octet'/><ip address='192.168.$Octet.1' netmask='255.255.255.0'/></network>"
    }
}

AfterAll { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'XML parameters take documents and nodes as well as text' -Tag 'XmlInput' {
    BeforeAll { $h = Connect-Hypervisor -Uri 'test:///default' -Name xml-input }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'New-Network -Xml takes an [xml] document and defines what it says' {
        $n = New-Network -Connection $h -Xml ([xml](New-NetworkText "xmlin-doc-$PID" 231))
        try {
            $n.Name | Should -Be "xmlin-doc-$PID"
            ([xml](Get-NetworkXml -Network $n)).network.ip.address | Should -Be '192.168.231.1'
        }
        finally { Remove-Network -Network $n -Force -Confirm:$false }
    }

    It 'a definition read with Get-*Xml -AsXml, edited as a document, goes straight back in' {
        $n = New-Network -Connection $h -Xml (New-NetworkText "xmlin-src-$PID" 232)
        try {
            $doc = Get-NetworkXml -Network $n -AsXml
            $doc | Should -BeOfType System.Xml.XmlDocument
            $doc.network.name = "xmlin-copy-$PID"
            $null = $doc.network.RemoveChild($doc.network.SelectSingleNode('uuid'))
            $doc.network.bridge.name = 'vbx233'
            $doc.network.ip.address = '192.168.233.1'
            $copy = New-Network -Connection $h -Xml $doc
            try { ([xml](Get-NetworkXml -Network $copy)).network.bridge.name | Should -Be 'vbx233' }
            finally { Remove-Network -Network $copy -Force -Confirm:$false }
        }
        finally { Remove-Network -Network $n -Force -Confirm:$false }
    }

    It 'New-StoragePool -Xml takes an element of a larger document (its OuterXml)' {
        $wrapper = [xml]"<pools><pool type='dir'><name>xmlin-pool-$PID</name><target><path>$work/pool</path></target></pool></pools>"
        $p = New-StoragePool -Connection $h -Xml $wrapper.pools.pool
        try {
            $p.Name | Should -Be "xmlin-pool-$PID"
            ([xml](Get-StoragePoolXml -StoragePool $p)).pool.target.path | Should -Be "$work/pool"
        }
        finally { Remove-StoragePool -StoragePool $p -Confirm:$false }
    }

    It 'New-Network -Xml takes the lines of Get-Content without -Raw as one document' {
        $file = Join-Path $work 'net.xml'
        Set-Content -LiteralPath $file -Value ((New-NetworkText "xmlin-lines-$PID" 234) -replace '><', ">`n<")
        (Get-Content -LiteralPath $file).Count | Should -BeGreaterThan 3
        $n = New-Network -Connection $h -Xml (Get-Content -LiteralPath $file)
        try { $n.Name | Should -Be "xmlin-lines-$PID" }
        finally { Remove-Network -Network $n -Force -Confirm:$false }
    }

    It 'New-DomainSnapshot -Xml takes an [xml] document' {
        $s = New-DomainSnapshot -Connection $h -DomainName test -Xml ([xml]"<domainsnapshot><name>xmlin-snap-$PID</name><description>from a document</description></domainsnapshot>") -PassThru
        try {
            $s.Name | Should -Be "xmlin-snap-$PID"
            ([xml](Get-DomainSnapshotXml -Snapshot $s)).domainsnapshot.description | Should -Be 'from a document'
        }
        finally { Remove-DomainSnapshot -Snapshot $s -Confirm:$false }
    }

    It 'Get-HypervisorCpuBaseline -Xml takes documents as separate CPUs (never joined) and agrees with virsh cpu-baseline' {
        $cpus = "<cpu><arch>x86_64</arch><model>Nehalem</model><vendor>Intel</vendor></cpu>",
                "<cpu><arch>x86_64</arch><model>core2duo</model><vendor>Intel</vendor><feature name='pse36'/></cpu>"
        $fromDocs = Get-HypervisorCpuBaseline -Connection $h -Xml ([xml]$cpus[0]), ([xml]$cpus[1])
        $fromText = Get-HypervisorCpuBaseline -Connection $h -Xml $cpus
        $file = Join-Path $work 'cpus.xml'
        Set-Content -LiteralPath $file -Value ($cpus -join "`n")
        $virsh = ([xml](Invoke-Virsh 'test:///default' 'cpu-baseline', $file)).cpu.model.'#text'
        $fromDocs.Model | Should -Be $virsh
        $fromText.Model | Should -Be $virsh
        $fromDocs.Xml | Should -Be $fromText.Xml
    }

    It 'Compare-HypervisorCpu takes an [xml] from the pipeline as its CPU (the test driver then says it compares nothing)' {
        [xml]"<cpu><arch>x86_64</arch><model>core2duo</model></cpu>" |
            Compare-HypervisorCpu -Connection $h -ErrorVariable e -ErrorAction SilentlyContinue
        # Bound as the CPU's text: libvirt's own answer, not a parameter binding error about an XmlDocument.
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Not -BeLike 'ParameterArgument*'
        $e[0].CategoryInfo.Category | Should -Be 'NotImplemented'
    }
}
