using System.Management.Automation;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Where one input's work writes its results and how it learns that it should stop: the cmdlet itself (inline) or
/// the streams of a child job (-AsJob). Work written against this never calls the cmdlet, so it can run on any thread.
/// </summary>
internal interface IWorkContext
{
    /// <summary>Cancelled by Ctrl+C (inline) or Stop-Job (in a job).</summary>
    CancellationToken Stopping { get; }
    void WriteObject(object? value);
    void WriteWarning(string message);
    void WriteVerbose(string message);
    void WriteProgress(ProgressRecord record);
}

/// <summary>
/// The job a PSLibvirt cmdlet returns with -AsJob: one per invocation, holding one <see cref="LibvirtChildJob"/> per
/// input, which run one after the other (in the order the cmdlet would have run them) on a thread of the job's own.
/// Results go to the child jobs' streams, which Receive-Job reads. Stop-Job cancels the running input the way Ctrl+C
/// does (it cleans up the same way) and skips the rest; it returns once the job has stopped. The job is Completed
/// when every input succeeded, Failed when one failed (its ErrorRecord is in that child's Error stream), Stopped
/// when it was stopped.
/// </summary>
public sealed class LibvirtJob : Job
{
    /// <summary>The PSJobTypeName of PSLibvirt's jobs and their child jobs.</summary>
    public const string JobTypeName = "PSLibvirtJob";

    private readonly object _gate = new();
    private readonly ManualResetEventSlim _done = new(false);
    private readonly List<LibvirtChildJob> _children = new();
    private bool _started;
    private bool _stopRequested;

    /// <summary>A job without inputs yet: <see cref="Add"/> them, then <see cref="Start"/> it. Made before its
    /// children, it gets the lower Id, as Invoke-Command's jobs do.</summary>
    internal LibvirtJob(string command)
        : base(command, null)
    {
        PSJobTypeName = JobTypeName;
    }

    internal void Add(LibvirtChildJob child)
    {
        lock (_gate)
        {
            if (_started) throw new InvalidOperationException("Inputs are added before the job starts.");
            _children.Add(child);
            ChildJobs.Add(child);
        }
    }

    /// <summary>The connections the inputs are on (their names), as Invoke-Command's jobs list computers.</summary>
    public override string Location =>
        string.Join(", ", _children.Select(c => c.Location).Distinct(StringComparer.OrdinalIgnoreCase));

    public override bool HasMoreData => _children.Any(c => c.HasMoreData);

    public override string StatusMessage
    {
        get
        {
            int failed = _children.Count(c => c.JobStateInfo.State == JobState.Failed);
            return failed == 0 ? "" : $"{failed} of {_children.Count} failed";
        }
    }

    /// <summary>Starts the worker thread; the job is Running when this returns.</summary>
    internal void Start()
    {
        lock (_gate)
        {
            if (_started) throw new InvalidOperationException("The job has already been started.");
            if (_children.Count == 0) throw new InvalidOperationException("A job needs at least one input.");
            _started = true;
            SetJobState(JobState.Running);
        }
        new Thread(Run) { IsBackground = true, Name = $"PSLibvirt job {Id}" }.Start();
    }

    private void Run()
    {
        try
        {
            foreach (var child in _children)
            {
                if (Volatile.Read(ref _stopRequested)) child.Skip();
                else child.Run();
            }
            lock (_gate)
            {
                var states = _children.Select(c => c.JobStateInfo.State).ToList();
                var final = _stopRequested ? JobState.Stopped
                    : states.Contains(JobState.Failed) ? JobState.Failed
                    : states.Contains(JobState.Stopped) ? JobState.Stopped
                    : JobState.Completed;
                SetJobState(final);
            }
        }
        catch (Exception)
        {
            // Nothing may escape a thread of our own (it would end the process). The children catch what their work
            // throws, so this is a bug or a job disposed under its worker: end Failed rather than Running
            // for ever (SetJobState with a reason is not public in PowerShell Standard).
            try
            {
                lock (_gate)
                {
                    if (!IsFinished(JobStateInfo.State)) SetJobState(JobState.Failed);
                }
            }
            catch (Exception) { }
        }
        finally
        {
            try { _done.Set(); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>
    /// Stops the job: the input being processed is cancelled (as Ctrl+C would cancel it) and the others are not started.
    /// Returns when the job is Stopped. An operation libvirt cannot abort (a wipe, a clone) finishes first.
    /// </summary>
    public override void StopJob()
    {
        lock (_gate)
        {
            if (!_started || IsFinished(JobStateInfo.State)) return;
            if (!_stopRequested)
            {
                _stopRequested = true;
                SetJobState(JobState.Stopping);
            }
        }
        // In order: finished children return at once, the running one is cancelled and waited for, later ones are
        // marked Stopped (the worker, seeing _stopRequested, skips them too).
        foreach (var child in _children) child.StopJob();
        _done.Wait();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var child in _children) child.Dispose();
            _done.Dispose();
        }
        base.Dispose(disposing);
    }

    internal static bool IsFinished(JobState state) => state is JobState.Completed or JobState.Failed or JobState.Stopped;
}

/// <summary>
/// One input of a <see cref="LibvirtJob"/>: runs its work with its own cancellation, and keeps what the work writes
/// in its streams. A failure becomes an ErrorRecord in Error with the FullyQualifiedErrorId the cmdlet would have
/// written in the foreground (<c>Reason,PSLibvirt.Commands.CmdletClass</c>), and the child job is Failed.
/// </summary>
public sealed class LibvirtChildJob : Job, IWorkContext
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly ManualResetEventSlim _done = new(false);
    private readonly Action<IWorkContext> _work;
    private readonly IDisposable? _resource;
    private readonly object? _target;
    private readonly string? _errorId;
    private readonly string _commandType;
    private readonly string _commandName;
    private readonly string _location;
    private bool _started;
    private string _status = "";

