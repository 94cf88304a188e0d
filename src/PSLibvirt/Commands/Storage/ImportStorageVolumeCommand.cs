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
[OutputType(typeof(StorageVolume))]
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
        ForEachVolume((h, vh, vol) =>
        {
            if (!ShouldProcess($"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'", $"Overwrite with the contents of '{file}'")) return;
            Upload(h, vh, vol, file);
            if (PassThru) WriteObject(StorageApi.SnapshotVolume(vh, vol.Pool, h));
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
        TryInvoke(name, () =>
        {
            using var ph = StorageApi.OpenPool(h.Connection, pool);
            var existing = Native.Libvirt.virStorageVolLookupByName(ph, name);
            bool created = false;
            if (existing.IsInvalid)
            {
                existing.Dispose();
                var notFound = LibvirtException.FromLastError();
                if (notFound.Code != Native.VirErrorNumber.VIR_ERR_NO_STORAGE_VOL) throw notFound;
                if (!ShouldProcess($"volume '{name}' in storage pool '{pool.Name}' on '{h.Name}'", $"Create and upload '{file}'")) return;
                string xml = StorageXml.BuildVolume(name, (ulong)(MyInvocation.BoundParameters.ContainsKey(nameof(CapacityBytes)) ? CapacityBytes : length), 0, Format, null, null);
                existing = StorageApi.CreateVolume(ph, xml, preallocateMetadata: false);
                created = true;
            }
            else if (!ShouldProcess($"volume '{name}' in storage pool '{pool.Name}' on '{h.Name}'", $"Overwrite with the contents of '{file}'"))
            {
                existing.Dispose();
                return;
            }
            using var vh = existing;
            var vol = StorageApi.SnapshotVolume(vh, pool.Name, h);
            try
            {
                Upload(h, vh, vol, file);
            }
            catch when (created)
            {
                // Nothing half-done: the volume this cmdlet created goes away with the failed upload.
                if (Native.Libvirt.virStorageVolDelete(vh, 0) < 0)
                {
                    var e = LibvirtException.FromLastError();
                    WriteWarning($"The upload failed and the volume '{name}' it created could not be deleted: {e.Message}");
                }
                throw;
            }
            if (PassThru) WriteObject(StorageApi.SnapshotVolume(vh, pool.Name, h));
        });
    }

    private void Upload(Hypervisor h, StorageVolHandle vh, StorageVolume vol, string file)
    {
        var progress = new TransferProgressWriter(this, $"Uploading '{System.IO.Path.GetFileName(file)}'", $"to volume '{vol.Name}' in pool '{vol.Pool}'");
        try
        {
            VolumeTransfer.Upload(h.Connection, vh, file, Sparse, progress, Stopping);
        }
        finally
        {
            progress.Complete();
        }
    }
}
