using System;
using System.Management.Automation;
using System.Threading;

namespace PSLibvirt.Commands;

/// <summary>
/// The base of every PSLibvirt cmdlet: cancellation on Ctrl+C and one way of turning failures into ErrorRecords.
/// Cmdlets that work on a hypervisor derive from <see cref="HypervisorCmdlet"/>.
/// </summary>
public abstract class LibvirtCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    // Hides Cmdlet.Stopping (a bool) on purpose: a token serves waits and streams, and IsCancellationRequested says the same.
    protected new CancellationToken Stopping => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs <paramref name="action"/> for one input; a failure becomes a non-terminating error with
    /// <paramref name="target"/> as its target, so the next input is still processed. Returns false on failure.
    /// </summary>
    protected bool TryInvoke(object? target, Action action, string? errorId = null)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception ex) when (IsReportable(ex))
        {
            WriteError(ErrorMapping.ToErrorRecord(ex, target, errorId));
            return false;
        }
    }

    protected void WriteLibvirtError(Exception ex, object? target, string? errorId = null) =>
        WriteError(ErrorMapping.ToErrorRecord(ex, target, errorId));

    protected void ThrowLibvirtError(Exception ex, object? target, string? errorId = null) =>
        ThrowTerminatingError(ErrorMapping.ToErrorRecord(ex, target, errorId));

    /// <summary>A non-terminating error of our own (not from libvirt).</summary>
    protected void WriteError(string message, string errorId, ErrorCategory category, object? target) =>
        WriteError(new ErrorRecord(new InvalidOperationException(message), errorId, category, target));

    /// <summary>
    /// The connections whose names match <paramref name="names"/> (wildcards allowed), in order; an exact name that
    /// matches none is a non-terminating HypervisorNotFound error.
    /// </summary>
    protected System.Collections.Generic.IEnumerable<Hypervisor> MatchConnections(string[] names, System.Collections.Generic.IReadOnlyList<Hypervisor> from)
    {
        foreach (string n in names)
        {
            var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
            bool any = false;
            foreach (var h in from)
            {
                if (!pattern.IsMatch(h.Name)) continue;
                any = true;
                yield return h;
            }
            if (!any && !WildcardPattern.ContainsWildcardCharacters(n))
                WriteError($"There is no open connection named '{n}'.", "HypervisorNotFound", ErrorCategory.ObjectNotFound, n);
        }
    }

    // PipelineStoppedException and friends must propagate, or Ctrl+C would be swallowed.
    internal static bool IsReportable(Exception ex) =>
        ex is not (PipelineStoppedException or PipelineClosedException or OperationCanceledException or
                   ActionPreferenceStopException or HaltCommandException);
}
