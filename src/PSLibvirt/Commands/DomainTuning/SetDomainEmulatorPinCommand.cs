using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Pins a domain's emulator threads to host CPUs (virsh emulatorpin with a CPU list), live, in the configuration, or both.</summary>
[Cmdlet(VerbsCommon.Set, "DomainEmulatorPin", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainEmulatorPin))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainEmulatorPinCommand : LibvirtCmdlet
{
    /// <summary>The host CPUs the emulator threads may run on, in libvirt's list syntax ("0-1", "0,2", "0-3,^2").</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? CpuSet { get; set; }

    /// <summary>Write the emulator pinning afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;
    private int[] _cpus = Array.Empty<int>();

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        _cpus = ParseCpuSet(CpuSet!, nameof(CpuSet));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        int hostCpus = HostCpus(t, _cpus, CpuSet!);
        if (!ShouldProcess(t.Description, $"Pin the emulator threads to host CPUs {Core.CpuSet.Format(_cpus)}{ScopeText(_scope)}")) return;
        DomainVCpuApi.PinEmulator(t.Handle, _cpus, hostCpus, _scope);
        if (PassThru)
            WriteObject(DomainVCpuApi.GetEmulatorPin(t.Handle, t.Connection, t.Name, t.DomainUuid(), t.Hypervisor,
                config: _scope == DomainScope.Config));
    });
}
