using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's network events (virsh net-event) through PowerShell's own eventing, as
/// Register-ObjectEvent does. Each event's SourceEventArgs.Event is a NetworkEvent (or a ConnectionEvent).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "NetworkEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterNetworkEventCommand : EventRegistrationCmdlet
{
    /// <summary>Only the events of this network (exact name); default: every network's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string? Name { get; set; }

    protected override object GetSourceObject() => Subscribe(h => NetworkEvents.Create(h.Connection, h, Name), Name);
}
