using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Domain statistics (virsh domstats) through libvirt's bulk calls: virConnectGetAllDomainStats for every domain
/// of a connection, virDomainListGetStats for chosen ones. One call per connection, never one per domain.
/// </summary>
internal static class DomainStatsApi
{
    /// <summary>
    /// virConnectGetAllDomainStats: the statistics of every domain. <paramref name="groups"/> are VIR_DOMAIN_STATS_*
    /// bits (0: every group the driver supports); <paramref name="flags"/> are virConnectGetAllDomainStatsFlags.
    /// In libvirt's order.
    /// </summary>
    // AggressiveOptimization here and on the per-record methods (ReadRecord, FieldNames.Get, ReadValue, Build,
    // DomainApi.GetName/GetUuid): they run 10,000 times per call, and tiered compilation leaves them as unoptimized
    // tier-0 code for the first several calls in a PowerShell session (it waits for a pause in new JIT work before
    // counting calls, and the host keeps compiling). Measured over 9 alternating fresh sessions, warm-up plus 5
    // reads of 10,000 domains: the median read took ~8 ms less thread CPU (e.g. 33-40 ms against 41-53 ms).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe List<DomainStatistics> GetAll(LibvirtConnection connection, Hypervisor? hypervisor, uint groups, VirConnectGetAllDomainStatsFlags flags)
    {
        VirDomainStatsRecord** records = null;
        int n = Vir.ConnectGetAllDomainStats(connection.Handle, groups, &records, flags);
        var timestamp = DateTime.UtcNow;
        try
        {
            var result = new List<DomainStatistics>(n);
            using var cursor = LibvirtHandle.Cursor<DomainHandle>();
            var names = new FieldNames();
            for (int i = 0; i < n; i++) result.Add(ReadRecord(records[i], cursor, hypervisor, timestamp, names));
            return result;
        }
        finally
        {
            FreeRecords(records, n);
        }
    }

