using System;
using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Uploads a local file into a volume through a libvirt stream (virsh vol-upload). With -Pool and -Name, a volume
/// that does not exist is created first (and deleted again when the upload fails or is cancelled).
/// </summary>
[Cmdlet(VerbsData.Import, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Volume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
public sealed class ImportStorageVolumeCommand : StorageVolumeCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(ParameterSetName = "Name")]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    public string Format { get; set; } = "raw";

    [Parameter(ParameterSetName = "Name")]
    [SizeTransformation]
    [ValidateRange(0, long.MaxValue)]
    public long CapacityBytes { get; set; }

    [Parameter]
    public SwitchParameter Sparse { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public SwitchParameter AsJob { get; set; }

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
        if (ParameterSetName == "Name")
        {
            ImportByName(file, length);
            return;
        }
        bool sparse = Sparse, passThru = PassThru; // the work may run in a job: it reads no cmdlet state
        ForEachVolumeWork(
            (h, vol) => ShouldProcess(Describe(h, vol), $"Overwrite with the contents of '{file}'"),
            (context, h, vh, vol) =>
            {
                Upload(context, h, vh, vol, file, sparse);
                if (passThru) context.WriteObject(StorageApi.SnapshotVolume(vh, vol.Pool, h));
            });
    }

    private void ImportByName(string file, long length)
    {
        if (ResolveSinglePool(Pool!) is not { } target) return;
        var (h, pool) = target;
        if (Name.Length != 1 || WildcardPattern.ContainsWildcardCharacters(Name[0]))
        {
            WriteError(new ErrorRecord(new ArgumentException("Import-StorageVolume -Name takes one volume name, without wildcards."),
                "InvalidVolumeName", ErrorCategory.InvalidArgument, Name));
            return;
        }
        string name = Name[0];
        bool sparse = Sparse, passThru = PassThru;
        ulong capacity = (ulong)(MyInvocation.BoundParameters.ContainsKey(nameof(CapacityBytes)) ? CapacityBytes : length);
        string format = Format;
        // Here in the foreground: the pool, and whether the volume exists, which decides what ShouldProcess asks.
        StoragePoolHandle? ph = null;
        StorageVolHandle? existing = null;
        try
        {
            if (!TryInvoke(name, () =>
            {
                ph = StorageApi.OpenPool(h.Connection, pool);
                var found = Native.Libvirt.virStorageVolLookupByName(ph, name);
                if (!found.IsInvalid)
                {
                    existing = found;
                    return;
                }
                found.Dispose();
                var notFound = LibvirtException.FromLastError();
                if (notFound.Code != Native.VirErrorNumber.VIR_ERR_NO_STORAGE_VOL) throw notFound;
            })) return;
            string where = $"volume '{name}' in storage pool '{pool.Name}' on '{h.Name}'";
            if (existing is { } vh)
            {
                if (!ShouldProcess(where, $"Overwrite with the contents of '{file}'")) return;
                existing = null;
                RunWork(name, h, name, context =>
                {
                    var vol = StorageApi.SnapshotVolume(vh, pool.Name, h);
                    Upload(context, h, vh, vol, file, sparse);
                    if (passThru) context.WriteObject(StorageApi.SnapshotVolume(vh, pool.Name, h));
                }, vh);
                return;
            }
            if (!ShouldProcess(where, $"Create and upload '{file}'")) return;
            var poolHandle = ph!;
            ph = null;
            // The volume is created by the work (inline or in the job), so that a stop before the upload leaves none.
            RunWork(name, h, name, context =>
            {
                string xml = StorageXml.BuildVolume(name, capacity, 0, format, null, null);
                using var created = StorageApi.CreateVolume(poolHandle, xml, preallocateMetadata: false);
                var vol = StorageApi.SnapshotVolume(created, pool.Name, h);
                try
                {
                    Upload(context, h, created, vol, file, sparse);
                }
                catch
                {
                    // Nothing half-done: the volume this cmdlet created goes away with the failed upload.
                    if (Native.Libvirt.virStorageVolDelete(created, 0) < 0)
                    {
                        var e = LibvirtException.FromLastError();
                        context.WriteWarning($"The upload failed and the volume '{name}' it created could not be deleted: {e.Message}");
                    }
                    throw;
                }
                if (passThru) context.WriteObject(StorageApi.SnapshotVolume(created, pool.Name, h));
            }, poolHandle);
        }
        finally
        {
            existing?.Dispose();
            ph?.Dispose();
        }
    }

    private static void Upload(IWorkContext context, Hypervisor h, StorageVolHandle vh, StorageVolume vol, string file, bool sparse)
    {
        var progress = new TransferProgressWriter(context, $"Uploading '{System.IO.Path.GetFileName(file)}'", $"to volume '{vol.Name}' in pool '{vol.Pool}'");
        long bytes;
        try
        {
            bytes = VolumeTransfer.Upload(h.Connection, vh, file, sparse, progress, context.Stopping);
        }
        finally
        {
            progress.Complete();
        }
        context.WriteVerbose($"Uploaded {ByteSize.Format(bytes)} from '{file}' to volume '{vol.Name}' in pool '{vol.Pool}'.");
    }
}
