using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The host CPUs a domain's emulator threads may run on (virsh emulatorpin).</summary>
[Cmdlet(VerbsCommon.Get, "DomainEmulatorPin", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainEmulatorPin))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainEmulatorPinCommand : LibvirtCmdlet
{
    /// <summary>Read the persistent configuration rather than the running domain (virsh emulatorpin --config).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainVCpuApi.GetEmulatorPin(t.Handle, t.Connection, t.Name, t.DomainUuid(), t.Hypervisor, Config)));
}
