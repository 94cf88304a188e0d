namespace PSLibvirt;

/// <summary>A storage pool's state (virStoragePoolState); an unknown future value shows as its number.</summary>
public enum StoragePoolState
{
    Inactive = 0,
    Building = 1,
    Running = 2,
    Degraded = 3,
    Inaccessible = 4,
}

/// <summary>A storage pool as libvirt reported it (virsh pool-info). Property names are a contract.</summary>
public sealed class StoragePool
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public StoragePoolState State { get; init; }
    /// <summary>The pool type: dir, fs, netfs, logical, disk, iscsi, rbd, ...</summary>
    public string Type { get; init; } = "";
    public long CapacityBytes { get; init; }
    public long AllocationBytes { get; init; }
    public long AvailableBytes { get; init; }
    public bool Autostart { get; init; }
    public bool Persistent { get; init; }
    /// <summary>The pool's target path (the directory or device directory volumes appear in), when it has one.</summary>
    public string? Path { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    /// <summary>AllocationBytes as a percentage of CapacityBytes (0 when the capacity is unknown).</summary>
    public double PercentUsed => CapacityBytes > 0 ? Math.Round(100.0 * AllocationBytes / CapacityBytes, 1) : 0;

    public override string ToString() => Name;
}

/// <summary>A storage volume as libvirt reported it (virsh vol-info). Property names are a contract.</summary>
public sealed class StorageVolume
{
    public string Name { get; init; } = "";
    /// <summary>The name of the pool holding the volume.</summary>
    public string Pool { get; init; } = "";
    /// <summary>libvirt's unique key of the volume (for file volumes the path).</summary>
    public string Key { get; init; } = "";
    /// <summary>The path a domain's disk uses (binds to New-Domain -Volume by property name).</summary>
    public string Path { get; init; } = "";
    /// <summary>file, block, dir, network, netdir or ploop.</summary>
    public string Type { get; init; } = "";
    /// <summary>The image format (raw, qcow2, ...) when the pool reports one.</summary>
    public string? Format { get; init; }
    public long CapacityBytes { get; init; }
    public long AllocationBytes { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    /// <summary>AllocationBytes as a percentage of CapacityBytes.</summary>
    public double PercentAllocated => CapacityBytes > 0 ? Math.Round(100.0 * AllocationBytes / CapacityBytes, 1) : 0;

    public override string ToString() => Name;
}

/// <summary>A source Find-StoragePoolSource discovered (one &lt;source&gt; of virConnectFindStoragePoolSources).</summary>
public sealed class StoragePoolSource
{
    /// <summary>The pool type the discovery was for.</summary>
    public string Type { get; init; } = "";
    /// <summary>Volume group, Ceph pool or Gluster volume name.</summary>
    public string? Name { get; init; }
    public string? Host { get; init; }
    /// <summary>Exported directory (netfs) or source directory.</summary>
    public string? Directory { get; init; }
    public string[] Devices { get; init; } = System.Array.Empty<string>();
    public string? Format { get; init; }
    /// <summary>The &lt;source&gt; element as XML, ready to put into a pool definition.</summary>
    public string Xml { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
}
