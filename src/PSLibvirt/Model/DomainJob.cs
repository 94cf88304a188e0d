namespace PSLibvirt;

/// <summary>What kind of job a domain has (virDomainJobType): None when it has none.</summary>
public enum DomainJobType
{
    None = 0,
    /// <summary>A job whose end can be estimated.</summary>
    Bounded = 1,
    /// <summary>A job whose end cannot be estimated.</summary>
    Unbounded = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}

/// <summary>The signals Send-DomainProcessSignal sends (virDomainProcessSignal: Linux numbering).</summary>
public enum DomainProcessSignal
{
    Nop = 0, Hup = 1, Int = 2, Quit = 3, Ill = 4, Trap = 5, Abrt = 6, Bus = 7, Fpe = 8, Kill = 9, Usr1 = 10, Segv = 11, Usr2 = 12,
    Pipe = 13, Alrm = 14, Term = 15, StkFlt = 16, Chld = 17, Cont = 18, Stop = 19, Tstp = 20, Ttin = 21, Ttou = 22, Urg = 23,
    Xcpu = 24, Xfsz = 25, VtAlrm = 26, Prof = 27, Winch = 28, Poll = 29, Pwr = 30, Sys = 31,
}

/// <summary>The formats of a memory dump (virsh dump --format; a kdump format needs -MemoryOnly).</summary>
public enum DomainCoreDumpFormat
{
    Raw = 0,
    KdumpZlib = 1,
    KdumpLzo = 2,
    KdumpSnappy = 3,
    WinDmp = 4,
}

/// <summary>
/// A domain's background job (virsh domjobinfo): a migration, save, dump, snapshot, backup, ... running now, or with
/// Get-DomainJob -Completed the last one that ended. Values holds every statistic libvirt reported under its own name.
/// </summary>
public sealed class DomainJobInfo
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public DomainJobType Type { get; init; }
    /// <summary>What the job does (Migration out, Save, Dump, ...), when the driver says.</summary>
    public string? Operation { get; init; }
    public TimeSpan? Elapsed { get; init; }
    public TimeSpan? Remaining { get; init; }
    public ulong? DataTotal { get; init; }
    public ulong? DataProcessed { get; init; }
    public ulong? DataRemaining { get; init; }
    public ulong? MemoryTotal { get; init; }
    public ulong? MemoryProcessed { get; init; }
    public ulong? DiskTotal { get; init; }
    public ulong? DiskProcessed { get; init; }
    /// <summary>Why a failed job failed, when libvirt says.</summary>
    public string? ErrorMessage { get; init; }
    /// <summary>True for the last completed job (-Completed), false for the current one.</summary>
    public bool Completed { get; init; }
    /// <summary>0..100 of the data processed, or null while the total is unknown.</summary>
    public int? PercentComplete => DataTotal is > 0 && DataProcessed is ulong p ? (int)Math.Min(100, p * 100 / DataTotal.Value) : null;
    public IReadOnlyDictionary<string, object> Values { get; init; } = new Dictionary<string, object>();
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => $"{Name}: {Type}";
}
