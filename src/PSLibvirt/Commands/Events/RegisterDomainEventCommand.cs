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
        var types = EventType ?? DomainEventSource.Supported.ToArray();
        var unsupported = types.Where(t => !DomainEventSource.Supported.Contains(t)).ToList();
        if (unsupported.Count > 0)
            ThrowTerminatingError(new ErrorRecord(
                new PSNotSupportedException($"{string.Join(", ", unsupported)} events are not offered yet (their data are structures or typed parameters). Offered: {string.Join(", ", DomainEventSource.Supported)}."),
                "DomainEventTypeNotSupported", ErrorCategory.NotImplemented, unsupported[0]));
        // A name given to -Domain (a reference) is looked up by name; a Domain object by UUID, on its own connection.
        string? domainName = Domain is null ? null : ObjectKind.IsReference(Domain, out var given) ? given : null;
        var h = Connection ?? (Domain is not null && domainName is null ? Domain.Hypervisor : null) ?? HypervisorSession.Default;
        if (h is null) ThrowTerminatingError(ErrorMapping.NoConnection());
        Guid? uuid = null;
        if (Domain is { } d)
        {
            string key = domainName ?? d.Name;
            using var handle = domainName is not null ? DomainApi.TryLookupByName(h!.Connection, key) : DomainApi.TryLookupByUuid(h!.Connection, d.Uuid);
            if (handle is null)
                ThrowTerminatingError(new ErrorRecord(
                    new ItemNotFoundException($"There is no domain named '{key}' on connection '{h.Name}' ({h.Uri}). Get-Domain lists them."),
                    "DomainNotFound", ErrorCategory.ObjectNotFound, Domain));
            uuid = DomainApi.GetUuid(handle!);
        }
        return Subscribe(on => DomainEventSource.Create(on.Connection, on, uuid, types), Domain, h);
    }
}
