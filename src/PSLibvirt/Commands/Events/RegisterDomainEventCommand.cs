using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's domain events (virsh event) through PowerShell's own eventing, as Register-ObjectEvent
/// does: Get-Event, Wait-Event, Unregister-Event, Get-EventSubscriber and -Action work as with any event. Each event's
/// SourceEventArgs.Event is a DomainEvent (or a ConnectionEvent).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "DomainEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterDomainEventCommand : DomainEventRegistrationCmdlet
{
    /// <summary>The events to receive (default: every type).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public DomainEventType[]? EventType { get; set; }

    protected override object GetSourceObject()
    {
        var types = DomainEventTargets.Types(EventType);
        return SubscribeDomain((on, uuid) => DomainEventSource.Create(on.Connection, on, uuid, types));
    }
}
