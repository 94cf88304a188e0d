using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>The host's free memory, whole or per NUMA cell (virsh freecell).</summary>
internal static class NodeMemoryApi
{
    public static NodeFreeMemory GetFreeMemory(LibvirtConnection connection, Hypervisor? hypervisor = null) =>
        new() { FreeMemoryBytes = (long)Vir.NodeGetFreeMemory(connection.Handle), Hypervisor = hypervisor };

    /// <summary>The free memory of cells [start, start+count); libvirt refuses a start cell the host lacks.</summary>
    public static unsafe IReadOnlyList<NodeFreeMemory> GetCellsFreeMemory(LibvirtConnection connection, int startCell, int maxCells, Hypervisor? hypervisor = null)
    {
        var buffer = new ulong[maxCells];
        int n;
        fixed (ulong* p = buffer) n = Vir.NodeGetCellsFreeMemory(connection.Handle, p, startCell, maxCells);
        var result = new List<NodeFreeMemory>(n);
        for (int i = 0; i < n; i++)
            result.Add(new NodeFreeMemory { Cell = startCell + i, FreeMemoryBytes = (long)buffer[i], Hypervisor = hypervisor });
        return result;
    }

    /// <summary>How many NUMA cells the host has (virNodeGetInfo's nodes, at least 1).</summary>
    public static unsafe int GetCellCount(LibvirtConnection connection)
    {
        VirNodeInfo info;
        Vir.NodeGetInfo(connection.Handle, &info);
        return Math.Max(1, (int)info.nodes);
    }
}

/// <summary>virNodeGetMemoryStats: the host's memory counters (KiB in libvirt, bytes here).</summary>
internal static class NodeMemoryStatsApi
{
    /// <summary>libvirt's VIR_NODE_MEMORY_STATS_ALL_CELLS: the whole host.</summary>
    public const int AllCells = -1;

    public static unsafe NodeMemoryStatistics Get(LibvirtConnection connection, int cell, Hypervisor? hypervisor = null)
    {
        int n = 0;
        Vir.NodeGetMemoryStats(connection.Handle, cell, null, &n);
        var fields = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (n > 0)
        {
            var stats = new VirNodeMemoryStats[n];
            fixed (VirNodeMemoryStats* p = stats)
            {
                Vir.NodeGetMemoryStats(connection.Handle, cell, p, &n);
                for (int i = 0; i < n; i++)
                    fields[Utf8.Read(p[i].field) ?? ""] = checked((long)p[i].value * 1024);
            }
        }
        long? Field(string name) => fields.TryGetValue(name, out var v) ? v : null;
        return new NodeMemoryStatistics
        {
            Cell = cell == AllCells ? null : cell,
            TotalBytes = Field("total"),
            FreeBytes = Field("free"),
            BuffersBytes = Field("buffers"),
            CachedBytes = Field("cached"),
            Fields = fields,
            Hypervisor = hypervisor,
        };
    }
}
