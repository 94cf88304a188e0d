using System;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Writes secrets' XML definitions (virsh secret-dumpxml); the XML never contains the value.</summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecretXml", DefaultParameterSetName = "Uuid")]
[OutputType(typeof(string))]
public sealed class GetLibvirtSecretXmlCommand : LibvirtCmdlet
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
    protected override void ProcessRecord() => ForEachTarget(ResolveSecrets(Uuid, Secret, Connection), t => WriteObject(SecretApi.GetXml(t.Handle)));
}
