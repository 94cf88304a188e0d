#Requires -Version 7.4
<#
    HelpBuilder: turns PlatyPS-format markdown (schema 2.0.0) into MAML and about_*.help.txt without PlatyPS.

    ConvertTo-MamlHelp  docs/en-US -> <OutputPath>/<AssemblyName>-Help.xml and about_*.help.txt
    Get-HelpExample     every example of every cmdlet doc, for tests that run them

    Malformed docs throw System.IO.InvalidDataException with "<file>:<line>: <what>"; nothing is dropped silently.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:NsMsh = 'http://msh'
$script:NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$script:NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:NsMSHelp = 'http://msdn.microsoft.com/mshelp'

$script:CmdletSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:YamlKeys = @('Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position', 'Default value',
    'Accept pipeline input', 'Accept wildcard characters')
$script:YamlRequiredKeys = @('Type', 'Parameter Sets', 'Required', 'Position')
$script:ExampleLanguages = @('powershell', 'pwsh', 'ps1', 'ps', '')

function New-DocError {
    param([string] $File, [int] $Line, [string] $Message)
    [System.IO.InvalidDataException]::new(('{0}:{1}: {2}' -f $File, $Line, $Message))
}

#region Markdown tokenizer
# Splits lines into blocks: Heading (Level, Text), Code (Lang, Lines), Text (Lines: one paragraph), each with the
# 1-based Line where it starts. Headings inside fences are code. An unclosed fence throws.
function Split-MarkdownBlock {
    param([string] $File, [string[]] $Lines, [int] $FirstLine = 1)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $para = $null
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        $lineNo = $FirstLine + $i
        if ($line -match '^(\s*)(`{3,}|~{3,})\s*([\w+#.-]*)\s*$') {
            $para = $null
            $indent = $Matches[1].Length
            $fence = $Matches[2]
            $lang = $Matches[3]
            $code = [System.Collections.Generic.List[string]]::new()
            $j = $i + 1
            $closed = $false
            while ($j -lt $Lines.Count) {
                if ($Lines[$j] -match ('^\s*' + [regex]::Escape($fence.Substring(0, 1)) + '{' + $fence.Length + ',}\s*$')) { $closed = $true; break }
                if ($Lines[$j] -match ('^\s*' + [regex]::Escape($fence.Substring(0, 1)) + '{' + $fence.Length + ',}\s*\w')) {
                    throw (New-DocError $File $lineNo "code fence '$fence' opened here is never closed (line $($FirstLine + $j) opens another fence inside it)")
                }
                $l = $Lines[$j]
                if ($indent -gt 0 -and $l.Length -ge $indent -and $l.Substring(0, $indent).Trim().Length -eq 0) { $l = $l.Substring($indent) }
                $code.Add($l)
                $j++
            }
            if (-not $closed) { throw (New-DocError $File $lineNo "code fence '$fence' opened here is never closed") }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lang = $lang.ToLowerInvariant(); Lines = $code.ToArray(); Line = $lineNo })
            $i = $j + 1
            continue
        }
        if ($line -match '^(#{1,6})\s+(.*?)\s*#*\s*$') {
            $para = $null
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Text = $Matches[2]; Line = $lineNo })
        }
        elseif ($line.Trim().Length -eq 0) {
            $para = $null
        }
        else {
            if ($null -eq $para) {
                $para = [pscustomobject]@{ Kind = 'Text'; Lines = [System.Collections.Generic.List[string]]::new(); Line = $lineNo }
                $blocks.Add($para)
            }
            $para.Lines.Add($line.TrimEnd())
        }
        $i++
    }
    , $blocks.ToArray()
}

function Read-FrontMatter {
    param([string] $File, [string[]] $Lines)
    $meta = [ordered]@{}
    if ($Lines.Count -eq 0 -or $Lines[0].Trim() -ne '---') { return [pscustomobject]@{ Meta = $meta; BodyStart = 0 } }
    for ($i = 1; $i -lt $Lines.Count; $i++) {
        $l = $Lines[$i]
        if ($l.Trim() -eq '---') { return [pscustomobject]@{ Meta = $meta; BodyStart = $i + 1 } }
        if ($l.Trim().Length -eq 0) { continue }
        if ($l -notmatch '^([^:]+):\s*(.*)$') { throw (New-DocError $File ($i + 1) "front matter line is not 'key: value': '$l'") }
        $meta[$Matches[1].Trim()] = $Matches[2].Trim().Trim('"', "'")
    }
    throw (New-DocError $File 1 "front matter opened with '---' is never closed")
}

# Paragraph text for MAML/help: soft-wrapped lines are joined with a space; lists and tables keep their lines.
function Join-ParagraphLine {
    param([string[]] $Lines)
    $itemStart = '^\s*([-*+]\s|\d+[.)]\s|\|)'
    if (@($Lines | Where-Object { $_ -match $itemStart }).Count -gt 0) {
        # A list or table: one line per item; a list item's continuation lines join it.
        $items = [System.Collections.Generic.List[string]]::new()
        foreach ($l in $Lines) {
            if ($items.Count -eq 0 -or $l -match $itemStart) { $items.Add($l.TrimEnd()) }
            else { $items[$items.Count - 1] += ' ' + $l.Trim() }
        }
        return ($items -join "`n")
    }
    ($Lines | ForEach-Object { $_.Trim() }) -join ' '
}

