using System.Collections.Specialized;
using System.Globalization;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Domain statistics (virsh domstats) through libvirt's bulk calls: virConnectGetAllDomainStats for every domain
/// of a connection, virDomainListGetStats for chosen ones. One call per connection, never one per domain.
/// </summary>
public static class DomainStatsApi
{
    /// <summary>
    /// virConnectGetAllDomainStats: the statistics of every domain. <paramref name="groups"/> are VIR_DOMAIN_STATS_*
    /// bits (0: every group the driver supports); <paramref name="flags"/> are virConnectGetAllDomainStatsFlags.
    /// In libvirt's order.
    /// </summary>
    public static unsafe List<DomainStatistics> GetAll(LibvirtConnection connection, Hypervisor? hypervisor, uint groups, VirConnectGetAllDomainStatsFlags flags)
    {
        VirDomainStatsRecord** records = null;
        int n = Vir.ConnectGetAllDomainStats(connection.Handle, groups, &records, flags);
        var timestamp = DateTime.UtcNow;
        try
        {
            var result = new List<DomainStatistics>(n);
            using var cursor = LibvirtHandle.Cursor<DomainHandle>();
            for (int i = 0; i < n; i++) result.Add(ReadRecord(records[i], cursor, hypervisor, timestamp));
            return result;
        }
        finally
        {
            if (records != null) Libvirt.virDomainStatsRecordListFree(records);
        }
    }

    /// <summary>
    /// virDomainListGetStats for <paramref name="domains"/> (all on <paramref name="connection"/>): one call.
    /// The result is aligned with the input (libvirt need not answer in the order asked): null where libvirt
    /// returned no record for a domain. The same domain given twice is asked for once.
    /// </summary>
    public static unsafe DomainStatistics?[] GetFor(LibvirtConnection connection, IReadOnlyList<DomainHandle> domains, Hypervisor? hypervisor, uint groups, VirConnectGetAllDomainStatsFlags flags)
    {
        var result = new DomainStatistics?[domains.Count];
        if (domains.Count == 0) return result;
        // Positions of each UUID in the input, and the distinct domains to ask for.
        var positions = new Dictionary<Guid, List<int>>(domains.Count);
        var distinct = new List<nint>(domains.Count);
        for (int i = 0; i < domains.Count; i++)
        {
            var uuid = DomainApi.GetUuid(domains[i]);
            if (!positions.TryGetValue(uuid, out var at))
            {
                positions[uuid] = at = new List<int>(1);
                distinct.Add(domains[i].DangerousGetHandle());
            }
            at.Add(i);
        }
        nint* doms = (nint*)NativeMemory.Alloc((nuint)(distinct.Count + 1), (nuint)sizeof(nint));
        VirDomainStatsRecord** records = null;
        try
        {
            for (int i = 0; i < distinct.Count; i++) doms[i] = distinct[i];
            doms[distinct.Count] = 0;
            // The handles stay alive: the caller holds them for the duration of the call.
            int n = Vir.DomainListGetStats(doms, groups, &records, flags);
            GC.KeepAlive(domains);
            var timestamp = DateTime.UtcNow;
            using var cursor = LibvirtHandle.Cursor<DomainHandle>();
            for (int j = 0; j < n; j++)
            {
                var stats = ReadRecord(records[j], cursor, hypervisor, timestamp);
                if (positions.TryGetValue(stats.Uuid, out var at))
                    foreach (int i in at) result[i] = stats;
            }
            return result;
        }
        finally
        {
            NativeMemory.Free(doms);
            if (records != null) Libvirt.virDomainStatsRecordListFree(records);
        }
    }

    /// <summary>
    /// virConnectListAllDomains, the names <paramref name="nameFilter"/> keeps, then one virDomainListGetStats for
    /// them (none when nothing matches). In the listing's order.
    /// </summary>
    public static List<DomainStatistics> GetMatching(LibvirtConnection connection, Hypervisor? hypervisor, Func<string, bool> nameFilter, uint groups, VirConnectGetAllDomainStatsFlags flags) =>
        GetSelected(connection, hypervisor, h => nameFilter(DomainApi.GetName(h)), groups, flags);

    /// <summary>
    /// The statistics of the domains with these UUIDs: virConnectListAllDomains (the UUIDs are read from the
    /// handles, no round trip) and one virDomainListGetStats. Two calls however many domains are asked for; a UUID
    /// with no domain is simply absent from the result.
    /// </summary>
    public static List<DomainStatistics> GetByUuid(LibvirtConnection connection, Hypervisor? hypervisor, IReadOnlySet<Guid> uuids, uint groups, VirConnectGetAllDomainStatsFlags flags) =>
        GetSelected(connection, hypervisor, h => uuids.Contains(DomainApi.GetUuid(h)), groups, flags);

