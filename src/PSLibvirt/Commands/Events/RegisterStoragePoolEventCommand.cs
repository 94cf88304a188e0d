using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's storage-pool events (virsh pool-event) through PowerShell's own eventing, as
/// Register-ObjectEvent does. Each event's SourceEventArgs.Event is a StoragePoolEvent (or a ConnectionEvent).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "StoragePoolEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterStoragePoolEventCommand : EventRegistrationCmdlet
{
    /// <summary>Only the events of this pool (exact name); default: every pool's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string? Name { get; set; }

    /// <summary>Which events: Lifecycle (defined, undefined, started, stopped, built, deleted) and Refresh; default both.</summary>
    [Parameter]
    [ValidateSet("Lifecycle", "Refresh", IgnoreCase = true)]
    public string[] EventType { get; set; } = { "Lifecycle", "Refresh" };

    protected override object GetSourceObject() => Subscribe(h => StoragePoolEvents.Create(h.Connection, h, Name,
        EventType.Contains("Lifecycle", StringComparer.OrdinalIgnoreCase), EventType.Contains("Refresh", StringComparer.OrdinalIgnoreCase)), Name);
}
