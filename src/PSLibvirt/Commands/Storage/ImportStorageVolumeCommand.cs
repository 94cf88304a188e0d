using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Uploads a local file into a volume through a libvirt stream (virsh vol-upload). With -Name and -Pool (or -StoragePool), a volume
/// that does not exist is created first (and deleted again when the upload fails or is cancelled).
/// </summary>
[Cmdlet(VerbsData.Import, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
[ConnectionParameter]
public sealed partial class ImportStorageVolumeCommand : LibvirtCmdlet
{
    /// <summary>Storage volume objects to overwrite, as Get-StorageVolume writes them.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "StorageVolume", ValueFromPipeline = true)]
    [Alias("Volume")]
    [ValidateNotNull]
    public StorageVolume[]? StorageVolume { get; set; }

    /// <summary>The name of the volume to write (created when it does not exist) in the pool of -PoolName or -StoragePool.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "PoolName")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "StoragePool")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.StorageVolumeNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The exact name of the pool that holds (or gets) the volume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "PoolName")]
    [Alias("Pool")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(StoragePool), ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string? PoolName { get; set; }

    /// <summary>The pool object (Get-StoragePool) that holds (or gets) the volume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "StoragePool", ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(StoragePool))]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool? StoragePool { get; set; }

    /// <summary>The local file to upload.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The format of a volume created for the upload (default raw).</summary>
    [Parameter(ParameterSetName = "PoolName")]
    [Parameter(ParameterSetName = "StoragePool")]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    public string Format { get; set; } = "raw";

    /// <summary>The capacity of a volume created for the upload (default: the file's length).</summary>
    [Parameter(ParameterSetName = "PoolName")]
    [Parameter(ParameterSetName = "StoragePool")]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long CapacityBytes { get; set; }

    /// <summary>Skip the file's holes instead of writing zeros (vol-upload --sparse).</summary>
    [Parameter] public SwitchParameter Sparse { get; set; }

    /// <summary>Writes the volume once written.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    /// <summary>Runs the upload as a background job.</summary>
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        string file = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(file))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"The file '{file}' does not exist.", file),
                "FileNotFound", ErrorCategory.ObjectNotFound, Path));
            return;
        }
        long length = new FileInfo(file).Length;
        if (StorageVolume is null)
        {
            ImportByName(file, length);
            return;
        }
        bool sparse = Sparse, passThru = PassThru; // the work may run in a job: it reads no cmdlet state
        ForEachTargetWork(ResolveVolumes(null, null, null, StorageVolume, null, Connection), t =>
        {
            if (!ShouldProcess(t.Description, $"Overwrite with the contents of '{file}'")) return null;
            return context =>
            {
                Upload(context, t.Connection, t.Handle, t.Description, file, sparse);
                if (passThru) context.WriteObject(StorageApi.SnapshotVolume(t.Handle, t.ParentKey, t.Hypervisor));
            };
        });
    }

    private void ImportByName(string file, long length)
    {
        if (ResolveOnePool(PoolName is null ? null : new[] { PoolName }, StoragePool is null ? null : new[] { StoragePool }, Connection) is not { } pool) return;
        string name = Name;
        var h = pool.Hypervisor;
        bool sparse = Sparse, passThru = PassThru;
        ulong capacity = (ulong)(MyInvocation.BoundParameters.ContainsKey(nameof(CapacityBytes)) ? CapacityBytes : length);
        string format = Format, poolName = pool.Key;
        string where = $"storage volume '{name}' in {pool.Description}";
        Target<StoragePoolHandle>? owned = pool;
        // Here in the foreground: whether the volume exists decides what ShouldProcess asks.
        StorageVolHandle? existing = null;
        try
        {
            if (!TryInvoke(name, () => existing = StorageLookup.TryLookupVolume(pool.Handle, name))) return;
            if (existing is { } vh)
            {
                if (!ShouldProcess(where, $"Overwrite with the contents of '{file}'")) return;
                existing = null;
                RunWork(name, h, name, context =>
                {
                    Upload(context, h.Connection, vh, where, file, sparse);
                    if (passThru) context.WriteObject(StorageApi.SnapshotVolume(vh, poolName, h));
                }, vh);
                return;
            }
            if (!ShouldProcess(where, $"Create and upload '{file}'")) return;
            // The volume is created by the work (inline or in the job), so that a stop before the upload leaves none.
            var poolHandle = pool.Handle;
            owned = null;
            RunWork(name, h, name, context =>
            {
                string xml = StorageXml.BuildVolume(name, capacity, 0, format, null, null);
                using var created = StorageApi.CreateVolume(poolHandle, xml, preallocateMetadata: false);
                try
                {
                    Upload(context, h.Connection, created, where, file, sparse);
                }
                catch (Exception failure)
                {
                    // Nothing half-done: the volume this cmdlet created goes away with the failed upload. When it cannot
                    // (the connection is gone), the error itself names it: a scheduled job's log must say what is left.
                    string? notDeleted = null;
                    try { StorageApi.DeleteVolume(created); }
                    catch (LibvirtException e) { notDeleted = e.Message; }
                    if (notDeleted is null || !ErrorMapping.IsReportable(failure)) throw;
                    var cause = ErrorMapping.ToErrorRecord(failure, name);
                    throw new WorkErrorException(failure, cause.FullyQualifiedErrorId, cause.CategoryInfo.Category, name,
                        $"{failure.Message} The volume '{name}' that this upload created in storage pool '{poolName}' holds a partial copy and could not be deleted ({notDeleted}): remove it with Remove-StorageVolume once the connection is back.");
                }
                if (passThru) context.WriteObject(StorageApi.SnapshotVolume(created, poolName, h));
            }, pool);
        }
        finally
        {
            existing?.Dispose();
            owned?.Dispose();
        }
    }

    private static void Upload(IWorkContext context, LibvirtConnection connection, StorageVolHandle vh, string description, string file, bool sparse)
    {
        var progress = new TransferProgressWriter(context, $"Uploading '{System.IO.Path.GetFileName(file)}'", $"to {description}");
        long bytes;
        try
        {
            bytes = VolumeTransfer.Upload(connection, vh, file, sparse, progress, context.Stopping);
        }
        finally
        {
            progress.Complete();
        }
        context.WriteVerbose($"Uploaded {ByteSize.Format(bytes)} from '{file}' to {description}.");
    }
}
