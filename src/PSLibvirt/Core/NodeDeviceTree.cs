namespace PSLibvirt.Core;

/// <summary>One line of a device tree: the device, how deep it is, and the line as virsh nodedev-list --tree draws it (ASCII).</summary>
internal readonly record struct NodeDeviceTreeLine(NodeDevice Device, int Depth, string Line);

/// <summary>The parent/child hierarchy of node devices, from each device's Parent name.</summary>
internal static class NodeDeviceTree
{
    /// <summary>
    /// The devices in tree order (each parent before its children, siblings by name), depth first. A device whose
    /// parent is not among <paramref name="devices"/> is a root, as virsh nodedev-list --tree treats it.
    /// </summary>
    public static IReadOnlyList<NodeDeviceTreeLine> Order(IEnumerable<NodeDevice> devices)
    {
        var all = devices.GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var names = new HashSet<string>(all.Select(d => d.Name), StringComparer.Ordinal);
        var children = all.Where(d => d.Parent is { } p && names.Contains(p) && p != d.Name)
            .GroupBy(d => d.Parent!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var roots = all.Where(d => d.Parent is not { } p || !names.Contains(p) || p == d.Name).OrderBy(d => d.Name, StringComparer.Ordinal);
        var lines = new List<NodeDeviceTreeLine>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        void Walk(NodeDevice d, int depth, string indent, bool last)
        {
            if (!visited.Add(d.Name)) return; // a parent cycle in broken XML must not loop forever
            lines.Add(new NodeDeviceTreeLine(d, depth, depth == 0 ? d.Name : indent + (last ? "`- " : "+- ") + d.Name));
            if (!children.TryGetValue(d.Name, out var kids)) return;
            string next = depth == 0 ? "" : indent + (last ? "   " : "|  ");
            for (int i = 0; i < kids.Count; i++) Walk(kids[i], depth + 1, next, i == kids.Count - 1);
        }
        foreach (var r in roots) Walk(r, 0, "", true);
        return lines;
    }

    /// <summary><paramref name="device"/>'s descendants among <paramref name="all"/> (children, their children, ...), in no order.</summary>
    public static IEnumerable<NodeDevice> Descendants(NodeDevice device, IReadOnlyList<NodeDevice> all)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { device.Name };
        var queue = new Queue<string>(new[] { device.Name });
        while (queue.Count > 0)
        {
            string parent = queue.Dequeue();
            foreach (var d in all)
                if (d.Parent == parent && seen.Add(d.Name)) { queue.Enqueue(d.Name); yield return d; }
        }
    }
}
