using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's domain events (virsh event) through PowerShell's own eventing, as Register-ObjectEvent
/// does: Get-Event, Wait-Event, Unregister-Event, Get-EventSubscriber and -Action work as with any event. Each event's
/// SourceEventArgs.Event is a DomainEvent (or a ConnectionEvent).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "DomainEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterDomainEventCommand : EventRegistrationCmdlet
{
    /// <summary>The events to receive (default: every type offered).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public DomainEventType[]? EventType { get; set; }

    /// <summary>Only the events of this domain (a Domain object, or an exact name); default: every domain's.</summary>
    [Parameter]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain? Domain { get; set; }

    protected override object GetSourceObject()
    {
        if (DomainEventTargets.CheckTypes(EventType, out var types) is { } refused) ThrowTerminatingError(refused);
        ErrorRecord? missing = null;
        Hypervisor? h = null;
        Guid? uuid = null;
        try { missing = DomainEventTargets.Resolve(Connection, Domain, out h, out uuid); }
        catch (Exception e) when (ErrorMapping.IsReportable(e)) { ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, Domain)); }
        if (missing is not null) ThrowTerminatingError(missing);
        return Subscribe(on => DomainEventSource.Create(on.Connection, on, uuid, types), Domain, h);
    }
}
