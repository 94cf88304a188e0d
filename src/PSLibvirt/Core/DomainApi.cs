using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What to list: each filter maps to virConnectListAllDomains flags (null = no filter).</summary>
internal sealed record DomainListFilter
{
    /// <summary>true: persistent only; false: transient only.</summary>
    public bool? Persistent { get; init; }
    /// <summary>true: autostart only; false: no autostart only.</summary>
    public bool? Autostart { get; init; }
    /// <summary>Only domains in these states (filtered after the stats call; the list flags narrow first where they can).</summary>
    public IReadOnlyCollection<DomainState>? States { get; init; }
}

/// <summary>Domain queries and actions over the binding. No PowerShell types; usable from plain C#.</summary>
internal static class DomainApi
{
    private const uint StatsWanted =
        (uint)(VirDomainStatsTypes.VIR_DOMAIN_STATS_STATE | VirDomainStatsTypes.VIR_DOMAIN_STATS_CPU_TOTAL |
               VirDomainStatsTypes.VIR_DOMAIN_STATS_BALLOON | VirDomainStatsTypes.VIR_DOMAIN_STATS_VCPU);

    /// <summary>Maps libvirt's state number; unknown (newer) values become NoState.</summary>
    public static DomainState MapState(int state) =>
        state is >= 0 and <= (int)VirDomainState.VIR_DOMAIN_PMSUSPENDED ? (DomainState)state : DomainState.NoState;

    /// <summary>The reason's name for a state (VIR_DOMAIN_SHUTOFF_DESTROYED -> "Destroyed"), or the number when unknown.</summary>
    public static string StateReasonName(DomainState state, int reason) =>
        ReasonNames.GetOrAdd((state, reason), static k => ComputeStateReasonName(k.State, k.Reason));

    // Enum.GetName and the Pascal-casing per domain cost ~1 us each: a listing of thousands asks for the same few.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(DomainState State, int Reason), string> ReasonNames = new();

    private static string ComputeStateReasonName(DomainState state, int reason)
    {
        (Type? type, string prefix) = state switch
        {
            DomainState.NoState => (typeof(VirDomainNostateReason), "VIR_DOMAIN_NOSTATE_"),
            DomainState.Running => (typeof(VirDomainRunningReason), "VIR_DOMAIN_RUNNING_"),
            DomainState.Blocked => (typeof(VirDomainBlockedReason), "VIR_DOMAIN_BLOCKED_"),
            DomainState.Paused => (typeof(VirDomainPausedReason), "VIR_DOMAIN_PAUSED_"),
            DomainState.Shutdown => (typeof(VirDomainShutdownReason), "VIR_DOMAIN_SHUTDOWN_"),
            DomainState.ShutOff => (typeof(VirDomainShutoffReason), "VIR_DOMAIN_SHUTOFF_"),
            DomainState.Crashed => (typeof(VirDomainCrashedReason), "VIR_DOMAIN_CRASHED_"),
            DomainState.PMSuspended => (typeof(VirDomainPMSuspendedReason), "VIR_DOMAIN_PMSUSPENDED_"),
            _ => (null, ""),
        };
        string? name = type is null ? null : Enum.GetName(type, reason);
        if (name is null || name.EndsWith("_LAST", StringComparison.Ordinal)) return reason.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ErrorNames.Pascal(name, prefix);
    }

    /// <summary>The virConnectListAllDomains flags for a filter (the state filter narrows by active/inactive and state groups).</summary>
    public static VirConnectListAllDomainsFlags ListFlags(DomainListFilter? filter)
    {
        VirConnectListAllDomainsFlags flags = 0;
        if (filter is null) return 0;
        if (filter.Persistent == true) flags |= VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PERSISTENT;
        if (filter.Persistent == false) flags |= VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_TRANSIENT;
        if (filter.Autostart == true) flags |= VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_AUTOSTART;
        if (filter.Autostart == false) flags |= VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART;
        if (filter.States is { Count: > 0 } states)
        {
            foreach (var s in states)
            {
                flags |= s switch
                {
                    DomainState.Running => VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_RUNNING,
                    DomainState.Paused => VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PAUSED,
                    DomainState.ShutOff => VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_SHUTOFF,
                    _ => VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_OTHER,
                };
            }
        }
        return flags;
    }

