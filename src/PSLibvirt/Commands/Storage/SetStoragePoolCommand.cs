using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Changes storage pools' settings: autostart (virsh pool-autostart).</summary>
[Cmdlet(VerbsCommon.Set, "StoragePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Name")]
[OutputType(typeof(StoragePool))]
[Targets(typeof(StoragePool), typeof(StoragePoolHandle), KeyAlias = "Pool")]
public sealed partial class SetStoragePoolCommand : LibvirtCmdlet
{
    /// <summary>Start the pool when the host (libvirtd) starts.</summary>
    [Parameter(Mandatory = true)]
    public bool Autostart { get; set; }

    /// <summary>Writes the pool once done.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Set autostart")) return;
        StorageApi.SetAutostart(t.Handle, Autostart);
        if (PassThru) WritePassThru(ObjectKinds.StoragePool, t);
    });
}
