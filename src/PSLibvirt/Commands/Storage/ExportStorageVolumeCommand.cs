using System;
using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Downloads a volume's data to a local file through a libvirt stream (virsh vol-download).</summary>
[Cmdlet(VerbsData.Export, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(FileInfo), typeof(LibvirtJob))]
public sealed class ExportStorageVolumeCommand : LibvirtCmdlet
{
    /// <summary>Storage volume objects, as Get-StorageVolume writes them.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "StorageVolume", ValueFromPipeline = true)]
    [Alias("Volume")]
    [ValidateNotNull]
    public StorageVolume[]? StorageVolume { get; set; }

    /// <summary>Exact volume names in the pools of -PoolName or -StoragePool (no wildcards: pipe from Get-StorageVolume to act on many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "PoolName")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "StoragePool")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.StorageVolumeNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Exact names of the pools that hold the volumes named by -Name (from the pipeline too, as snapshot cmdlets take domain names).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "PoolName", ValueFromPipeline = true)]
    [Alias("Pool")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(StoragePool), ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? PoolName { get; set; }

    /// <summary>Storage pool objects (Get-StoragePool) that hold the volumes named by -Name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "StoragePool", ValueFromPipeline = true)]
    [ValidateNotNull]
    public StoragePool[]? StoragePool { get; set; }

    /// <summary>Volume paths or keys (unique on a host), looked up on every target connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>The connections to look names, paths and keys up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

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
        ForEachTargetWork(ResolveVolumes(Name, PoolName, StoragePool, StorageVolume, Path, Connection), t =>
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
