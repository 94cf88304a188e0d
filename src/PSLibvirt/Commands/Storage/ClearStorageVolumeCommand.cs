using System;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Wipes a volume's data (virsh vol-wipe).</summary>
[Cmdlet(VerbsCommon.Clear, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Volume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
public sealed class ClearStorageVolumeCommand : StorageVolumeCmdlet
{
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
        ForEachVolumeWork(
            (h, vol) => ShouldProcess(Describe(h, vol), $"Wipe all data ({Algorithm})"),
            (context, h, vh, vol) =>
            {
                StorageApi.WipeVolume(vh, alg);
                if (passThru) context.WriteObject(StorageApi.SnapshotVolume(vh, vol.Pool, h));
            });
    }
}
