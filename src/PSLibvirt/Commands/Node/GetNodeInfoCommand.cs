using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's CPUs and memory (virsh nodeinfo).</summary>
[Cmdlet(VerbsCommon.Get, "NodeInfo")]
[OutputType(typeof(NodeInfo))]
public sealed class GetNodeInfoCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h => WriteObject(HostApi.GetNodeInfo(h.Connection, h)));
}
