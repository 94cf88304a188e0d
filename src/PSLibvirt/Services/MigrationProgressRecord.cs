using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Services;

/// <summary>A migration's progress as PowerShell shows it: Move-Domain and Move-Item on the drive write the same records.</summary>
internal static class MigrationProgressRecord
{
    /// <summary>The progress record for one reading of the job (also what the xunit tests check).</summary>
    public static ProgressRecord Describe(ProgressRecord record, MigrationProgress p)
    {
        var parts = new List<string>();
        if (p.DataProcessed is ulong done)
            parts.Add(p.DataTotal is ulong total ? $"{ByteSize.Format(done)} of {ByteSize.Format(total)}" : ByteSize.Format(done));
        if (p.DataRemaining is ulong left) parts.Add($"{ByteSize.Format(left)} left");
        if (p.MemoryBytesPerSecond is ulong bps) parts.Add($"{ByteSize.Format(bps)}/s");
        if (p.DirtyBytesPerSecond is ulong dirty) parts.Add($"dirty {ByteSize.Format(dirty)}/s");
        else if (p.DirtyPagesPerSecond is ulong pages) parts.Add($"dirty {pages} pages/s");
        if (p.Iteration is ulong it) parts.Add($"iteration {it}");
        if (p.ExpectedDowntime is TimeSpan d) parts.Add($"expected downtime {d.TotalMilliseconds:0} ms");
        parts.Add($"{p.Elapsed.TotalSeconds:0.0} s");
        record.StatusDescription = string.Join(", ", parts);
        record.PercentComplete = p.PercentComplete is int pc ? Math.Min(99, pc) : -1;
        record.SecondsRemaining = p.DataRemaining is ulong r && p.MemoryBytesPerSecond is > 0 ? (int)Math.Min(int.MaxValue, r / p.MemoryBytesPerSecond.Value) : -1;
        return record;
    }

}
