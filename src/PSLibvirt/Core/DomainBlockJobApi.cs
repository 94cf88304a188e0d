using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What the wait for a block job waits for.</summary>
internal enum BlockJobGoal
{
    /// <summary>Until the job is gone (a pull or a commit below the active image ends by itself).</summary>
    Finished,
    /// <summary>Until a copy or active commit has caught up (it then mirrors until pivoted or ended).</summary>
    Ready,
}

/// <summary>The options of a block copy that libvirt takes as typed parameters (virDomainBlockCopy).</summary>
internal sealed record BlockCopyParameters(ulong? Bandwidth = null, uint? Granularity = null, ulong? BufferSize = null);

/// <summary>
/// The block jobs of a domain's disks (virsh blockjob, blockcopy, blockcommit, blockpull, blockresize,
/// domblkthreshold): start them, read them, wait for them with progress, and end them. Bandwidths are in bytes per
/// second throughout (the BANDWIDTH_BYTES flags), sizes in bytes.
/// </summary>
internal static unsafe partial class DomainBlockJobApi
{
    /// <summary>The job on <paramref name="disk"/>, or null when it has none (virDomainGetBlockJobInfo answers 0).</summary>
    public static DomainBlockJob? TryGet(DomainHandle h, string disk, string domain, Guid uuid, Hypervisor? hv)
    {
        VirDomainBlockJobInfo info;
        int r = Vir.DomainGetBlockJobInfo(h, disk, &info, VirDomainBlockJobInfoFlags.VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES);
        return r == 0 ? null : FromInfo(info.type, info.bandwidth.Value, info.cur, info.end, disk, domain, uuid, hv);
    }

    /// <summary>The model of one virDomainBlockJobInfo.</summary>
    public static DomainBlockJob FromInfo(int type, ulong bandwidth, ulong cur, ulong end, string disk, string domain, Guid uuid, Hypervisor? hv) => new()
    {
        Domain = domain,
        Uuid = uuid,
        Disk = disk,
        Type = Enum.IsDefined(typeof(DomainBlockJobType), type) ? (DomainBlockJobType)type : DomainBlockJobType.Unknown,
        Bandwidth = bandwidth,
        Current = cur,
        End = end,
        Hypervisor = hv,
    };

    /// <summary>Flags of virDomainBlockJobAbort: pivot to the copy (copy, active commit), and return before the job is gone.</summary>
    public static VirDomainBlockJobAbortFlags AbortFlags(bool pivot, bool async)
    {
        VirDomainBlockJobAbortFlags f = 0;
        if (pivot) f |= VirDomainBlockJobAbortFlags.VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT;
        if (async) f |= VirDomainBlockJobAbortFlags.VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC;
        return f;
    }

    /// <summary>Ends the job on <paramref name="disk"/> (virsh blockjob --abort / --pivot [--async]).</summary>
    public static void Abort(DomainHandle h, string disk, bool pivot = false, bool async = false) =>
        Vir.DomainBlockJobAbort(h, disk, AbortFlags(pivot, async));

    /// <summary>Sets the job's speed limit in bytes per second (0: none; virsh blockjob --bandwidth --bytes).</summary>
    public static void SetSpeed(DomainHandle h, string disk, ulong bandwidth) =>
        Vir.DomainBlockJobSetSpeed(h, disk, new CULong(checked((nuint)bandwidth)), VirDomainBlockJobSetSpeedFlags.VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES);

    /// <summary>Flags of virDomainBlockCopy.</summary>
    public static VirDomainBlockCopyFlags CopyFlags(bool shallow, bool reuseExternal, bool transientJob, bool synchronousWrites)
    {
        VirDomainBlockCopyFlags f = 0;
        if (shallow) f |= VirDomainBlockCopyFlags.VIR_DOMAIN_BLOCK_COPY_SHALLOW;
        if (reuseExternal) f |= VirDomainBlockCopyFlags.VIR_DOMAIN_BLOCK_COPY_REUSE_EXT;
        if (transientJob) f |= VirDomainBlockCopyFlags.VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB;
        if (synchronousWrites) f |= VirDomainBlockCopyFlags.VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES;
        return f;
    }

    /// <summary>The typed parameters of virDomainBlockCopy, under libvirt's names and types (bandwidth, granularity, buf-size).</summary>
    public static TypedParameterList CopyParameters(BlockCopyParameters p)
    {
        var list = new TypedParameterList();
        try
        {
            if (p.Bandwidth is ulong b) list.AddULLong(LibvirtConstants.VIR_DOMAIN_BLOCK_COPY_BANDWIDTH, b);
            if (p.Granularity is uint g) list.AddUInt(LibvirtConstants.VIR_DOMAIN_BLOCK_COPY_GRANULARITY, g);
            if (p.BufferSize is ulong s) list.AddULLong(LibvirtConstants.VIR_DOMAIN_BLOCK_COPY_BUF_SIZE, s);
            return list;
        }
        catch { list.Dispose(); throw; }
    }

