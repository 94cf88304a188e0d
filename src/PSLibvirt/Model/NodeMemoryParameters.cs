namespace PSLibvirt;

/// <summary>
/// The host's memory-sharing (KSM) parameters and counters (virsh node-memory-tune). A value the host does not
/// report is null; Values holds every parameter under libvirt's name (shm_pages_to_scan, ...).
/// </summary>
public sealed class NodeMemoryParameters
{
    /// <summary>shm_pages_to_scan: pages scanned before the shared-memory service sleeps.</summary>
    public long? PagesToScan { get; init; }
    /// <summary>shm_sleep_millisecs: how long it sleeps between scans.</summary>
    public long? SleepMilliseconds { get; init; }
    /// <summary>shm_merge_across_nodes: whether pages of different NUMA nodes are merged.</summary>
    public bool? MergeAcrossNodes { get; init; }
    /// <summary>shm_pages_shared: shared pages in use.</summary>
    public long? PagesShared { get; init; }
    /// <summary>shm_pages_sharing: sites sharing them (how much is saved).</summary>
    public long? PagesSharing { get; init; }
    /// <summary>shm_pages_unshared: unique pages checked repeatedly for merging.</summary>
    public long? PagesUnshared { get; init; }
    /// <summary>shm_pages_volatile: pages changing too fast to be merged.</summary>
    public long? PagesVolatile { get; init; }
    /// <summary>shm_full_scans: how many times all mergeable areas were scanned.</summary>
    public long? FullScans { get; init; }
    public IReadOnlyDictionary<string, object> Values { get; init; } = new Dictionary<string, object>();
    public Hypervisor? Hypervisor { get; init; }
}

/// <summary>The host's AMD SEV facts (virsh nodesevinfo), under libvirt's names (pdh, cert-chain, cbitpos, ...).</summary>
public sealed class NodeSecurityInfo
{
    public IReadOnlyDictionary<string, object> Values { get; init; } = new Dictionary<string, object>();
    /// <summary>cbitpos: the C-bit position in the page table entries.</summary>
    public long? CBitPosition { get; init; }
    /// <summary>reduced-phys-bits: physical address bits lost with SEV.</summary>
    public long? ReducedPhysicalBits { get; init; }
    /// <summary>max-guests: SEV guests the host can run at once.</summary>
    public long? MaxGuests { get; init; }
    /// <summary>max-es-guests: SEV-ES guests the host can run at once.</summary>
    public long? MaxEsGuests { get; init; }
    public Hypervisor? Hypervisor { get; init; }
}
