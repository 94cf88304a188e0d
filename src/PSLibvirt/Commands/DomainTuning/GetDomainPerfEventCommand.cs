using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Which perf events a domain's statistics count (virsh perf).</summary>
[Cmdlet(VerbsCommon.Get, "DomainPerfEvent", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainPerfEvents))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainPerfEventCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain.</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteTuning(t, DomainTuningArea.Perf, Config));
}
