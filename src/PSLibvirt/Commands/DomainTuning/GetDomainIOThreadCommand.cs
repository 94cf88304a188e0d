using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's I/O threads and the host CPUs each may run on (virsh iothreadinfo).</summary>
[Cmdlet(VerbsCommon.Get, "DomainIOThread", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainIOThread))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainIOThreadCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain (virsh iothreadinfo --config).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainIOThreadApi.List(t.Handle, t.Connection, t.Name, t.DomainUuid(), t.Hypervisor, Config), enumerateCollection: true));
}
