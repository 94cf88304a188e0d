using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Which disks a migration copies to the destination (virsh migrate --copy-storage-all / -inc).</summary>
public enum MigrationStorageCopy
{
    /// <summary>None: the disks are shared between the hosts (or the domain has none).</summary>
    None,
    /// <summary>Every non-shared disk, in full (VIR_MIGRATE_NON_SHARED_DISK).</summary>
    All,
    /// <summary>Only what the top image adds to a backing file present on both hosts (VIR_MIGRATE_NON_SHARED_INC).</summary>
    Incremental,
}

/// <summary>What a live migration does when it has not completed within its timeout (virsh migrate --timeout).</summary>
public enum MigrationTimeoutAction
{
    /// <summary>Pause the guest so that its memory stops changing and the copy can finish (virsh --timeout-suspend).</summary>
    Suspend,
    /// <summary>Switch to post-copy: the guest runs on the destination at once, its remaining memory follows on demand (virsh --timeout-postcopy; needs PostCopy).</summary>
    PostCopy,
    /// <summary>Abort the migration (virDomainAbortJob): the guest stays on the source, running.</summary>
    Abort,
}

/// <summary>What the caller asks of one migration; <see cref="DomainMigration.Flags"/> and <see cref="DomainMigration.Parameters"/> turn it into libvirt's.</summary>
internal sealed record MigrationOptions
{
    /// <summary>True: live; false: paused while its memory is copied (virsh without --live); null: live when the domain runs.</summary>
    public bool? Live { get; init; }
    /// <summary>Move the definition only (the domain must be inactive, or its definition is copied while it keeps running here).</summary>
    public bool Offline { get; init; }
    public bool Persistent { get; init; }
    public bool UndefineSource { get; init; }
    public MigrationStorageCopy CopyStorage { get; init; }
    public bool Compressed { get; init; }
    public bool AutoConverge { get; init; }
    public bool PostCopy { get; init; }
    /// <summary>MiB/s; null: the hypervisor's default (unlimited for QEMU).</summary>
    public ulong? BandwidthMiBps { get; init; }
    /// <summary>Milliseconds the guest may be paused at the switch-over; null: the hypervisor's default (300 ms for QEMU).</summary>
    public ulong? MaxDowntimeMs { get; init; }
    /// <summary>The source daemon connects to the destination itself (virDomainMigrateToURI3); the client only waits.</summary>
    public bool PeerToPeer { get; init; }
    /// <summary>Data through the libvirtd connection rather than a direct hypervisor connection (needs PeerToPeer).</summary>
    public bool Tunnelled { get; init; }
    /// <summary>Where the destination hypervisor listens for the data (VIR_MIGRATE_PARAM_URI), e.g. tcp://10.0.0.2.</summary>
    public string? MigrationUri { get; init; }
    /// <summary>How long a live migration may run before <see cref="TimeoutAction"/> is taken; null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }
    public MigrationTimeoutAction TimeoutAction { get; init; }
}

/// <summary>One reading of a running migration (virDomainGetJobStats); null members are what the driver did not report.</summary>
internal sealed record MigrationProgress(
    TimeSpan Elapsed,
    ulong? DataProcessed,
    ulong? DataRemaining,
    ulong? DataTotal,
    ulong? MemoryBytesPerSecond,
    ulong? DirtyPagesPerSecond,
    ulong? PageSize,
    ulong? Iteration,
    TimeSpan? ExpectedDowntime,
    ulong? DiskProcessed,
    ulong? DiskTotal)
{
    /// <summary>0..100 of the data transferred so far, or null while the total is unknown.</summary>
    public int? PercentComplete => DataTotal is > 0 && DataProcessed is ulong p
        ? (int)Math.Min(100, p * 100 / DataTotal.Value) : null;

    /// <summary>The dirty rate in bytes per second (pages times the page size), or null.</summary>
    public ulong? DirtyBytesPerSecond => DirtyPagesPerSecond is ulong r && PageSize is ulong s ? r * s : null;

    /// <summary>Reads job statistics as libvirt reports them (names from VIR_DOMAIN_JOB_*).</summary>
    public static MigrationProgress FromStats(IReadOnlyDictionary<string, object> s)
    {
        ulong? U(string name) => s.TryGetValue(name, out var v) ? Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new MigrationProgress(
            TimeSpan.FromMilliseconds(U(LibvirtConstants.VIR_DOMAIN_JOB_TIME_ELAPSED) ?? 0),
            U(LibvirtConstants.VIR_DOMAIN_JOB_DATA_PROCESSED),
            U(LibvirtConstants.VIR_DOMAIN_JOB_DATA_REMAINING),
            U(LibvirtConstants.VIR_DOMAIN_JOB_DATA_TOTAL),
            U(LibvirtConstants.VIR_DOMAIN_JOB_MEMORY_BPS),
            U(LibvirtConstants.VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE),
            U(LibvirtConstants.VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE),
            U(LibvirtConstants.VIR_DOMAIN_JOB_MEMORY_ITERATION),
            U(LibvirtConstants.VIR_DOMAIN_JOB_DOWNTIME) is ulong d ? TimeSpan.FromMilliseconds(d) : null,
            U(LibvirtConstants.VIR_DOMAIN_JOB_DISK_PROCESSED),
            U(LibvirtConstants.VIR_DOMAIN_JOB_DISK_TOTAL));
    }
}

