using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's virtual CPUs: state, CPU time, host CPU and affinity of each (virsh vcpuinfo, vcpupin).</summary>
[Cmdlet(VerbsCommon.Get, "DomainVCpu", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainVCpu))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainVCpuCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration's pinning rather than the running domain's (virsh vcpupin --config).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainVCpuApi.GetVCpus(t.Handle, t.Connection, t.Name, t.DomainUuid(), t.Hypervisor, Config), enumerateCollection: true));
}
