using System.Globalization;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>The domain's dump was aborted on request (virDomainAbortJob).</summary>
public sealed class JobAbortedException : OperationCanceledException
{
    public JobAbortedException(string message, Exception? inner, CancellationToken token) : base(message, inner, token) { }
}

/// <summary>
/// A domain's background jobs (virsh domjobinfo, domjobabort), and the calls that act on the guest directly: NMI
/// (inject-nmi), process signals (send-process-signal) and memory dumps (dump).
/// </summary>
internal static unsafe class DomainJobApi
{
    /// <summary>The current job (or, with <paramref name="completed"/>, the last completed one) as virDomainGetJobStats reports it.</summary>
    public static DomainJobInfo Get(DomainHandle h, bool completed, string name, Guid uuid, Hypervisor? hv)
    {
        int type = 0;
        VirTypedParameter* p = null;
        int n = 0;
        Vir.DomainGetJobStats(h, &type, &p, &n, completed ? VirDomainGetJobStatsFlags.VIR_DOMAIN_JOB_STATS_COMPLETED : 0);
        return FromStats(type, TypedParameters.ReadAndFree(p, n), completed, name, uuid, hv);
    }

    /// <summary>The model of one job statistics reading.</summary>
    public static DomainJobInfo FromStats(int type, IReadOnlyDictionary<string, object> v, bool completed, string name, Guid uuid, Hypervisor? hv)
    {
        ulong? U(string k) => v.TryGetValue(k, out var x) ? Convert.ToUInt64(x, CultureInfo.InvariantCulture) : null;
        string? operation = v.TryGetValue(LibvirtConstants.VIR_DOMAIN_JOB_OPERATION, out var op)
            ? OperationText(Convert.ToInt32(op, CultureInfo.InvariantCulture)) : null;
        return new DomainJobInfo
        {
            Name = name,
            Uuid = uuid,
            Type = Enum.IsDefined(typeof(DomainJobType), type) ? (DomainJobType)type : DomainJobType.None,
            Operation = operation,
            Elapsed = U(LibvirtConstants.VIR_DOMAIN_JOB_TIME_ELAPSED) is ulong e ? TimeSpan.FromMilliseconds(e) : null,
            Remaining = U(LibvirtConstants.VIR_DOMAIN_JOB_TIME_REMAINING) is ulong r ? TimeSpan.FromMilliseconds(r) : null,
            DataTotal = U(LibvirtConstants.VIR_DOMAIN_JOB_DATA_TOTAL),
            DataProcessed = U(LibvirtConstants.VIR_DOMAIN_JOB_DATA_PROCESSED),
            DataRemaining = U(LibvirtConstants.VIR_DOMAIN_JOB_DATA_REMAINING),
            MemoryTotal = U(LibvirtConstants.VIR_DOMAIN_JOB_MEMORY_TOTAL),
            MemoryProcessed = U(LibvirtConstants.VIR_DOMAIN_JOB_MEMORY_PROCESSED),
            DiskTotal = U(LibvirtConstants.VIR_DOMAIN_JOB_DISK_TOTAL),
            DiskProcessed = U(LibvirtConstants.VIR_DOMAIN_JOB_DISK_PROCESSED),
            ErrorMessage = v.TryGetValue(LibvirtConstants.VIR_DOMAIN_JOB_ERRMSG, out var m) ? m as string : null,
            Completed = completed,
            Values = v,
            Hypervisor = hv,
        };
    }

    /// <summary>"Migration out", "Dump", ... (virDomainJobOperation), as virsh domjobinfo names them.</summary>
    public static string OperationText(int operation) => operation switch
    {
        1 => "Start", 2 => "Save", 3 => "Restore", 4 => "Incoming migration", 5 => "Outgoing migration", 6 => "Snapshot",
        7 => "Snapshot revert", 8 => "Dump", 9 => "Backup", 10 => "Snapshot delete", _ => "Unknown",
    };

    /// <summary>Aborts the domain's current job (virsh domjobabort).</summary>
    public static void Abort(DomainHandle h) => Vir.DomainAbortJob(h);

    /// <summary>Sends the guest a non-maskable interrupt (virsh inject-nmi).</summary>
    public static void InjectNmi(DomainHandle h) => Vir.DomainInjectNMI(h);

    /// <summary>Sends a signal to a process of the guest (containers) or of the hypervisor (virsh send-process-signal).</summary>
    public static void SendProcessSignal(DomainHandle h, long pid, DomainProcessSignal signal) => Vir.DomainSendProcessSignal(h, pid, (uint)signal);

    /// <summary>libvirt's flags for a dump.</summary>
    public static VirDomainCoreDumpFlags DumpFlags(bool memoryOnly, bool live, bool crash, bool reset, bool bypassCache)
    {
        VirDomainCoreDumpFlags f = 0;
        if (memoryOnly) f |= VirDomainCoreDumpFlags.VIR_DUMP_MEMORY_ONLY;
        if (live) f |= VirDomainCoreDumpFlags.VIR_DUMP_LIVE;
        if (crash) f |= VirDomainCoreDumpFlags.VIR_DUMP_CRASH;
        if (reset) f |= VirDomainCoreDumpFlags.VIR_DUMP_RESET;
        if (bypassCache) f |= VirDomainCoreDumpFlags.VIR_DUMP_BYPASS_CACHE;
        return f;
    }