/// <summary>The migration was aborted on request (virDomainAbortJob); the message says where the domain is.</summary>
public sealed class MigrationAbortedException : OperationCanceledException
{
    public MigrationAbortedException(string message, Exception? inner, CancellationToken token) : base(message, inner, token) { }
}

/// <summary>The migration did not complete within its timeout and was aborted (MigrationTimeoutAction.Abort); the message says where the domain is.</summary>
public sealed class MigrationTimeoutException : TimeoutException
{
    public MigrationTimeoutException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>Live and offline migration of a domain to another connection (virDomainMigrate3, virDomainMigrateToURI3).</summary>
internal static class DomainMigration
{
    /// <summary>The states in which a domain has a guest to move live (anything else moves offline).</summary>
    public static readonly DomainState[] ActiveStates =
        { DomainState.Running, DomainState.Paused, DomainState.Blocked, DomainState.PMSuspended, DomainState.NoState };

    /// <summary>Whether a domain in <paramref name="state"/> has a guest to move live.</summary>
    public static bool IsActive(DomainState state) => Array.IndexOf(ActiveStates, state) >= 0;

    /// <summary>Why a timeout that switches to post-copy needs a migration that allows it.</summary>
    public const string TimeoutPostCopyNeedsPostCopy =
        "-TimeoutAction PostCopy needs -PostCopy: libvirt switches to post-copy only a migration started with post-copy allowed.";

    /// <summary>"offline", "live" or "paused": how a migration with <paramref name="flags"/> moves the domain, for messages.</summary>
    public static string Mode(VirDomainMigrateFlags flags) =>
        (flags & VirDomainMigrateFlags.VIR_MIGRATE_OFFLINE) != 0 ? "offline"
        : (flags & VirDomainMigrateFlags.VIR_MIGRATE_LIVE) != 0 ? "live" : "paused";

    /// <summary>The message of a migration libvirt refused or failed: what, between which connections, why, and where the domain is now.</summary>
    public static string FailureMessage(DomainHandle source, string name, string from, string to, LibvirtException e) =>
        $"Cannot move domain '{name}' from '{from}' to '{to}': {e.Message} {WhereIs(source)}";

    /// <summary>
    /// libvirt's flags for <paramref name="o"/>. <paramref name="active"/>: whether the domain runs; an inactive domain
    /// can only move offline, and offline implies a persistent destination (libvirt refuses OFFLINE without PERSIST_DEST).
    /// </summary>
    public static VirDomainMigrateFlags Flags(MigrationOptions o, bool active)
    {
        bool offline = o.Offline || !active;
        VirDomainMigrateFlags f = 0;
        if (offline) f |= VirDomainMigrateFlags.VIR_MIGRATE_OFFLINE | VirDomainMigrateFlags.VIR_MIGRATE_PERSIST_DEST;
        // virsh's default is a paused (non-live) copy; ours is live whenever there is a running guest to keep running.
        else if (o.Live ?? true) f |= VirDomainMigrateFlags.VIR_MIGRATE_LIVE;
        if (o.Persistent) f |= VirDomainMigrateFlags.VIR_MIGRATE_PERSIST_DEST;
        if (o.UndefineSource) f |= VirDomainMigrateFlags.VIR_MIGRATE_UNDEFINE_SOURCE;
        f |= o.CopyStorage switch
        {
            MigrationStorageCopy.All => VirDomainMigrateFlags.VIR_MIGRATE_NON_SHARED_DISK,
            MigrationStorageCopy.Incremental => VirDomainMigrateFlags.VIR_MIGRATE_NON_SHARED_INC,
            _ => 0,
        };
        if (o.Compressed) f |= VirDomainMigrateFlags.VIR_MIGRATE_COMPRESSED;
        if (o.AutoConverge) f |= VirDomainMigrateFlags.VIR_MIGRATE_AUTO_CONVERGE;
        if (o.PostCopy) f |= VirDomainMigrateFlags.VIR_MIGRATE_POSTCOPY;
        if (o.PeerToPeer) f |= VirDomainMigrateFlags.VIR_MIGRATE_PEER2PEER;
        if (o.Tunnelled) f |= VirDomainMigrateFlags.VIR_MIGRATE_TUNNELLED;
        return f;
    }

