using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to the QEMU monitor events of a connection's domains (virsh qemu-monitor-event) through PowerShell's
/// own eventing. Each event's SourceEventArgs.Event is a QemuMonitorEvent (or a ConnectionEvent).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "DomainQemuMonitorEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterDomainQemuMonitorEventCommand : DomainEventRegistrationCmdlet
{
    /// <summary>QEMU's event names to receive (wildcards; case-insensitive); default: every event.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? EventName { get; set; }

    protected override object GetSourceObject()
    {
        WildcardPattern[]? patterns = null;
        try { patterns = EventName?.Select(n => Wildcards.Pattern(n, "-EventName ")).ToArray(); }
        catch (ArgumentException e) { ThrowTerminatingError(new ErrorRecord(e, "InvalidWildcardPattern", ErrorCategory.InvalidArgument, EventName)); }
        return SubscribeDomain((on, uuid) => QemuMonitorEvents.Create(on.Connection, on, uuid, patterns is null ? null : name => patterns.Any(p => p.IsMatch(name))));
    }
}
