namespace PSLibvirt;

/// <summary>Free memory of the whole host or of one NUMA cell (virsh freecell). Cell is null for the whole host.</summary>
public sealed class NodeFreeMemory
{
    public int? Cell { get; init; }
    public long FreeMemoryBytes { get; init; }
    public Hypervisor? Hypervisor { get; init; }
}

/// <summary>Free pages of one size on one NUMA cell (virsh freepages).</summary>
public sealed class NodeFreePage
{
    public int Cell { get; init; }
    /// <summary>The page size in KiB (4: normal pages on x86; 2048 and 1048576: huge pages).</summary>
    public uint PageSizeKiB { get; init; }
    public long FreePages { get; init; }
    /// <summary>The free memory these pages make up.</summary>
    public long FreeBytes => FreePages * PageSizeKiB * 1024L;
    public Hypervisor? Hypervisor { get; init; }
}
