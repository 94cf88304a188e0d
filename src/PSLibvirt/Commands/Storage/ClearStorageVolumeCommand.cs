using System;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Wipes a volume's data (virsh vol-wipe).</summary>
[Cmdlet(VerbsCommon.Clear, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
public sealed class ClearStorageVolumeCommand : LibvirtCmdlet
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

    [Parameter]
    [ValidateSet("zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33", "random", "trim")]
    public string Algorithm { get; set; } = "zero";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        var alg = Enum.Parse<VirStorageVolWipeAlgorithm>("VIR_STORAGE_VOL_WIPE_ALG_" + Algorithm.ToUpperInvariant());
        bool passThru = PassThru; // the work may run in a job: it reads no cmdlet state
        ForEachTargetWork(ResolveVolumes(Name, PoolName, StoragePool, StorageVolume, Path, Connection), t =>
        {
            if (!ShouldProcess(t.Description, $"Wipe all data ({Algorithm})")) return null;
            return context =>
            {
                StorageApi.WipeVolume(t.Handle, alg);
                if (passThru) context.WriteObject(StorageApi.SnapshotVolume(t.Handle, t.ParentKey, t.Hypervisor));
            };
        });
    }
}
