using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's NUMA memory placement (virsh numatune).</summary>
[Cmdlet(VerbsCommon.Get, "DomainNumaTuning", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainNumaTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainNumaTuningCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain.</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteTuning(t, DomainTuningArea.Numa, Config));
}
