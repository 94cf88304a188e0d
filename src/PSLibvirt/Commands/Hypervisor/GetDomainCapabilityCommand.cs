using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>What the hypervisor can give a domain of an emulator, architecture, machine and virt type (virsh domcapabilities).</summary>
[HypervisorCpuTargetParameters]
[Cmdlet(VerbsCommon.Get, "DomainCapability")]
[OutputType(typeof(DomainCapability))]
public sealed partial class GetDomainCapabilityCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
        WriteObject(DomainCapabilityParser.Get(h.Connection, GuestTarget, h)));
}
