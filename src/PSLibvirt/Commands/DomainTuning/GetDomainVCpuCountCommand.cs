using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's vCPU counts: maximum and current, live and configured (virsh vcpucount).</summary>
[Cmdlet(VerbsCommon.Get, "DomainVCpuCount", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainVCpuCount))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainVCpuCountCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainVCpuApi.GetCounts(t.Handle, t.Name, t.DomainUuid(), t.Hypervisor)));
}
