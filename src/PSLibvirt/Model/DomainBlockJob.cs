namespace PSLibvirt;

/// <summary>What a block job does (virDomainBlockJobType).</summary>
public enum DomainBlockJobType
{
    Unknown = 0,
    /// <summary>Copies the backing chain into the top image (virsh blockpull).</summary>
    Pull = 1,
    /// <summary>Mirrors the disk to another image (virsh blockcopy).</summary>
    Copy = 2,
    /// <summary>Merges an image below the active one into its backing image (virsh blockcommit).</summary>
    Commit = 3,
    /// <summary>Merges the active image into its backing image (virsh blockcommit --active): mirrors until pivoted or ended.</summary>
    ActiveCommit = 4,
    /// <summary>A disk's part of a backup job (virDomainBackupBegin).</summary>
    Backup = 5,
}

/// <summary>
/// A block job running on one disk of a domain (virsh blockjob --info): a copy, commit, pull or backup. A copy or
/// active commit is Ready once its mirror has caught up (Current equals End): it then runs until it is pivoted or
/// ended (Stop-DomainBlockJob). Bandwidth is the limit in bytes per second (0: none).
/// </summary>
public sealed class DomainBlockJob
{
    public string Domain { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>The disk's target (vda, sdb).</summary>
    public string Disk { get; init; } = "";
    public DomainBlockJobType Type { get; init; }
    /// <summary>The speed limit in bytes per second; 0 when there is none.</summary>
    public ulong Bandwidth { get; init; }
    /// <summary>The progress so far, in the job's own unit (bytes for QEMU).</summary>
    public ulong Current { get; init; }
    /// <summary>Where the progress ends (it can grow while a mirror follows the guest's writes).</summary>
    public ulong End { get; init; }
    /// <summary>0..100, or null while End is unknown (0).</summary>
    public int? PercentComplete => End > 0 ? (int)Math.Min(100, Current * 100 / End) : null;
    /// <summary>True when a copy or active commit has caught up and can be pivoted or ended.</summary>
    public bool Ready => Type is DomainBlockJobType.Copy or DomainBlockJobType.ActiveCommit && End > 0 && Current == End;
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => $"{Domain}/{Disk}: {Type}";
}