    /// <param name="command">What Get-Job shows as Command.</param>
    /// <param name="location">The connection's name.</param>
    /// <param name="target">The TargetObject of an error.</param>
    /// <param name="work">The input's work; runs on the job's thread.</param>
    /// <param name="resource">Owned: disposed when the work has run, or when the job is disposed without running it.</param>
    /// <param name="cmdletType">The cmdlet class, for FullyQualifiedErrorIds.</param>
    /// <param name="commandName">The cmdlet's name (Verb-Noun), the Activity of errors.</param>
    /// <param name="errorId">An ErrorId for failures instead of the one ErrorMapping derives.</param>
    internal LibvirtChildJob(string command, string location, object? target, Action<IWorkContext> work, IDisposable? resource,
        Type cmdletType, string commandName, string? errorId)
        : base(command)
    {
        _location = location;
        _target = target;
        _work = work;
        _resource = resource;
        _commandType = cmdletType.FullName!;
        _commandName = commandName;
        _errorId = errorId;
        PSJobTypeName = LibvirtJob.JobTypeName;
    }

    public override string Location => _location;

    public override bool HasMoreData =>
        Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0 || Progress.Count > 0 ||
        Debug.Count > 0 || Information.Count > 0;

    /// <summary>The error message when the input failed.</summary>
    public override string StatusMessage => _status;

    /// <summary>Runs the work on the calling thread (the parent's worker); skipped when the child was stopped first.</summary>
    internal void Run()
    {
        bool stoppedBefore;
        lock (_gate)
        {
            if (_started) return;
            _started = true;
            stoppedBefore = IsFinished;
            if (!stoppedBefore) SetJobState(JobState.Running);
        }
        if (stoppedBefore)
        {
            _resource?.Dispose();
            Release();
            return;
        }
        JobState final;
        try
        {
            _work(this);
            final = JobState.Completed;
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            final = JobState.Stopped;
        }
        catch (Exception ex)
        {
            Error.Add(ToJobError(ex));
            _status = ex.Message;
            final = JobState.Failed;
        }
        finally
        {
            _resource?.Dispose();
        }
        lock (_gate) SetJobState(final);
        Release();
    }

    /// <summary>Marks a child that has not started as Stopped (its parent was stopped).</summary>
    internal void Skip()
    {
        lock (_gate)
        {
            if (_started) return;
            _started = true;
            if (!IsFinished) SetJobState(JobState.Stopped);
        }
        _resource?.Dispose();
        Release();
    }

    /// <summary>Cancels the work and returns when it has ended; a child that has not started yet will not start.</summary>
    public override void StopJob()
    {
        lock (_gate)
        {
            if (IsFinished) return;
            if (!_started)
            {
                // the worker sees the final state and skips it (and then releases the resource)
                SetJobState(JobState.Stopped);
                return;
            }
            if (JobStateInfo.State != JobState.Stopping) SetJobState(JobState.Stopping);
        }
        _cancel.Cancel();
        _done.Wait();
    }

    private bool IsFinished => LibvirtJob.IsFinished(JobStateInfo.State);

    private void Release()
    {
        try { _done.Set(); } catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// The ErrorRecord the cmdlet would have written. Written from here it has no InvocationInfo (only the engine
    /// sets one), so the FullyQualifiedErrorId carries the cmdlet class itself; Receive-Job keeps it as it is.
    /// </summary>
    internal ErrorRecord ToJobError(Exception ex)
    {
        var r = ErrorMapping.ToErrorRecord(ex, _target, _errorId);
        var q = new ErrorRecord(r.Exception, r.FullyQualifiedErrorId + "," + _commandType, r.CategoryInfo.Category, r.TargetObject);
        q.CategoryInfo.Activity = _commandName;
        if (r.ErrorDetails is not null) q.ErrorDetails = r.ErrorDetails;
        return q;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            bool ran;
            lock (_gate)
            {
                ran = _started;
                _started = true; // a disposed child never starts
            }
            if (!ran) _resource?.Dispose();
            _cancel.Dispose();
            _done.Dispose();
        }
        base.Dispose(disposing);
    }

    CancellationToken IWorkContext.Stopping => _cancel.Token;
    void IWorkContext.WriteObject(object? value)
    {
        if (value is not null) Output.Add(PSObject.AsPSObject(value));
    }

    void IWorkContext.WriteWarning(string message) => Warning.Add(new WarningRecord(message));
    void IWorkContext.WriteVerbose(string message) => Verbose.Add(new VerboseRecord(message));
    void IWorkContext.WriteProgress(ProgressRecord record) => Progress.Add(record);
}
