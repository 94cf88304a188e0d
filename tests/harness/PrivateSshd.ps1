# An sshd of the test run's own, for libvirt's SSH transports (qemu+ssh, qemu+libssh2, qemu+libssh). Dot-sourced by
# PrivateLibvirtd.psm1, whose helpers it uses (Get-FreeTcpPort, Test-TcpPortOpen, Stop-ProcessesHard, ...).

function Start-PrivateSshd {
    <#
    .SYNOPSIS
        Starts sshd on 127.0.0.1 (a free port) for one test run: key and password authentication for root, nothing
        on the host changed.
    .DESCRIPTION
        Everything is in a directory of the run (/tmp/pslv-sshd-<random>): a host key, a client key pair whose public
        half is the only authorized key, sshd_config, known_hosts holding the host key, and an `ssh` wrapper that
        verifies the host against that known_hosts (libvirt's command= URI parameter runs it instead of ssh, so the
        user's ~/.ssh/known_hosts is neither read nor written). sshd runs in a mount namespace of its own where a copy
        of /etc/shadow, with root's password set to -Password, is bound over /etc/shadow: the host's password file is
        untouched. Needs openssh-server (the sshd binary; build.ps1 installs it), openssl (password hash) and root.
    .OUTPUTS
        [pscustomobject] Port, Pid, Directory, User (root), Password, KeyFile, KnownHostsFile, SshCommand, LogPath.
    #>
    [CmdletBinding()]
    param([string]$Password = [Guid]::NewGuid().ToString('N'), [double]$TimeoutSeconds = 15)
    foreach ($tool in '/usr/sbin/sshd', 'ssh-keygen', 'openssl') {
        if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "Start-PrivateSshd: $tool is missing (apt-get install openssh-server openssl)" }
    }
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('pslv-sshd-' + [System.IO.Path]::GetRandomFileName().Replace('.', ''))
    $null = New-Item -ItemType Directory -Path $dir
    Set-Content -LiteralPath (Join-Path $dir 'owner.pid') -Value $PID -NoNewline
    foreach ($k in 'host_key', 'client_key') {
        $out = & ssh-keygen -q -t ed25519 -N '' -C "pslv-$k" -f (Join-Path $dir $k) 2>&1
        if ($LASTEXITCODE) { throw "Start-PrivateSshd: ssh-keygen failed: $out" }
    }
    Copy-Item -LiteralPath (Join-Path $dir 'client_key.pub') -Destination (Join-Path $dir 'authorized_keys')
    # root's password in a copy of the password file, for sshd's namespace only (UsePAM no: sshd reads it itself).
    $hash = ($Password | & openssl passwd -6 -stdin).Trim()
    $shadow = foreach ($line in [System.IO.File]::ReadAllLines('/etc/shadow')) {
        if ($line.StartsWith('root:')) { $f = $line.Split(':'); $f[1] = $hash; $f -join ':' } else { $line }
    }
    [System.IO.File]::WriteAllLines((Join-Path $dir 'shadow'), [string[]]$shadow)
    & chmod 600 (Join-Path $dir 'shadow') (Join-Path $dir 'authorized_keys')

    $port = Get-FreeTcpPort
    Set-Content -LiteralPath (Join-Path $dir 'sshd_config') -Value @(
        "Port $port", 'ListenAddress 127.0.0.1', "HostKey $dir/host_key", "PidFile $dir/sshd.pid",
        "AuthorizedKeysFile $dir/authorized_keys", 'PermitRootLogin yes', 'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PrintMotd no', 'LogLevel VERBOSE'
    )
    $hostKey = (Get-Content -LiteralPath (Join-Path $dir 'host_key.pub') -Raw).Trim()
    Set-Content -LiteralPath (Join-Path $dir 'known_hosts') -Value "[127.0.0.1]:$port $hostKey"
    $ssh = Join-Path $dir 'ssh'
    Set-Content -LiteralPath $ssh -Value @(
        '#!/bin/sh',
        "exec ssh -o UserKnownHostsFile=$dir/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes `"`$@`""
    )
    & chmod 755 $ssh
    # sshd wants its privilege-separation directory; an empty one on the host (as the package's tmpfiles.d makes).
    if (-not (Test-Path -LiteralPath '/run/sshd')) { $null = New-Item -ItemType Directory -Path '/run/sshd' }

    $log = Join-Path $dir 'sshd.log'
    $script = "mount --bind '$dir/shadow' /etc/shadow && exec /usr/sbin/sshd -D -e -f '$dir/sshd_config' >>'$log' 2>&1"
    $psi = [System.Diagnostics.ProcessStartInfo]::new('setsid')
    foreach ($a in 'unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c', $script) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $proc = [System.Diagnostics.Process]::Start($psi)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (Test-TcpPortOpen -Port $port -TimeoutMs 200)) {
        if ($proc.HasExited -or [DateTime]::UtcNow -ge $deadline) {
            Stop-ProcessesHard -Id $proc.Id
            throw "Start-PrivateSshd: sshd did not listen on port $port`n$(Get-LogTail -Path $log)"
        }
        [System.Threading.Thread]::Sleep(50)   # polling interval of a wait with a deadline
    }
    [pscustomobject]@{
        PSTypeName     = 'PSLibvirt.PrivateSshd'
        Port           = $port
        Pid            = $proc.Id
        Namespace      = Get-MountNamespace -Id $proc.Id
        Directory      = $dir
        User           = 'root'
        Password       = $Password
        KeyFile        = Join-Path $dir 'client_key'
        KnownHostsFile = Join-Path $dir 'known_hosts'
        SshCommand     = $ssh
        LogPath        = $log
    }
}

