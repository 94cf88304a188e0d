#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Unit tests of tools/HelpBuilder.psm1 on tests/pester/fixtures (no PSLibvirt build needed).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/HelpBuilder.psm1') -Force
    $fixtures = Join-Path $PSScriptRoot 'fixtures'
    $out = Join-Path $TestDrive 'out'
    $files = ConvertTo-MamlHelp -MarkdownPath $fixtures -OutputPath $out -ModuleName Fixture -AssemblyName Fixture.dll
    $xml = [xml](Get-Content -Raw (Join-Path $out 'Fixture.dll-Help.xml'))
    $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
    $ns.AddNamespace('msh', 'http://msh')
    $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    function Select-Maml([string] $XPath) { , @($xml.SelectNodes($XPath, $ns)) }
    $cmd = '/msh:helpItems/command:command'

    # Writes a copy of the fixture with one edit into its own folder and returns that folder.
    function New-BrokenDoc([string] $Find, [string] $Replace) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid())
        $null = New-Item -ItemType Directory $dir
        $text = Get-Content -Raw (Join-Path $fixtures 'Set-Fixture.md')
        if (-not $text.Contains($Find)) { throw "fixture lacks '$Find'" }
        Set-Content -LiteralPath (Join-Path $dir 'Set-Fixture.md') -Value $text.Replace($Find, $Replace) -NoNewline
        $dir
    }
}

