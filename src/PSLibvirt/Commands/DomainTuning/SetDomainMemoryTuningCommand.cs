using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Changes a domain's memory limits (virsh memtune): in bytes, -1 for unlimited.</summary>
[Cmdlet(VerbsCommon.Set, "DomainMemoryTuning", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainMemoryTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainMemoryTuningCommand : LibvirtCmdlet
{
    /// <summary>hard_limit: the most memory the domain may use, in bytes (-1: unlimited).</summary>
    [Parameter]
    [ValidateRange(-1, long.MaxValue)]
    public long HardLimitBytes { get; set; }

    /// <summary>soft_limit: what the domain is held to when the host is short of memory, in bytes (-1: unlimited).</summary>
    [Parameter]
    [ValidateRange(-1, long.MaxValue)]
    public long SoftLimitBytes { get; set; }

    /// <summary>swap_hard_limit: memory plus swap the domain may use, in bytes (-1: unlimited).</summary>
    [Parameter]
    [ValidateRange(-1, long.MaxValue)]
    public long SwapHardLimitBytes { get; set; }

    /// <summary>min_guarantee: memory the domain is guaranteed, in bytes (not every driver).</summary>
    [Parameter]
    [ValidateRange(-1, long.MaxValue)]
    public long MinGuaranteeBytes { get; set; }

    /// <summary>Other parameters by libvirt's own names (e.g. @{ name = value }), converted to the types libvirt reports for them.</summary>
    [Parameter]
    public System.Collections.Hashtable? Parameter { get; set; }

    /// <summary>Write the values afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;
    private List<KeyValuePair<string, object>> _values = new();

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        _values = TuningValues(new (string, string, object)[]
        {
            (nameof(HardLimitBytes), LibvirtConstants.VIR_DOMAIN_MEMORY_HARD_LIMIT, DomainTuningApi.LimitKiB(HardLimitBytes)),
            (nameof(SoftLimitBytes), LibvirtConstants.VIR_DOMAIN_MEMORY_SOFT_LIMIT, DomainTuningApi.LimitKiB(SoftLimitBytes)),
            (nameof(SwapHardLimitBytes), LibvirtConstants.VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, DomainTuningApi.LimitKiB(SwapHardLimitBytes)),
            (nameof(MinGuaranteeBytes), LibvirtConstants.VIR_DOMAIN_MEMORY_MIN_GUARANTEE, DomainTuningApi.LimitKiB(MinGuaranteeBytes)),
        }, Parameter);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        SetTuning(t, DomainTuningArea.Memory, "memory tuning", _values, _scope, PassThru));
}
