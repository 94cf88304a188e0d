using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's memory statistics from its balloon driver and the hypervisor (virsh dommemstat).</summary>
[Cmdlet(VerbsCommon.Get, "DomainMemoryStatistics", DefaultParameterSetName = "Name")]
[OutputType(typeof(DomainMemoryStatistics))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainMemoryStatisticsCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainApi.ToMemoryStatistics(DomainApi.GetMemoryStats(t.Handle), t.Name, t.DomainUuid(), t.Hypervisor)));
}
