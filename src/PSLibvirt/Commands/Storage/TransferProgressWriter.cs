using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Shows a VolumeTransfer's progress with Write-Progress. Core reports from the thread that runs the transfer, which
/// is the cmdlet's pipeline thread, so writing directly is allowed (Progress&lt;T&gt; would post elsewhere).
/// </summary>
internal sealed class TransferProgressWriter : IProgress<TransferProgress>
{
    private static int _nextId = 0x51_0000;
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;

    public TransferProgressWriter(Cmdlet cmdlet, string activity, string status)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(System.Threading.Interlocked.Increment(ref _nextId), activity, status);
    }

    public void Report(TransferProgress p)
    {
        string total = p.TotalBytes is { } t ? " of " + ByteSize.Format(t) : "";
        _record.StatusDescription = $"{ByteSize.Format(p.BytesTransferred)}{total} at {ByteSize.Format((long)p.BytesPerSecond)}/s";
        _record.PercentComplete = p.PercentComplete ?? -1;
        if (p.PercentComplete is { } pct && p.BytesPerSecond > 0 && p.TotalBytes is { } tb)
            _record.SecondsRemaining = (int)Math.Min(int.MaxValue, (tb - p.BytesTransferred) / p.BytesPerSecond);
        _record.RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing;
        _cmdlet.WriteProgress(_record);
    }

    /// <summary>Closes the bar when a transfer ends early (error or Ctrl+C).</summary>
    public void Complete()
    {
        if (_record.RecordType == ProgressRecordType.Completed) return;
        _record.RecordType = ProgressRecordType.Completed;
        try { _cmdlet.WriteProgress(_record); } catch (PipelineStoppedException) { }
    }
}
