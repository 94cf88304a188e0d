using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// What every Register-*Event cmdlet shares: PowerShell's own event registration (Register-ObjectEvent's
/// parameters: -SourceIdentifier, -Action, -MessageData, -SupportEvent, -Forward, -MaxTriggerCount), the connection,
/// and how a refusal becomes a terminating error. Each source's .NET event is Received.
/// </summary>
public abstract class EventRegistrationCmdlet : ObjectEventRegistrationBase
{
    /// <summary>The connection whose events to receive (a Hypervisor object or the name of an open connection; default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor? Connection { get; set; }

    /// <summary>
    /// How many events may wait for PowerShell before new ones are dropped; each run of dropped events arrives as one
    /// QueueOverflowEvent with their count (the source object's Dropped property counts them all).
    /// </summary>
    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int QueueLength { get; set; } = LibvirtEventSource.DefaultQueueLength;

    /// <summary>
    /// The source <paramref name="create"/> makes on the connection; a missing object is its kind's NotFound error
    /// (ObjectNotFound), libvirt's refusal its mapped error; both terminate (nothing is registered). The connection is
    /// <paramref name="on"/>, else -Connection, else the default one.
    /// </summary>
    private protected object Subscribe(Func<Hypervisor, object> create, object? target, Hypervisor? on = null)
    {
        var h = on ?? Connection ?? HypervisorSession.Default;
        if (h is null) ThrowTerminatingError(ErrorMapping.NoConnection());
        try
        {
            var source = create(h!);
            if (source is LibvirtEventSource queued) queued.QueueLength = QueueLength;
            return source;
        }
        catch (ObjectNotFoundException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, e.Kind.NotFoundId, ErrorCategory.ObjectNotFound, target));
        }
        catch (Exception e) when (ErrorMapping.IsReportable(e))
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, h));
        }
        return null!;
    }

    protected override string GetSourceObjectEventName() => "Received";
}

/// <summary>The Register-*Event cmdlets of domains: -Domain, resolved once (a name on the connection, an object on its own).</summary>
public abstract class DomainEventRegistrationCmdlet : EventRegistrationCmdlet
{
    /// <summary>Only the events of this domain (a Domain object, or an exact name); default: every domain's.</summary>
    [Parameter]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain? Domain { get; set; }

    /// <summary>
    /// <see cref="EventRegistrationCmdlet.Subscribe"/> on the connection of -Connection, else of a -Domain object, else
    /// the default one; <paramref name="create"/> gets it and the domain's UUID (null: every domain). A -Domain that does
    /// not exist is DomainNotFound.
    /// </summary>
    private protected object SubscribeDomain(Func<Hypervisor, Guid?, object> create)
    {
        ErrorRecord? missing = null;
        Hypervisor? h = null;
        Guid? uuid = null;
        try { missing = DomainEventTargets.Resolve(Connection, Domain, out h, out uuid); }
        catch (Exception e) when (ErrorMapping.IsReportable(e)) { ThrowTerminatingError(ErrorMapping.ToErrorRecord(e, Domain)); }
        if (missing is not null) ThrowTerminatingError(missing);
        return Subscribe(on => create(on, uuid), Domain, h);
    }
}