    /// <summary>
    /// The &lt;disk&gt; XML of a copy's destination: a file (or, with <paramref name="block"/>, a block device) at
    /// <paramref name="path"/>, in <paramref name="format"/> (qcow2, raw; libvirt keeps the source's when null).
    /// </summary>
    public static string DestinationXml(string path, string? format, bool block = false)
    {
        string type = block ? "block" : "file";
        string attribute = block ? "dev" : "file";
        string driver = string.IsNullOrEmpty(format) ? "" : $"<driver type='{LibvirtXml.Escape(format)}'/>";
        return $"<disk type='{type}'><source {attribute}='{LibvirtXml.Escape(path)}'/>{driver}</disk>";
    }

    /// <summary>Starts a copy of <paramref name="disk"/> to the disk described by <paramref name="destinationXml"/> (virsh blockcopy).</summary>
    public static void Copy(DomainHandle h, string disk, string destinationXml, BlockCopyParameters parameters, VirDomainBlockCopyFlags flags)
    {
        using var list = CopyParameters(parameters);
        Vir.DomainBlockCopy(h, disk, destinationXml, list.Pointer, list.Count, flags);
    }

    /// <summary>Flags of virDomainBlockCommit; the bandwidth is always in bytes per second.</summary>
    public static VirDomainBlockCommitFlags CommitFlags(bool shallow, bool delete, bool active, bool relative)
    {
        var f = VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES;
        if (shallow) f |= VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_SHALLOW;
        if (delete) f |= VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_DELETE;
        if (active) f |= VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_ACTIVE;
        if (relative) f |= VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_RELATIVE;
        return f;
    }

    /// <summary>Starts merging <paramref name="top"/> (null: the active image with ACTIVE, else the one above the base) into <paramref name="base"/> (null: the deepest backing image).</summary>
    public static void Commit(DomainHandle h, string disk, string? @base, string? top, ulong bandwidth, VirDomainBlockCommitFlags flags) =>
        Vir.DomainBlockCommit(h, disk, @base, top, Bandwidth(bandwidth), flags | VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES);

    /// <summary>Flags of a pull: with a base it is virDomainBlockRebase (RELATIVE keeps the backing name relative).</summary>
    public static VirDomainBlockRebaseFlags PullFlags(bool relative)
    {
        var f = VirDomainBlockRebaseFlags.VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES;
        if (relative) f |= VirDomainBlockRebaseFlags.VIR_DOMAIN_BLOCK_REBASE_RELATIVE;
        return f;
    }

    /// <summary>
    /// Starts pulling the backing chain into the active image (virsh blockpull): all of it (virDomainBlockPull), or
    /// down to <paramref name="base"/>, which stays the new backing image (virDomainBlockRebase).
    /// </summary>
    public static void Pull(DomainHandle h, string disk, string? @base, ulong bandwidth, bool relative = false)
    {
        if (@base is null && !relative)
            Vir.DomainBlockPull(h, disk, Bandwidth(bandwidth), VirDomainBlockPullFlags.VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES);
        else
            Vir.DomainBlockRebase(h, disk, @base, Bandwidth(bandwidth), PullFlags(relative));
    }

    /// <summary>Resizes the disk's image to <paramref name="bytes"/> (virsh blockresize, in bytes).</summary>
    public static void Resize(DomainHandle h, string disk, ulong bytes) =>
        Vir.DomainBlockResize(h, disk, bytes, VirDomainBlockResizeFlags.VIR_DOMAIN_BLOCK_RESIZE_BYTES);

    /// <summary>Sets the write threshold of the disk (or "vda[1]" for a backing image) in bytes; 0 removes it (virsh domblkthreshold).</summary>
    public static void SetThreshold(DomainHandle h, string disk, ulong bytes) => Vir.DomainSetBlockThreshold(h, disk, bytes);

    /// <summary>The capacity of the disk's image in bytes (virDomainGetBlockInfo), or null when the driver cannot tell.</summary>
    public static ulong? Capacity(DomainHandle h, string disk) => DomainDeviceApi.TryBlockInfo(h, disk)?.capacity;

    /// <summary>The path of a storage volume (a copy's destination).</summary>
    public static string VolumePath(StorageVolHandle volume) => Vir.StorageVolGetPath(volume);

    private static CULong Bandwidth(ulong bytes) => new(checked((nuint)bytes));

    /// <summary>
    /// The disk target of a block job argument: "vda", or "vda" of an image of its chain such as "vda[2]"; libvirt
    /// also takes a disk's source path, returned unchanged.
    /// </summary>
    public static string TargetOf(string disk) => IndexedImage().Match(disk) is { Success: true } m ? m.Groups[1].Value : disk;

