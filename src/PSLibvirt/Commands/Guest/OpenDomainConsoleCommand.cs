using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Opens the serial console of running domains (virsh console, without the terminal) and returns a session that
/// Read-DomainConsole and Write-DomainConsole drive from a script; Close-DomainConsole (or the runspace closing) ends it.
/// </summary>
[Cmdlet(VerbsCommon.Open, "DomainConsole", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainConsoleSession))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class OpenDomainConsoleCommand : LibvirtCmdlet
{
    /// <summary>The console or serial device's alias (serial0, console0, ...; Get-DomainConsole lists them). Default: the first console.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Device { get; set; }

    /// <summary>Take the console over from another client that holds it (its session ends).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, Force ? "Open the console, taking it over from any other client" : "Open the console")) return;
        DomainConsoleChannel channel;
        try
        {
            channel = DomainConsoleChannel.Open(t.Connection, t.Handle, t.Name, Device, Force);
        }
        catch (ConsoleInUseException e)
        {
            WriteError(new ErrorRecord(e, "ConsoleInUse", ErrorCategory.ResourceBusy, t.Input));
            return;
        }
        ConsoleSessions.CloseWithRunspace(channel);
        WriteObject(new DomainConsoleSession(channel, t.Hypervisor));
    });
}

/// <summary>Console sessions end with the runspace that opened them: no stream outlives it.</summary>
internal static class ConsoleSessions
{
    public static void CloseWithRunspace(DomainConsoleChannel session)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null) return;
        EventHandler<RunspaceStateEventArgs> onState = (_, e) =>
        {
            if (e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken) session.Dispose();
        };
        runspace.StateChanged += onState;
        session.Closed += (_, _) => runspace.StateChanged -= onState;
    }
}
