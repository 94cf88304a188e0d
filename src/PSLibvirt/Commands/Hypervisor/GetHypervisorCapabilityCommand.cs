using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The hypervisor's capabilities (virsh capabilities), with the guest kinds parsed.</summary>
[Cmdlet(VerbsCommon.Get, "HypervisorCapability")]
[OutputType(typeof(HypervisorCapability))]
public sealed class GetHypervisorCapabilityCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h => WriteObject(HostApi.GetCapabilities(h.Connection, h)));
}
