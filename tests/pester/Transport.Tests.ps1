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

Describe 'SSH transports and a UNIX socket path' -Tag 'Transport', 'Lifecycle' {
    BeforeAll {
        # An sshd of the run (tests/harness/PrivateSshd.ps1): root with the run's key or password, host verified
        # against the run's known_hosts; libvirt's remote side reaches the private daemon's UNIX socket (socket=).
        $sshSupport = if (-not $support.Supported) { $support }
            elseif (-not (Test-Path /usr/sbin/sshd)) { [pscustomobject]@{ Supported = $false; Reason = 'sshd is not installed (openssh-server; build.ps1 installs it)' } }
            else { [pscustomobject]@{ Supported = $true; Reason = $null } }
        if ($sshSupport.Supported) {
            $sshPassword = 'Pslv-' + [Guid]::NewGuid().ToString('N')
            $sshd = Start-PrivateSshd -Password $sshPassword
        }
    }
    AfterAll { if ($sshd) { Stop-PrivateSshd -Sshd $sshd } }
    BeforeEach { if (-not $sshSupport.Supported) { Set-ItResult -Skipped -Because $sshSupport.Reason } }
    AfterEach { Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false }

    It 'qemu+<Transport> with a key connects and answers as virsh does over the same URI' -ForEach @(
        @{ Transport = 'ssh' }, @{ Transport = 'libssh2' }, @{ Transport = 'libssh' }
    ) {
        $uri = Get-PrivateSshdUri -Sshd $sshd -Daemon $daemon -Transport $Transport
        $h = Connect-Hypervisor -Uri $uri -Name "ssh-$Transport"
        $h.Uri | Should -BeLike "qemu+${Transport}://*"
        $mine = Get-NodeInfo -Connection $h
        $virsh = @{}
        foreach ($line in (Invoke-Virsh $uri 'nodeinfo' -As Lines)) { if ($line -match '^(.+?):\s+(.+)$') { $virsh[$Matches[1].Trim()] = $Matches[2].Trim() } }
        $mine.Cpus | Should -Be ([int]$virsh['CPU(s)'])
        $mine.MemoryBytes / 1KB | Should -Be ([long]($virsh['Memory size'] -replace '\D', ''))
        @(Get-Network -Connection $h).Count | Should -Be @(Invoke-Virsh $uri 'net-list', '--all', '--name' -As Lines).Count
    }

    It 'qemu+<Transport> takes the password from -Credential; a wrong or missing one is SecurityError at once, the password in no part of it' -ForEach @(
        @{ Transport = 'libssh2' }, @{ Transport = 'libssh' }
    ) {
        $uri = Get-PrivateSshdUri -Sshd $sshd -Daemon $daemon -Transport $Transport -Auth Password
        $right = [pscredential]::new('root', (ConvertTo-SecureString $sshPassword -AsPlainText -Force))
        $h = Connect-Hypervisor -Uri $uri -Name "pw-$Transport" -Credential $right
        (Get-NodeInfo -Connection $h).Cpus | Should -BeGreaterThan 0

        $wrongSecret = 'Wrong-' + [Guid]::NewGuid().ToString('N')
        $wrong = [pscredential]::new('root', (ConvertTo-SecureString $wrongSecret -AsPlainText -Force))
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        # libvirt's libssh transport asks for the password again after each refusal, without end once sshd hangs up:
        # the module answers a few times, then fails the prompt.
        Connect-Hypervisor -Uri $uri -Name "bad-$Transport" -Credential $wrong -ErrorVariable err -ErrorAction SilentlyContinue
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 30
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LibvirtAuthFailed,*'
        foreach ($text in "$($err[0])", $err[0].Exception.ToString(), "$($err[0].TargetObject)") { $text | Should -Not -Match $wrongSecret }

        Connect-Hypervisor -Uri $uri -Name "none-$Transport" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        @(Get-Hypervisor | Where-Object Name -like '*-*' | Where-Object Name -ne "pw-$Transport").Count | Should -Be 0 -Because 'no failed open is listed'
    }

    It 'qemu+ssh refuses a key the server does not know: SecurityError SshAuthenticationFailed, saying how to give a password' {
        $uri = Get-PrivateSshdUri -Sshd $sshd -Daemon $daemon -Transport ssh -KeyFile (Join-Path $sshd.Directory 'host_key')
        Connect-Hypervisor -Uri $uri -Name 'ssh-wrong-key' -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SshAuthenticationFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $err[0].Exception.Message | Should -Match 'qemu\+libssh2:// or qemu\+libssh:// with -Credential'
        { Invoke-Virsh $uri 'uri' } | Should -Throw '*Permission denied*'
    }

    It 'qemu+unix with a socket path connects to that daemon' {
        $uri = "qemu+unix:///system?socket=$(Join-Path $daemon.Directory 'sock/libvirt-sock')"
        $h = Connect-Hypervisor -Uri $uri -Name 'unix-socket'
        $h.Uri | Should -Be $uri
        @(Get-Network -Connection $h).Count | Should -Be @(Invoke-Virsh $uri 'net-list', '--all', '--name' -As Lines).Count
    }
}
