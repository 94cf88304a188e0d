using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Pins a domain's vCPU to host CPUs (virsh vcpupin with a CPU list), live, in the configuration, or both.</summary>
[Cmdlet(VerbsCommon.Set, "DomainVCpuPin", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainVCpu))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainVCpuPinCommand : LibvirtCmdlet
{
    /// <summary>The vCPU's number (0 and up).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(0, 4095)]
    public int VCpu { get; set; }

    /// <summary>The host CPUs it may run on, in libvirt's list syntax ("0-1", "0,2", "0-3,^2").</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    public string? CpuSet { get; set; }

    /// <summary>Write the vCPU afterwards.</summary>
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
        CheckVCpuNumbers(t, _scope, new[] { VCpu }, VCpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!ShouldProcess(t.Description, $"Pin vCPU {VCpu} to host CPUs {Core.CpuSet.Format(_cpus)}{ScopeText(_scope)}")) return;
        DomainVCpuApi.PinVCpu(t.Handle, VCpu, _cpus, hostCpus, _scope);
        if (PassThru)
        {
            bool config = _scope == DomainScope.Config || !DomainDefinitionApi.IsActive(t.Handle);
            foreach (var v in DomainVCpuApi.GetVCpus(t.Handle, t.Connection, t.Name, t.DomainUuid(), t.Hypervisor, config))
                if (v.Number == VCpu) WriteObject(v);
        }
    });
}
