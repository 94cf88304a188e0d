using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Closes console sessions (the stream is aborted; the guest keeps running). Closing a closed session does nothing.</summary>
[Cmdlet(VerbsCommon.Close, "DomainConsole", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class CloseDomainConsoleCommand : LibvirtCmdlet
{
    /// <summary>The sessions from Open-DomainConsole.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainConsoleSession[] Session { get; set; } = null!;

    protected override void ProcessRecord()
    {
        foreach (var s in Session)
        {
            if (s.State == DomainConsoleState.Closed || !ShouldProcess($"console of domain '{s.Domain}'", "Close")) continue;
            s.Dispose();
        }
    }
}
