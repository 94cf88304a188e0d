namespace PSLibvirt;

/// <summary>How a backup hands out its data: Push (libvirt writes the disks to files) or Pull (an NBD server exports them).</summary>
public enum DomainBackupMode
{
    Push,
    Pull,
}

/// <summary>One disk of a running backup (the &lt;disk&gt; of virsh backup-dumpxml).</summary>
public sealed class DomainBackupDisk
{
    /// <summary>The disk's target (vda, sdb, ...).</summary>
    public string Name { get; init; } = "";
    /// <summary>Full or Incremental (the XML's backupmode), when libvirt says.</summary>
    public string? BackupMode { get; init; }
    /// <summary>The checkpoint an incremental backup of this disk starts from.</summary>
    public string? Incremental { get; init; }
    /// <summary>Push mode: the file the disk is written to.</summary>
    public string? Target { get; init; }
    /// <summary>The format of the target (push) or scratch file (pull): qcow2 or raw.</summary>
    public string? Format { get; init; }
    /// <summary>Pull mode: the NBD export name of the disk.</summary>
    public string? ExportName { get; init; }
    /// <summary>Pull mode: the name of the dirty bitmap exported beside the disk (incremental), when there is one.</summary>
    public string? ExportBitmap { get; init; }
    /// <summary>Pull mode: the scratch file that holds the data the guest overwrites while the backup runs.</summary>
    public string? Scratch { get; init; }

    public override string ToString() => ExportName is not null ? $"{Name} ({ExportName})" : Target is not null ? $"{Name} -> {Target}" : Name;
}

/// <summary>
/// A domain's running backup job as libvirt describes it (virsh backup-dumpxml): for a pull backup, where its NBD server
/// listens and the export name of each disk (an NBD client reads nbd://host:port/export or nbd+unix:///export?socket=...).
/// </summary>
public sealed class DomainBackup
{
    public string Domain { get; init; } = "";
    public Guid DomainUuid { get; init; }
    public DomainBackupMode Mode { get; init; }
    /// <summary>The checkpoint the backup is incremental from; null for a full backup.</summary>
    public string? Incremental { get; init; }
    /// <summary>Pull mode: tcp or unix.</summary>
    public string? Transport { get; init; }
    /// <summary>Pull mode over TCP: the address the NBD server listens on.</summary>
    public string? Host { get; init; }
    public int? Port { get; init; }
    /// <summary>Pull mode over a UNIX socket: its path.</summary>
    public string? Socket { get; init; }
    public IReadOnlyList<DomainBackupDisk> Disks { get; init; } = Array.Empty<DomainBackupDisk>();
    /// <summary>The NBD URI of each exported disk (pull mode), in the order of <see cref="Disks"/>.</summary>
    public IReadOnlyList<string> ExportUris { get; init; } = Array.Empty<string>();
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => $"{Domain} ({Mode})";
}
