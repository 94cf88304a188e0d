using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Wipes a volume's data (virsh vol-wipe).</summary>
[Cmdlet(VerbsCommon.Clear, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
public sealed class ClearStorageVolumeCommand : StorageVolumeTargetCmdlet
{
    [Parameter]
    [ValidateSet("zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33", "random", "trim")]
    public string Algorithm { get; set; } = "zero";

    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        var alg = Enum.Parse<VirStorageVolWipeAlgorithm>("VIR_STORAGE_VOL_WIPE_ALG_" + Algorithm.ToUpperInvariant());
        bool passThru = PassThru; // the work may run in a job: it reads no cmdlet state
        ForEachTargetWork(ResolveTargets(), t =>
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
