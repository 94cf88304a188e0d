using System.Management.Automation;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// The base of every PSLibvirt cmdlet: cancellation on Ctrl+C and one way of turning failures into ErrorRecords.
/// Every cmdlet derives from it directly and declares its own parameters (-Connection included); shared behaviour lives in
/// its partial files (Targets/, Domain/, Snapshot/, Storage/, Secret/).
/// </summary>
public abstract partial class LibvirtCmdlet : PSCmdlet
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
            bool exact = !WildcardPattern.ContainsWildcardCharacters(n);
            WildcardPattern? pattern = null;
            // An exact name is compared as text: WildcardPattern ignores zero-width characters, so "te\u200Bst" would match "test".
            if (!exact && !TryInvoke(n, () => pattern = Pattern(n), "InvalidWildcardPattern")) continue;
            bool any = false;
            foreach (var h in from)
            {
                if (exact ? !string.Equals(h.Name, n, StringComparison.OrdinalIgnoreCase) : !pattern!.IsMatch(h.Name)) continue;
                any = true;
                yield return h;
            }
            if (!any && exact)
                WriteError($"There is no open connection named '{n}'.", "HypervisorNotFound", ErrorCategory.ObjectNotFound, n);
        }
    }

    // ---------------------------------------------------------------- -AsJob

    /// <summary>True when this invocation's work runs in a job: a cmdlet with -AsJob returns that switch here.</summary>
    protected virtual bool RunsAsJob => false;

    private LibvirtJob? _job;

    /// <summary>
    /// Runs one input's <paramref name="work"/>: at once, where a failure is a non-terminating error as with TryInvoke;
    /// or, when <see cref="RunsAsJob"/>, as a child job of the one <see cref="LibvirtJob"/> that this invocation starts
    /// and writes when its input ends. Ask ShouldProcess, and do the checks that should fail fast, before calling this,
    /// here in the foreground: the work may run on another thread, where it writes only through its IWorkContext.
    /// </summary>
    /// <param name="target">The TargetObject of a failure.</param>
    /// <param name="hypervisor">The connection the work is on (the job's Location).</param>
    /// <param name="item">A short name of the input for the child job's Command, such as a volume name.</param>
    /// <param name="resource">Owned by the work from here on: disposed after it has run, or if it never runs.</param>
    private protected void RunWork(object? target, Hypervisor hypervisor, string item, Action<IWorkContext> work,
        IDisposable? resource = null, string? errorId = null)
    {
        if (!RunsAsJob)
        {
            using (resource) TryInvoke(target, () => work(new CmdletWorkContext(this)), errorId);
            return;
        }
        string name = MyInvocation.MyCommand.Name;
        _job ??= new LibvirtJob(name);
        _job.Add(new LibvirtChildJob($"{name} {item}", hypervisor.Name, target, work, resource, GetType(), name, errorId));
    }

    /// <summary>With -AsJob: starts the job of the inputs queued by RunWork and writes it. No input to process, no job.</summary>
    protected override void EndProcessing()
    {
        if (_job is not { } job) return;
        _job = null;
        JobRepository.Add(job);
        job.Start();
        WriteObject(job);
    }

    /// <summary>Work run inline writes through the cmdlet, on the pipeline thread.</summary>
    private sealed class CmdletWorkContext : IWorkContext
    {
        private readonly LibvirtCmdlet _cmdlet;
        public CmdletWorkContext(LibvirtCmdlet cmdlet) => _cmdlet = cmdlet;
        public CancellationToken Stopping => _cmdlet.Stopping;
        public void WriteObject(object? value) => _cmdlet.WriteObject(value);
        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);
        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        /// <summary>
        /// Progress is dropped once Ctrl+C has stopped the pipeline (which takes no more records), so the work goes on to
        /// its own cancellation check, which aborts libvirt's job, instead of unwinding past it with the job still running.
        /// PowerShell marks the pipeline stopped just before it calls StopProcessing: the token is given a moment to follow.
        /// </summary>
        public void WriteProgress(ProgressRecord record)
        {
            try { _cmdlet.WriteProgress(record); }
            catch (PipelineStoppedException) when (_cmdlet.Stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(1))) { }
        }
    }

    internal static bool IsReportable(Exception ex) => ErrorMapping.IsReportable(ex);

    /// <summary>
    /// A terminating InvalidArgument error (&lt;First&gt;And&lt;Second&gt;) when two switches that exclude each other are
    /// both given, such as -Active and -Inactive: <paramref name="why"/> says why ("a network is one or the other").
    /// </summary>
    private protected void ExcludeEachOther(bool first, bool second, string firstName, string secondName, string why)
    {
        if (!(first && second)) return;
        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"-{firstName} and -{secondName} exclude each other: {why}."),
            firstName + "And" + secondName, ErrorCategory.InvalidArgument, null));
    }
}
