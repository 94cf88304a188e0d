#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Hostile input through the public surface: every exported cmdlet with -Name, and the drive's paths, get names
# with control characters and NUL, path separators and ../, wildcards valid and invalid, markup, format strings,
# invisible and unpaired Unicode, and very long strings (up to 1 MB). The process must not crash or hang, every
# failure must be an ErrorRecord whose category says something (not NotSpecified), and nothing may be defined.
# Creating cmdlets run with -WhatIf, so the names still go through resolution, lookups and the XML builders.

BeforeDiscovery {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    $cmdlets = @(Get-Command -Module PSLibvirt -CommandType Cmdlet | Where-Object { $_.Parameters.ContainsKey('Name') -and $_.Name -ne 'Connect-Hypervisor' } |
            Sort-Object Name | ForEach-Object { @{ Command = $_.Name } })
}

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    $script:hostile = @(
        '', ' ', '  leading', 'trailing  ', "test`0junk", "`0", "default`0", "tab`there", "new`nline", "cr`rreturn", "bell$([char]7)", "esc$([char]27)[31m",
        '.', '..', '../../etc/passwd', '/etc/passwd', '\\server\share', 'a/b', 'a\b', 'C:\Windows', 'fuzz:\Domains\test', '~',
        '*', '?', '[', ']', '[]', '[z-a]', '[a-', '`', '``', '*test*', 'te?t', '[t]est',
        '<domain/>', "<x a='1'/>", '&amp;', '&lol;', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', ']]>',
        "' or '1'='1", '"quoted"', '%s%s%s%n', '{0}{1}', '$(Get-Date)', '${env:HOME}', '-Name', '--', '@()',
        "zero$([char]0x200B)width", "$([char]0xFEFF)bom", "rtl$([char]0x202E)txet", [string][char]0xD800, "$([char]0xDC00)x", '💥', 'ünïcödé', 'ＦＵＬＬＷＩＤＴＨ',
        'CON', 'NUL', 'aux', ('x' * 255), ('x' * 256), ('x' * 4096), ('x' * 65536), ('x' * 1MB),
        '00000000-0000-0000-0000-000000000000', 'not-a-uuid', '12345', '-1', '0x10', 'pci_0000_00_02_0/../x', 'eth1.', 'default-pool/..'
    )
    # Values for the other mandatory parameters of some cmdlets.
    $script:extra = @{
        PoolName = 'default-pool'; NewName = 'fuzz-copy'; Destination = '/nonexistent/fuzz-out'; DomainName = 'test'; Path = '/nonexistent/fuzz-in'
        Type = 'Ethernet'; BridgeName = 'brfuzz'; CapacityBytes = 1MB; Xml = "<interface type='ethernet' name='x'/>"; Autostart = $true; State = 'Running'
        Target = 'vdz'; MacAddress = '52:54:00:00:00:99'
        # the guest cmdlets
        Json = '{"execute":"guest-ping"}'; Command = '/bin/true'; User = 'root'; Key = 'ssh-ed25519 AAAA fuzz'; Id = 1; Online = $true
        Password = (ConvertTo-SecureString 'fuzz' -AsPlainText -Force)
        # the vCPU, tuning and job cmdlets (a signal to process 1 is a no-op: Nop)
        VCpu = '0'; CpuSet = '0'; ProcessId = 1; Signal = 'Nop'; Disk = 'vda'; SizeBytes = 128MB; Uri = 'http://example.org/fuzz'
        # the block job cmdlets
        Size = 1GB; Threshold = 1MB; BandwidthBytes = 1MB
    }
    function Get-Inventory([object] $h) {
        (@(Get-Domain -Connection $h).Name + @(Get-Network -Connection $h).Name + @(Get-StoragePool -Connection $h).Name +
            @(Get-StorageVolume -Connection $h).Name + @(Get-HostInterface -Connection $h).Name + @(Get-DomainSnapshot -Connection $h -DomainName test).Name) -join '|'
    }
    $script:h = Connect-Hypervisor -Uri test:///default -Name fuzz
    $script:before = Get-Inventory $h
    $script:categories = @{}
    $script:tried = 0
}

