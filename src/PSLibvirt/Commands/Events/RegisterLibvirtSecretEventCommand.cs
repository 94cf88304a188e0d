using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Subscribes to a connection's secret events (virsh secret-event) through PowerShell's own eventing, as
/// Register-ObjectEvent does. Each event's SourceEventArgs.Event is a SecretEvent (or a ConnectionEvent); no event
/// carries a secret's value.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "LibvirtSecretEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterLibvirtSecretEventCommand : EventRegistrationCmdlet
{
    /// <summary>Only the events of this secret (its UUID); default: every secret's.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completers.SecretUuidCompleter))]
    public Guid Uuid { get; set; }

    /// <summary>Which events: Lifecycle (defined, undefined) and ValueChanged; default both.</summary>
    [Parameter]
    [ValidateSet("Lifecycle", "ValueChanged", IgnoreCase = true)]
    public string[] EventType { get; set; } = { "Lifecycle", "ValueChanged" };

    protected override object GetSourceObject()
    {
        Guid? uuid = MyInvocation.BoundParameters.ContainsKey(nameof(Uuid)) ? Uuid : null;
        return Subscribe(h => SecretEvents.Create(h.Connection, h, uuid,
            EventType.Contains("Lifecycle", StringComparer.OrdinalIgnoreCase), EventType.Contains("ValueChanged", StringComparer.OrdinalIgnoreCase)), uuid);
    }
}
