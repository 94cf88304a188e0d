#Requires -Version 7.2
<#
    TestHelpers: the helpers that several Pester files of PSLibvirt share (virsh as the oracle, waiting on a
    condition with a deadline). No dependency on PSLibvirt or on the private libvirtd harness.

    A test file imports it in its outermost BeforeAll, beside the module under test:
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module puts the functions in the global session state, so they are visible in every It block.
#>
Set-StrictMode -Version 3.0

function Invoke-Virsh {
    <#
    .SYNOPSIS
        Runs virsh -q on one URI under a deadline; returns what it printed, throws when it fails.
    .DESCRIPTION
        Runs `timeout --kill-after=2 <TimeoutSeconds> virsh -q -c <uri> <arguments>` with standard error
        merged into the output. When virsh exits non-zero (also when the deadline kills it: 124 or 137) this
        throws "virsh <arguments> failed (<exit code>): <text>", the text being what virsh wrote to standard
        error (everything it printed when that was empty), so a test can match libvirt's message with
        Should -Throw '*...*'.

        Two forms, told apart by the number of positional arguments:
            Invoke-Virsh $daemon.Uri 'domstate', $name     # the URI, then the virsh arguments
            Invoke-Virsh 'domstate', $name                 # the virsh arguments only: virsh runs on -DefaultUri
        A file whose calls all go to one URI sets -DefaultUri (and -As, if not Text) once, in the BeforeAll of
        its Describe block, where it stays in scope for that block only:
            $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        A script block there is evaluated at each call, so it may be set before $daemon exists.
    .PARAMETER Uri
        The libvirt URI virsh connects to (virsh -c). When it is the only positional argument, it is taken as
        the virsh arguments instead, and virsh connects to DefaultUri.
    .PARAMETER Arguments
        The virsh command and its arguments, e.g. 'domstate', $name.
    .PARAMETER DefaultUri
        The URI of a call that gives none.
    .PARAMETER As
        The shape of the output. Text (the default): one string, the lines joined with "`n" and trimmed.
        Lines: one string per line, each trimmed, empty lines dropped. Raw: the lines as virsh printed them.
    .PARAMETER TimeoutSeconds
        The deadline of the call (default 60 seconds).
    .EXAMPLE
        Invoke-Virsh $daemon.Uri 'domstate', $guest | Should -Be 'running'
    .EXAMPLE
        Invoke-Virsh 'snapshot-list', 'test', '--name' -DefaultUri $uri -As Lines | Should -Be 'p', 'q'
    #>
    [CmdletBinding()]
    param(
        # [object], not [string]: it may be the arguments (an array) when it is the only positional argument.
        [Parameter(Position = 0)]
        [object] $Uri,

        [Parameter(Position = 1)]
        [string[]] $Arguments,

        [string] $DefaultUri,

        [ValidateSet('Text', 'Lines', 'Raw')]
        [string] $As = 'Text',

        [double] $TimeoutSeconds = 60
    )
    if (-not $PSBoundParameters.ContainsKey('Arguments')) {
        $Arguments = [string[]]@($Uri)
        $Uri = $DefaultUri
    }
    if (-not $Arguments) { throw 'Invoke-Virsh: no virsh arguments' }
    if (-not $Uri) {
        throw "Invoke-Virsh $($Arguments -join ' '): no URI (pass one, or set `$PSDefaultParameterValues['Invoke-Virsh:DefaultUri'])"
    }
    $PSNativeCommandUseErrorActionPreference = $false
    $out = & timeout --kill-after=2 ([string]$TimeoutSeconds) virsh -q -c ([string]$Uri) @Arguments 2>&1
    $code = $LASTEXITCODE
    if ($code) {
        # 2>&1 makes each line of standard error an ErrorRecord: those lines are virsh's error message.
        $stderr = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $text = if ($stderr) { $stderr } else { @($out) }
        throw "virsh $($Arguments -join ' ') failed ($code): $($text -join ' ')"
    }
    switch ($As) {
        'Text' { ((@($out) -join "`n").Trim()) }
        'Lines' { @($out | ForEach-Object { "$_".Trim() } | Where-Object { $_ }) }
        'Raw' { @($out) }
    }
}

function Wait-Until {
    <#
    .SYNOPSIS
        Polls a condition until it holds; throws when the deadline passes first.
    .DESCRIPTION
        The tests never sleep for a fixed time: they wait on a condition with a deadline. The condition is
        evaluated in the caller's scope (its variables are visible) every IntervalMilliseconds until it
        returns a true value; after TimeoutSeconds this throws "Timed out after <n> s waiting for <What>".
    .PARAMETER Condition
        The script block to evaluate; a true result ends the wait.
    .PARAMETER TimeoutSeconds
        The deadline, in seconds from the call.
    .PARAMETER What
        What is awaited, for the message of the timeout.
    .PARAMETER IntervalMilliseconds
        The polling interval (default 20 ms).
    .EXAMPLE
        Wait-Until { (Invoke-Virsh $uri 'domstate', $name) -eq 'running' } 20 "$name running"
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [scriptblock] $Condition,
        [Parameter(Position = 1)] [double] $TimeoutSeconds,
        [Parameter(Position = 2)] [string] $What,
        [int] $IntervalMilliseconds = 20
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -ge $deadline) { throw "Timed out after $TimeoutSeconds s waiting for $What" }
        [System.Threading.Thread]::Sleep($IntervalMilliseconds)
    }
}

function Get-InternalType {
    <#
    .SYNOPSIS
        A type internal to PSLibvirt.dll (Core, Services), for the white-box checks that call it: PowerShell does not
        resolve [Type] literals of non-public types, but calls the public static members of one it is handed.
    #>
    param([Parameter(Mandatory)][string] $Name)
    [PSLibvirt.Hypervisor].Assembly.GetType($Name, $true)
}

Export-ModuleMember -Function Invoke-Virsh, Wait-Until, Get-InternalType
