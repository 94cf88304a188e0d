using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's block I/O weights and per-device limits (virsh blkiotune).</summary>
[Cmdlet(VerbsCommon.Get, "DomainBlockIOTuning", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainBlockIOTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainBlockIOTuningCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain.</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteTuning(t, DomainTuningArea.BlockIO, Config));
}
