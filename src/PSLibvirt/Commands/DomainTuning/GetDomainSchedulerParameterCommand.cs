using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's CPU scheduler parameters (virsh schedinfo).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSchedulerParameter", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainSchedulerParameters))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainSchedulerParameterCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain.</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteTuning(t, DomainTuningArea.Scheduler, Config));
}
