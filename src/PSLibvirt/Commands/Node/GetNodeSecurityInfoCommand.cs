using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's AMD SEV facts (virsh nodesevinfo); a host without SEV gives libvirt's refusal.</summary>
[Cmdlet(VerbsCommon.Get, "NodeSecurityInfo")]
[OutputType(typeof(NodeSecurityInfo))]
public sealed class GetNodeSecurityInfoCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h => WriteObject(NodeTuningApi.ToSecurityInfo(NodeTuningApi.GetSevInfo(h.Connection), h)));
}