AfterAll {
    Write-Host ("    fuzz: {0:N0} hostile inputs; error categories: {1}" -f $script:tried, (($script:categories.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '))
    if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false }
}

Describe 'Hostile names through every cmdlet with -Name' -Tag 'Fuzz' {
    It '<Command>: every hostile name is an error with a category, or nothing at all' -TestCases $cmdlets {
        param($Command)
        $info = Get-Command $Command
        $common = @{ ErrorAction = 'SilentlyContinue' }
        # Cmdlets that create run with -WhatIf (a hostile name may be a valid one); the others act only on existing
        # objects, and no hostile name names one, so they run for real (the inventory check proves nothing changed).
        if ($info.Parameters.ContainsKey('WhatIf')) {
            if ($info.Verb -in 'New', 'Copy', 'Import', 'Save', 'Export') { $common.WhatIf = $true } else { $common.Confirm = $false }
        }
        if ($info.Parameters.ContainsKey('Connection')) { $common.Connection = $h }
        if ($info.Parameters.ContainsKey('Timeout')) { $common.Timeout = 1 }
        # Cmdlets that sample or refresh until stopped (Show-DomainStatistics) take one quick round.
        if ($info.Parameters.ContainsKey('Count') -and $info.Parameters.ContainsKey('Interval')) { $common.Count = 1; $common.Interval = 0.1 }
        $set = @($info.ParameterSets | Where-Object { $_.Parameters.Name -contains 'Name' })[0]
        foreach ($p in $set.Parameters | Where-Object { $_.IsMandatory -and $_.Name -ne 'Name' }) {
            $key = if ($p.Name -eq 'Domain' -and $info.Parameters.ContainsKey('DomainName')) { 'DomainName' } else { $p.Name }
            if ($extra.ContainsKey($key)) { $common[$key] = $extra[$key] }
        }
        $unspecific = [System.Collections.Generic.List[string]]::new()
        foreach ($value in $hostile) {
            $script:tried++
            $errors = @()
            try { $null = & $Command -Name $value @common -ErrorVariable +errors 6>$null 3>$null }
            catch { $errors += $_ }
            foreach ($e in $errors) {
                $r = if ($e -is [System.Management.Automation.ErrorRecord]) { $e } else { $e.ErrorRecord }
                $category = "$($r.CategoryInfo.Category)"
                $script:categories[$category] = 1 + ($script:categories[$category] ?? 0)
                $shown = if ($value.Length -gt 40) { $value.Substring(0, 40) + "... ($($value.Length) chars)" } else { $value }
                if ($category -eq 'NotSpecified') { $unspecific.Add("'$shown': $($r.FullyQualifiedErrorId): $($r.Exception.Message)") }
            }
        }
        $unspecific | Should -BeNullOrEmpty
        (Get-Inventory $h) | Should -Be $before -Because 'nothing was defined, changed or removed'
    }

    It 'the drive: Get-Item, Get-ChildItem and Get-Content with hostile item names' {
        $unspecific = [System.Collections.Generic.List[string]]::new()
        foreach ($folder in 'Domains', 'Networks', 'StoragePools', 'Interfaces', 'NodeDevices') {
            foreach ($value in $hostile | Where-Object { $_.Length -lt 100000 }) {
                $script:tried += 3
                $errors = @()
                $path = "fuzz:\$folder\$value"
                try { $null = Get-Item -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable +errors } catch { $errors += $_ }
                try { $null = Get-ChildItem -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable +errors } catch { $errors += $_ }
                try { $null = Get-Content -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable +errors } catch { $errors += $_ }
                foreach ($e in $errors) {
                    $r = if ($e -is [System.Management.Automation.ErrorRecord]) { $e } else { $e.ErrorRecord }
                    $category = "$($r.CategoryInfo.Category)"
                    $script:categories[$category] = 1 + ($script:categories[$category] ?? 0)
                    if ($category -eq 'NotSpecified') { $unspecific.Add("$folder '$value': $($r.FullyQualifiedErrorId): $($r.Exception.Message)") }
                }
            }
        }
        $unspecific | Should -BeNullOrEmpty
        (Get-Inventory $h) | Should -Be $before
    }

    It 'tried at least 3,000 hostile inputs in all' {
        $script:tried | Should -BeGreaterOrEqual 3000
    }
}