# Turns Text and Code blocks into paragraph strings (code indented 4 spaces). Headings are not allowed here.
function ConvertTo-Paragraph {
    param([string] $File, [object[]] $Blocks, [string] $Where)
    foreach ($b in $Blocks) {
        switch ($b.Kind) {
            'Text' {
                $text = Join-ParagraphLine $b.Lines
                if ($text -match '\{\{.*\}\}') { throw (New-DocError $File $b.Line "PlatyPS placeholder left in $Where`: '$text'") }
                $text
            }
            'Code' { ($b.Lines | ForEach-Object { if ($_.Length) { '    ' + $_ } else { '' } }) -join "`n" }
            default { throw (New-DocError $File $b.Line "unexpected heading '$($b.Text)' in $Where") }
        }
    }
}
#endregion

#region Cmdlet doc parser
function Read-ParameterYaml {
    param([string] $File, [object] $Block)
    $y = [ordered]@{}
    $n = 0
    foreach ($l in $Block.Lines) {
        $n++
        if ($l.Trim().Length -eq 0) { continue }
        if ($l -notmatch '^([A-Za-z][A-Za-z ]*):\s*(.*)$') { throw (New-DocError $File ($Block.Line + $n) "parameter yaml line is not 'Key: value': '$l'") }
        $key = $Matches[1].Trim()
        $value = $Matches[2].Trim()
        $known = $script:YamlKeys | Where-Object { $_ -eq $key }
        if (-not $known) { throw (New-DocError $File ($Block.Line + $n) "unknown parameter yaml key '$key' (expected one of: $($script:YamlKeys -join ', '))") }
        if ($y.Contains($known)) { throw (New-DocError $File ($Block.Line + $n) "duplicate parameter yaml key '$key'") }
        if ($value -match '\{\{.*\}\}') { throw (New-DocError $File ($Block.Line + $n) "PlatyPS placeholder left in '$key'") }
        $y[$known] = $value
    }
    foreach ($k in $script:YamlRequiredKeys) {
        if (-not $y.Contains($k) -or $y[$k] -eq '') { throw (New-DocError $File $Block.Line "parameter yaml lacks '$k'") }
    }
    foreach ($k in 'Required', 'Accept wildcard characters') {
        if ($y.Contains($k) -and $y[$k] -and $y[$k] -notin 'True', 'False') { throw (New-DocError $File $Block.Line "'$k' must be True or False, not '$($y[$k])'") }
    }
    if ($y['Position'] -notmatch '^(Named|\d+)$') { throw (New-DocError $File $Block.Line "'Position' must be Named or a number, not '$($y['Position'])'") }
    if ($y.Contains('Accept pipeline input') -and $y['Accept pipeline input'] -and
        $y['Accept pipeline input'] -notmatch '^(False|True \((ByValue|ByPropertyName|ByValue, ByPropertyName)\))$') {
        throw (New-DocError $File $Block.Line "'Accept pipeline input' must be False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName), not '$($y['Accept pipeline input'])'")
    }
    $sets = @($y['Parameter Sets'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    [pscustomobject]@{
        Type            = $y['Type']
        Sets            = $sets
        Aliases         = @(if ($y.Contains('Aliases') -and $y['Aliases']) { $y['Aliases'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } })
        AcceptedValues  = @(if ($y.Contains('Accepted values') -and $y['Accepted values']) { $y['Accepted values'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } })
        Required        = $y['Required'] -eq 'True'
        Position        = if ($y['Position'] -eq 'Named') { 'named' } else { $y['Position'] }
        DefaultValue    = if ($y.Contains('Default value') -and $y['Default value']) { $y['Default value'] } else { 'None' }
        PipelineInput   = if ($y.Contains('Accept pipeline input') -and $y['Accept pipeline input']) { $y['Accept pipeline input'] } else { 'False' }
        Globbing        = $y.Contains('Accept wildcard characters') -and $y['Accept wildcard characters'] -eq 'True'
        Line            = $Block.Line
    }
}

# Groups the blocks after the H1 into H2 sections (in the required order) with their H3 subsections.
function Get-CmdletSection {
    param([string] $File, [object[]] $Blocks, [int] $Start)
    $sections = [ordered]@{}
    $current = $null
    $sub = $null
    for ($i = $Start; $i -lt $Blocks.Count; $i++) {
        $b = $Blocks[$i]
        if ($b.Kind -eq 'Heading' -and $b.Level -eq 2) {
            $name = $b.Text.Trim().ToUpperInvariant()
            if ($name -notin $script:CmdletSections) { throw (New-DocError $File $b.Line "unknown section '## $($b.Text)' (expected: $($script:CmdletSections -join ', '))") }
            if ($sections.Contains($name)) { throw (New-DocError $File $b.Line "section '## $name' appears twice") }
            $current = [pscustomobject]@{ Name = $name; Line = $b.Line; Body = [System.Collections.Generic.List[object]]::new(); Subs = [System.Collections.Generic.List[object]]::new() }
            $sections[$name] = $current
            $sub = $null
        }
        elseif ($b.Kind -eq 'Heading' -and $b.Level -eq 3) {
            if ($null -eq $current) { throw (New-DocError $File $b.Line "'### $($b.Text)' is outside any ## section") }
            $sub = [pscustomobject]@{ Title = $b.Text.Trim(); Line = $b.Line; Body = [System.Collections.Generic.List[object]]::new() }
            $current.Subs.Add($sub)
        }
        elseif ($b.Kind -eq 'Heading') {
            throw (New-DocError $File $b.Line "unexpected heading level $($b.Level) '$($b.Text)' (cmdlet docs use '## Section' and '### Item' only)")
        }
        else {
            if ($null -eq $current) { throw (New-DocError $File $b.Line 'text before the first ## section') }
            if ($null -ne $sub) { $sub.Body.Add($b) } else { $current.Body.Add($b) }
        }
    }
    $order = @($sections.Keys)
    $expected = @($script:CmdletSections | Where-Object { $_ -in $order })
    foreach ($s in $script:CmdletSections) {
        if (-not $sections.Contains($s)) { throw (New-DocError $File ($Blocks.Count -gt 0 ? $Blocks[-1].Line : 1) "missing section '## $s' (PlatyPS schema 2.0.0 needs: $($script:CmdletSections -join ', '))") }
    }
    for ($k = 0; $k -lt $order.Count; $k++) {
        if ($order[$k] -ne $expected[$k]) { throw (New-DocError $File $sections[$order[$k]].Line "section '## $($order[$k])' is out of order (expected order: $($script:CmdletSections -join ', '))") }
    }
    $sections
}

function Assert-NoSub {
    param([string] $File, [object] $Section)
    if ($Section.Subs.Count) { throw (New-DocError $File $Section.Subs[0].Line "'### $($Section.Subs[0].Title)' is not allowed in ## $($Section.Name)") }
}

function Read-TypeList {
    param([string] $File, [object] $Section)
    if ($Section.Body.Count) { throw (New-DocError $File $Section.Body[0].Line "## $($Section.Name) needs '### TypeName' headings (use '### None' when there are none)") }
    foreach ($s in $Section.Subs) {
        [pscustomobject]@{ Type = $s.Title; Description = @(ConvertTo-Paragraph $File $s.Body "## $($Section.Name) ### $($s.Title)") }
    }
}

function Read-CmdletDoc {
    <# Parses one PlatyPS cmdlet markdown file into a model; throws on anything malformed. #>
    param([Parameter(Mandatory)] [string] $Path, [string] $ModuleName, [string] $AssemblyName)
    $file = (Resolve-Path -LiteralPath $Path).ProviderPath
    $lines = @(Get-Content -LiteralPath $file -Encoding utf8)
    $fm = Read-FrontMatter $file $lines
    $expectedName = [System.IO.Path]::GetFileNameWithoutExtension($file)
    if ($fm.BodyStart -eq 0) { throw (New-DocError $file 1 "missing YAML front matter ('---' / external help file / Module Name / online version / schema: 2.0.0 / '---')") }
    foreach ($k in 'external help file', 'Module Name', 'schema') {
        if (-not $fm.Meta.Contains($k)) { throw (New-DocError $file 1 "front matter lacks '$k'") }
    }
    if ($fm.Meta['schema'] -ne '2.0.0') { throw (New-DocError $file 1 "front matter schema is '$($fm.Meta['schema'])', expected 2.0.0") }
    if ($ModuleName -and $fm.Meta['Module Name'] -ne $ModuleName) { throw (New-DocError $file 1 "front matter Module Name is '$($fm.Meta['Module Name'])', expected '$ModuleName'") }
    if ($AssemblyName -and $fm.Meta['external help file'] -ne "$AssemblyName-Help.xml") { throw (New-DocError $file 1 "front matter external help file is '$($fm.Meta['external help file'])', expected '$AssemblyName-Help.xml'") }

    $body = if ($fm.BodyStart -lt $lines.Count) { $lines[$fm.BodyStart..($lines.Count - 1)] } else { @() }
    $blocks = Split-MarkdownBlock $file $body ($fm.BodyStart + 1)
    if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Heading' -or $blocks[0].Level -ne 1) {
        throw (New-DocError $file ($fm.BodyStart + 1) "expected '# $expectedName' after the front matter")
    }
    $name = $blocks[0].Text.Trim()
    if ($name -ne $expectedName) { throw (New-DocError $file $blocks[0].Line "title '# $name' does not match the file name '$expectedName.md'") }
    if ($name -notmatch '^([A-Za-z]+)-([A-Za-z0-9]+)$') { throw (New-DocError $file $blocks[0].Line "title '$name' is not Verb-Noun") }
    $verb, $noun = $Matches[1], $Matches[2]
    $sections = Get-CmdletSection $file $blocks 1

    # SYNOPSIS
    Assert-NoSub $file $sections['SYNOPSIS']
    $synopsis = @(ConvertTo-Paragraph $file $sections['SYNOPSIS'].Body '## SYNOPSIS') -join ' '
    if (-not $synopsis.Trim()) { throw (New-DocError $file $sections['SYNOPSIS'].Line '## SYNOPSIS is empty') }

    # PARAMETERS (read before SYNTAX so the syntax can be checked against it)
    $psec = $sections['PARAMETERS']
    if ($psec.Body.Count) { throw (New-DocError $file $psec.Body[0].Line "text under ## PARAMETERS must be inside a '### -Name' item") }
    $parameters = [ordered]@{}
    $hasCommon = $false
    foreach ($s in $psec.Subs) {
        if ($s.Title -eq 'CommonParameters') { $hasCommon = $true; continue }
        if ($s.Title -notmatch '^-([A-Za-z_][A-Za-z0-9_]*)$') { throw (New-DocError $file $s.Line "parameter heading must be '### -Name' or '### CommonParameters', not '### $($s.Title)'") }
        $pname = $Matches[1]
        if ($parameters.Contains($pname)) { throw (New-DocError $file $s.Line "parameter -$pname is documented twice") }
        $yamls = @($s.Body | Where-Object { $_.Kind -eq 'Code' -and $_.Lang -eq 'yaml' } | ForEach-Object { Read-ParameterYaml $file $_ })
        if ($yamls.Count -eq 0) { throw (New-DocError $file $s.Line "parameter -$pname has no '``````yaml' block") }
        $other = @($s.Body | Where-Object { $_.Kind -eq 'Code' -and $_.Lang -ne 'yaml' })
        if ($other.Count) { throw (New-DocError $file $other[0].Line "parameter -$pname has a non-yaml code block; only its yaml block may be fenced") }
        $firstYaml = @($s.Body | Where-Object Kind -EQ 'Code')[0]
        $descBlocks = @($s.Body | Where-Object { $_.Kind -eq 'Text' -and $_.Line -lt $firstYaml.Line })
        $after = @($s.Body | Where-Object { $_.Kind -eq 'Text' -and $_.Line -gt $firstYaml.Line })
        if ($after.Count) { throw (New-DocError $file $after[0].Line "text after the yaml block of -$pname (the description goes before it)") }
        $desc = @(ConvertTo-Paragraph $file $descBlocks "-$pname")
        if ($desc.Count -eq 0) { throw (New-DocError $file $s.Line "parameter -$pname has no description") }
        $types = @($yamls.Type | Select-Object -Unique)
        if ($types.Count -gt 1) { throw (New-DocError $file $s.Line "parameter -$pname has different Types in its yaml blocks: $($types -join ', ')") }
        $parameters[$pname] = [pscustomobject]@{ Name = $pname; Description = $desc; Yaml = $yamls; Line = $s.Line }
    }
    if (-not $hasCommon) { throw (New-DocError $file $psec.Line "## PARAMETERS lacks '### CommonParameters'") }

    # SYNTAX
    $ssec = $sections['SYNTAX']
    $syntax = [System.Collections.Generic.List[object]]::new()
    $syntaxBlocks = [System.Collections.Generic.List[object]]::new()
    if ($ssec.Subs.Count -eq 0) {
        $codes = @($ssec.Body | Where-Object Kind -EQ 'Code')
        if ($codes.Count -ne 1) { throw (New-DocError $file $ssec.Line "## SYNTAX without '### SetName' headings must hold exactly one code block (found $($codes.Count))") }
        $syntaxBlocks.Add([pscustomobject]@{ SetName = $null; Code = $codes[0]; Line = $ssec.Line })
    }
    else {
        if (@($ssec.Body | Where-Object Kind -EQ 'Code').Count) { throw (New-DocError $file $ssec.Line 'code block under ## SYNTAX before the first ### SetName') }
        foreach ($s in $ssec.Subs) {
            $codes = @($s.Body | Where-Object Kind -EQ 'Code')
            if ($codes.Count -ne 1) { throw (New-DocError $file $s.Line "syntax '### $($s.Title)' must hold exactly one code block (found $($codes.Count))") }
            $syntaxBlocks.Add([pscustomobject]@{ SetName = ($s.Title -replace '\s*\(Default\)\s*$', '').Trim(); Code = $codes[0]; Line = $s.Line })
        }
    }
    foreach ($sb in $syntaxBlocks) {
        $text = ($sb.Code.Lines -join ' ').Trim()
        if ($text -notmatch ('^' + [regex]::Escape($name) + '(\s|$)')) { throw (New-DocError $file $sb.Code.Line "syntax block does not start with '$name'") }
        $names = @([regex]::Matches($text, '(?<=[\s\[])-([A-Za-z_][A-Za-z0-9_]*)') | ForEach-Object { $_.Groups[1].Value })
        foreach ($n in $names) {
            if (-not $parameters.Contains($n)) { throw (New-DocError $file $sb.Code.Line "syntax names -$n, which is not documented under ## PARAMETERS") }
        }
        $members = @(foreach ($p in $parameters.Values) {
                if ($null -eq $sb.SetName -or @($p.Yaml | Where-Object { $_.Sets -contains '(All)' -or $_.Sets -contains $sb.SetName }).Count) { $p.Name }
            })
        if ($null -ne $sb.SetName) {
            $missing = @($members | Where-Object { $_ -notin $names })
            $extra = @($names | Where-Object { $_ -notin $members })
            if ($missing.Count) { throw (New-DocError $file $sb.Code.Line "syntax of set '$($sb.SetName)' lacks -$($missing -join ', -') whose 'Parameter Sets' include it") }
            if ($extra.Count) { throw (New-DocError $file $sb.Code.Line "syntax of set '$($sb.SetName)' names -$($extra -join ', -') whose 'Parameter Sets' do not include it") }
        }
        else {
            $missing = @($members | Where-Object { $_ -notin $names })
            if ($missing.Count) { throw (New-DocError $file $sb.Code.Line "syntax lacks -$($missing -join ', -'), documented under ## PARAMETERS") }
        }
        # Order: as written in the syntax block, then any remaining members.
        $ordered = @($names | Select-Object -Unique) + @($members | Where-Object { $_ -notin $names })
        $items = foreach ($n in $ordered) {
            $p = $parameters[$n]
            $y = if ($null -eq $sb.SetName) { $p.Yaml[0] } else {
                $exact = @($p.Yaml | Where-Object { $_.Sets -contains $sb.SetName })
                if ($exact.Count) { $exact[0] } else { @($p.Yaml | Where-Object { $_.Sets -contains '(All)' })[0] }
            }
            [pscustomobject]@{ Parameter = $p; Yaml = $y }
        }
        $syntax.Add([pscustomobject]@{ SetName = $sb.SetName; Parameters = @($items); Line = $sb.Line })
    }
    $inAnySet = @($syntax | ForEach-Object { $_.Parameters.Parameter.Name })
    foreach ($p in $parameters.Values) {
        if ($p.Name -notin $inAnySet) { throw (New-DocError $file $p.Line "parameter -$($p.Name) appears in no ## SYNTAX block (check its 'Parameter Sets')") }
    }

    # DESCRIPTION
    Assert-NoSub $file $sections['DESCRIPTION']
    $description = @(ConvertTo-Paragraph $file $sections['DESCRIPTION'].Body '## DESCRIPTION')
    if ($description.Count -eq 0) { throw (New-DocError $file $sections['DESCRIPTION'].Line '## DESCRIPTION is empty') }

    # EXAMPLES
    $esec = $sections['EXAMPLES']
    if ($esec.Body.Count) { throw (New-DocError $file $esec.Body[0].Line "text under ## EXAMPLES must be inside a '### Example N: title' item") }
    $examples = [System.Collections.Generic.List[object]]::new()
    $expectedNo = 1
    foreach ($s in $esec.Subs) {
        if ($s.Title -notmatch '^Example (\d+)(?:\s*:\s*(.*))?$') { throw (New-DocError $file $s.Line "example heading must be '### Example N: title', not '### $($s.Title)'") }
        $no = [int]$Matches[1]
        $title = if ($Matches.Count -gt 2 -and $Matches[2]) { $Matches[2].Trim() } else { '' }
        if ($no -ne $expectedNo) { throw (New-DocError $file $s.Line "example is numbered $no, expected $expectedNo") }
        $expectedNo++
        $code = @($s.Body | Where-Object { $_.Kind -eq 'Code' -and $_.Lang -in $script:ExampleLanguages })
        if ($code.Count -eq 0) { throw (New-DocError $file $s.Line "example $no has no '``````powershell' code block") }
        $codeText = ($code | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"
        if (-not $codeText.Trim()) { throw (New-DocError $file $code[0].Line "example $no has an empty code block") }
        $remarkBlocks = @($s.Body | Where-Object { $_ -notin $code })
        $examples.Add([pscustomobject]@{
                Number  = $no
                Title   = $title
                Code    = $codeText
                Remarks = @(ConvertTo-Paragraph $file $remarkBlocks "example $no")
                Line    = $s.Line
                CodeLine = $code[0].Line
            })
    }

    $inputs = @(Read-TypeList $file $sections['INPUTS'])
    $outputs = @(Read-TypeList $file $sections['OUTPUTS'])
    Assert-NoSub $file $sections['NOTES']
    $notes = @(ConvertTo-Paragraph $file $sections['NOTES'].Body '## NOTES')

    Assert-NoSub $file $sections['RELATED LINKS']
    $links = [System.Collections.Generic.List[object]]::new()
    foreach ($b in $sections['RELATED LINKS'].Body) {
        if ($b.Kind -ne 'Text') { throw (New-DocError $file $b.Line 'code block in ## RELATED LINKS') }
        foreach ($l in $b.Lines) {
            $t = $l.Trim()
            if ($t -match '^\[([^\]]+)\]\(([^)]*)\)$') { $links.Add([pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] }) }
            elseif ($t -match '^https?://\S+$') { $links.Add([pscustomobject]@{ Text = $t; Uri = $t }) }
            else { throw (New-DocError $file $b.Line "related link must be '[Text](target)' or a URL, one per line: '$t'") }
        }
    }

    [pscustomobject]@{
        Name          = $name
        Verb          = $verb
        Noun          = $noun
        File          = $file
        OnlineVersion = if ($fm.Meta.Contains('online version')) { $fm.Meta['online version'] } else { '' }
        Synopsis      = $synopsis
        Syntax        = $syntax.ToArray()
        Description   = $description
        Examples      = $examples.ToArray()
        Parameters    = @($parameters.Values)
        Inputs        = $inputs
        Outputs       = $outputs
        Notes         = $notes
        Links         = $links.ToArray()
    }
}
#endregion

#region MAML writer
function Write-Para {
    param([System.Xml.XmlWriter] $W, [string[]] $Paragraphs, [string] $Container, [string] $ContainerNs)
    if ($Container) { $W.WriteStartElement(($ContainerNs -eq $script:NsDev ? 'dev' : 'maml'), $Container, $ContainerNs) }
    $any = $false
    foreach ($p in $Paragraphs) { $W.WriteElementString('maml', 'para', $script:NsMaml, $p); $any = $true }
    if (-not $any) { $W.WriteElementString('maml', 'para', $script:NsMaml, '') }
    if ($Container) { $W.WriteEndElement() }
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $W, [object] $Parameter, [object] $Yaml, [switch] $InSyntax)
    $isSwitch = $Yaml.Type -in 'SwitchParameter', 'System.Management.Automation.SwitchParameter'
    $W.WriteStartElement('command', 'parameter', $script:NsCommand)
    $W.WriteAttributeString('required', $Yaml.Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Yaml.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $Yaml.PipelineInput)
    $W.WriteAttributeString('position', $Yaml.Position)
    $W.WriteAttributeString('aliases', ($Yaml.Aliases.Count ? ($Yaml.Aliases -join ', ') : 'none'))
    $W.WriteElementString('maml', 'name', $script:NsMaml, $Parameter.Name)
    Write-Para $W $Parameter.Description 'description' $script:NsMaml
    if ($InSyntax -and $Yaml.AcceptedValues.Count) {
        $W.WriteStartElement('command', 'parameterValueGroup', $script:NsCommand)
        foreach ($v in $Yaml.AcceptedValues) {
            $W.WriteStartElement('command', 'parameterValue', $script:NsCommand)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $script:NsCommand, 'false')
            $W.WriteString($v)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $isSwitch)) {
        $W.WriteStartElement('command', 'parameterValue', $script:NsCommand)
        $W.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($Yaml.Type)
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $script:NsDev)
    $W.WriteElementString('maml', 'name', $script:NsMaml, $Yaml.Type)
    $W.WriteElementString('maml', 'uri', $script:NsMaml, '')
    $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $script:NsDev, ($isSwitch -and $Yaml.DefaultValue -eq 'None' ? 'False' : $Yaml.DefaultValue))
    $W.WriteEndElement()
}

