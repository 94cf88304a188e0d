using System;
using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Downloads a volume's data to a local file through a libvirt stream (virsh vol-download).</summary>
[Cmdlet(VerbsData.Export, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "Volume")]
[OutputType(typeof(FileInfo), typeof(LibvirtJob))]
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

    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        string target = GetUnresolvedProviderPathFromPSPath(Destination);
        if (!Force && File.Exists(target))
        {
            WriteError(new ErrorRecord(new IOException($"The file '{target}' already exists. Use -Force to overwrite it."),
                "DestinationExists", ErrorCategory.ResourceExists, Destination));
            return;
        }
        bool force = Force, sparse = Sparse, passThru = PassThru; // the work may run in a job: it reads no cmdlet state
        ForEachVolumeWork(
            (h, vol) => ShouldProcess(Describe(h, vol), $"Download to '{target}'"),
            (context, h, vh, vol) =>
            {
                var progress = new TransferProgressWriter(context, $"Downloading volume '{vol.Name}'", $"to {target}");
                long bytes;
                try
                {
                    bytes = VolumeTransfer.Download(h.Connection, vh, target, force, sparse, progress, context.Stopping);
                }
                finally
                {
                    progress.Complete();
                }
                context.WriteVerbose($"Downloaded {ByteSize.Format(bytes)} of volume '{vol.Name}' in pool '{vol.Pool}' to '{target}'.");
                if (passThru) context.WriteObject(new FileInfo(target));
            });
    }
}
