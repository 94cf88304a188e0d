using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What to list: each filter maps to virConnectListAllDomains flags (null = no filter).</summary>
public sealed record DomainListFilter
{
    /// <summary>true: persistent only; false: transient only.</summary>
    public bool? Persistent { get; init; }
    /// <summary>true: autostart only; false: no autostart only.</summary>
    public bool? Autostart { get; init; }
    /// <summary>Only domains in these states (filtered after the stats call; the list flags narrow first where they can).</summary>
    public IReadOnlyCollection<DomainState>? States { get; init; }
}

/// <summary>Domain queries and actions over the binding. No PowerShell types; usable from plain C#.</summary>
public static class DomainApi
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
    public static uint ListFlags(DomainListFilter? filter)
    {
        uint flags = 0;
        if (filter is null) return 0;
        if (filter.Persistent == true) flags |= (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PERSISTENT;
        if (filter.Persistent == false) flags |= (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_TRANSIENT;
        if (filter.Autostart == true) flags |= (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_AUTOSTART;
        if (filter.Autostart == false) flags |= (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART;
        if (filter.States is { Count: > 0 } states)
        {
            foreach (var s in states)
            {
                flags |= s switch
                {
                    DomainState.Running => (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_RUNNING,
                    DomainState.Paused => (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PAUSED,
                    DomainState.ShutOff => (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_SHUTOFF,
                    _ => (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_OTHER,
                };
            }
        }
        return flags;
    }

    /// <summary>virConnectListAllDomains: the handles of every matching domain (the caller disposes them).</summary>
    public static unsafe List<DomainHandle> ListAll(LibvirtConnection connection, uint flags)
    {
        nint* array = null;
        int n = LibvirtException.Check(Libvirt.virConnectListAllDomains(connection.Handle, (nint*)&array, flags));
        return LibvirtHandle.TakeArray<DomainHandle>(array, n);
    }

    /// <summary>The UUIDs of the domains a list-all flag selects (one call).</summary>
    public static HashSet<Guid> ListUuids(LibvirtConnection connection, uint flags)
    {
        var set = new HashSet<Guid>();
        foreach (var h in ListAll(connection, flags))
            using (h) set.Add(GetUuid(h));
        return set;
    }

    /// <summary>Names of all domains (for completion): one list call, the names are read locally.</summary>
    public static List<string> ListNames(LibvirtConnection connection)
    {
        var names = new List<string>();
        foreach (var h in ListAll(connection, 0))
            using (h) names.Add(GetName(h));
        return names;
    }

    public static string GetName(DomainHandle h) => LibvirtException.Check(Libvirt.virDomainGetName(h));

    public static unsafe Guid GetUuid(DomainHandle h)
    {
        byte* raw = stackalloc byte[16];
        LibvirtException.Check(Libvirt.virDomainGetUUID(h, raw));
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    /// <summary>The id of a running domain, null when inactive (virDomainGetID answers from the handle, no round trip).</summary>
    public static int? GetId(DomainHandle h)
    {
        uint id = Libvirt.virDomainGetID(h);
        return id == uint.MaxValue ? null : (int)id;
    }

    public static DomainHandle LookupByName(LibvirtConnection c, string name) =>
        LibvirtException.Check(Libvirt.virDomainLookupByName(c.Handle, name));

    public static DomainHandle LookupByUuid(LibvirtConnection c, Guid uuid) =>
        LibvirtException.Check(Libvirt.virDomainLookupByUUIDString(c.Handle, uuid.ToString("D")));

    public static DomainHandle LookupById(LibvirtConnection c, int id) =>
        LibvirtException.Check(Libvirt.virDomainLookupByID(c.Handle, id));

    /// <summary>Like LookupByName but null when there is no such domain (other failures still throw).</summary>
    public static DomainHandle? TryLookupByName(LibvirtConnection c, string name)
    {
        var h = Libvirt.virDomainLookupByName(c.Handle, name);
        if (!h.IsInvalid) return h;
        var ex = LibvirtException.FromLastError();
        h.Dispose();
        if (ex.Code == VirErrorNumber.VIR_ERR_NO_DOMAIN) return null;
        throw ex;
    }

    public static DomainHandle? TryLookupByUuid(LibvirtConnection c, Guid uuid)
    {
        var h = Libvirt.virDomainLookupByUUIDString(c.Handle, uuid.ToString("D"));
        if (!h.IsInvalid) return h;
        var ex = LibvirtException.FromLastError();
        h.Dispose();
        if (ex.Code == VirErrorNumber.VIR_ERR_NO_DOMAIN) return null;
        throw ex;
    }

    public static unsafe (DomainState State, int Reason) GetState(DomainHandle h)
    {
        int state, reason;
        LibvirtException.Check(Libvirt.virDomainGetState(h, &state, &reason, 0));
        return (MapState(state), reason);
    }

    /// <summary>Title and description (null when unset: libvirt reports VIR_ERR_NO_DOMAIN_METADATA).</summary>
    public static (string? Title, string? Description) GetMetadata(DomainHandle h, bool inactive = false)
    {
        uint flags = inactive ? 2u /* VIR_DOMAIN_AFFECT_CONFIG */ : 0u;
        return (ReadMetadata(h, VirDomainMetadataType.VIR_DOMAIN_METADATA_TITLE, flags),
                ReadMetadata(h, VirDomainMetadataType.VIR_DOMAIN_METADATA_DESCRIPTION, flags));
    }

    private static string? ReadMetadata(DomainHandle h, VirDomainMetadataType type, uint flags)
    {
        string? value = Libvirt.virDomainGetMetadata(h, (int)type, null, flags);
        if (value is not null) return value;
        var ex = LibvirtException.FromLastError();
        if (ex.Code is VirErrorNumber.VIR_ERR_NO_DOMAIN_METADATA) return null;
        throw ex;
    }

    /// <summary>A fresh snapshot of one domain (per-domain calls: use <see cref="List"/> for many).</summary>
    public static unsafe Domain GetDomain(DomainHandle h, LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var (state, reason) = GetState(h);
        VirDomainInfo info;
        LibvirtException.Check(Libvirt.virDomainGetInfo(h, &info));
        int autostart;
        LibvirtException.Check(Libvirt.virDomainGetAutostart(h, &autostart));
        bool persistent = LibvirtException.Check(Libvirt.virDomainIsPersistent(h)) == 1;
        int managed = Libvirt.virDomainHasManagedSaveImage(h, 0);
        if (managed < 0) { Libvirt.virResetLastError(); managed = 0; } // Transient domains and some drivers: no managed save.
        var (title, description) = GetMetadata(h);
        int? id = GetId(h);
        return new Domain
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
        uint flags = ListFlags(filter);
        // The autostart, transient and managed-save sets are three more list-all calls. They do not depend on the
        // main listing, so they run beside it on another thread: libvirt connections serve concurrent calls (over
        // the network the requests are pipelined on the one socket), and the error state read after a failure is
        // per thread.
        var sets = System.Threading.Tasks.Task.Run(() => ListSets(connection, filter));
        // Without a name or autostart filter, one virConnectGetAllDomainStats answers both the list and the stats
        // (its filter flags are virConnectListAllDomains' for activity, persistence and state; it has no autostart
        // flag). Over a remote connection that is one round trip instead of two, and the domain list is not sent
        // back to the daemon.
        List<DomainHandle> handles = new();
        try
        {
            DomainStats?[] stats;
            if (nameFilter is null && filter?.Autostart is null && TryGetAllStats(connection, flags, out var all, out var allStats))
            {
                handles = all;
                stats = allStats;
            }
            else
            {
                handles = ListAll(connection, flags);
                if (nameFilter is not null)
                {
                    for (int i = handles.Count - 1; i >= 0; i--)
                    {
                        if (nameFilter(GetName(handles[i]))) continue;
                        handles[i].Dispose();
                        handles.RemoveAt(i);
                    }
                }
                stats = handles.Count == 0 ? Array.Empty<DomainStats?>() : GetStats(handles);
            }
            if (handles.Count == 0) return new List<Domain>();

            var (autostart, transient, managed) = sets.GetAwaiter().GetResult();
            bool local = !LibvirtConnection.IsRemote(connection.Uri);
            int fallbacks = 0;
            var built = new Domain?[handles.Count];

            void Build(int i)
            {
                var h = handles[i];
                var s = stats[i] ?? new DomainStats();
                if (s.State is null || ((s.VCpus is null || s.MemoryKiB is null) && local))
                {
                    VirDomainInfo info;
                    if (Libvirt.virDomainGetInfo(h, &info) == 0)
                    {
                        System.Threading.Interlocked.Increment(ref fallbacks);
                        s.State ??= info.state;
                        s.VCpus ??= info.nrVirtCpu;
                        s.MemoryKiB ??= (long)info.memory.Value;
                        s.MaxMemoryKiB ??= (long)info.maxMem.Value;
                        s.CpuTimeNs ??= (long)info.cpuTime;
                    }
                    else
                    {
                        var ex = LibvirtException.FromLastError();
                        if (ex.Code == VirErrorNumber.VIR_ERR_NO_DOMAIN) return; // Gone since the listing.
                        throw ex;
                    }
                }
                var state = MapState(s.State ?? 0);
                if (filter?.States is { Count: > 0 } wanted && !((ICollection<DomainState>)wanted).Contains(state)) return;
                Guid uuid = GetUuid(h);
                int? id = GetId(h);
                var d = new Domain
                {
                    Name = GetName(h),
                    Id = id,
                    Uuid = uuid,
                    State = state,
                    StateReason = s.Reason is int r ? StateReasonName(state, r) : null,
                    VCpus = s.VCpus,
                    MemoryBytes = s.MemoryKiB * 1024,
                    MaxMemoryBytes = s.MaxMemoryKiB * 1024,
                    // Some drivers (the test driver) report a CPU time for inactive domains too; it is zero.
                    CpuTime = id is null ? TimeSpan.Zero : s.CpuTimeNs is long ns ? TimeSpan.FromTicks(ns / 100) : null,
                    Autostart = autostart?.Contains(uuid) ?? filter!.Autostart!.Value,
                    Persistent = transient is null ? filter!.Persistent!.Value : !transient.Contains(uuid),
                    HasManagedSave = managed.Contains(uuid),
                    Hypervisor = hypervisor,
                };
                d.DeferMetadata(connection);
                built[i] = d;
            }

            // Reading thousands of domains is a few calls each (UUID, name, id; info on local drivers without bulk
            // vCPUs and memory) that libvirt answers concurrently: spread over the cores they take a fraction of the
            // time. Failures surface as the first LibvirtException, as in the sequential loop.
            if (handles.Count >= ParallelThreshold && Environment.ProcessorCount > 1)
            {
                try
                {
                    var ranges = System.Collections.Concurrent.Partitioner.Create(0, handles.Count, Math.Max(64, handles.Count / (Environment.ProcessorCount * 4)));
                    System.Threading.Tasks.Parallel.ForEach(ranges, range => { for (int i = range.Item1; i < range.Item2; i++) Build(i); });
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }
            else
            {
                for (int i = 0; i < handles.Count; i++) Build(i);
            }
            LastInfoFallbacks = fallbacks;
            var result = new List<Domain>(built.Length);
            foreach (var d in built) if (d is not null) result.Add(d);
            return result;
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
            // Never leave the side task running or its failure unobserved (an empty listing returns early).
            if (!sets.IsCompleted) ((IAsyncResult)sets).AsyncWaitHandle.WaitOne();
            _ = sets.Exception;
        }
    }

    /// <summary>
    /// The autostart, transient and managed-save UUID sets (null where the filter already decides). Each set is
    /// asked for its usually short side: a list-all call creates a handle per listed domain, and transient domains
    /// are the few.
    /// </summary>
    private static (HashSet<Guid>? Autostart, HashSet<Guid>? Transient, HashSet<Guid> Managed) ListSets(LibvirtConnection connection, DomainListFilter? filter) =>
        (filter?.Autostart is bool ? null : ListUuids(connection, (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_AUTOSTART),
         filter?.Persistent is bool ? null : ListUuids(connection, (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_TRANSIENT),
         ListUuids(connection, (uint)VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE));

    /// <summary>
    /// virConnectGetAllDomainStats: the matching domains (a reference of their own each, the caller disposes them)
    /// and their stats at the same index, in one call. False when the driver has no bulk stats.
    /// </summary>
    internal static unsafe bool TryGetAllStats(LibvirtConnection connection, uint listFlags, out List<DomainHandle> handles, out DomainStats?[] stats)
    {
        const uint sharedFlags = 0xFF; // ACTIVE..OTHER: the same bits as virConnectListAllDomains' flags
        handles = new List<DomainHandle>();
        stats = Array.Empty<DomainStats?>();
        VirDomainStatsRecord** records = null;
        int n = Libvirt.virConnectGetAllDomainStats(connection.Handle, StatsWanted, &records, listFlags & sharedFlags);
        if (n < 0)
        {
            var ex = LibvirtException.FromLastError();
            if (ex.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT) return false;
            throw ex;
        }
        try
        {
            handles.Capacity = n;
            stats = new DomainStats?[n];
            for (int i = 0; i < n; i++)
            {
                var rec = records[i];
                // The record owns its domain reference: take one of our own for the handle.
                var h = LibvirtHandle.FromOwned<DomainHandle>(rec->dom);
                if (Libvirt.virDomainRef(h) < 0)
                {
                    h.SetHandleAsInvalid();
                    throw LibvirtException.FromLastError();
                }
                handles.Add(h);
                stats[i] = ReadStats(rec);
            }
            return true;
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            handles.Clear();
            throw;
        }
        finally
        {
            if (records != null) Libvirt.virDomainStatsRecordListFree(records);
        }
    }

    internal sealed class DomainStats
    {
        public int? State, Reason, VCpus;
        public long? MemoryKiB, MaxMemoryKiB, CpuTimeNs;
    }

    /// <summary>
    /// One virDomainListGetStats call for the given domains; the stats at each domain's index (null for a domain
    /// the driver did not report, e.g. gone since the listing; all null for a driver without bulk stats).
    /// </summary>
    internal static unsafe DomainStats?[] GetStats(List<DomainHandle> handles)
    {
        var result = new DomainStats?[handles.Count];
        nint* doms = (nint*)NativeMemory.Alloc((nuint)(handles.Count + 1), (nuint)sizeof(nint));
        VirDomainStatsRecord** records = null;
        try
        {
            var index = new Dictionary<Guid, int>(handles.Count);
            for (int i = 0; i < handles.Count; i++)
            {
                doms[i] = handles[i].Pointer;
                index[GetUuid(handles[i])] = i;
            }
            doms[handles.Count] = 0;
            int n = Libvirt.virDomainListGetStats(doms, StatsWanted, &records, 0);
            if (n < 0)
            {
                var ex = LibvirtException.FromLastError();
                // A driver without bulk stats: every domain falls back to per-domain info.
                if (ex.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT) return result;
                throw ex;
            }
            // The records need not follow the order of the request (a remote driver sends new domain objects).
            for (int i = 0; i < n; i++)
            {
                var rec = records[i];
                if (index.TryGetValue(BorrowedUuid(rec->dom), out int at)) result[at] = ReadStats(rec);
            }
            return result;
        }
        finally
        {
            if (records != null) Libvirt.virDomainStatsRecordListFree(records);
            NativeMemory.Free(doms);
        }
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

    // A domain pointer owned by someone else (a stats record): read its UUID without taking a reference.
    private static Guid BorrowedUuid(nint dom)
    {
        var h = LibvirtHandle.FromOwned<DomainHandle>(dom);
        try { return GetUuid(h); }
        finally { h.SetHandleAsInvalid(); }
    }
}