function Write-MamlTypeList {
    param([System.Xml.XmlWriter] $W, [object[]] $Types, [string] $Outer, [string] $Inner)
    $W.WriteStartElement('command', $Outer, $script:NsCommand)
    foreach ($t in $Types) {
        $W.WriteStartElement('command', $Inner, $script:NsCommand)
        $W.WriteStartElement('dev', 'type', $script:NsDev)
        $W.WriteElementString('maml', 'name', $script:NsMaml, $t.Type)
        $W.WriteEndElement()
        Write-Para $W $t.Description 'description' $script:NsMaml
        $W.WriteEndElement()
    }
    $W.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $W, [object] $Doc)
    $W.WriteStartElement('command', 'command', $script:NsCommand)
    $W.WriteAttributeString('xmlns', 'maml', $null, $script:NsMaml)
    $W.WriteAttributeString('xmlns', 'command', $null, $script:NsCommand)
    $W.WriteAttributeString('xmlns', 'dev', $null, $script:NsDev)
    $W.WriteAttributeString('xmlns', 'MSHelp', $null, $script:NsMSHelp)

    $W.WriteStartElement('command', 'details', $script:NsCommand)
    $W.WriteElementString('command', 'name', $script:NsCommand, $Doc.Name)
    $W.WriteElementString('command', 'verb', $script:NsCommand, $Doc.Verb)
    $W.WriteElementString('command', 'noun', $script:NsCommand, $Doc.Noun)
    Write-Para $W @($Doc.Synopsis) 'description' $script:NsMaml
    $W.WriteEndElement()

    Write-Para $W $Doc.Description 'description' $script:NsMaml

    $W.WriteStartElement('command', 'syntax', $script:NsCommand)
    foreach ($set in $Doc.Syntax) {
        $W.WriteStartElement('command', 'syntaxItem', $script:NsCommand)
        $W.WriteElementString('maml', 'name', $script:NsMaml, $Doc.Name)
        foreach ($item in $set.Parameters) { Write-MamlParameter $W $item.Parameter $item.Yaml -InSyntax }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $script:NsCommand)
    foreach ($p in $Doc.Parameters) {
        # One entry per parameter: the (All) block if there is one, else the first; Required/pipeline are true if
        # they are in any set, as PlatyPS merges them.
        $all = @($p.Yaml | Where-Object { $_.Sets -contains '(All)' })
        $y = ($all.Count ? $all[0] : $p.Yaml[0]).PSObject.Copy()
        if (@($p.Yaml | Where-Object Required).Count) { $y.Required = $true }
        Write-MamlParameter $W $p $y
    }
    $W.WriteEndElement()

    Write-MamlTypeList $W $Doc.Inputs 'inputTypes' 'inputType'
    Write-MamlTypeList $W $Doc.Outputs 'returnValues' 'returnValue'

    if ($Doc.Notes.Count) {
        $W.WriteStartElement('maml', 'alertSet', $script:NsMaml)
        $W.WriteStartElement('maml', 'alert', $script:NsMaml)
        foreach ($n in $Doc.Notes) { $W.WriteElementString('maml', 'para', $script:NsMaml, $n) }
        $W.WriteEndElement()
        $W.WriteEndElement()
    }

    $W.WriteStartElement('command', 'examples', $script:NsCommand)
    foreach ($e in $Doc.Examples) {
        $W.WriteStartElement('command', 'example', $script:NsCommand)
        $label = if ($e.Title) { "Example $($e.Number): $($e.Title)" } else { "Example $($e.Number)" }
        $W.WriteElementString('maml', 'title', $script:NsMaml, "-------------------------- $label --------------------------")
        $W.WriteElementString('dev', 'code', $script:NsDev, $e.Code)
        Write-Para $W $e.Remarks 'remarks' $script:NsDev
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('maml', 'relatedLinks', $script:NsMaml)
    $links = @()
    if ($Doc.OnlineVersion) { $links += [pscustomobject]@{ Text = 'Online Version:'; Uri = $Doc.OnlineVersion } }
    $links += $Doc.Links
    foreach ($l in $links) {
        $W.WriteStartElement('maml', 'navigationLink', $script:NsMaml)
        $W.WriteElementString('maml', 'linkText', $script:NsMaml, $l.Text)
        # Links to sibling .md docs are other help topics: no URI (Get-Help -Online must not open a file name).
        $W.WriteElementString('maml', 'uri', $script:NsMaml, ($l.Uri -match '^https?://' ? $l.Uri : ''))
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}
#endregion

#region about topics
function Format-Wrapped {
    param([string] $Text, [int] $Indent, [int] $Width = 80, [int] $HangingIndent = -1)
    if ($HangingIndent -lt 0) { $HangingIndent = $Indent }
    $out = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $lineHasWord = $false
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if ($lineHasWord -and $line.Length + 1 + $word.Length -gt $Width) {
            $out.Add($line)
            $line = (' ' * $HangingIndent) + $word
        }
        else {
            $line = $lineHasWord ? "$line $word" : "$line$word"
        }
        $lineHasWord = $true
    }
    if ($lineHasWord) { $out.Add($line) }
    $out
}