    /// <summary>
    /// Dumps the domain's memory to <paramref name="path"/> (on the host; virsh dump). The blocking call runs on a
    /// thread of its own; this thread reads the job's statistics every <paramref name="interval"/> and hands them to
    /// <paramref name="progress"/>. When <paramref name="cancel"/> fires the job is aborted (virDomainAbortJob, asked
    /// again each tick until libvirt accepts it), the call is waited for, and a <see cref="JobAbortedException"/> says
    /// so; if the dump completed first, it stands.
    /// </summary>
    public static void CoreDump(DomainHandle h, string path, DomainCoreDumpFormat format, VirDomainCoreDumpFlags flags,
        Action<DomainJobInfo>? progress, CancellationToken cancel, TimeSpan? interval = null, Action<string>? warn = null)
    {
        cancel.ThrowIfCancellationRequested();
        var call = new Task(() =>
        {
            if (format == DomainCoreDumpFormat.Raw) Vir.DomainCoreDump(h, path, flags);
            else Vir.DomainCoreDumpWithFormat(h, path, (uint)format, flags);
        }, TaskCreationOptions.LongRunning);
        call.Start();
        var every = interval ?? TimeSpan.FromMilliseconds(250);
        bool aborted = false;
        string? refusal = null;
        while (!call.IsCompleted)
        {
            var handles = cancel.IsCancellationRequested
                ? new[] { ((IAsyncResult)call).AsyncWaitHandle }
                : new[] { ((IAsyncResult)call).AsyncWaitHandle, cancel.WaitHandle };
            WaitHandle.WaitAny(handles, every);
            if (call.IsCompleted) break;
            if (cancel.IsCancellationRequested)
            {
                if (aborted) continue;
                try { Vir.DomainAbortJob(h); aborted = true; }
                catch (LibvirtException e)
                {
                    // No job yet, or it just ended: ask again, or the call's result says which. A job libvirt cannot
                    // abort (a memory-only dump) runs to its end: say so once.
                    if (refusal is null && e.Message.Contains("abort", StringComparison.OrdinalIgnoreCase))
                    {
                        refusal = e.Message;
                        warn?.Invoke($"libvirt cannot abort this dump ({e.Message}): waiting for it to end.");
                    }
                }
                continue;
            }
            if (progress is null) continue;
            try
            {
                var now = Get(h, completed: false, "", Guid.Empty, null);
                if (now.Type != DomainJobType.None) progress(now);
            }
            catch (LibvirtException) { /* the job ended between two calls, or the driver keeps no statistics */ }
        }
        try { call.GetAwaiter().GetResult(); }
        catch (LibvirtException e) when (aborted || cancel.IsCancellationRequested)
        {
            throw new JobAbortedException($"The dump of domain '{Vir.DomainGetName(h)}' to '{path}' was aborted: {e.Message}", e, cancel);
        }
        if (cancel.IsCancellationRequested)
            warn?.Invoke($"The dump of domain '{Vir.DomainGetName(h)}' to '{path}' completed before it could be aborted{(refusal is null ? "" : $" ({refusal})")}.");
    }
}

/// <summary>The domain XML kept in a save image (virsh save-image-dumpxml) or in a domain's managed save image (managedsave-dumpxml).</summary>
internal static class DomainSaveImageApi
{
    /// <summary>The XML of the domain saved in <paramref name="path"/> (on the connection's host).</summary>
    public static string GetSaveImageXml(LibvirtConnection c, string path, bool secure) =>
        Vir.DomainSaveImageGetXMLDesc(c.Handle, path, secure ? VirDomainSaveImageXMLFlags.VIR_DOMAIN_SAVE_IMAGE_XML_SECURE : 0);

    /// <summary>The XML kept in the domain's managed save image.</summary>
    public static string GetManagedSaveXml(DomainHandle h, bool secure) =>
        Vir.DomainManagedSaveGetXMLDesc(h, secure ? VirDomainSaveImageXMLFlags.VIR_DOMAIN_SAVE_IMAGE_XML_SECURE : 0);

    /// <summary>
    /// Replaces the XML kept in the save file <paramref name="path"/> (virsh save-image-define) and/or the state the
    /// domain is restored in (<paramref name="running"/> true: running, false: paused, null: as saved). Without
    /// <paramref name="xml"/> the file's own XML is written back, so only the state changes (save-image-edit --running).
    /// </summary>
    public static void DefineSaveImageXml(LibvirtConnection c, string path, string? xml, bool? running) =>
        Vir.DomainSaveImageDefineXML(c.Handle, path, xml ?? GetSaveImageXml(c, path, secure: true), StateFlags(running));

    /// <summary>The same for the domain's managed save image (virsh managedsave-define, managedsave-edit).</summary>
    public static void DefineManagedSaveXml(DomainHandle h, string? xml, bool? running) =>
        Vir.DomainManagedSaveDefineXML(h, xml ?? GetManagedSaveXml(h, secure: true), StateFlags(running));

    private static VirDomainSaveRestoreFlags StateFlags(bool? running) => running switch
    {
        true => VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_RUNNING,
        false => VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_PAUSED,
        null => 0,
    };
}
