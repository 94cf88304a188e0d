using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's memory-sharing (KSM) parameters and counters (virsh node-memory-tune without changes).</summary>
[Cmdlet(VerbsCommon.Get, "NodeMemoryParameter")]
[OutputType(typeof(NodeMemoryParameters))]
public sealed class GetNodeMemoryParameterCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h => WriteObject(NodeTuningApi.ToMemoryParameters(NodeTuningApi.GetMemoryParameters(h.Connection), h)));
}