function Get-PrivateSshdUri {
    <#
    .SYNOPSIS
        The URI of a private libvirtd's QEMU driver reached through a private sshd with one of libvirt's SSH transports.
    .DESCRIPTION
        -Transport ssh runs OpenSSH (the run's wrapper, through command=) and always authenticates with the run's key;
        libssh2 and libssh authenticate with the key (-Auth Key) or ask libvirt's auth callback for the password
        (-Auth Password: Connect-Hypervisor -Credential answers it), and verify the host against the run's known_hosts.
        -KeyFile replaces the run's client key (a wrong key, to see a refusal).
    #>
    param(
        [Parameter(Mandatory)] $Sshd,
        [Parameter(Mandatory)] $Daemon,
        [ValidateSet('ssh', 'libssh2', 'libssh')] [string]$Transport = 'ssh',
        [ValidateSet('Key', 'Password')] [string]$Auth = 'Key',
        [string]$KeyFile = $Sshd.KeyFile
    )
    $socket = Join-Path $Daemon.Directory 'sock/libvirt-sock'
    $base = "qemu+${Transport}://$($Sshd.User)@127.0.0.1:$($Sshd.Port)/system?socket=$socket"
    switch ($Transport) {
        'ssh' { "$base&keyfile=$KeyFile&command=$($Sshd.SshCommand)&no_tty=1" }
        default {
            $how = if ($Auth -eq 'Key') { "sshauth=privkey&keyfile=$KeyFile" } else { 'sshauth=password' }
            "$base&$how&known_hosts=$($Sshd.KnownHostsFile)"
        }
    }
}

function Stop-PrivateSshd {
    <# Stops the run's sshd and the sessions it started (the processes of its namespace), and removes its directory. #>
    param([Parameter(Mandatory)] $Sshd)
    # The namespace is sshd's own only while sshd holds it (ids are reused): its sessions are looked up before it goes.
    $inNamespace = if (Test-ProcessAlive -Id $Sshd.Pid) { Get-ProcessesInNamespace -Namespace $Sshd.Namespace -Directory $Sshd.Directory } else { @() }
    Stop-ProcessesHard -Id (@($Sshd.Pid) + $inNamespace)
    Remove-Item -LiteralPath $Sshd.Directory -Recurse -Force -ErrorAction SilentlyContinue
}
