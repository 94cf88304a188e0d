using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// What snapshots and checkpoints share: both form a tree of a domain's points in time, listed oldest first, each
/// read from a handle that may name one deleted since the listing.
/// </summary>
internal static class DomainHistory
{
    /// <summary>
    /// Models of <paramref name="handles"/> (which are disposed), in <see cref="Order"/>; an item libvirt reports as
    /// <paramref name="gone"/> (deleted since the listing) is left out.
    /// </summary>
    public static List<TModel> Models<THandle, TModel>(List<THandle> handles, Func<THandle, TModel> read, VirErrorNumber gone,
        Func<TModel, string> name, Func<TModel, string?> parent, Func<TModel, DateTime> created) where THandle : LibvirtHandle
    {
        var result = new List<TModel>(handles.Count);
        try
        {
            foreach (var h in handles)
            {
                try { result.Add(read(h)); }
                catch (LibvirtException e) when (e.Code == gone) { /* deleted meanwhile */ }
            }
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
        Order(result, name, parent, created);
        return result;
    }

    /// <summary>
    /// Oldest first; items of the same second (creationTime has whole seconds) parents before children, then by
    /// name: a chain taken in one second still lists root to leaf.
    /// </summary>
    public static void Order<T>(List<T> items, Func<T, string> name, Func<T, string?> parent, Func<T, DateTime> created)
    {
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var i in items) parents[name(i)] = parent(i);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(string n)
        {
            if (depth.TryGetValue(n, out int d)) return d;
            int count = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (string? p = n; p is not null && parents.TryGetValue(p, out var up) && up is not null && seen.Add(p); p = up) count++;
            return depth[n] = count;
        }
        items.Sort((a, b) =>
        {
            int c = created(a).CompareTo(created(b));
            if (c == 0) c = Depth(name(a)).CompareTo(Depth(name(b)));
            return c != 0 ? c : string.CompareOrdinal(name(a), name(b));
        });
    }
}