    private static List<DomainStatistics> GetSelected(LibvirtConnection connection, Hypervisor? hypervisor, Func<DomainHandle, bool> select, uint groups, VirConnectGetAllDomainStatsFlags flags)
    {
        var all = DomainApi.ListAll(connection, 0);
        var kept = new List<DomainHandle>(all.Count);
        try
        {
            foreach (var h in all)
                if (select(h)) kept.Add(h);
            var result = new List<DomainStatistics>(kept.Count);
            if (kept.Count == 0) return result;
            foreach (var s in GetFor(connection, kept, hypervisor, groups, flags))
                if (s is not null) result.Add(s);
            return result;
        }
        finally
        {
            foreach (var h in all) h.Dispose();
        }
    }

    private static unsafe DomainStatistics ReadRecord(VirDomainStatsRecord* rec, DomainHandle cursor, Hypervisor? hypervisor, DateTime timestamp)
    {
        cursor.MoveTo(rec->dom);
        var fields = new List<KeyValuePair<string, object?>>(rec->nparams);
        for (int j = 0; j < rec->nparams; j++)
        {
            var p = &rec->@params[j];
            fields.Add(new(Utf8.Read(p->field) ?? "", ReadValue(p)));
        }
        return Parse(DomainApi.GetName(cursor), DomainApi.GetUuid(cursor), hypervisor, timestamp, fields);
    }

    /// <summary>A parameter's value; null for a type newer than this module knows (the field is still listed in Raw).</summary>
    private static unsafe object? ReadValue(VirTypedParameter* p) => (VirTypedParameterType)p->type switch
    {
        VirTypedParameterType.VIR_TYPED_PARAM_INT or VirTypedParameterType.VIR_TYPED_PARAM_UINT or
        VirTypedParameterType.VIR_TYPED_PARAM_LLONG or VirTypedParameterType.VIR_TYPED_PARAM_ULLONG or
        VirTypedParameterType.VIR_TYPED_PARAM_DOUBLE or VirTypedParameterType.VIR_TYPED_PARAM_BOOLEAN or
        VirTypedParameterType.VIR_TYPED_PARAM_STRING => TypedParameters.ReadValue(p),
        _ => null,
    };

