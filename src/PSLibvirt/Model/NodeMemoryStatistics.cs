namespace PSLibvirt;

/// <summary>The host's memory statistics (virsh nodememstats), in bytes. Cell is null for the whole host;
/// Buffers and Cached are null where libvirt gives none (per cell on Linux).</summary>
public sealed class NodeMemoryStatistics
{
    public int? Cell { get; init; }
    public long? TotalBytes { get; init; }
    public long? FreeBytes { get; init; }
    public long? BuffersBytes { get; init; }
    public long? CachedBytes { get; init; }
    /// <summary>Every field libvirt returned, by its libvirt name ("total", "free", ...), in bytes.</summary>
    public IReadOnlyDictionary<string, long> Fields { get; init; } = new Dictionary<string, long>();
    public Hypervisor? Hypervisor { get; init; }
}
