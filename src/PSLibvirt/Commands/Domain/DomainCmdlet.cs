using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>One resolved input: a live handle to a domain on one connection. Dispose it (ForEachDomain does).</summary>
public sealed class DomainTarget : LibvirtTarget<DomainHandle>
{
    internal DomainTarget(Hypervisor hypervisor, DomainHandle handle, string name, Guid uuid, object input)
        : base(hypervisor, handle, name, uuid, input) { }

    /// <summary>"name on host" for ShouldProcess and messages.</summary>
    public override string Description => $"{Name} on {Hypervisor.Name}";

    /// <summary>A fresh snapshot of the domain (for -PassThru).</summary>
    public Domain Snapshot() => DomainApi.GetDomain(Handle, Connection, Hypervisor);

    /// <summary>How domains are looked up and named in errors (DomainNotFound, AmbiguousDomainName, HypervisorIsNotADomain).</summary>
    internal static readonly TargetKind<DomainHandle, DomainTarget> Kind = new()
    {
        Noun = "domain",
        TypeName = nameof(PSLibvirt.Domain),
        ListCommand = "Get-Domain",
        TryLookupByName = DomainApi.TryLookupByName,
        TryLookupByUuid = DomainApi.TryLookupByUuid,
        GetName = DomainApi.GetName,
        GetUuid = DomainApi.GetUuid,
        Create = (h, handle, name, uuid, input) => new DomainTarget(h, handle, name, uuid, input),
    };
}

/// <summary>
/// The base of cmdlets that act on existing domains: -Name (exact names, from the pipeline as strings or
/// ByPropertyName) or -Domain (Domain objects from Get-Domain). A Domain object is looked up again by UUID on the
/// connection it came from, so it is never ambiguous. A name is looked up on every target connection (-Connection,
/// or the default one) and must identify one domain: a name found on none is a non-terminating ObjectNotFound error
/// (DomainNotFound), a name found on several is a non-terminating InvalidArgument error (AmbiguousDomainName), and
/// in both cases nothing is done for that name and the next input is processed.
/// </summary>
public abstract class DomainCmdlet : HypervisorCmdlet
{
    protected const string NameSet = "Name";
    protected const string DomainSet = "Domain";

    /// <summary>Exact domain names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public virtual string[]? Name { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DomainSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public virtual Domain[]? Domain { get; set; }

    /// <summary>
    /// Catches Hypervisor objects piped to a cmdlet that acts on domains (Get-Hypervisor | Stop-Domain): PowerShell
    /// would otherwise bind the connection's own Name to -Name ByPropertyName and act on a domain that happens to be
    /// named like the connection. In every set, so it changes no set resolution; bound only by an exact Hypervisor.
    /// </summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public Hypervisor[]? PipedHypervisor { get; set; }

    /// <summary>
    /// Resolves the current record's input into handles. Writes DomainNotFound for a name found nowhere and
    /// AmbiguousDomainName for a name found on more than one target connection (acting on several machines because
    /// they share a name is rarely what was meant); neither yields a target.
    /// </summary>
    protected List<DomainTarget> ResolveTargets() =>
        ParameterSetName.StartsWith(DomainSet, StringComparison.Ordinal)
            ? ResolveTargets(null, Domain ?? Array.Empty<Domain>())
            : ResolveTargets(Name ?? Array.Empty<string>(), null);

    /// <summary>
    /// ResolveTargets for cmdlets whose domains come from other parameters (the snapshot cmdlets' -DomainName and
    /// -Domain, where -Name names snapshots): <paramref name="domains"/> when not null, else <paramref name="names"/>.
    /// </summary>
    private protected List<DomainTarget> ResolveTargets(string[]? names, Domain[]? domains) =>
        ResolveTargets(DomainTarget.Kind, PipedHypervisor, names, domains?.Select(d => ((object)d, d.Name, d.Uuid, d.Hypervisor)));

