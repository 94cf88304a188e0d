using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>What the cmdlets acting on domains share (their parameters are declared in each cmdlet).</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>The domains of one record: -Domain objects when bound, else the exact -Name names (the one rule: ResolveTargets).</summary>
    private protected System.Collections.Generic.List<Target<DomainHandle>> ResolveDomains(string[]? names, Domain[]? domains, Hypervisor[]? connections) =>
        ResolveTargets(ObjectKinds.Domain, domains is null ? names : null, domains, connections);

    /// <summary>
    /// ShouldProcess for an action that destroys state (hard power-off, reset) in a cmdlet whose other actions are
    /// not: behaves as ConfirmImpact High, i.e. asks unless -Confirm:$false or $ConfirmPreference is None.
    /// </summary>
    private protected bool ShouldProcessHighImpact(string target, string action)
    {
        if (!ShouldProcess(target, action)) return false;
        if (MyInvocation.BoundParameters.ContainsKey("Confirm")) return true; // -Confirm asked already; -Confirm:$false never asks.
        // A $ConfirmPreference set in a function or script scope is a new, untyped variable: 'None' may be a string there.
        if (LanguagePrimitives.TryConvertTo<ConfirmImpact>(GetVariableValue("ConfirmPreference"), out var pref) && pref == ConfirmImpact.None) return true;
        return ShouldContinue($"Are you sure you want to perform the operation \"{action}\" on target \"{target}\"?", "Confirm");
    }

    /// <summary>A clear InvalidOperation error when the domain is not in a state the action accepts; false then.</summary>
    private protected bool RequireState(Target<DomainHandle> t, string action, string errorId, string need, params DomainState[] allowed)
    {
        var (state, _) = DomainApi.GetState(t.Handle);
        if (Array.IndexOf(allowed, state) >= 0) return true;
        WriteError(new ErrorRecord(
            new InvalidOperationException($"Cannot {action} domain '{t.Name}' on '{t.Hypervisor.Name}': it is {state}, and {need}."),
            errorId, ErrorCategory.InvalidOperation, t.Input));
        return false;
    }

    /// <summary>
    /// Waits until the domain's state satisfies <paramref name="reached"/> (woken by lifecycle events; Ctrl+C, or
    /// Stop-Job in a job, stops at once with OperationCanceledException), at most <paramref name="limitSeconds"/>
    /// seconds (null: no limit), showing progress under <paramref name="activity"/> through <paramref name="context"/>;
    /// the progress is completed however the wait ends. False on timeout: the caller raises its own timeout error.
    /// </summary>
    private protected static bool WaitForStateWithProgress(IWorkContext context, Target<DomainHandle> t, Func<DomainState, bool> reached,
        string wanted, int? limitSeconds, string activity, string description)
    {
        var progress = new ProgressRecord(1, activity, description);
        try
        {
            return DomainLifecycle.WaitForState(t.Connection, t.Handle, reached,
                limitSeconds is int l ? TimeSpan.FromSeconds(l) : null, context.Stopping, (elapsed, state) =>
                {
                    progress.StatusDescription = $"Waiting for {wanted}: {state}, {elapsed.TotalSeconds:0} s" + (limitSeconds is int s ? $" of {s} s" : "");
                    if (limitSeconds is int limit && limit > 0)
                    {
                        progress.PercentComplete = (int)Math.Min(99, elapsed.TotalSeconds * 100 / limit);
                        progress.SecondsRemaining = (int)Math.Max(0, limit - elapsed.TotalSeconds);
                    }
                    context.WriteProgress(progress);
                });
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            context.WriteProgress(progress);
        }
    }

    /// <summary>Writes a fresh snapshot of the domain when -PassThru was given (a transient domain that stopped is gone: nothing).</summary>
    private protected void WritePassThru(Target<DomainHandle> t, bool passThru)
    {
        if (passThru) WritePassThru(ObjectKinds.Domain, t);
    }

    /// <summary>WritePassThru for work that may run in a job: writes through <paramref name="context"/>.</summary>
    private protected void WritePassThru(IWorkContext context, Target<DomainHandle> t, bool passThru)
    {
        if (passThru) WritePassThru(ObjectKinds.Domain, t, context);
    }
}
