using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's background job, or the last completed one (virsh domjobinfo [--completed]).</summary>
[Cmdlet(VerbsCommon.Get, "DomainJob", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainJobInfo))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainJobCommand : LibvirtCmdlet
{
    /// <summary>Read the last completed job rather than the current one.</summary>
    [Parameter] public SwitchParameter Completed { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainJobApi.Get(t.Handle, Completed, t.Name, t.DomainUuid(), t.Hypervisor)));
}
