using System.Management.Automation;
using PSLibvirt.Core;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Shows a VolumeTransfer's progress as progress records. Core reports from the thread that runs the transfer: the
/// cmdlet's pipeline thread inline (where writing directly is allowed; Progress&lt;T&gt; would post elsewhere), or
/// the job's thread with -AsJob (where the records go to the child job's Progress stream).
/// </summary>
internal sealed class TransferProgressWriter : IProgress<TransferProgress>
{
    private static int _nextId = 0x51_0000;
    private readonly IWorkContext _context;
    private readonly int _activityId;
    private readonly string _activity;
    private ProgressRecord _last;

    public TransferProgressWriter(IWorkContext context, string activity, string status)
    {
        _context = context;
        _activityId = System.Threading.Interlocked.Increment(ref _nextId);
        _activity = activity;
        _last = new ProgressRecord(_activityId, activity, status);
    }

    public void Report(TransferProgress p)
    {
        string total = p.TotalBytes is { } t ? " of " + ByteSize.Format(t) : "";
        // A new record each time: a job keeps every record it is given, so one record changed in place would make
        // its whole Progress stream show the last state.
        var record = new ProgressRecord(_activityId, _activity, $"{ByteSize.Format(p.BytesTransferred)}{total} at {ByteSize.Format((long)p.BytesPerSecond)}/s")
        {
            PercentComplete = p.PercentComplete ?? -1,
            RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        if (p.PercentComplete is { } && p.BytesPerSecond > 0 && p.TotalBytes is { } tb)
            record.SecondsRemaining = (int)Math.Min(int.MaxValue, (tb - p.BytesTransferred) / p.BytesPerSecond);
        _last = record;
        _context.WriteProgress(record);
    }

    /// <summary>Closes the bar when a transfer ends early (error, Ctrl+C or Stop-Job).</summary>
    public void Complete()
    {
        if (_last.RecordType == ProgressRecordType.Completed) return;
        var record = new ProgressRecord(_activityId, _activity, _last.StatusDescription)
        {
            PercentComplete = _last.PercentComplete,
            RecordType = ProgressRecordType.Completed,
        };
        _last = record;
        try { _context.WriteProgress(record); } catch (PipelineStoppedException) { }
    }
}
