using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's node-device events (virsh nodedev-event) through PowerShell's own eventing, as
/// Register-ObjectEvent does: Get-Event, Wait-Event, Unregister-Event, Get-EventSubscriber and -Action work as with
/// any event. Each event's SourceEventArgs.Event is a NodeDeviceEvent (or a ConnectionEvent).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "NodeDeviceEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterNodeDeviceEventCommand : EventRegistrationCmdlet
{
    /// <summary>Only the events of this device (exact name); default: every device's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NodeDeviceNameCompleter))]
    public string? Name { get; set; }

    /// <summary>Which events: Lifecycle (created, deleted, defined, undefined) and Update (the description changed); default both.</summary>
    [Parameter]
    [ValidateSet("Lifecycle", "Update", IgnoreCase = true)]
    public string[] EventType { get; set; } = { "Lifecycle", "Update" };

    protected override object GetSourceObject() => Subscribe(h => NodeDeviceEvents.Create(h.Connection, h, Name,
        EventType.Contains("Lifecycle", StringComparer.OrdinalIgnoreCase), EventType.Contains("Update", StringComparer.OrdinalIgnoreCase)), Name);
}
