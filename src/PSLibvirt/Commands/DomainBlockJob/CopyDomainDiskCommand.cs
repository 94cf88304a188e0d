using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Copies a running domain's disk to another image while the guest keeps writing (virsh blockcopy): the copy mirrors
/// the disk until it is ready, then -Pivot switches the disk to the copy, -Finish ends the mirror (the copy is the
/// disk as it was at that moment, the domain keeps its original), and neither leaves the job mirroring (-Wait waits
/// until it is ready; Stop-DomainBlockJob ends it later). Shows the progress; Ctrl+C (Stop-Job) aborts the copy and
/// says so, leaving the domain on its original disk.
/// </summary>
[Cmdlet(VerbsCommon.Copy, "DomainDisk", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainBlockJob), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class CopyDomainDiskCommand : LibvirtCmdlet
{
    /// <summary>The disk to copy (target: vda, sdb).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>The file to copy to, on the connection's host; libvirt creates it (with -ReuseExternal it must exist).</summary>
    [Parameter(Position = 2)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>A storage volume to copy into (a StorageVolume, or its name with -Pool); its content is overwritten.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? DestinationVolume { get; set; }

    /// <summary>The pool of -DestinationVolume when it is given by name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string? Pool { get; set; }

    /// <summary>The destination as a &lt;disk&gt; element (a network disk, a block device, ...), as libvirt's virDomainBlockCopy takes it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? DestinationXml { get; set; }

    /// <summary>The format of the copy (libvirt keeps the disk's format when omitted).</summary>
    [Parameter]
    [ValidateSet("qcow2", "raw")]
    public string? Format { get; set; }

    /// <summary>Copy only the top image: the copy gets the same backing chain as the disk (which must be reachable by it).</summary>
    [Parameter] public SwitchParameter Shallow { get; set; }

    /// <summary>Copy into an image that exists already (made beforehand, e.g. with qemu-img create) instead of creating it.</summary>
    [Parameter] public SwitchParameter ReuseExternal { get; set; }

    /// <summary>The copy's speed limit in bytes per second (10MB works).</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong BandwidthBytes { get; set; }

    /// <summary>The granularity of the dirty bitmap in bytes (a power of two from 512 to 64 MiB).</summary>
    [Parameter]
    [ValidateRange(512, 64 * 1024 * 1024)]
    public uint Granularity { get; set; }

    /// <summary>The size of the copy's buffer in bytes.</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong BufferSize { get; set; }

    /// <summary>Write the guest's writes to both images before they complete (QEMU's write-blocking mirror), so the copy converges under heavy writing.</summary>
    [Parameter] public SwitchParameter SynchronousWrites { get; set; }

    /// <summary>Once the copy is ready, switch the disk to it.</summary>
    [Parameter] public SwitchParameter Pivot { get; set; }

    /// <summary>Once the copy is ready, end the mirror: the copy holds the disk as of that moment, the domain keeps its original.</summary>
    [Parameter] public SwitchParameter Finish { get; set; }

    /// <summary>Without -Pivot or -Finish: wait until the copy is ready before returning the job.</summary>
    [Parameter] public SwitchParameter Wait { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void BeginProcessing()
    {
        int destinations = (Destination is null ? 0 : 1) + (DestinationVolume is null ? 0 : 1) + (DestinationXml is null ? 0 : 1);
        if (destinations != 1)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(destinations == 0
                    ? "Say where to copy the disk: -Destination <path>, -DestinationVolume <volume> or -DestinationXml <disk XML>."
                    : "Give only one of -Destination, -DestinationVolume and -DestinationXml."),
                destinations == 0 ? "DestinationMissing" : "DestinationsExcludeEachOther", ErrorCategory.InvalidArgument, null));
        ExcludeEachOther(Pivot, Finish, nameof(Pivot), nameof(Finish), "a ready copy either becomes the disk or is left behind");
        ExcludeEachOther(Format is not null, DestinationXml is not null, nameof(Format), nameof(DestinationXml), "the disk XML names its format (<driver type='...'/>)");
        if (Pool is not null && DestinationVolume is not string)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Pool names the pool of a -DestinationVolume given by name."),
                "PoolWithoutVolumeName", ErrorCategory.InvalidArgument, Pool));
    }

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        string disk = Disk!;
        RequireBlockDisk(t, disk);
        var (destinationXml, described, reuse) = ResolveDestination(t);
        string then = Pivot ? ", then switch the disk to the copy" : Finish ? ", then end the mirror" : ", and keep mirroring";
        if (!ShouldProcess(t.Description, $"Copy disk '{disk}' to {described}{then}")) return null;

        bool transientJob = DomainDefinitionApi.IsPersistent(t.Handle);
        var flags = DomainBlockJobApi.CopyFlags(Shallow, reuse, transientJob, SynchronousWrites);
        var parameters = new BlockCopyParameters(
            MyInvocation.BoundParameters.ContainsKey(nameof(BandwidthBytes)) ? BandwidthBytes : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(Granularity)) ? Granularity : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(BufferSize)) ? BufferSize : null);
        bool pivot = Pivot, finish = Finish, wait = Wait || Pivot || Finish;
        var console = AsJob ? null : Host.UI;
        return context =>
        {
            if (transientJob)
                context.WriteVerbose($"Domain '{t.Name}' is persistent: the copy runs as a transient job (libvirt does not keep it across a restart of the domain).");
            DomainBlockJobApi.Copy(t.Handle, disk, destinationXml, parameters, flags);
            var job = wait
                ? WaitBlockJob(context, t, disk, BlockJobGoal.Ready, $"Copying disk {disk} of domain {t.Name} to {described}", console)
                : DomainBlockJobApi.TryGet(t.Handle, disk, t.Name, t.DomainUuid(), t.Hypervisor);
            if (pivot)
            {
                DomainBlockJobApi.Abort(t.Handle, disk, pivot: true);
                context.WriteVerbose($"Domain '{t.Name}' now uses {described} for disk '{disk}'.");
            }
            else if (finish)
            {
                DomainBlockJobApi.Abort(t.Handle, disk);
                context.WriteVerbose($"Copied disk '{disk}' of domain '{t.Name}' to {described}; the domain keeps its original disk.");
            }
            else if (job is not null) context.WriteObject(job);
        };
    });

    /// <summary>The destination's disk XML, how to name it in messages, and whether the image exists already (REUSE_EXT).</summary>
    private (string Xml, string Described, bool Reuse) ResolveDestination(Target<DomainHandle> t)
    {
        if (DestinationXml is not null) return (DestinationXml, "the disk of -DestinationXml", ReuseExternal);
        if (DestinationVolume is not null)
        {
            var (path, format) = ResolveVolume(t);
            return (DomainBlockJobApi.DestinationXml(path, Format ?? format), $"'{path}'", true);
        }
        string file = GetUnresolvedProviderPathFromPSPath(Destination!);
        if (!LibvirtConnection.IsRemote(t.Connection.Uri))
        {
            bool exists = File.Exists(file) || Directory.Exists(file);
            if (exists && !ReuseExternal)
                throw new WorkErrorException(new IOException(
                        $"'{file}' exists: give -ReuseExternal to copy disk '{Disk}' of domain '{t.Name}' into it (its content is overwritten), or choose another -Destination."),
                    "DestinationExists", ErrorCategory.ResourceExists, file);
            if (!exists && ReuseExternal)
                throw new WorkErrorException(new FileNotFoundException(
                        $"'{file}' does not exist: -ReuseExternal copies into an image made beforehand (qemu-img create). Leave it out to let libvirt create the image."),
                    "DestinationNotFound", ErrorCategory.ObjectNotFound, file);
        }
        return (DomainBlockJobApi.DestinationXml(file, Format), $"'{file}'", ReuseExternal);
    }

    /// <summary>The path and format of -DestinationVolume, on the domain's connection.</summary>
    private (string Path, string? Format) ResolveVolume(Target<DomainHandle> t)
    {
        var v = DestinationVolume is PSObject p ? p.BaseObject : DestinationVolume;
        if (v is StorageVolume volume) return (volume.Path, volume.Format);
        string name = v?.ToString() ?? "";
        if (Pool is null)
        {
            using var byPath = StorageLookup.TryLookupVolumeByKeyOrPath(t.Connection, name);
            if (byPath is not null) return (DomainBlockJobApi.VolumePath(byPath), null);
            throw new WorkErrorException(new ArgumentException($"-DestinationVolume '{name}' is neither a volume's path nor its key on '{t.Hypervisor.Name}': give its pool with -Pool."),
                "StorageVolumeNotFound", ErrorCategory.ObjectNotFound, name);
        }
        using var pool = StorageLookup.TryLookupPool(t.Connection, Pool)
            ?? throw new WorkErrorException(new ItemNotFoundException($"There is no storage pool '{Pool}' on '{t.Hypervisor.Name}'."), "StoragePoolNotFound", ErrorCategory.ObjectNotFound, Pool);
        using var vol = StorageLookup.TryLookupVolume(pool, name)
            ?? throw new WorkErrorException(new ItemNotFoundException($"Storage pool '{Pool}' on '{t.Hypervisor.Name}' has no volume '{name}'."), "StorageVolumeNotFound", ErrorCategory.ObjectNotFound, name);
        return (DomainBlockJobApi.VolumePath(vol), null);
    }
}
