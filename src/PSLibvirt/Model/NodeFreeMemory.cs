namespace PSLibvirt;

/// <summary>Free memory of the whole host or of one NUMA cell (virsh freecell). Cell is null for the whole host.</summary>
public sealed class NodeFreeMemory
{
    public int? Cell { get; init; }
    public long FreeMemoryBytes { get; init; }
    public Hypervisor? Hypervisor { get; init; }
}