    /// <summary>Runs <paramref name="action"/> for each resolved domain; each failure is non-terminating.</summary>
    protected void ForEachDomain(Action<DomainTarget> action)
    {
        foreach (var t in ResolveTargets())
        {
            using (t) TryInvoke(t.Input, () => action(t));
        }
    }

    /// <summary>
    /// For each resolved domain, asks <paramref name="prepare"/> in the foreground (state checks that fail fast,
    /// ShouldProcess; it writes its own error, or declines, by returning null) for the input's work, and hands that
    /// to <see cref="LibvirtCmdlet.RunWork"/>: run at once, or with -AsJob as a child job that owns the target (its
    /// handle is disposed there). The work reads no cmdlet state (copy parameters to locals in prepare) and writes
    /// only through its IWorkContext; an error of its own is thrown as a <see cref="WorkErrorException"/>.
    /// </summary>
    private protected void ForEachDomainWork(Func<DomainTarget, Action<IWorkContext>?> prepare) =>
        ForEachDomainWork(ResolveTargets(), prepare);

    /// <summary>ForEachDomainWork over domains resolved otherwise (the snapshot cmdlets' -DomainName/-Domain).</summary>
    private protected void ForEachDomainWork(IEnumerable<DomainTarget> targets, Func<DomainTarget, Action<IWorkContext>?> prepare)
    {
        foreach (var t in targets)
        {
            Action<IWorkContext>? work = null;
            try
            {
                if (!TryInvoke(t.Input, () => work = prepare(t)) || work is null) continue;
            }
            finally
            {
                if (work is null) t.Dispose();
            }
            RunWork(t.Input, t.Hypervisor, t.Name, work, t);
        }
    }

    /// <summary>
    /// ShouldProcess for an action that destroys state (hard power-off, reset) in a cmdlet whose other actions are
    /// not: behaves as ConfirmImpact High, i.e. asks unless -Confirm:$false or $ConfirmPreference is None.
    /// </summary>
    protected bool ShouldProcessHighImpact(string target, string action)
    {
        if (!ShouldProcess(target, action)) return false;
        if (MyInvocation.BoundParameters.ContainsKey("Confirm")) return true; // -Confirm asked already; -Confirm:$false never asks.
        var pref = GetVariableValue("ConfirmPreference");
        if (pref is ConfirmImpact ci && ci == ConfirmImpact.None) return true;
        if (pref is PSObject { BaseObject: ConfirmImpact cp } && cp == ConfirmImpact.None) return true;
        return ShouldContinue($"Are you sure you want to perform the operation \"{action}\" on target \"{target}\"?", "Confirm");
    }

    /// <summary>A clear InvalidOperation error when the domain is not in a state the action accepts; false then.</summary>
    protected bool RequireState(DomainTarget t, string action, string errorId, string need, params DomainState[] allowed)
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
    private protected static bool WaitForStateWithProgress(IWorkContext context, DomainTarget t, Func<DomainState, bool> reached,
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

    /// <summary>Writes a fresh snapshot of the domain when -PassThru was given (a domain that vanished is skipped).</summary>
    protected void WritePassThru(DomainTarget t, bool passThru)
    {
        if (!passThru) return;
        var h = DomainApi.TryLookupByUuid(t.Connection, t.Uuid);
        if (h is null) return; // A transient domain that stopped no longer exists.
        using (h) WriteObject(DomainApi.GetDomain(h, t.Connection, t.Hypervisor));
    }

    /// <summary>WritePassThru for work that may run in a job: writes through <paramref name="context"/>.</summary>
    private protected static void WritePassThru(IWorkContext context, DomainTarget t, bool passThru)
    {
        if (!passThru) return;
        var h = DomainApi.TryLookupByUuid(t.Connection, t.Uuid);
        if (h is null) return; // A transient domain that stopped no longer exists.
        using (h) context.WriteObject(DomainApi.GetDomain(h, t.Connection, t.Hypervisor));
    }
}