    /// <summary>
    /// virDomainStatsRecordListFree. Everything was copied out of the records, and freeing thousands of them (a
    /// domain reference, a parameter array and its strings each) takes longer than the bulk call that made them
    /// (10,000 test-driver records: ~11 ms against ~7 ms for the call): a large list is freed on a pool thread while
    /// the caller goes on, as DomainApi.List frees its listing. Each domain holds its own reference to the
    /// connection, so a Disconnect meanwhile is safe.
    /// </summary>
    private static unsafe void FreeRecords(VirDomainStatsRecord** records, int count)
    {
        if (records == null) return;
        if (count >= DomainApi.ParallelThreshold)
        {
            nint list = (nint)records;
            System.Threading.Tasks.Task.Run(() => Libvirt.virDomainStatsRecordListFree((VirDomainStatsRecord**)list));
        }
        else Libvirt.virDomainStatsRecordListFree(records);
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
        int n = 0;
        try
        {
            for (int i = 0; i < distinct.Count; i++) doms[i] = distinct[i];
            doms[distinct.Count] = 0;
            // The handles stay alive: the caller holds them for the duration of the call.
            n = Vir.DomainListGetStats(doms, groups, &records, flags);
            GC.KeepAlive(domains);
            var timestamp = DateTime.UtcNow;
            using var cursor = LibvirtHandle.Cursor<DomainHandle>();
            var names = new FieldNames();
            for (int j = 0; j < n; j++)
            {
                var stats = ReadRecord(records[j], cursor, hypervisor, timestamp, names);
                if (positions.TryGetValue(stats.Uuid, out var at))
                    foreach (int i in at) result[i] = stats;
            }
            return result;
        }
        finally
        {
            NativeMemory.Free(doms);
            FreeRecords(records, n);
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

    /// <summary>The flags that choose domains (active, persistent, running, ...): the same bits as virConnectListAllDomains'.</summary>
    private const VirConnectGetAllDomainStatsFlags ListFilters = (VirConnectGetAllDomainStatsFlags)0xFF;

    private static List<DomainStatistics> GetSelected(LibvirtConnection connection, Hypervisor? hypervisor, Func<DomainHandle, bool> select, uint groups, VirConnectGetAllDomainStatsFlags flags)
    {
        // virDomainListGetStats may refuse the filters: they choose the domains listed, and the rest go to the read.
        var all = DomainApi.ListAll(connection, (VirConnectListAllDomainsFlags)(flags & ListFilters));
        flags &= ~ListFilters;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe DomainStatistics ReadRecord(VirDomainStatsRecord* rec, DomainHandle cursor, Hypervisor? hypervisor, DateTime timestamp, FieldNames names)
    {
        cursor.MoveTo(rec->dom);
        var fields = rec->nparams > 0 ? new KeyValuePair<string, object?>[rec->nparams] : Array.Empty<KeyValuePair<string, object?>>();
        for (int j = 0; j < fields.Length; j++)
        {
            var p = &rec->@params[j];
            fields[j] = new(names.Get(p->field, j), ReadValue(p));
        }
        return Build(DomainApi.GetName(cursor), DomainApi.GetUuid(cursor), hypervisor, timestamp, fields);
    }

    /// <summary>
    /// The field names of one bulk call's records, each made into a string once per call. Every record of a call has
    /// mostly the same names at the same positions (libvirt fills them group by group in a fixed order), so a name
    /// is compared, in place, with the one seen at its position before; only a new name is decoded, and it is
    /// shared with the earlier records that had it. Thousands of records then hold a few dozen name strings, not
    /// a string per field. One call, one thread.
    /// </summary>
    internal sealed unsafe class FieldNames
    {
        private const int FieldLength = 80; // VIR_TYPED_PARAM_FIELD_LENGTH, the NUL included
        private (byte[] Utf8, string Name)[] _atPosition = new (byte[], string)[16];
        private readonly Dictionary<string, (byte[] Utf8, string Name)> _seen = new(StringComparer.Ordinal);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string Get(byte* field, int position)
        {
            var span = new ReadOnlySpan<byte>(field, FieldLength);
            int nul = span.IndexOf((byte)0);
            if (nul >= 0) span = span[..nul];
            if (position < _atPosition.Length && _atPosition[position].Utf8 is byte[] known && span.SequenceEqual(known))
                return _atPosition[position].Name;

            string decoded = System.Text.Encoding.UTF8.GetString(span);
            if (!_seen.TryGetValue(decoded, out var entry)) _seen[decoded] = entry = (span.ToArray(), decoded);
            if (position >= _atPosition.Length) Array.Resize(ref _atPosition, Math.Max(position + 1, _atPosition.Length * 2));
            _atPosition[position] = entry;
            return entry.Name;
        }
    }

    /// <summary>A parameter's value; null for a type newer than this module knows (the field is still listed in Raw).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe object? ReadValue(VirTypedParameter* p) => (VirTypedParameterType)p->type switch
    {
        // Small counts and enum values (state, reason, vCPU numbers) are most of what a listing reads: their boxes
        // are shared instead of allocated per field (boxed numbers are immutable).
        VirTypedParameterType.VIR_TYPED_PARAM_INT => (uint)p->value.i < SmallBoxes ? BoxedInts[p->value.i] : p->value.i,
        VirTypedParameterType.VIR_TYPED_PARAM_UINT => p->value.ui < SmallBoxes ? BoxedUInts[p->value.ui] : p->value.ui,
        VirTypedParameterType.VIR_TYPED_PARAM_LLONG or
        VirTypedParameterType.VIR_TYPED_PARAM_ULLONG or
        VirTypedParameterType.VIR_TYPED_PARAM_DOUBLE or VirTypedParameterType.VIR_TYPED_PARAM_BOOLEAN or
        VirTypedParameterType.VIR_TYPED_PARAM_STRING => TypedParameters.ReadValue(p),
        _ => null,
    };

    private const int SmallBoxes = 64;
    private static readonly object[] BoxedInts = Enumerable.Range(0, SmallBoxes).Select(i => (object)i).ToArray();
    private static readonly object[] BoxedUInts = Enumerable.Range(0, SmallBoxes).Select(i => (object)(uint)i).ToArray();

    /// <summary>
    /// Builds the model from one record's fields (libvirt's names and values, in its order): the known fields fill
    /// the typed properties, numbered ones (vcpu.N.*, block.N.*, net.N.*) the per-device entries, and every field
    /// goes to Raw. Unknown fields, and known ones of an unexpected type, are kept in Raw only. A field that occurs
    /// twice counts with its last value.
    /// </summary>
    public static DomainStatistics Parse(string name, Guid uuid, Hypervisor? hypervisor, DateTime timestamp, IEnumerable<KeyValuePair<string, object?>> fields) =>
        Build(name, uuid, hypervisor, timestamp, fields.ToArray());

    /// <summary>
    /// <see cref="Parse"/> over the record's own array, which the result keeps for Raw. One pass over the fields,
    /// with no dictionary per record: the top-level fields go straight to their properties, and a per-device entry
    /// is made only for the devices a record has.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DomainStatistics Build(string name, Guid uuid, Hypervisor? hypervisor, DateTime timestamp, KeyValuePair<string, object?>[] fields)
    {
        long? stateValue = null, reasonValue = null, cpuTime = null, cpuUser = null, cpuSystem = null, vcpuCurrent = null, vcpuMaximum = null;
        long? balloonCurrent = null, balloonMaximum = null, balloonRss = null, balloonUsable = null, balloonAvailable = null, balloonUnused = null;
        SortedDictionary<int, VCpuFields>? vcpus = null;
        SortedDictionary<int, BlockFields>? blocks = null;
        SortedDictionary<int, NetFields>? nets = null;

        foreach (var (field, value) in fields)
        {
            if (TrySplitIndexedSpan(field, "vcpu", out int i, out var rest)) Entry(ref vcpus, i).Set(rest, value);
            else if (TrySplitIndexedSpan(field, "block", out i, out rest)) Entry(ref blocks, i).Set(rest, value);
            else if (TrySplitIndexedSpan(field, "net", out i, out rest)) Entry(ref nets, i).Set(rest, value);
            else
            {
                switch (field)
                {
                    case "state.state": stateValue = Long(value); break;
                    case "state.reason": reasonValue = Long(value); break;
                    case "cpu.time": cpuTime = Long(value); break;
                    case "cpu.user": cpuUser = Long(value); break;
                    case "cpu.system": cpuSystem = Long(value); break;
                    case "vcpu.current": vcpuCurrent = Long(value); break;
                    case "vcpu.maximum": vcpuMaximum = Long(value); break;
                    case "balloon.current": balloonCurrent = Long(value); break;
                    case "balloon.maximum": balloonMaximum = Long(value); break;
                    case "balloon.rss": balloonRss = Long(value); break;
                    case "balloon.usable": balloonUsable = Long(value); break;
                    case "balloon.available": balloonAvailable = Long(value); break;
                    case "balloon.unused": balloonUnused = Long(value); break;
                }
            }
        }

        DomainState? state = stateValue is long st ? DomainApi.MapState((int)st) : null;
        string? reason = state is DomainState s && reasonValue is long r ? DomainApi.StateReasonName(s, (int)r) : null;

        return new DomainStatistics
        {
            Name = name,
            Uuid = uuid,
            Hypervisor = hypervisor,
            Timestamp = timestamp,
            State = state,
            StateReason = reason,
            CpuTime = Nanoseconds(cpuTime),
            CpuUser = Nanoseconds(cpuUser),
            CpuSystem = Nanoseconds(cpuSystem),
            VCpuCount = vcpuCurrent is long vc ? (int)vc : null,
            VCpuMaximum = vcpuMaximum is long vm ? (int)vm : null,
            VCpus = ToArray(vcpus, static (index, f) => f.ToModel(index)) ?? Array.Empty<DomainVCpuStatistics>(),
            MemoryCurrentBytes = KiB(balloonCurrent),
            MemoryMaximumBytes = KiB(balloonMaximum),
            MemoryRssBytes = KiB(balloonRss),
            MemoryUsableBytes = KiB(balloonUsable),
            MemoryAvailableBytes = KiB(balloonAvailable),
            MemoryUnusedBytes = KiB(balloonUnused),
            Block = ToArray(blocks, static (index, f) => f.ToModel(index)) ?? Array.Empty<DomainBlockStatistics>(),
            Network = ToArray(nets, static (index, f) => f.ToModel(index)) ?? Array.Empty<DomainInterfaceStatistics>(),
            RawFields = fields,
        };
    }

    // One device's fields while a record is read (last value wins, as for the top-level ones); made into the model at the end.
    private sealed class VCpuFields
    {
        private long? _state, _time, _wait, _delay;
        private bool? _halted;

        public void Set(ReadOnlySpan<char> rest, object? value)
        {
            switch (rest)
            {
                case "state": _state = Long(value); break;
                case "time": _time = Long(value); break;
                case "wait": _wait = Long(value); break;
                case "halted": _halted = value is bool b ? b : null; break;
                case "delay": _delay = Long(value); break;
            }
        }

        public DomainVCpuStatistics ToModel(int index) => new()
        {
            Index = index,
            State = _state is long vs ? (VCpuState)vs : null,
            Time = Nanoseconds(_time),
            Wait = Nanoseconds(_wait),
            Halted = _halted,
            Delay = Nanoseconds(_delay),
        };
    }

    private sealed class BlockFields
    {
        private string? _name, _path;
        private long? _backingIndex, _rdReqs, _rdBytes, _rdTimes, _wrReqs, _wrBytes, _wrTimes, _flReqs, _flTimes, _errors, _allocation, _capacity, _physical, _threshold;

        public void Set(ReadOnlySpan<char> rest, object? value)
        {
            switch (rest)
            {
                case "name": _name = value as string; break;
                case "path": _path = value as string; break;
                case "backingIndex": _backingIndex = Long(value); break;
                case "rd.reqs": _rdReqs = Long(value); break;
                case "rd.bytes": _rdBytes = Long(value); break;
                case "rd.times": _rdTimes = Long(value); break;
                case "wr.reqs": _wrReqs = Long(value); break;
                case "wr.bytes": _wrBytes = Long(value); break;
                case "wr.times": _wrTimes = Long(value); break;
                case "fl.reqs": _flReqs = Long(value); break;
                case "fl.times": _flTimes = Long(value); break;
                case "errors": _errors = Long(value); break;
                case "allocation": _allocation = Long(value); break;
                case "capacity": _capacity = Long(value); break;
                case "physical": _physical = Long(value); break;
                case "threshold": _threshold = Long(value); break;
            }
        }

        public DomainBlockStatistics ToModel(int index) => new()
        {
            Index = index,
            Name = _name,
            Path = _path,
            BackingIndex = _backingIndex is long bi ? (int)bi : null,
            ReadRequests = _rdReqs,
            ReadBytes = _rdBytes,
            ReadTime = Nanoseconds(_rdTimes),
            WriteRequests = _wrReqs,
            WriteBytes = _wrBytes,
            WriteTime = Nanoseconds(_wrTimes),
            FlushRequests = _flReqs,
            FlushTime = Nanoseconds(_flTimes),
            Errors = _errors,
            AllocationBytes = _allocation,
            CapacityBytes = _capacity,
            PhysicalBytes = _physical,
            ThresholdBytes = _threshold,
        };
    }

    private sealed class NetFields
    {
        private string? _name;
        private long? _rxBytes, _rxPkts, _rxErrs, _rxDrop, _txBytes, _txPkts, _txErrs, _txDrop;

        public void Set(ReadOnlySpan<char> rest, object? value)
        {
            switch (rest)
            {
                case "name": _name = value as string; break;
                case "rx.bytes": _rxBytes = Long(value); break;
                case "rx.pkts": _rxPkts = Long(value); break;
                case "rx.errs": _rxErrs = Long(value); break;
                case "rx.drop": _rxDrop = Long(value); break;
                case "tx.bytes": _txBytes = Long(value); break;
                case "tx.pkts": _txPkts = Long(value); break;
                case "tx.errs": _txErrs = Long(value); break;
                case "tx.drop": _txDrop = Long(value); break;
            }
        }

        public DomainInterfaceStatistics ToModel(int index) => new()
        {
            Index = index,
            Name = _name,
            RxBytes = _rxBytes,
            RxPackets = _rxPkts,
            RxErrors = _rxErrs,
            RxDrops = _rxDrop,
            TxBytes = _txBytes,
            TxPackets = _txPkts,
            TxErrors = _txErrs,
            TxDrops = _txDrop,
        };
    }

    private static T Entry<T>(ref SortedDictionary<int, T>? map, int index) where T : new()
    {
        map ??= new SortedDictionary<int, T>();
        if (!map.TryGetValue(index, out var entry)) map[index] = entry = new T();
        return entry;
    }

    private static TModel[]? ToArray<TFields, TModel>(SortedDictionary<int, TFields>? map, Func<int, TFields, TModel> toModel)
    {
        if (map is null) return null;
        var result = new TModel[map.Count];
        int k = 0;
        foreach (var (index, f) in map) result[k++] = toModel(index, f);
        return result;
    }

    /// <summary>
    /// Splits "block.2.rd.bytes" with prefix "block" into 2 and "rd.bytes". False for fields that are not numbered
    /// ("block.count", "vcpu.current", "blockx.1.y").
    /// </summary>
    public static bool TrySplitIndexed(string field, string prefix, out int index, out string rest)
    {
        bool split = TrySplitIndexedSpan(field, prefix, out index, out var span);
        rest = split ? span.ToString() : "";
        return split;
    }

    /// <summary>As the string form, with the rest as a slice of <paramref name="field"/> (no string per field).</summary>
    private static bool TrySplitIndexedSpan(string field, string prefix, out int index, out ReadOnlySpan<char> rest)
    {
        index = 0;
        rest = default;
        if (field.Length <= prefix.Length + 1 || !field.StartsWith(prefix, StringComparison.Ordinal) || field[prefix.Length] != '.') return false;
        int start = prefix.Length + 1;
        int dot = field.IndexOf('.', start);
        if (dot <= start || dot == field.Length - 1) return false;
        var digits = field.AsSpan(start, dot - start);
        foreach (char c in digits) if (c is < '0' or > '9') return false;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index)) return false;
        rest = field.AsSpan(dot + 1);
        return true;
    }

    private static long? Long(object? v) => v switch
    {
        int i => i,
        uint u => u,
        long l => l,
        ulong ul => unchecked((long)ul),
        _ => null,
    };

    private static TimeSpan? Nanoseconds(long? ns) => ns is long n ? TimeSpan.FromTicks(n / 100) : null;

    private static long? KiB(long? k) => k is long v ? checked(v * 1024) : null;
}
