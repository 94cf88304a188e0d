using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>What the hypervisor can give a domain of an emulator, architecture, machine and virt type (virsh domcapabilities).</summary>
[Cmdlet(VerbsCommon.Get, "DomainCapability")]
[OutputType(typeof(DomainCapability))]
public sealed class GetDomainCapabilityCommand : LibvirtCmdlet
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.EmulatorCompleter))]
    public string? Emulator { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ArchitectureCompleter))]
    public string? Architecture { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.MachineCompleter))]
    public string? Machine { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.VirtTypeCompleter))]
    public string? VirtType { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
        WriteObject(DomainCapabilityParser.Get(h.Connection, new HypervisorCpuTarget(Emulator, Architecture, Machine, VirtType), h)));
}
