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
            return create(h!);
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