    /// <summary>
    /// A -Base/-Top argument as libvirt takes it: a number n is the n-th image of the disk's chain
    /// <paramref name="chain"/> (0 the active image, 1 its backing image, ...), given to libvirt by its path; anything
    /// else (a path, libvirt's "vda[index]") is passed on. ArgumentOutOfRangeException for a number past the chain.
    /// </summary>
    public static string? ImageReference(IReadOnlyList<string> chain, string? image)
    {
        if (image is null || !int.TryParse(image, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)) return image;
        if (n >= chain.Count)
            throw new ArgumentOutOfRangeException(nameof(image), image,
                $"The disk's chain has {chain.Count} image{(chain.Count == 1 ? "" : "s")} (0 is the active image{(chain.Count > 1 ? $", {chain.Count - 1} the deepest" : "")}): there is no image {n}.");
        return chain[n];
    }

    [GeneratedRegex(@"^([A-Za-z0-9_-]+)\[\d+\]$")]
    private static partial Regex IndexedImage();

    /// <summary>
    /// The images of the disk's chain in the domain's XML, top first: the source, then each backingStore's source
    /// (file, dev or name); empty when the domain has no such disk.
    /// </summary>
    public static List<string> BackingChain(string domainXml, string disk)
    {
        var result = new List<string>();
        var e = DomainDeviceXml.FindDisk(domainXml, disk);
        while (e?.Element("source") is XElement source)
        {
            result.Add((string?)source.Attribute("file") ?? (string?)source.Attribute("dev") ?? (string?)source.Attribute("name") ?? "");
            e = e.Element("backingStore");
        }
        return result;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the disk's chain in the running domain's XML to hold fewer than
    /// <paramref name="depth"/> images (libvirt rewrites it when it has processed a pull's or commit's end).
    /// </summary>
    public static bool WaitChainShorter(DomainHandle h, string disk, int depth, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (BackingChain(DomainDefinitionApi.GetXml(h), disk).Count < depth) return true;
            if (DateTime.UtcNow >= until) return false;
            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Reads the job on <paramref name="disk"/> every <paramref name="interval"/>, handing each reading to
    /// <paramref name="progress"/>, until it is gone (<see cref="BlockJobGoal.Finished"/>: null is returned) or, for
    /// <see cref="BlockJobGoal.Ready"/>, has caught up (the ready job is returned). A job that disappears while it is
    /// waited for as Ready failed or was ended elsewhere: InvalidOperationException. When <paramref name="cancel"/>
    /// fires the job is aborted (virDomainBlockJobAbort, which leaves the disk on its original image) and a
    /// <see cref="JobAbortedException"/> says so.
    /// </summary>
    public static DomainBlockJob? Wait(DomainHandle h, string disk, BlockJobGoal goal, string domain, Guid uuid, Hypervisor? hv,
        Action<DomainBlockJob>? progress, CancellationToken cancel, TimeSpan? interval = null)
    {
        var every = interval ?? TimeSpan.FromMilliseconds(200);
        DomainBlockJob? last = null;
        while (true)
        {
            if (cancel.IsCancellationRequested) AbortOnCancel(h, disk, domain, last, cancel);
            var now = TryGet(h, disk, domain, uuid, hv);
            if (now is null)
            {
                if (goal == BlockJobGoal.Ready)
                    throw new InvalidOperationException($"The {Describe(last?.Type)} of disk '{disk}' of domain '{domain}' ended before it was ready: it failed or was ended by another client. The domain uses the disk it had.");
                return null;
            }
            last = now;
            progress?.Invoke(now);
            if (goal == BlockJobGoal.Ready && now.Ready) return now;
            cancel.WaitHandle.WaitOne(every);
        }
    }

    private static void AbortOnCancel(DomainHandle h, string disk, string domain, DomainBlockJob? last, CancellationToken cancel)
    {
        string? refusal = null;
        try { Abort(h, disk); }
        catch (LibvirtException e) { refusal = e.Message; }
        string what = $"The {Describe(last?.Type)} of disk '{disk}' of domain '{domain}'";
        throw new JobAbortedException(refusal is null
            ? $"{what} was aborted: the disk stays on its original image."
            : $"{what} was stopped, and libvirt answered the abort with: {refusal}", null, cancel);
    }

    /// <summary>"block copy", "block commit", ... for messages.</summary>
    public static string Describe(DomainBlockJobType? type) => type switch
    {
        DomainBlockJobType.Copy => "block copy",
        DomainBlockJobType.Commit => "block commit",
        DomainBlockJobType.ActiveCommit => "active block commit",
        DomainBlockJobType.Pull => "block pull",
        DomainBlockJobType.Backup => "backup",
        _ => "block job",
    };
}
