using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Undefines secrets (virsh secret-undefine): the definition and the value are deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "LibvirtSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = UuidSet)]
public sealed class RemoveLibvirtSecretCommand : SecretCmdlet
{
    protected override void ProcessRecord() => ForEachSecret(t =>
    {
        if (!ShouldProcess(t.Description, "Remove (undefine) the secret and its value")) return;
        SecretApi.Undefine(t.Handle);
    });
}
