using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>The host's memory pages by size and NUMA cell: free ones (virsh freepages) and the huge-page pools (allocpages).</summary>
internal static class NodePagesApi
{
    /// <summary>The page sizes the host supports, in KiB (capabilities: host/cpu/pages), smallest first.</summary>
    public static IReadOnlyList<uint> PageSizes(LibvirtConnection c)
    {
        var doc = LibvirtXml.Parse(HostApi.GetCapabilitiesXml(c));
        return doc.Root?.Element("host")?.Element("cpu")?.Elements("pages")
            .Select(p => ToKiB((string?)p.Attribute("size"), (string?)p.Attribute("unit")))
            .Where(s => s > 0).Distinct().OrderBy(s => s).ToList() ?? new List<uint>();
    }

    private static uint ToKiB(string? size, string? unit) =>
        !ulong.TryParse(size, out var n) ? 0 : (unit?.ToLowerInvariant()) switch
        {
            null or "" or "kib" or "k" => (uint)n,
            "mib" or "m" => (uint)(n * 1024),
            "gib" or "g" => (uint)(n * 1024 * 1024),
            _ => 0,
        };

    /// <summary>
    /// Free pages of each of <paramref name="sizesKiB"/> on the cells <paramref name="startCell"/> .. +<paramref name="cellCount"/>
    /// (virNodeGetFreePages), one entry per cell and size.
    /// </summary>
    public static unsafe List<NodeFreePage> GetFreePages(LibvirtConnection c, IReadOnlyList<uint> sizesKiB, int startCell, int cellCount, Hypervisor? h)
    {
        var sizes = sizesKiB.ToArray();
        var counts = new ulong[sizes.Length * cellCount];
        fixed (uint* s = sizes)
        fixed (ulong* n = counts)
            Vir.NodeGetFreePages(c.Handle, (uint)sizes.Length, s, startCell, (uint)cellCount, n);
        var result = new List<NodeFreePage>(counts.Length);
        for (int cell = 0; cell < cellCount; cell++)
            for (int i = 0; i < sizes.Length; i++)
                result.Add(new NodeFreePage { Cell = startCell + cell, PageSizeKiB = sizes[i], FreePages = (long)counts[cell * sizes.Length + i], Hypervisor = h });
        return result;
    }

    /// <summary>
    /// Sets (or with <paramref name="add"/>, grows) the pool of <paramref name="sizeKiB"/> pages to <paramref name="count"/>
    /// on each cell of the range (virNodeAllocPages); -1 for <paramref name="startCell"/> means the whole host.
    /// Returns how many cells were changed.
    /// </summary>
    public static unsafe int AllocPages(LibvirtConnection c, uint sizeKiB, ulong count, int startCell, uint cellCount, bool add)
    {
        uint size = sizeKiB;
        ulong n = count;
        return Vir.NodeAllocPages(c.Handle, 1, &size, &n, startCell, cellCount,
            add ? VirNodeAllocPagesFlags.VIR_NODE_ALLOC_PAGES_ADD : VirNodeAllocPagesFlags.VIR_NODE_ALLOC_PAGES_SET);
    }
}
