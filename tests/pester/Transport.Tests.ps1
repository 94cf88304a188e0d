#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    Encrypted and authenticated transports against a private libvirtd: TLS with certificates made for the run
    (certtool: a CA, a server certificate for 127.0.0.1, client certificates, and another CA), and SASL (DIGEST-MD5
    with a password database of the run) on the TCP listener. virsh on the same daemon is the oracle.
#>
BeforeAll {
    $ModulePath = $env:PSLIBVIRT_MODULE_PATH ?? (Join-Path $PSScriptRoot '../../out/PSLibvirt/PSLibvirt.psd1')
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    $support = Test-PrivateLibvirtdSupported -Detailed
    $password = 'Pslv-' + [Guid]::NewGuid().ToString('N')
    if ($support.Supported) { $daemon = Start-PrivateLibvirtd -Driver test -Tls -SaslUser tester -SaslPassword $password }

    # The TLS URI with another client directory (pkipath) of the run.
    function Get-TlsUri([string] $Layout) { $daemon.TlsUri -replace 'pkipath=.*$', "pkipath=$($daemon.Pki.$Layout)" }
    function New-Credential([string] $Secret) { [pscredential]::new('tester', (ConvertTo-SecureString $Secret -AsPlainText -Force)) }
}

AfterAll {
    Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false
    if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
}

Describe 'TLS' -Tag 'Transport', 'Lifecycle' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    It 'connects with the right certificates, verification on, and answers as virsh does over the same TLS URI' {
        $h = Connect-Hypervisor -Uri $daemon.TlsUri -Name tls
        $h.Uri | Should -BeLike 'qemu+tls://*'
        $mine = Get-NodeInfo -Connection $h
        $virsh = @{}
        foreach ($line in (Invoke-Virsh $daemon.TlsUri 'nodeinfo' -As Lines)) { if ($line -match '^(.+?):\s+(.+)$') { $virsh[$Matches[1].Trim()] = $Matches[2].Trim() } }
        $mine.Cpus | Should -Be ([int]$virsh['CPU(s)'])
        $mine.Model | Should -Be $virsh['CPU model']
    }

    It 'refuses a server whose certificate is from a CA the client does not trust: SecurityError that says why' {
        Connect-Hypervisor -Uri (Get-TlsUri WrongCa) -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtAuthFailed,PSLibvirt.Commands.ConnectHypervisorCommand'
        $e[0].Exception.Message | Should -Match "verify peer's certificate"
        { Invoke-Virsh (Get-TlsUri WrongCa) 'version' } | Should -Throw -Because 'virsh refuses it too'
        Get-Hypervisor | Should -BeNullOrEmpty
    }

    It 'is refused by the server without a client certificate: SecurityError that says what the server wants' {
        Connect-Hypervisor -Uri (Get-TlsUri NoClientCert) -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $e[0].FullyQualifiedErrorId | Should -Be 'TlsClientRefused,PSLibvirt.Commands.ConnectHypervisorCommand'
        $e[0].Exception.Message | Should -Match 'did not accept this client.*certificate'
        $e[0].TargetObject | Should -Be (Get-TlsUri NoClientCert)
        { Invoke-Virsh (Get-TlsUri NoClientCert) 'version' } | Should -Throw -Because 'virsh is refused too'
    }
}

Describe 'SASL' -Tag 'Transport', 'Lifecycle' {
    BeforeEach { if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason } }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    It 'connects with -Credential (user name and password through the auth callback)' {
        $h = Connect-Hypervisor -Uri $daemon.TestUri -Credential (New-Credential $password) -Name sasl
        (Get-NodeInfo -Connection $h).Model | Should -Be 'i686' -Because "the test driver's node"
        @(Get-Domain -Connection $h).Name | Should -Contain 'test'
    }

    It 'a wrong password is a SecurityError, and the password is in no part of the error' {
        $wrong = 'Wrong-' + [Guid]::NewGuid().ToString('N')
        Connect-Hypervisor -Uri $daemon.TestUri -Credential (New-Credential $wrong) -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $e[0].FullyQualifiedErrorId | Should -Be 'LibvirtAuthFailed,PSLibvirt.Commands.ConnectHypervisorCommand'
        ($e[0] | Format-List * -Force | Out-String) + ($e[0].Exception | Format-List * -Force | Out-String) | Should -Not -Match $wrong
        ($e[0] | Format-List * -Force | Out-String) | Should -Not -Match $password
    }

    It 'never prompts: without -Credential a non-interactive pwsh fails at once with a SecurityError' {
        $script = "Import-Module '$ModulePath'; try { Connect-Hypervisor -Uri '$($daemon.TestUri)' -ErrorAction Stop } catch { 'CATEGORY=' + `$_.CategoryInfo.Category }"
        $out = & timeout 60 dotnet pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because "it ended by itself, not by the deadline (124): $out"
        $out | Should -Match 'CATEGORY=SecurityError'
    }
}
