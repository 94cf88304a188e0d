using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's memory limits (virsh memtune).</summary>
[Cmdlet(VerbsCommon.Get, "DomainMemoryTuning", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainMemoryTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainMemoryTuningCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain.</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteTuning(t, DomainTuningArea.Memory, Config));
}
