using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Downloads a volume's data to a local file through a libvirt stream (virsh vol-download).</summary>
[Cmdlet(VerbsData.Export, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(FileInfo), typeof(LibvirtJob))]
public sealed class ExportStorageVolumeCommand : StorageVolumeTargetCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    [Parameter] public SwitchParameter Sparse { get; set; }

    [Parameter] public SwitchParameter Force { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

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
        ForEachTargetWork(ResolveTargets(), t =>
        {
            if (!ShouldProcess(t.Description, $"Download to '{target}'")) return null;
            return context =>
            {
                var progress = new TransferProgressWriter(context, $"Downloading volume '{t.Key}'", $"to {target}");
                long bytes;
                try
                {
                    bytes = VolumeTransfer.Download(t.Connection, t.Handle, target, force, sparse, progress, context.Stopping);
                }
                finally
                {
                    progress.Complete();
                }
                context.WriteVerbose($"Downloaded {ByteSize.Format(bytes)} of {t.Description} to '{target}'.");
                if (passThru) context.WriteObject(new FileInfo(target));
            };
        });
    }
}
