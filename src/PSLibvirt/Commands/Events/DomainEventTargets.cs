using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>What Register-DomainEvent and Wait-DomainEvent listen on: the event types, the connection, the domain.</summary>
internal static class DomainEventTargets
{
    /// <summary>The types asked for, or by default every type libvirt offers.</summary>
    public static DomainEventType[] Types(DomainEventType[]? asked) => asked ?? DomainEventSource.Supported.ToArray();

    /// <summary>
    /// The connection (-Connection, else a Domain object's own, else the default) and the UUID of the domain (null:
    /// every domain), or the error: NoConnection, DomainNotFound. A name given to -Domain is looked up by name; a
    /// Domain object by UUID, on its own connection. libvirt's failures (a lost connection) throw.
    /// </summary>
    public static ErrorRecord? Resolve(Hypervisor? connection, Domain? domain, out Hypervisor? hypervisor, out Guid? uuid)
    {
        string? domainName = domain is null ? null : ObjectKind.IsReference(domain, out var given) ? given : null;
        hypervisor = connection ?? (domain is not null && domainName is null ? domain.Hypervisor : null) ?? HypervisorSession.Default;
        uuid = null;
        if (hypervisor is null) return ErrorMapping.NoConnection();
        if (domain is null) return null;
        string key = domainName ?? domain.Name;
        using var handle = domainName is not null ? DomainApi.TryLookupByName(hypervisor.Connection, key) : DomainApi.TryLookupByUuid(hypervisor.Connection, domain.Uuid);
        if (handle is null)
            return new ErrorRecord(
                new ItemNotFoundException($"There is no domain named '{key}' on connection '{hypervisor.Name}' ({hypervisor.Uri}). Get-Domain lists them."),
                "DomainNotFound", ErrorCategory.ObjectNotFound, domain);
        uuid = DomainApi.GetUuid(handle);
        return null;
    }
}
