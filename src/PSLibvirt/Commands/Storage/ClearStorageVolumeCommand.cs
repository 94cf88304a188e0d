using System;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Wipes a volume's data (virsh vol-wipe).</summary>
[Cmdlet(VerbsCommon.Clear, "StorageVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Volume")]
[OutputType(typeof(StorageVolume))]
public sealed class ClearStorageVolumeCommand : StorageVolumeCmdlet
{
    [Parameter]
    [ValidateSet("zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33", "random", "trim")]
    public string Algorithm { get; set; } = "zero";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var alg = Enum.Parse<VirStorageVolWipeAlgorithm>("VIR_STORAGE_VOL_WIPE_ALG_" + Algorithm.ToUpperInvariant());
        ForEachVolume((h, vh, vol) =>
        {
            if (!ShouldProcess($"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'", $"Wipe all data ({Algorithm})")) return;
            StorageApi.WipeVolume(vh, alg);
            if (PassThru) WriteObject(StorageApi.SnapshotVolume(vh, vol.Pool, h));
        });
    }
}