function ConvertTo-AboutText {
    <# Converts one about_*.md into the text of an about_*.help.txt (PlatyPS about layout). #>
    param([Parameter(Mandatory)] [string] $Path)
    $file = (Resolve-Path -LiteralPath $Path).ProviderPath
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($file)
    $lines = @(Get-Content -LiteralPath $file -Encoding utf8)
    $fm = Read-FrontMatter $file $lines
    $body = if ($fm.BodyStart -lt $lines.Count) { $lines[$fm.BodyStart..($lines.Count - 1)] } else { @() }
    $blocks = Split-MarkdownBlock $file $body ($fm.BodyStart + 1)
    if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Heading' -or $blocks[0].Level -ne 1 -or $blocks[0].Text.Trim() -ne $topic) {
        throw (New-DocError $file ($blocks.Count ? $blocks[0].Line : 1) "an about topic starts with '# $topic' (its file name)")
    }
    $i = 1
    # Old PlatyPS template repeats the topic as '## about_X'.
    if ($i -lt $blocks.Count -and $blocks[$i].Kind -eq 'Heading' -and $blocks[$i].Text.Trim() -eq $topic) { $i++ }
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $topic")
    $seen = [System.Collections.Generic.List[string]]::new()
    for (; $i -lt $blocks.Count; $i++) {
        $b = $blocks[$i]
        switch ($b.Kind) {
            'Heading' {
                if ($b.Level -eq 1) { throw (New-DocError $file $b.Line "second '# ' title '$($b.Text)'; use '## ' for sections") }
                $h = $b.Text.Trim().ToUpperInvariant()
                if ($b.Level -eq 2) { $seen.Add($h) }
                elseif ($seen.Count -eq 0) { throw (New-DocError $file $b.Line "'$('#' * $b.Level) $($b.Text)' before the first '## ' section") }
                $out.Add('')
                $out.Add(((' ' * [Math]::Max(0, ($b.Level - 2) * 4)) + $h))
            }
            'Text' {
                if ($seen.Count -eq 0) { throw (New-DocError $file $b.Line "text before '## SHORT DESCRIPTION'") }
                $text = Join-ParagraphLine $b.Lines
                if ($text -match '\{\{.*\}\}') { throw (New-DocError $file $b.Line "PlatyPS placeholder left: '$text'") }
                if ($blocks[$i - 1].Kind -ne 'Heading') { $out.Add('') }
                # Markdown links read as 'text (target)'; links to sibling docs read as the topic name.
                $text = [regex]::Replace($text, '\[([^\]]+)\]\(([^)]+)\)', { param($m) if ($m.Groups[2].Value -match '^https?://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
                foreach ($pl in ($text -split "`n")) {
                    if ($pl -match '^\s*\|') { $out.Add('    ' + $pl.Trim()); continue }
                    if ($pl -match '^(\s*)([-*+]|\d+[.)])\s+(.*)$') {
                        $lead = 4 + $Matches[1].Length
                        $bullet = $Matches[2]
                        $item = $Matches[3]
                        if ($bullet -in '-', '*', '+') { $bullet = '-' }
                        foreach ($w in (Format-Wrapped "$bullet $item" $lead 80 ($lead + $bullet.Length + 1))) { $out.Add($w) }
                        continue
                    }
                    foreach ($w in (Format-Wrapped $pl 4)) { $out.Add($w) }
                }
            }
            'Code' {
                if ($seen.Count -eq 0) { throw (New-DocError $file $b.Line "code before '## SHORT DESCRIPTION'") }
                if ($blocks[$i - 1].Kind -ne 'Heading') { $out.Add('') }
                foreach ($cl in $b.Lines) { $out.Add(($cl.Length ? '        ' + $cl : '')) }
            }
        }
    }
    foreach ($required in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        if ($required -notin $seen) { throw (New-DocError $file 1 "about topic lacks '## $required'") }
    }
    if ($seen[0] -ne 'SHORT DESCRIPTION' -or $seen[1] -ne 'LONG DESCRIPTION') {
        throw (New-DocError $file 1 "about topic sections must start with '## SHORT DESCRIPTION' then '## LONG DESCRIPTION' (found: $($seen -join ', '))")
    }
    ($out -join "`n") + "`n"
}
#endregion

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Converts PlatyPS markdown (docs/en-US) into <AssemblyName>-Help.xml and about_*.help.txt.
    .DESCRIPTION
    Reads every Verb-Noun.md (cmdlet help, PlatyPS schema 2.0.0) and about_*.md in MarkdownPath. Writes one MAML
    file holding every cmdlet and one about_*.help.txt per about topic to OutputPath. Throws
    System.IO.InvalidDataException ("file:line: problem") on the first malformed doc; writes nothing in that case.
    Returns the files written.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)] [string] $MarkdownPath,
        [Parameter(Mandatory)] [string] $OutputPath,
        [Parameter(Mandatory)] [string] $ModuleName,
        [Parameter(Mandatory)] [string] $AssemblyName
    )
    if (-not (Test-Path -LiteralPath $MarkdownPath -PathType Container)) { throw "Markdown folder '$MarkdownPath' does not exist" }
    $mdFiles = @(Get-ChildItem -LiteralPath $MarkdownPath -Filter *.md -File | Sort-Object Name)
    $aboutFiles = @($mdFiles | Where-Object Name -Like 'about_*.md')
    $cmdletFiles = @($mdFiles | Where-Object Name -NotLike 'about_*.md')
    foreach ($f in $cmdletFiles) {
        if ($f.BaseName -notmatch '^[A-Za-z]+-[A-Za-z0-9]+$') { throw (New-DocError $f.FullName 1 "'$($f.Name)' is neither Verb-Noun.md nor about_*.md") }
    }
    # Parse everything first so a bad doc leaves no half-written output.
    $docs = @($cmdletFiles | ForEach-Object { Read-CmdletDoc -Path $_.FullName -ModuleName $ModuleName -AssemblyName $AssemblyName })
    $abouts = @($aboutFiles | ForEach-Object { [pscustomobject]@{ Name = $_.BaseName; Text = ConvertTo-AboutText -Path $_.FullName } })

    $null = New-Item -ItemType Directory -Force -Path $OutputPath
    $out = (Resolve-Path -LiteralPath $OutputPath).ProviderPath
    $mamlPath = Join-Path $out "$AssemblyName-Help.xml"
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.NewLineChars = "`n"
    $w = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
    try {
        $w.WriteStartDocument()
        $w.WriteStartElement('helpItems', $script:NsMsh)
        $w.WriteAttributeString('schema', 'maml')
        foreach ($d in $docs) { Write-MamlCommand $w $d }
        $w.WriteEndElement()
        $w.WriteEndDocument()
    }
    finally { $w.Dispose() }
    Get-Item -LiteralPath $mamlPath
    foreach ($a in $abouts) {
        $p = Join-Path $out "$($a.Name).help.txt"
        [System.IO.File]::WriteAllText($p, $a.Text, [System.Text.UTF8Encoding]::new($false))
        Get-Item -LiteralPath $p
    }
}

