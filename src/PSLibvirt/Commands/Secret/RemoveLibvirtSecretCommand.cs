using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Undefines secrets (virsh secret-undefine): the definition and the value are deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "LibvirtSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Uuid")]
[Targets(typeof(Secret), typeof(SecretHandle), KeyParameter = "Uuid")]
public sealed partial class RemoveLibvirtSecretCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Remove (undefine) the secret and its value")) return;
        SecretApi.Undefine(t.Handle);
    });
}