Describe 'ConvertTo-MamlHelp output' {
    It 'writes one MAML file and one about topic' {
        @($files.Name) | Should -Be @('Fixture.dll-Help.xml', 'about_Fixture.help.txt')
    }
    It 'has the MAML root and one command with its details' {
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        (Select-Maml $cmd).Count | Should -Be 1
        (Select-Maml "$cmd/command:details/command:name")[0].InnerText | Should -Be 'Set-Fixture'
        (Select-Maml "$cmd/command:details/command:verb")[0].InnerText | Should -Be 'Set'
        (Select-Maml "$cmd/command:details/command:noun")[0].InnerText | Should -Be 'Fixture'
        (Select-Maml "$cmd/command:details/maml:description/maml:para")[0].InnerText | Should -Be 'Sets a fixture & checks <escaping>.'
    }
    It 'joins wrapped description lines and keeps paragraphs' {
        $p = Select-Maml "$cmd/maml:description/maml:para"
        $p.InnerText | Should -Be @('First paragraph of the description, wrapped over two lines.', 'Second paragraph.')
    }
    It 'writes one syntaxItem per parameter set, in syntax order' {
        $items = Select-Maml "$cmd/command:syntax/command:syntaxItem"
        $items.Count | Should -Be 2
        @($items[0].SelectNodes('command:parameter/maml:name', $ns).InnerText) | Should -Be @('Name', 'Mode', 'Force')
        @($items[1].SelectNodes('command:parameter/maml:name', $ns).InnerText) | Should -Be @('InputObject', 'Mode')
    }
    It 'writes parameter attributes, value groups and switch values as PlatyPS does' {
        $name = (Select-Maml "$cmd/command:syntax/command:syntaxItem[1]/command:parameter[maml:name='Name']")[0]
        $name.required | Should -Be 'true'
        $name.position | Should -Be '0'
        $name.globbing | Should -Be 'true'
        $name.pipelineInput | Should -Be 'True (ByPropertyName)'
        $name.aliases | Should -Be 'none'
        $name.SelectSingleNode('command:parameterValue', $ns).InnerText | Should -Be 'String'
        $mode = (Select-Maml "$cmd/command:syntax/command:syntaxItem[1]/command:parameter[maml:name='Mode']")[0]
        @($mode.SelectNodes('command:parameterValueGroup/command:parameterValue', $ns).InnerText) | Should -Be @('Fast', 'Slow')
        $force = (Select-Maml "$cmd/command:syntax/command:syntaxItem[1]/command:parameter[maml:name='Force']")[0]
        $force.SelectSingleNode('command:parameterValue', $ns) | Should -BeNullOrEmpty
        $force.aliases | Should -Be 'f'
        (Select-Maml "$cmd/command:parameters/command:parameter").Count | Should -Be 4
        (Select-Maml "$cmd/command:parameters/command:parameter[maml:name='InputObject']/dev:type/maml:name")[0].InnerText | Should -Be 'Object[]'
        (Select-Maml "$cmd/command:parameters/command:parameter[maml:name='Mode']/dev:defaultValue")[0].InnerText | Should -Be 'Slow'
    }
    It 'writes inputs, outputs and notes' {
        (Select-Maml "$cmd/command:inputTypes/command:inputType/dev:type/maml:name")[0].InnerText | Should -Be 'System.Object[]'
        (Select-Maml "$cmd/command:returnValues/command:returnValue/dev:type/maml:name")[0].InnerText | Should -Be 'None'
        (Select-Maml "$cmd/maml:alertSet/maml:alert/maml:para")[0].InnerText | Should -Be 'A note.'
    }
    It 'writes examples with PlatyPS titles, code and remarks' {
        $ex = Select-Maml "$cmd/command:examples/command:example"
        $ex.Count | Should -Be 2
        $ex[0].SelectSingleNode('maml:title', $ns).InnerText | Should -Be '-------------------------- Example 1: Set by name --------------------------'
        $ex[1].SelectSingleNode('dev:code', $ns).InnerText | Should -Be "`$items = 1, 2`n`$items | Set-Fixture -Mode Fast"
        @($ex[1].SelectNodes('dev:remarks/maml:para', $ns).InnerText) | Should -Be @('    done', 'Pipes two items.')
    }
    It 'writes related links with the online version first' {
        $links = Select-Maml "$cmd/maml:relatedLinks/maml:navigationLink"
        @($links | ForEach-Object { $_.SelectSingleNode('maml:linkText', $ns).InnerText }) | Should -Be @('Online Version:', 'Get-Fixture', 'libvirt')
        @($links | ForEach-Object { $_.SelectSingleNode('maml:uri', $ns).InnerText }) | Should -Be @('https://example.invalid/Set-Fixture', '', 'https://libvirt.org/')
    }
    It 'is read by Get-Help' {
        $mamlPath = Join-Path $out 'Fixture.dll-Help.xml'
        $m = New-Module -Name FixtureHelp -ScriptBlock ([scriptblock]::Create(@"
function Set-Fixture {
    # .ExternalHelp $mamlPath
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param([Parameter(Mandatory, Position = 0, ParameterSetName = 'ByName')] [string] `$Name)
}
"@)) | Import-Module -PassThru
        try {
            $help = Get-Help Set-Fixture -Full
            $help.Synopsis | Should -Be 'Sets a fixture & checks <escaping>.'
            @($help.examples.example).Count | Should -Be 2
            @($help.syntax.syntaxItem).Count | Should -Be 2
            ($help.parameters.parameter | Where-Object name -EQ 'InputObject').pipelineInput | Should -Be 'True (ByValue)'
        }
        finally { Remove-Module $m }
    }
    It 'writes the about topic in PlatyPS layout, wrapped at 80 columns' {
        $lines = Get-Content (Join-Path $out 'about_Fixture.help.txt')
        $lines[0..1] | Should -Be @('TOPIC', '    about_Fixture')
        $lines | Should -Contain 'SHORT DESCRIPTION'
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain "        Get-Fixture | Set-Fixture -Mode Fast -Name 'a very long argument that must never be wrapped by the about converter at all'"
        @($lines | Where-Object { $_.Length -gt 80 -and $_ -notmatch '^        ' }) | Should -BeNullOrEmpty
        $lines | Should -Contain '    - a list item that is also long enough to wrap onto a second line in the'
        $lines | Should -Contain '      output text file'
    }
}

Describe 'Get-HelpExample' {
    It 'returns each example with its code, command and file' {
        $ex = @(Get-HelpExample -MarkdownPath $fixtures)
        $ex.Count | Should -Be 2
        $ex[0].Command | Should -Be 'Set-Fixture'
        $ex[0].Title | Should -Be 'Set by name'
        $ex[0].Code | Should -Be 'Set-Fixture -Name one'
        $ex[0].File | Should -BeLike '*Set-Fixture.md'
        $ex[1].Code | Should -Not -Match 'done'
    }
    It 'strips PS> prompts and drops output lines in blocks with prompts' {
        $dir = New-BrokenDoc "Set-Fixture -Name one`n" "PS> Set-Fixture -Name one`nsome output`nPS C:\> Get-Date`n"
        (Get-HelpExample -MarkdownPath $dir)[0].Code | Should -Be "Set-Fixture -Name one`nGet-Date"
    }
}

Describe 'Malformed docs fail loudly with file and line' {
    It '<Case>' -ForEach @(
        @{ Case = 'missing section'; Find = "## DESCRIPTION`n"; Replace = "`n"; Message = "*Set-Fixture.md:*missing section '## DESCRIPTION'*" }
        @{ Case = 'unclosed fence'; Find = "Set-Fixture -Name one`n``````"; Replace = 'Set-Fixture -Name one'; Message = '*Set-Fixture.md:34: code fence*never closed*line 40 opens another fence*' }
        @{ Case = 'undocumented parameter in syntax'; Find = '[-Force]'; Replace = '[-Force] [-Bogus]'; Message = '*Set-Fixture.md:16: syntax names -Bogus*' }
        @{ Case = 'parameter missing from its set syntax'; Find = ' [-Force] [<Common'; Replace = ' [<Common'; Message = "*Set-Fixture.md:16: syntax of set 'ByName' lacks -Force*" }
        @{ Case = 'unknown yaml key'; Find = 'Default value: Slow'; Replace = 'Defualt value: Slow'; Message = "*unknown parameter yaml key 'Defualt value'*" }
        @{ Case = 'bad Required'; Find = "Required: True`nPosition: 0"; Replace = "Required: yes`nPosition: 0"; Message = "*'Required' must be True or False*" }
        @{ Case = 'example numbering'; Find = '### Example 2:'; Replace = '### Example 3:'; Message = '*Set-Fixture.md:40: example is numbered 3, expected 2*' }
        @{ Case = 'example without code'; Find = "``````powershell`nSet-Fixture -Name one`n``````"; Replace = 'no code'; Message = '*example 1 has no*code block*' }
        @{ Case = 'PlatyPS placeholder'; Find = 'Forces it.'; Replace = '{{ Fill Force Description }}'; Message = '*placeholder*' }
        @{ Case = 'title mismatch'; Find = '# Set-Fixture'; Replace = '# Set-Other'; Message = "*does not match the file name*" }
        @{ Case = 'wrong module in front matter'; Find = 'Module Name: Fixture'; Replace = 'Module Name: Other'; Message = "*Set-Fixture.md:1: front matter Module Name is 'Other'*" }
        @{ Case = 'parameter without description'; Find = "The objects to set.`n"; Replace = ''; Message = '*parameter -InputObject has no description*' }
        @{ Case = 'sections out of order'; Find = "## SYNOPSIS`nSets a fixture & checks <escaping>.`n"; Replace = ''; Message = "*missing section '## SYNOPSIS'*" }
    ) {
        $dir = New-BrokenDoc $Find $Replace
        { ConvertTo-MamlHelp -MarkdownPath $dir -OutputPath (Join-Path $dir 'out') -ModuleName Fixture -AssemblyName Fixture.dll } |
            Should -Throw -ExpectedMessage $Message -ExceptionType ([System.IO.InvalidDataException])
        Join-Path $dir 'out' | Should -Not -Exist -Because 'nothing is written when a doc is malformed'
    }
    It 'rejects an about topic without LONG DESCRIPTION' {
        $dir = Join-Path $TestDrive 'about'
        $null = New-Item -ItemType Directory $dir
        Set-Content (Join-Path $dir 'about_Bad.md') "# about_Bad`n`n## SHORT DESCRIPTION`nShort.`n"
        { ConvertTo-MamlHelp -MarkdownPath $dir -OutputPath (Join-Path $dir 'out') -ModuleName Fixture -AssemblyName Fixture.dll } |
            Should -Throw -ExpectedMessage "*about_Bad.md:1: about topic lacks '## LONG DESCRIPTION'*"
    }
}
