using Microsoft.PowerShell.Commands;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's node-device events (virsh nodedev-event) through PowerShell's own eventing, as
/// Register-ObjectEvent does: Get-Event, Wait-Event, Unregister-Event, Get-EventSubscriber and -Action work as with
/// any event. Each event's SourceEventArgs.Event is a NodeDeviceEvent.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "NodeDeviceEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterNodeDeviceEventCommand : ObjectEventRegistrationBase
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

    /// <summary>The connection whose events to receive (a Hypervisor object or the name of an open connection; default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor? Connection { get; set; }

    private NodeDeviceEventSource? _source;

    protected override object GetSourceObject()
    {
        var h = Connection ?? HypervisorSession.Default;
        if (h is null) ThrowTerminatingError(ErrorMapping.NoConnection());
        bool lifecycle = EventType.Contains("Lifecycle", StringComparer.OrdinalIgnoreCase);
        bool update = EventType.Contains("Update", StringComparer.OrdinalIgnoreCase);
        try
        {
            _source = NodeDeviceEventSource.Create(h!.Connection, h, Name, lifecycle, update);
        }
        catch (ObjectNotFoundException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "NodeDeviceNotFound", ErrorCategory.ObjectNotFound, Name));
        }
        catch (Exception e) when (ErrorMapping.IsReportable(e))
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, h));
        }
        return _source!;
    }

    protected override string GetSourceObjectEventName() => nameof(NodeDeviceEventSource.Received);
}