    /// <summary>virConnectListAllDomains: the handles of every matching domain (the caller disposes them).</summary>
    public static unsafe List<DomainHandle> ListAll(LibvirtConnection connection, VirConnectListAllDomainsFlags flags)
    {
        nint* array = null;
        int n = Vir.ConnectListAllDomains(connection.Handle, (nint*)&array, flags);
        return LibvirtHandle.TakeArray<DomainHandle>(array, n);
    }

    /// <summary>The UUIDs of the domains a list-all flag selects (one call).</summary>
    public static HashSet<Guid> ListUuids(LibvirtConnection connection, VirConnectListAllDomainsFlags flags)
    {
        var set = new HashSet<Guid>();
        ReadListed(connection, flags, h => set.Add(GetUuid(h)));
        return set;
    }

    /// <summary>Names of all domains (for completion): one list call, the names are read locally.</summary>
    public static List<string> ListNames(LibvirtConnection connection)
    {
        var names = new List<string>();
        ReadListed(connection, 0, h => names.Add(GetName(h)));
        return names;
    }

    /// <summary>One virConnectListAllDomains call; <paramref name="read"/> sees each domain through a cursor, then every reference is freed.</summary>
    private static unsafe void ReadListed(LibvirtConnection connection, VirConnectListAllDomainsFlags flags, Action<DomainHandle> read)
    {
        nint* array = null;
        int n = Vir.ConnectListAllDomains(connection.Handle, (nint*)&array, flags);
        using var cursor = LibvirtHandle.Cursor<DomainHandle>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                cursor.MoveTo(array[i]);
                read(cursor);
            }
        }
        finally
        {
            for (int i = 0; i < n; i++) Libvirt.virDomainFree(array[i]);
            NativeMemory.Free(array);
        }
    }

    // Optimized at once: bulk reads call these once per domain (see DomainStatsApi.GetAll).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static string GetName(DomainHandle h) => Vir.DomainGetName(h);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static unsafe Guid GetUuid(DomainHandle h)
    {
        byte* raw = stackalloc byte[16];
        Vir.DomainGetUUID(h, raw);
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    /// <summary>The id of a running domain, null when inactive (virDomainGetID answers from the handle, no round trip).</summary>
    public static int? GetId(DomainHandle h)
    {
        uint id = Vir.DomainGetID(h);
        return id == uint.MaxValue ? null : (int)id;
    }

    public static DomainHandle LookupByName(LibvirtConnection c, string name) => Vir.DomainLookupByName(c.Handle, name);

    public static DomainHandle LookupByUuid(LibvirtConnection c, Guid uuid) => Vir.DomainLookupByUUIDString(c.Handle, uuid.ToString("D"));

    public static DomainHandle LookupById(LibvirtConnection c, int id) => Vir.DomainLookupByID(c.Handle, id);

    /// <summary>Like LookupByName but null when there is no such domain (other failures still throw).</summary>
    public static DomainHandle? TryLookupByName(LibvirtConnection c, string name) => Vir.TryDomainLookupByName(c.Handle, name);

    public static DomainHandle? TryLookupByUuid(LibvirtConnection c, Guid uuid) => Vir.TryDomainLookupByUUIDString(c.Handle, uuid.ToString("D"));

    public static unsafe (DomainState State, int Reason) GetState(DomainHandle h)
    {
        int state, reason;
        Vir.DomainGetState(h, &state, &reason);
        return (MapState(state), reason);
    }

    /// <summary>Title and description (null when unset: libvirt reports VIR_ERR_NO_DOMAIN_METADATA).</summary>
    public static (string? Title, string? Description) GetMetadata(DomainHandle h, bool inactive = false)
    {
        var flags = inactive ? VirDomainModificationImpact.VIR_DOMAIN_AFFECT_CONFIG : VirDomainModificationImpact.VIR_DOMAIN_AFFECT_CURRENT;
        return (ReadMetadata(h, VirDomainMetadataType.VIR_DOMAIN_METADATA_TITLE, flags),
                ReadMetadata(h, VirDomainMetadataType.VIR_DOMAIN_METADATA_DESCRIPTION, flags));
    }

    private static string? ReadMetadata(DomainHandle h, VirDomainMetadataType type, VirDomainModificationImpact flags) =>
        Vir.TryDomainGetMetadata(h, (int)type, null, flags);

    /// <summary>
    /// The maximum number of virtual CPUs: of the running domain when it is active, else of its definition
    /// (virDomainGetVcpusFlags, VIR_DOMAIN_VCPU_MAXIMUM with the current state, as virsh vcpucount --maximum).
    /// </summary>
    public static int GetMaxVCpus(DomainHandle h) => Vir.DomainGetVcpusFlags(h, VirDomainVcpuFlags.VIR_DOMAIN_VCPU_MAXIMUM);

    /// <summary>
    /// The domain's memory statistics (virDomainMemoryStats, virsh dommemstat), by the names virsh and libvirt-python
    /// give them (actual, swap_in, rss, ...); a tag libvirt adds later is named by its number.
    /// </summary>
    public static unsafe IReadOnlyDictionary<string, ulong> GetMemoryStats(DomainHandle h)
    {
        const int Max = (int)VirDomainMemoryStatTags.VIR_DOMAIN_MEMORY_STAT_NR;
        var stats = stackalloc VirDomainMemoryStatStruct[Max];
        int n = Vir.DomainMemoryStats(h, stats, Max);
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++) result[MemoryStatName(stats[i].tag)] = stats[i].val;
        return result;
    }

    /// <summary>The memory statistics of <see cref="GetMemoryStats"/> as the model (KiB made bytes).</summary>
    public static DomainMemoryStatistics ToMemoryStatistics(IReadOnlyDictionary<string, ulong> v, string name, Guid uuid, Hypervisor? hypervisor)
    {
        long? Kib(string key) => v.TryGetValue(key, out var x) ? checked((long)x * 1024) : null;
        long? Count(string key) => v.TryGetValue(key, out var x) ? (long)x : null;
        return new DomainMemoryStatistics
        {
            Domain = name,
            Uuid = uuid,
            ActualBalloonBytes = Kib("actual"),
            SwapInBytes = Kib("swap_in"),
            SwapOutBytes = Kib("swap_out"),
            MajorFaults = Count("major_fault"),
            MinorFaults = Count("minor_fault"),
            UnusedBytes = Kib("unused"),
            AvailableBytes = Kib("available"),
            UsableBytes = Kib("usable"),
            RssBytes = Kib("rss"),
            DiskCachesBytes = Kib("disk_caches"),
            HugePagesAllocated = Count("hugetlb_pgalloc"),
            HugePagesFailed = Count("hugetlb_pgfail"),
            LastUpdate = v.TryGetValue("last_update", out var t) ? DateTimeOffset.FromUnixTimeSeconds((long)t).LocalDateTime : null,
            Values = v,
            Hypervisor = hypervisor,
        };
    }

    /// <summary>libvirt's name of a memory statistic tag (VIR_DOMAIN_MEMORY_STAT_SWAP_IN: swap_in), as virsh prints it.</summary>
    internal static string MemoryStatName(int tag) => (VirDomainMemoryStatTags)tag switch
    {
        VirDomainMemoryStatTags.VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON => "actual",
        VirDomainMemoryStatTags.VIR_DOMAIN_MEMORY_STAT_NR => tag.ToString(System.Globalization.CultureInfo.InvariantCulture),
        var known when Enum.IsDefined(known) => known.ToString()["VIR_DOMAIN_MEMORY_STAT_".Length..].ToLowerInvariant(),
        _ => tag.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A fresh snapshot of one domain (per-domain calls: use <see cref="List"/> for many).</summary>
    public static unsafe Domain GetDomain(DomainHandle h, LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var (state, reason) = GetState(h);
        VirDomainInfo info;
        Vir.DomainGetInfo(h, &info);
        int autostart;
        Vir.DomainGetAutostart(h, &autostart);
        bool persistent = Vir.DomainIsPersistent(h) == 1;
        int managed;
        try { managed = Vir.DomainHasManagedSaveImage(h); }
        catch (LibvirtException) { managed = 0; } // Transient domains and some drivers: no managed save.
        var (title, description) = GetMetadata(h);
        int? id = GetId(h);
        var d = new Domain
        {
            Name = GetName(h),
            Id = id,
            Uuid = GetUuid(h),
            State = state,
            StateReason = StateReasonName(state, reason),
            VCpus = info.nrVirtCpu,
            MaxMemoryBytes = checked((long)info.maxMem.Value * 1024),
            MemoryBytes = checked((long)info.memory.Value * 1024),
            CpuTime = id is null ? TimeSpan.Zero : TimeSpan.FromTicks((long)(info.cpuTime / 100)),
            Autostart = autostart != 0,
            Persistent = persistent,
            HasManagedSave = managed == 1,
            Title = title,
            Description = description,
            Hypervisor = hypervisor,
        };
        // The maximum vCPU count is read on first use, as for listed domains: -PassThru of many domains makes no extra call.
        d.DeferMaxVCpus(DomainMetadataReader.For(connection));
        return d;
    }

    /// <summary>How many domains <see cref="List"/> completed with a per-domain virDomainGetInfo (diagnostics and tests).</summary>
    [ThreadStatic] public static int LastInfoFallbacks;

    /// <summary>From this many domains on, <see cref="List"/> reads and builds them on all cores.</summary>
    internal const int ParallelThreshold = 512;

    /// <summary>
    /// Every matching domain with a constant number of calls: one virConnectGetAllDomainStats for the domains with
    /// their state, vCPUs, balloon and CPU time (or, with a name filter, virConnectListAllDomains and
    /// virDomainListGetStats), and one list-all call each for the autostart, transient and managed-save sets.
    /// Names, UUIDs and ids are read from the handles without a round trip.
    /// Drivers whose stats lack vCPUs or memory (the test driver reports state only) are completed with
    /// virDomainGetInfo per domain, but only on local connections (no network round trip); over a remote
    /// connection those fields stay null rather than costing a round trip per domain.
    /// Title and Description are read on first use. The order is libvirt's.
    /// </summary>
    public static unsafe List<Domain> List(LibvirtConnection connection, Hypervisor? hypervisor = null, DomainListFilter? filter = null, Func<string, bool>? nameFilter = null)
    {
        LastInfoFallbacks = 0;
        var flags = ListFlags(filter);
        // The autostart, transient and managed-save sets are three more list-all calls. They do not depend on the
        // main listing, so they run beside it on another thread: libvirt connections serve concurrent calls (over
        // the network the requests are pipelined on the one socket), and the error state read after a failure is
        // per thread.
        var sets = BlockingWork.Start(() => ListSets(connection, filter));
        Listing? listing = null;
        try
        {
            // Without a name or autostart filter, one virConnectGetAllDomainStats answers both the list and the
            // stats (its filter flags are virConnectListAllDomains' for activity, persistence and state; it has no
            // autostart flag). Over a remote connection that is one round trip instead of two, and the domain list
            // is not sent back to the daemon.
            if (nameFilter is null && filter?.Autostart is null) listing = Listing.FromAllStats(connection, flags);
            listing ??= Listing.FromList(connection, flags, nameFilter);
            int count = listing.Domains.Length;
            if (count == 0) return new List<Domain>();

            bool local = !LibvirtConnection.IsRemote(connection.Uri);
            int fallbacks = 0;
            var built = new Domain?[count];

            // Everything but the three set memberships, which arrive from the side task meanwhile.
            void Read(int i, DomainHandle h)
            {
                h.MoveTo(listing.Domains[i]);
                var s = listing.StatsOf(i);
                if (s.State is null || ((s.VCpus is null || s.MemoryKiB is null) && local))
                {
                    VirDomainInfo info;
                    try { Vir.DomainGetInfo(h, &info); }
                    catch (LibvirtException ex) when (ex.Code == VirErrorNumber.VIR_ERR_NO_DOMAIN) { return; } // Gone since the listing.
                    System.Threading.Interlocked.Increment(ref fallbacks);
                    s.State ??= info.state;
                    s.VCpus ??= info.nrVirtCpu;
                    s.MemoryKiB ??= (long)info.memory.Value;
                    s.MaxMemoryKiB ??= (long)info.maxMem.Value;
                    s.CpuTimeNs ??= (long)info.cpuTime;
                }
                var state = MapState(s.State ?? 0);
                if (filter?.States is { Count: > 0 } wanted && !((ICollection<DomainState>)wanted).Contains(state)) return;
                int? id = GetId(h);
                var d = new Domain
                {
                    Name = GetName(h),
                    Id = id,
                    Uuid = GetUuid(h),
                    State = state,
                    StateReason = s.Reason is int r ? StateReasonName(state, r) : null,
                    VCpus = s.VCpus,
                    MemoryBytes = s.MemoryKiB * 1024,
                    MaxMemoryBytes = s.MaxMemoryKiB * 1024,
                    // Some drivers (the test driver) report a CPU time for inactive domains too; it is zero.
                    CpuTime = id is null ? TimeSpan.Zero : s.CpuTimeNs is long ns ? TimeSpan.FromTicks(ns / 100) : null,
                    Hypervisor = hypervisor,
                };
                d.DeferMetadata(DomainMetadataReader.For(connection));
                built[i] = d;
            }

            // Reading thousands of domains is a few calls each (UUID, name, id; info on local drivers without bulk
            // vCPUs and memory) that libvirt answers concurrently: spread over the cores they take a fraction of the
            // time. Each thread reads through a cursor of its own. Failures surface as the first LibvirtException,
            // as in the sequential loop.
            if (count >= ParallelThreshold && Environment.ProcessorCount > 1)
            {
                try
                {
                    var ranges = System.Collections.Concurrent.Partitioner.Create(0, count, Math.Max(64, count / (Environment.ProcessorCount * 4)));
                    System.Threading.Tasks.Parallel.ForEach(ranges,
                        LibvirtHandle.Cursor<DomainHandle>,
                        (range, _, cursor) =>
                        {
                            for (int i = range.Item1; i < range.Item2; i++) Read(i, cursor);
                            return cursor;
                        },
                        cursor => cursor.Dispose());
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }
            else
            {
                using var cursor = LibvirtHandle.Cursor<DomainHandle>();
                for (int i = 0; i < count; i++) Read(i, cursor);
            }
            LastInfoFallbacks = fallbacks;

            var (autostart, transient, managed) = sets.GetAwaiter().GetResult();
            var result = new List<Domain>(count);
            foreach (var d in built)
            {
                if (d is null) continue; // Gone, or filtered out by state.
                d.SetMemberships(
                    autostart: autostart?.Contains(d.Uuid) ?? filter!.Autostart!.Value,
                    persistent: transient is null ? filter!.Persistent!.Value : !transient.Contains(d.Uuid),
                    hasManagedSave: managed.Contains(d.Uuid));
                result.Add(d);
            }
            return result;
        }
        finally
        {
            // Freeing thousands of references costs about as much as the bulk call that made them, and nothing
            // here needs them any more: a large listing is freed on a pool thread while the caller goes on. Each
            // domain holds its own reference to the connection, so a Disconnect meanwhile is safe.
            if (listing is { Domains.Length: >= ParallelThreshold }) System.Threading.Tasks.Task.Run(listing.Dispose);
            else listing?.Dispose();
            // Never leave the side task running or its failure unobserved (an empty listing returns early).
            if (!sets.IsCompleted) ((IAsyncResult)sets).AsyncWaitHandle.WaitOne();
            _ = sets.Exception;
        }
    }

    /// <summary>
    /// The domains of one listing as borrowed pointers, and the stats records that describe them (read when each
    /// domain is, so no copy of them is made). Dispose frees the references: with the records they came in, or one
    /// by one for a list-all array.
    /// </summary>
    private sealed unsafe class Listing : IDisposable
    {
        public nint[] Domains = Array.Empty<nint>();
        private VirDomainStatsRecord** _records;
        // For a list-all listing: the record of each domain (-1: none), since virDomainListGetStats need not
        // answer in the order asked. Null when the records are the listing itself.
        private int[]? _recordOf;
        private bool _ownsDomains;

        /// <summary>The stats of domain <paramref name="i"/>; all null when the driver reported none.</summary>
        public DomainStats StatsOf(int i)
        {
            if (_records == null) return default;
            int at = _recordOf is null ? i : _recordOf[i];
            return at < 0 ? default : ReadStats(_records[at]);
        }

        /// <summary>virConnectGetAllDomainStats; null when the driver has no bulk stats.</summary>
        public static Listing? FromAllStats(LibvirtConnection connection, VirConnectListAllDomainsFlags listFlags)
        {
            const uint sharedFlags = 0xFF; // ACTIVE..OTHER: virConnectGetAllDomainStats' filter bits are virConnectListAllDomains' ones
            VirDomainStatsRecord** records = null;
            int n;
            try { n = Vir.ConnectGetAllDomainStats(connection.Handle, StatsWanted, &records, (VirConnectGetAllDomainStatsFlags)((uint)listFlags & sharedFlags)); }
            catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT) { return null; }
            // The records own the domain references until virDomainStatsRecordListFree.
            var listing = new Listing { _records = records, Domains = new nint[n] };
            for (int i = 0; i < n; i++) listing.Domains[i] = records[i]->dom;
            return listing;
        }

        /// <summary>virConnectListAllDomains, the name filter, then virDomainListGetStats for what is left.</summary>
        public static Listing FromList(LibvirtConnection connection, VirConnectListAllDomainsFlags flags, Func<string, bool>? nameFilter)
        {
            nint* array = null;
            int n = Vir.ConnectListAllDomains(connection.Handle, (nint*)&array, flags);
            var kept = new List<nint>(n);
            try
            {
                using var cursor = LibvirtHandle.Cursor<DomainHandle>();
                for (int i = 0; i < n; i++)
                {
                    cursor.MoveTo(array[i]);
                    if (nameFilter is null || nameFilter(GetName(cursor))) { kept.Add(array[i]); array[i] = 0; }
                }
            }
            catch
            {
                foreach (var d in kept) Libvirt.virDomainFree(d);
                throw;
            }
            finally
            {
                // What was not kept (filtered out, or everything after a failure) is freed here.
                for (int i = 0; i < n; i++) if (array[i] != 0) Libvirt.virDomainFree(array[i]);
                NativeMemory.Free(array);
            }
            var listing = new Listing { _ownsDomains = true, Domains = kept.ToArray() };
            try
            {
                if (listing.Domains.Length > 0) listing.GetStats();
                return listing;
            }
            catch
            {
                listing.Dispose();
                throw;
            }
        }

        /// <summary>One virDomainListGetStats call for the listed domains (none kept for a driver without bulk stats).</summary>
        private void GetStats()
        {
            nint* doms = (nint*)NativeMemory.Alloc((nuint)(Domains.Length + 1), (nuint)sizeof(nint));
            using var cursor = LibvirtHandle.Cursor<DomainHandle>();
            try
            {
                var index = new Dictionary<Guid, int>(Domains.Length);
                for (int i = 0; i < Domains.Length; i++)
                {
                    doms[i] = Domains[i];
                    cursor.MoveTo(Domains[i]);
                    index[GetUuid(cursor)] = i;
                }
                doms[Domains.Length] = 0;
                VirDomainStatsRecord** records = null;
                int n;
                try { n = Vir.DomainListGetStats(doms, StatsWanted, &records); }
                // A driver without bulk stats: every domain falls back to per-domain info.
                catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT) { return; }
                _records = records;
                _recordOf = new int[Domains.Length];
                Array.Fill(_recordOf, -1);
                for (int j = 0; j < n; j++)
                {
                    cursor.MoveTo(records[j]->dom);
                    if (index.TryGetValue(GetUuid(cursor), out int at)) _recordOf[at] = j;
                }
            }
            finally
            {
                NativeMemory.Free(doms);
            }
        }

        public void Dispose()
        {
            if (_records != null) { Libvirt.virDomainStatsRecordListFree(_records); _records = null; }
            if (_ownsDomains) foreach (var d in Domains) Libvirt.virDomainFree(d);
            _ownsDomains = false;
            Domains = Array.Empty<nint>();
        }
    }

    /// <summary>
    /// The autostart, transient and managed-save UUID sets (null where the filter already decides). Each set is
    /// asked for its usually short side: a list-all call creates a handle per listed domain, and transient domains
    /// are the few.
    /// </summary>
    private static (HashSet<Guid>? Autostart, HashSet<Guid>? Transient, HashSet<Guid> Managed) ListSets(LibvirtConnection connection, DomainListFilter? filter) =>
        (filter?.Autostart is bool ? null : ListUuids(connection, VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_AUTOSTART),
         filter?.Persistent is bool ? null : ListUuids(connection, VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_TRANSIENT),
         ListUuids(connection, VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE));

    internal struct DomainStats
    {
        public int? State, Reason, VCpus;
        public long? MemoryKiB, MaxMemoryKiB, CpuTimeNs;
    }

    private static unsafe DomainStats ReadStats(VirDomainStatsRecord* rec)
    {
        var s = new DomainStats();
        for (int j = 0; j < rec->nparams; j++)
        {
            var p = &rec->@params[j];
            // Compared as bytes: a QEMU guest reports dozens of fields (vcpu.N.*, balloon.*), and making a string
            // of each for thousands of domains only to drop most of them shows in the listing's time.
            var field = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p->field);
            if (field.SequenceEqual("state.state"u8)) s.State = (int)TypedInt(p);
            else if (field.SequenceEqual("state.reason"u8)) s.Reason = (int)TypedInt(p);
            else if (field.SequenceEqual("vcpu.current"u8)) s.VCpus = (int)TypedInt(p);
            else if (field.SequenceEqual("balloon.current"u8)) s.MemoryKiB = TypedInt(p);
            else if (field.SequenceEqual("balloon.maximum"u8)) s.MaxMemoryKiB = TypedInt(p);
            else if (field.SequenceEqual("cpu.time"u8)) s.CpuTimeNs = TypedInt(p);
        }
        return s;
    }

    private static unsafe long TypedInt(VirTypedParameter* p) => (VirTypedParameterType)p->type switch
    {
        VirTypedParameterType.VIR_TYPED_PARAM_INT => p->value.i,
        VirTypedParameterType.VIR_TYPED_PARAM_UINT => p->value.ui,
        VirTypedParameterType.VIR_TYPED_PARAM_LLONG => p->value.l,
        VirTypedParameterType.VIR_TYPED_PARAM_ULLONG => unchecked((long)p->value.ul),
        VirTypedParameterType.VIR_TYPED_PARAM_BOOLEAN => p->value.b,
        VirTypedParameterType.VIR_TYPED_PARAM_DOUBLE => (long)p->value.d,
        _ => 0,
    };
}