    /// <summary>
    /// The typed parameters of virDomainMigrate3 for <paramref name="o"/>. The maximum downtime is not among them
    /// (libvirt has no such parameter): <see cref="Migrate"/> sets it on the source before it starts.
    /// </summary>
    public static List<KeyValuePair<string, object>> Parameters(MigrationOptions o)
    {
        var p = new List<KeyValuePair<string, object>>();
        if (o.BandwidthMiBps is ulong bw) p.Add(new(LibvirtConstants.VIR_MIGRATE_PARAM_BANDWIDTH, bw));
        if (!string.IsNullOrEmpty(o.MigrationUri)) p.Add(new(LibvirtConstants.VIR_MIGRATE_PARAM_URI, o.MigrationUri));
        return p;
    }

    /// <summary>The statistics of the domain's current job, or null when it has none (or the driver reports none).</summary>
    public static unsafe MigrationProgress? GetProgress(DomainHandle h, bool completed = false)
    {
        int type = 0;
        VirTypedParameter* parameters = null;
        int count = 0;
        Vir.DomainGetJobStats(h, &type, &parameters, &count, completed ? VirDomainGetJobStatsFlags.VIR_DOMAIN_JOB_STATS_COMPLETED : 0);
        var stats = TypedParameters.ReadAndFree(parameters, count);
        if ((VirDomainJobType)type == VirDomainJobType.VIR_DOMAIN_JOB_NONE) return null;
        return MigrationProgress.FromStats(stats);
    }

