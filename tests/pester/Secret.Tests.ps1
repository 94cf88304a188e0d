#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Libvirt secrets (virsh secret-*). The test driver has no secret support (VIR_ERR_NO_SUPPORT), so the real tests
# run against the private libvirtd (tests/harness), whose QEMU URI is served by libvirtd's secret driver, with virsh
# on the same URI as the oracle. Besides behaviour, they prove that a value is never printed: not in any output
# object's formatting, the verbose/debug/warning/information streams, -WhatIf text, nor error records.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # Everything a user could see of some objects: their default and full formatting, and ToString.
    function Get-VisibleText {
        param([object[]]$InputObject)
        foreach ($o in $InputObject) {
            if ($null -eq $o) { continue }
            "$o"
            $o | Out-String -Width 4096
            $o | Format-List * -Force | Out-String -Width 4096
            if ($o -is [System.Management.Automation.ErrorRecord]) {
                $o.Exception.ToString()
                $o.ErrorDetails | Out-String -Width 4096
                $o.TargetObject | Format-List * -Force | Out-String -Width 4096
                $o.Exception | Format-List * -Force | Out-String -Width 4096
            }
        }
    }
}

Describe 'Secret cmdlets on test:///default (no secret driver)' -Tag 'Secret' {
    BeforeAll { $h = Connect-Hypervisor -Uri test:///default -Name 'pslv-secret-test' }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'reports the missing support as a NotImplemented error, not a failure of the pipeline' {
        $out = Get-LibvirtSecret -Connection $h -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.GetLibvirtSecretCommand'
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
    }

    It 'has no property that could hold a value' {
        $props = [PSLibvirt.Secret].GetProperties()
        $props.Name | Should -Not -Contain 'Value'
        $props | Where-Object { $_.PropertyType -in [securestring], [string[]], [byte[]] } | Should -BeNullOrEmpty
        [PSLibvirt.Secret].GetProperties().Name | Sort-Object | Should -Be (@('Description', 'Ephemeral', 'Hypervisor', 'Private', 'UsageId', 'UsageType', 'Uuid') | Sort-Object)
    }

    It 'takes values only as SecureString or PSCredential, and removes with ConfirmImpact High' {
        (Get-Command Set-LibvirtSecretValue).Parameters['Value'].ParameterType | Should -Be ([securestring])
        (Get-Command Set-LibvirtSecretValue).Parameters['Credential'].ParameterType | Should -Be ([pscredential])
        (Get-Command New-LibvirtSecret).Parameters['Value'].ParameterType | Should -Be ([securestring])
        $rm = Get-Command Remove-LibvirtSecret
        $rm.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'rejects -AsPlainText with -AsByteArray before reading anything' {
        { Get-LibvirtSecretValue -Uuid ([guid]::NewGuid()) -Connection $h -AsPlainText -AsByteArray -ErrorAction Stop } |
            Should -Throw -ErrorId 'AsPlainTextAndAsByteArray,PSLibvirt.Commands.GetLibvirtSecretValueCommand'
    }

    It 'rejects a usage ID without a usage type, and a usage type without a usage ID' {
        New-LibvirtSecret -UsageType None -UsageId x -Connection $h -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidSecretDefinition,PSLibvirt.Commands.NewLibvirtSecretCommand'
        New-LibvirtSecret -UsageType Volume -Connection $h -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Secrets on a private libvirtd' -Tag 'Secret', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $tag = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        # The value under test, and the forms in which it could leak (virsh shows values base64-encoded).
        $plain = "pslv-Val-$tag-Zq"
        $secure = ConvertTo-SecureString $plain -AsPlainText -Force
        $leaks = @($plain, [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($plain)))

        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        function Get-VirshValue([guid]$Uuid) {
            [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Invoke-Virsh 'secret-get-value', $Uuid)))
        }
        function Assert-NoLeak {
            param([string[]]$Text, [string]$Because)
            $all = $Text -join "`n"
            foreach ($l in $leaks) { $all.Contains($l) | Should -BeFalse -Because "the value must not appear in $Because" }
        }
        function Plain([securestring]$s) { [System.Net.NetworkCredential]::new('', $s).Password }

        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-secret'
        }
    }

    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }

    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'defines a secret with a value: virsh lists it and reads the same value' {
        $s = New-LibvirtSecret -UsageType Volume -UsageId "/var/lib/pslv/$tag.img" -Description "disk $tag" -Value $secure -Connection $conn
        $s.Uuid | Should -Not -Be ([guid]::Empty)
        $s.UsageType | Should -Be ([PSLibvirt.SecretUsageType]::Volume)
        $s.UsageId | Should -Be "/var/lib/pslv/$tag.img"
        $s.Description | Should -Be "disk $tag"
        $s.Ephemeral | Should -BeFalse
        $s.Private | Should -BeFalse
        $s.Hypervisor.Name | Should -Be 'pslv-secret'
        Invoke-Virsh 'secret-list' | Should -Match ([regex]::Escape("$($s.Uuid)") + '\s+volume /var/lib/pslv/' + $tag)
        Get-VirshValue $s.Uuid | Should -BeExactly $plain
        # The format view: a table of the definition.
        $table = ($s | Out-String -Width 300) -split "`n" | Where-Object { $_.Trim() }
        $table[0] -split '\s+' | Where-Object { $_ } | Should -Be @('Uuid', 'UsageType', 'UsageId', 'Description', 'Ephemeral', 'Private')
        $table[2] | Should -Match ([regex]::Escape("$($s.Uuid)") + '\s+Volume\s+/var/lib/pslv/\S+\s+disk \S+\s+no\s+no')
        Remove-LibvirtSecret -Secret $s -Confirm:$false
    }

    It 'reads the value back as a SecureString, as bytes, and as plain text only with -AsPlainText' {
        $s = New-LibvirtSecret -UsageType Iscsi -UsageId "iscsi-$tag" -Value $secure -Connection $conn
        $v = $s | Get-LibvirtSecretValue
        $v | Should -BeOfType [securestring]
        Plain $v | Should -BeExactly $plain
        $bytes = Get-LibvirtSecretValue -Uuid $s.Uuid -Connection $conn -AsByteArray
        , $bytes | Should -BeOfType [byte[]]
        [Convert]::ToBase64String($bytes) | Should -Be (Invoke-Virsh 'secret-get-value', $s.Uuid)
        Get-LibvirtSecretValue -Uuid $s.Uuid -Connection $conn -AsPlainText | Should -BeExactly $plain
        Remove-LibvirtSecret -Uuid $s.Uuid -Connection $conn -Confirm:$false
    }

    It 'sets the value from a SecureString and from a PSCredential (virsh reads it), -PassThru writes the secret' {
        $s = New-LibvirtSecret -UsageType Ceph -UsageId "client.$tag" -Connection $conn
        { Invoke-Virsh 'secret-get-value', $s.Uuid } | Should -Throw '*not have a value*'
        $s | Set-LibvirtSecretValue -Value $secure
        Get-VirshValue $s.Uuid | Should -BeExactly $plain
        $other = ConvertTo-SecureString "other-$tag" -AsPlainText -Force
        $r = Set-LibvirtSecretValue -Uuid $s.Uuid -Connection $conn -Credential ([pscredential]::new('ignored', $other)) -PassThru
        $r.Uuid | Should -Be $s.Uuid
        Get-VirshValue $s.Uuid | Should -BeExactly "other-$tag"
        # Unicode text is stored as UTF-8 (what virsh secret-set-value --plain would store).
        $s | Set-LibvirtSecretValue -Value (ConvertTo-SecureString "Grüße-€-$tag" -AsPlainText -Force)
        Get-VirshValue $s.Uuid | Should -BeExactly "Grüße-€-$tag"
        Plain ($s | Get-LibvirtSecretValue) | Should -BeExactly "Grüße-€-$tag"
        Remove-LibvirtSecret -Secret $s -Confirm:$false
    }

    It 'stores the bytes of base64 text with -Base64 (a Ceph key), as virsh reads them; bad base64 changes and defines nothing' {
        $key = [Convert]::ToBase64String([byte[]](0x00, 0x01, 0xfe, 0xff, 0x41, 0x51))
        $s = New-LibvirtSecret -UsageType Ceph -UsageId "b64-$tag" -Value (ConvertTo-SecureString $key -AsPlainText -Force) -Base64 -Connection $conn
        Invoke-Virsh 'secret-get-value', $s.Uuid | Should -BeExactly $key -Because 'virsh prints the stored bytes as base64'
        (Get-LibvirtSecretValue -Secret $s -AsByteArray) | Should -Be @(0x00, 0x01, 0xfe, 0xff, 0x41, 0x51)
        $other = [Convert]::ToBase64String([byte[]](9, 8, 7))
        $s | Set-LibvirtSecretValue -Value (ConvertTo-SecureString " $other`n" -AsPlainText -Force) -Base64
        Invoke-Virsh 'secret-get-value', $s.Uuid | Should -BeExactly $other -Because 'white space around base64 is ignored'
        $bad = ConvertTo-SecureString 'not base64 at all!' -AsPlainText -Force
        $s | Set-LibvirtSecretValue -Value $bad -Base64 -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($err[0])" | Should -Not -Match 'not base64 at all'
        Invoke-Virsh 'secret-get-value', $s.Uuid | Should -BeExactly $other -Because 'a value that does not decode changes nothing'
        $before = @(Get-LibvirtSecret -Connection $conn).Count
        New-LibvirtSecret -UsageType Ceph -UsageId "b64-bad-$tag" -Value $bad -Base64 -Connection $conn -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -Be 'InvalidSecretValue,PSLibvirt.Commands.NewLibvirtSecretCommand'
        @(Get-LibvirtSecret -Connection $conn).Count | Should -Be $before -Because 'nothing is defined'
        Remove-LibvirtSecret -Secret $s -Confirm:$false
    }

    It 'reads a binary value only as bytes: as a SecureString it is an error that does not show the bytes' {
        $s = New-LibvirtSecret -UsageType Tls -UsageId "tls-$tag" -Connection $conn
        $file = Join-Path $daemon.Directory "bin-$tag"
        [IO.File]::WriteAllBytes($file, [byte[]](0xff, 0xfe, 0x00, 0x80))
        Invoke-Virsh 'secret-set-value', $s.Uuid, '--plain', '--file', $file | Out-Null
        (Get-LibvirtSecretValue -Secret $s -AsByteArray) | Should -Be @(0xff, 0xfe, 0x00, 0x80)
        $s | Get-LibvirtSecretValue -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($err[0])" | Should -Match 'AsByteArray'
        Remove-LibvirtSecret -Secret $s -Confirm:$false
    }

    It 'lists and filters by UUID, usage type and usage ID (wildcards; exact usage through virSecretLookupByUsage)' {
        $a = New-LibvirtSecret -UsageType Volume -UsageId "/srv/$tag/a.img" -Connection $conn
        $b = New-LibvirtSecret -UsageType Volume -UsageId "/srv/$tag/b.img" -Ephemeral -Private -Connection $conn
        $c = New-LibvirtSecret -UsageType Iscsi -UsageId "lun-$tag" -Connection $conn
        try {
            $all = Get-LibvirtSecret -Connection $conn
            $virshUuids = @((Invoke-Virsh 'secret-list') -split "`n" | ForEach-Object { ($_.Trim() -split '\s+')[0] } | Where-Object { $_ })
            @($all.Uuid.Guid | Sort-Object) | Should -Be @($virshUuids | Sort-Object)
            (Get-LibvirtSecret -Connection $conn -UsageId "/srv/$tag/*").Uuid | Should -Be @($a.Uuid, $b.Uuid)
            (Get-LibvirtSecret -Connection $conn -UsageType Iscsi -UsageId "lun-$tag").Uuid | Should -Be $c.Uuid
            (Get-LibvirtSecret -Connection $conn -UsageType Iscsi).UsageId | Should -Contain "lun-$tag"
            (Get-LibvirtSecret -Connection $conn -UsageType Iscsi).Uuid | Should -Not -Contain $a.Uuid
            $one = Get-LibvirtSecret $b.Uuid -Connection $conn
            $one.Ephemeral | Should -BeTrue
            $one.Private | Should -BeTrue
            [pscustomobject]@{ Uuid = $a.Uuid } | Get-LibvirtSecret -Connection $conn | ForEach-Object Uuid | Should -Be $a.Uuid
            $b | Get-LibvirtSecretXml | Should -Match "<volume>/srv/$tag/b.img</volume>"
            [pscustomobject]@{ Uuid = $c.Uuid } | Get-LibvirtSecretXml -Connection $conn | ForEach-Object TrimEnd | Should -BeExactly (Invoke-Virsh 'secret-dumpxml', $c.Uuid)
        }
        finally { $a, $b, $c | Remove-LibvirtSecret -Confirm:$false }
    }

    It 'writes a non-terminating SecretNotFound for what is missing and goes on with the next input' {
        $s = New-LibvirtSecret -UsageType Volume -UsageId "/nf/$tag" -Connection $conn
        $missing = [guid]::NewGuid()
        $xml = Get-LibvirtSecretXml -Uuid $missing, $s.Uuid -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
        $xml | Should -HaveCount 1
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SecretNotFound,PSLibvirt.Commands.GetLibvirtSecretXmlCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $missing
        Get-LibvirtSecret -Connection $conn -UsageId "/nf/nothing-$tag", "/nf/$tag" -ErrorVariable e2 -ErrorAction SilentlyContinue | ForEach-Object Uuid | Should -Be $s.Uuid
        $e2[0].FullyQualifiedErrorId | Should -Be 'SecretNotFound,PSLibvirt.Commands.GetLibvirtSecretCommand'
        Get-LibvirtSecret -Connection $conn -UsageType Volume -UsageId "/nf/nothing-$tag" -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Remove-LibvirtSecret -Secret $s -Confirm:$false
    }

    It 'removes with -Confirm:$false, and not with -WhatIf (virsh oracle)' {
        $s = New-LibvirtSecret -UsageType Vtpm -UsageId "vtpm-$tag" -Connection $conn
        Remove-LibvirtSecret -Secret $s -WhatIf
        Invoke-Virsh 'secret-list' | Should -Match ([regex]::Escape("$($s.Uuid)"))
        $s | Remove-LibvirtSecret -Confirm:$false
        Invoke-Virsh 'secret-list' | Should -Not -Match ([regex]::Escape("$($s.Uuid)"))
        { Invoke-Virsh 'secret-dumpxml', $s.Uuid } | Should -Throw
    }

    It 'completes usage IDs from the connection, of the typed usage type' {
        $s = New-LibvirtSecret -UsageType Volume -UsageId "/complete/$tag.img" -Connection $conn
        try {
            $line = "Get-LibvirtSecret -Connection pslv-secret -UsageId /complete/"
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Contain "/complete/$tag.img"
            $line = "Get-LibvirtSecret -Connection pslv-secret -UsageType Ceph -UsageId /complete/"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
        }
        finally { Remove-LibvirtSecret -Secret $s -Confirm:$false }
    }

    It 'never prints a value: output objects, all streams with -Verbose/-Debug, -WhatIf text, error records' {
        $transcript = Join-Path $daemon.Directory "transcript-$tag.txt"
        $seen = [System.Collections.Generic.List[object]]::new()
        $cred = [pscredential]::new('user', $secure)
        Start-Transcript -LiteralPath $transcript -UseMinimalHeader | Out-Null
        try {
            $common = @{ Connection = $conn; Verbose = $true; Debug = $true; ErrorAction = 'Continue'; WarningAction = 'Continue'; InformationAction = 'Continue' }
            # -WhatIf first: nothing is defined or set, and the text says what would be done without the value.
            $seen.AddRange(@(New-LibvirtSecret -UsageType Volume -UsageId "/leak/$tag" -Value $secure -WhatIf @common *>&1))
            $s = New-LibvirtSecret -UsageType Volume -UsageId "/leak/$tag" -Value $secure @common 5>$null 4>$null
            $seen.Add($s)
            $seen.AddRange(@(New-LibvirtSecret -Xml (Get-LibvirtSecretXml -Secret $s) -Value $secure @common *>&1))
            $seen.AddRange(@(Set-LibvirtSecretValue -Secret $s -Value $secure -WhatIf @common *>&1))
            $seen.AddRange(@(Set-LibvirtSecretValue -Secret $s -Value $secure -PassThru @common *>&1))
            $seen.AddRange(@(Set-LibvirtSecretValue -Uuid $s.Uuid -Credential $cred -PassThru @common *>&1))
            $seen.AddRange(@(Get-LibvirtSecret -Uuid $s.Uuid @common *>&1))
            $seen.AddRange(@(Get-LibvirtSecretXml -Secret $s @common *>&1))
            $seen.AddRange(@(Get-LibvirtSecretValue -Secret $s @common *>&1))
            # Errors: setting a missing secret's value, reading a private one, reading a binary one as text.
            $seen.AddRange(@(Set-LibvirtSecretValue -Uuid ([guid]::NewGuid()) -Value $secure @common *>&1))
            $seen.AddRange(@(Set-LibvirtSecretValue -Uuid ([guid]::NewGuid()) -Credential $cred @common *>&1))
            $p = New-LibvirtSecret -UsageType Ceph -UsageId "leak-private-$tag" -Private -Value $secure @common 5>$null 4>$null
            $seen.Add($p)
            $seen.AddRange(@(Get-LibvirtSecretValue -Secret $p @common *>&1))
            $seen.AddRange(@(Remove-LibvirtSecret -Secret $s, $p -WhatIf @common *>&1))
            $seen.AddRange(@(Remove-LibvirtSecret -Secret $s, $p -Confirm:$false @common *>&1))
        }
        finally { Stop-Transcript | Out-Null }
        $errors = @($seen | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.FullyQualifiedErrorId | Should -Contain 'SecretNotFound,PSLibvirt.Commands.SetLibvirtSecretValueCommand'
        $errors.FullyQualifiedErrorId | Should -Contain 'LibvirtInvalidSecret,PSLibvirt.Commands.GetLibvirtSecretValueCommand'
        @($seen | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
        @($seen | Where-Object { $_ -is [PSLibvirt.Secret] }).Count | Should -BeGreaterThan 3
        @($seen | Where-Object { $_ -is [securestring] }) | Should -HaveCount 1
        Assert-NoLeak -Text (Get-VisibleText $seen.ToArray()) -Because 'output objects, streams or error records'
        $text = Get-Content -LiteralPath $transcript -Raw
        $text | Should -Match 'What if: .*Define secret and set its value' -Because 'the transcript holds the -WhatIf text'
        $text | Should -Match 'What if: .*Set the value'
        Assert-NoLeak -Text $text -Because 'the transcript (host output, -WhatIf text)'
        # and the value did go through: the round trip happened where it is allowed to.
        Plain @($seen | Where-Object { $_ -is [securestring] })[0] | Should -BeExactly $plain
    }
}