function Get-HelpExample {
    <#
    .SYNOPSIS
    Lists the examples of every cmdlet doc (Verb-Noun.md) in MarkdownPath, for tests that run them.
    .DESCRIPTION
    One object per example: Command, Number, Title, Code (all its powershell code blocks, joined), File, Line.
    Lines starting with a 'PS>' / 'PS C:\>' prompt are commands (prompt stripped); in a block that has prompts, the
    other lines are output and are dropped. Malformed docs throw as in ConvertTo-MamlHelp.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $MarkdownPath)
    foreach ($f in (Get-ChildItem -LiteralPath $MarkdownPath -Filter *.md -File | Where-Object Name -NotLike 'about_*.md' | Sort-Object Name)) {
        $doc = Read-CmdletDoc -Path $f.FullName
        foreach ($e in $doc.Examples) {
            $lines = $e.Code -split "`n"
            $prompt = '^\s*PS(?: [^>]*)?>\s?'
            if (@($lines | Where-Object { $_ -match $prompt }).Count) {
                $lines = @($lines | Where-Object { $_ -match $prompt } | ForEach-Object { $_ -replace $prompt, '' })
            }
            [pscustomobject]@{
                PSTypeName = 'PSLibvirt.HelpExample'
                Command    = $doc.Name
                Number     = $e.Number
                Title      = $e.Title
                Code       = $lines -join "`n"
                File       = $doc.File
                Line       = $e.CodeLine
            }
        }
    }
}

Export-ModuleMember -Function ConvertTo-MamlHelp, Get-HelpExample