    /// <summary>
    /// Migrates the domain <paramref name="h"/> to <paramref name="destination"/> and returns its handle there. The
    /// blocking libvirt call runs on a thread of its own; this thread reads the job's statistics every
    /// <paramref name="interval"/> and hands them to <paramref name="progress"/> (on this thread). When
    /// <paramref name="cancel"/> fires, the job is aborted (virDomainAbortJob), the migration call is waited for, and a
    /// <see cref="MigrationAbortedException"/> says where the domain is; if the migration completed first, it stands.
    /// When a live migration runs longer than <see cref="MigrationOptions.Timeout"/>, its TimeoutAction is taken once
    /// and <paramref name="notice"/> says what was done (Abort ends in a <see cref="MigrationTimeoutException"/>).
    /// </summary>
    public static unsafe DomainHandle Migrate(DomainHandle h, LibvirtConnection destination, MigrationOptions o, VirDomainMigrateFlags flags,
        Action<MigrationProgress>? progress, CancellationToken cancel, TimeSpan? interval = null, Action<string>? notice = null)
    {
        cancel.ThrowIfCancellationRequested();
        if (o.Timeout is not null && o.TimeoutAction == MigrationTimeoutAction.PostCopy && !o.PostCopy)
            throw new ArgumentException(TimeoutPostCopyNeedsPostCopy);
        // Set before the job starts: the QEMU driver keeps it for the next migration of this domain. Not for offline.
        if (o.MaxDowntimeMs is ulong downtime && (flags & VirDomainMigrateFlags.VIR_MIGRATE_OFFLINE) == 0)
            Vir.DomainMigrateSetMaxDowntime(h, downtime);
        var parameters = Parameters(o);
        string? destinationUri = o.PeerToPeer ? Vir.ConnectGetURI(destination.Handle) : null;
        Guid uuid = DomainApi.GetUuid(h);

        // The thread owns the typed parameter list; libvirt's error is read inside Vir.* on that same thread.
        var call = new Task<DomainHandle?>(() =>
        {
            using var list = TypedParameters.Build(parameters);
            if (o.PeerToPeer)
            {
                Vir.DomainMigrateToURI3(h, destinationUri, list.Pointer, (uint)list.Count, flags);
                return null;
            }
            return Vir.DomainMigrate3(h, destination.Handle, list.Pointer, (uint)list.Count, flags);
        }, TaskCreationOptions.LongRunning);
        call.Start();

        var every = interval ?? TimeSpan.FromMilliseconds(500);
        TimeSpan? limit = (flags & VirDomainMigrateFlags.VIR_MIGRATE_OFFLINE) == 0 ? o.Timeout : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool aborted = false, timedOut = false, abortOnTimeout = false;
        LibvirtException? refusal = null;
        while (!call.IsCompleted)
        {
            // Once cancelled, wait on the call alone (the token's handle stays signalled) and ask again each tick until
            // libvirt accepts the abort: a cancel that comes before the job has started finds no job to abort yet.
            var handles = cancel.IsCancellationRequested || abortOnTimeout
                ? new[] { ((IAsyncResult)call).AsyncWaitHandle }
                : new[] { ((IAsyncResult)call).AsyncWaitHandle, cancel.WaitHandle };
            var wait = limit is TimeSpan l && !timedOut && l - clock.Elapsed < every ? l - clock.Elapsed : every;
            WaitHandle.WaitAny(handles, wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            if (call.IsCompleted) break;
            if (!timedOut && limit is TimeSpan max && clock.Elapsed >= max)
            {
                // Asked again each tick until it is taken: in the first moments of a migration QEMU has not been given
                // its capabilities yet and refuses the switch to post-copy.
                if (o.TimeoutAction == MigrationTimeoutAction.Abort) timedOut = abortOnTimeout = true;
                else if ((refusal = TakeTimeoutAction(h, o.TimeoutAction)) is null)
                {
                    timedOut = true;
                    notice?.Invoke(TimeoutNotice(h, o.TimeoutAction, max));
                }
            }
            if (cancel.IsCancellationRequested || abortOnTimeout)
            {
                if (aborted) continue;
                try { Vir.DomainAbortJob(h); aborted = true; }
                catch (LibvirtException) { /* no job yet, or it just ended: try again, or the call's own result says which */ }
                continue;
            }
            if (progress is null) continue;
            MigrationProgress? now = null;
            try { now = GetProgress(h); }
            catch (LibvirtException) { /* the job ended between the two calls, or the domain left: the call tells */ }
            if (now is not null) progress(now);
        }

        if (!timedOut && refusal is not null)
            notice?.Invoke($"The migration of domain '{Vir.DomainGetName(h)}' did not complete within {limit!.Value.TotalSeconds:0.#} s, and -TimeoutAction {o.TimeoutAction} was refused until it ended: {refusal.Message}");
        DomainHandle? result;
        try
        {
            result = call.GetAwaiter().GetResult();
        }
        catch (LibvirtException e) when (abortOnTimeout && !cancel.IsCancellationRequested)
        {
            throw new MigrationTimeoutException(
                $"The migration of domain '{Vir.DomainGetName(h)}' to '{destination.Uri}' did not complete within {limit!.Value.TotalSeconds:0.#} s and was aborted (-TimeoutAction Abort): {e.Message} {WhereIs(h)}", e);
        }
        catch (LibvirtException e) when (aborted || cancel.IsCancellationRequested)
        {
            throw new MigrationAbortedException(
                $"The migration of domain '{Vir.DomainGetName(h)}' to '{destination.Uri}' was aborted: {e.Message} {WhereIs(h)}", e, cancel);
        }
        // Peer-to-peer: the source daemon did the work; the client finds the domain on the destination by UUID.
        return result ?? DomainApi.LookupByUuid(destination, uuid);
    }

    /// <summary>Pauses the guest or switches to post-copy; libvirt's refusal is returned (the migration goes on).</summary>
    private static LibvirtException? TakeTimeoutAction(DomainHandle h, MigrationTimeoutAction action)
    {
        try
        {
            if (action == MigrationTimeoutAction.PostCopy) Vir.DomainMigrateStartPostCopy(h);
            else Vir.DomainSuspend(h);
            return null;
        }
        catch (LibvirtException e) when (e is not ConnectionLostException)
        {
            return e;
        }
    }

    private static string TimeoutNotice(DomainHandle h, MigrationTimeoutAction action, TimeSpan limit)
    {
        string late = $"The migration of domain '{Vir.DomainGetName(h)}' did not complete within {limit.TotalSeconds:0.#} s";
        return action == MigrationTimeoutAction.PostCopy
            ? $"{late}: switched to post-copy (-TimeoutAction PostCopy). The guest runs on the destination now; its remaining memory follows on demand."
            : $"{late}: the guest is paused so that the copy can finish (-TimeoutAction Suspend); it runs again on the destination.";
    }

    /// <summary>"The domain is still running on the source (...)": the source's view after a failed or aborted migration.</summary>
    public static string WhereIs(DomainHandle source)
    {
        try
        {
            var (state, _) = DomainApi.GetState(source);
            return $"The domain is still on the source, {state}.";
        }
        catch (LibvirtException e)
        {
            return $"Its state on the source cannot be read: {e.Message}";
        }
    }
}