    /// <summary>
    /// Builds the model from one record's fields (libvirt's names and values, in its order): the known fields fill
    /// the typed properties, numbered ones (vcpu.N.*, block.N.*, net.N.*) the per-device entries, and every field
    /// goes to Raw. Unknown fields, and known ones of an unexpected type, are kept in Raw only.
    /// </summary>
    public static DomainStatistics Parse(string name, Guid uuid, Hypervisor? hypervisor, DateTime timestamp, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var raw = new OrderedDictionary(StringComparer.Ordinal);
        var top = new Dictionary<string, object?>(StringComparer.Ordinal);
        var vcpus = new SortedDictionary<int, Dictionary<string, object?>>();
        var blocks = new SortedDictionary<int, Dictionary<string, object?>>();
        var nets = new SortedDictionary<int, Dictionary<string, object?>>();
        foreach (var (field, value) in fields)
        {
            raw[field] = value;
            if (TrySplitIndexed(field, "vcpu", out int i, out string rest)) Entry(vcpus, i)[rest] = value;
            else if (TrySplitIndexed(field, "block", out i, out rest)) Entry(blocks, i)[rest] = value;
            else if (TrySplitIndexed(field, "net", out i, out rest)) Entry(nets, i)[rest] = value;
            else top[field] = value;
        }

        DomainState? state = Long(top, "state.state") is long st ? DomainApi.MapState((int)st) : null;
        string? reason = state is DomainState s && Long(top, "state.reason") is long r ? DomainApi.StateReasonName(s, (int)r) : null;

        var vcpuList = new List<DomainVCpuStatistics>(vcpus.Count);
        foreach (var (index, f) in vcpus)
        {
            vcpuList.Add(new DomainVCpuStatistics
            {
                Index = index,
                State = Long(f, "state") is long vs ? (VCpuState)vs : null,
                Time = Nanoseconds(f, "time"),
                Wait = Nanoseconds(f, "wait"),
                Halted = f.TryGetValue("halted", out var halted) && halted is bool hb ? hb : null,
                Delay = Nanoseconds(f, "delay"),
            });
        }

        var blockList = new List<DomainBlockStatistics>(blocks.Count);
        foreach (var (index, f) in blocks)
        {
            blockList.Add(new DomainBlockStatistics
            {
                Index = index,
                Name = String(f, "name"),
                Path = String(f, "path"),
                BackingIndex = Long(f, "backingIndex") is long bi ? (int)bi : null,
                ReadRequests = Long(f, "rd.reqs"),
                ReadBytes = Long(f, "rd.bytes"),
                ReadTime = Nanoseconds(f, "rd.times"),
                WriteRequests = Long(f, "wr.reqs"),
                WriteBytes = Long(f, "wr.bytes"),
                WriteTime = Nanoseconds(f, "wr.times"),
                FlushRequests = Long(f, "fl.reqs"),
                FlushTime = Nanoseconds(f, "fl.times"),
                Errors = Long(f, "errors"),
                AllocationBytes = Long(f, "allocation"),
                CapacityBytes = Long(f, "capacity"),
                PhysicalBytes = Long(f, "physical"),
                ThresholdBytes = Long(f, "threshold"),
            });
        }

        var netList = new List<DomainInterfaceStatistics>(nets.Count);
        foreach (var (index, f) in nets)
        {
            netList.Add(new DomainInterfaceStatistics
            {
                Index = index,
                Name = String(f, "name"),
                RxBytes = Long(f, "rx.bytes"),
                RxPackets = Long(f, "rx.pkts"),
                RxErrors = Long(f, "rx.errs"),
                RxDrops = Long(f, "rx.drop"),
                TxBytes = Long(f, "tx.bytes"),
                TxPackets = Long(f, "tx.pkts"),
                TxErrors = Long(f, "tx.errs"),
                TxDrops = Long(f, "tx.drop"),
            });
        }

        return new DomainStatistics
        {
            Name = name,
            Uuid = uuid,
            Hypervisor = hypervisor,
            Timestamp = timestamp,
            State = state,
            StateReason = reason,
            CpuTime = Nanoseconds(top, "cpu.time"),
            CpuUser = Nanoseconds(top, "cpu.user"),
            CpuSystem = Nanoseconds(top, "cpu.system"),
            VCpuCount = Long(top, "vcpu.current") is long vc ? (int)vc : null,
            VCpuMaximum = Long(top, "vcpu.maximum") is long vm ? (int)vm : null,
            VCpus = vcpuList.ToArray(),
            MemoryCurrentBytes = KiB(top, "balloon.current"),
            MemoryMaximumBytes = KiB(top, "balloon.maximum"),
            MemoryRssBytes = KiB(top, "balloon.rss"),
            MemoryUsableBytes = KiB(top, "balloon.usable"),
            MemoryAvailableBytes = KiB(top, "balloon.available"),
            MemoryUnusedBytes = KiB(top, "balloon.unused"),
            Block = blockList.ToArray(),
            Network = netList.ToArray(),
            Raw = raw,
        };
    }

    /// <summary>
    /// Splits "block.2.rd.bytes" with prefix "block" into 2 and "rd.bytes". False for fields that are not numbered
    /// ("block.count", "vcpu.current", "blockx.1.y").
    /// </summary>
    public static bool TrySplitIndexed(string field, string prefix, out int index, out string rest)
    {
        index = 0;
        rest = "";
        if (field.Length <= prefix.Length + 1 || !field.StartsWith(prefix, StringComparison.Ordinal) || field[prefix.Length] != '.') return false;
        int start = prefix.Length + 1;
        int dot = field.IndexOf('.', start);
        if (dot <= start || dot == field.Length - 1) return false;
        var digits = field.AsSpan(start, dot - start);
        foreach (char c in digits) if (c is < '0' or > '9') return false;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index)) return false;
        rest = field[(dot + 1)..];
        return true;
    }

    private static Dictionary<string, object?> Entry(SortedDictionary<int, Dictionary<string, object?>> map, int index)
    {
        if (!map.TryGetValue(index, out var d)) map[index] = d = new Dictionary<string, object?>(StringComparer.Ordinal);
        return d;
    }

    private static long? Long(Dictionary<string, object?> f, string key) => f.TryGetValue(key, out var v) ? v switch
    {
        int i => i,
        uint u => u,
        long l => l,
        ulong ul => unchecked((long)ul),
        _ => null,
    } : null;

    private static string? String(Dictionary<string, object?> f, string key) => f.TryGetValue(key, out var v) ? v as string : null;

    private static TimeSpan? Nanoseconds(Dictionary<string, object?> f, string key) =>
        Long(f, key) is long ns ? TimeSpan.FromTicks(ns / 100) : null;

    private static long? KiB(Dictionary<string, object?> f, string key) => Long(f, key) is long k ? checked(k * 1024) : null;
}
