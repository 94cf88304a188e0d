using System;
using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Downloads a volume's data to a local file through a libvirt stream (virsh vol-download).</summary>
[Cmdlet(VerbsData.Export, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "Volume")]
[OutputType(typeof(FileInfo))]
public sealed class ExportStorageVolumeCommand : StorageVolumeCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    [Parameter]
    public SwitchParameter Sparse { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string target = GetUnresolvedProviderPathFromPSPath(Destination);
        if (!Force && File.Exists(target))
        {
            WriteError(new ErrorRecord(new IOException($"The file '{target}' already exists. Use -Force to overwrite it."),
                "DestinationExists", ErrorCategory.ResourceExists, Destination));
            return;
        }
        ForEachVolume((h, vh, vol) =>
        {
            if (!ShouldProcess($"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'", $"Download to '{target}'")) return;
            var progress = new TransferProgressWriter(this, $"Downloading volume '{vol.Name}'", $"to {target}");
            try
            {
                VolumeTransfer.Download(h.Connection, vh, target, Force, Sparse, progress, Stopping);
            }
            finally
            {
                progress.Complete();
            }
            if (PassThru) WriteObject(new FileInfo(target));
        });
    }
}
