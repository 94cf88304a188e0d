using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Undefines secrets (virsh secret-undefine): the definition and the value are deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "LibvirtSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Uuid")]
public sealed class RemoveLibvirtSecretCommand : LibvirtCmdlet
{
    /// <summary>Secret UUIDs (a secret has no name); the same UUID on several target connections is an error.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Uuid", ValueFromPipeline = true)]
    [ObjectNameTransformation(typeof(Secret))]
    [ArgumentCompleter(typeof(Completers.SecretUuidCompleter))]
    public Guid[]? Uuid { get; set; }

    /// <summary>Secret objects, as Get-LibvirtSecret writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Secret", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Secret[]? Secret { get; set; }

    /// <summary>The connections to look UUIDs up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }
    protected override void ProcessRecord() => ForEachTarget(ResolveSecrets(Uuid, Secret, Connection), t =>
    {
        if (!ShouldProcess(t.Description, "Remove (undefine) the secret and its value")) return;
        SecretApi.Undefine(t.Handle);
    });
}
