using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Changes a domain's CPU scheduler parameters (virsh schedinfo --set).</summary>
[Cmdlet(VerbsCommon.Set, "DomainSchedulerParameter", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainSchedulerParameters))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainSchedulerParameterCommand : LibvirtCmdlet
{
    /// <summary>cpu_shares: the domain's relative share of host CPU time.</summary>
    [Parameter] public ulong CpuShares { get; set; }

    /// <summary>vcpu_period: the enforcement period of each vCPU, in microseconds.</summary>
    [Parameter] public ulong VCpuPeriod { get; set; }

    /// <summary>vcpu_quota: the CPU time each vCPU may use per period, in microseconds (-1: no limit).</summary>
    [Parameter] [ValidateRange(-1, long.MaxValue)] public long VCpuQuota { get; set; }

    /// <summary>emulator_period: the enforcement period of the emulator threads, in microseconds.</summary>
    [Parameter] public ulong EmulatorPeriod { get; set; }

    /// <summary>emulator_quota: the CPU time the emulator threads may use per period (-1: no limit).</summary>
    [Parameter] [ValidateRange(-1, long.MaxValue)] public long EmulatorQuota { get; set; }

    /// <summary>global_period: the enforcement period of the whole domain, in microseconds.</summary>
    [Parameter] public ulong GlobalPeriod { get; set; }

    /// <summary>global_quota: the CPU time the whole domain may use per period (-1: no limit).</summary>
    [Parameter] [ValidateRange(-1, long.MaxValue)] public long GlobalQuota { get; set; }

    /// <summary>iothread_period: the enforcement period of the I/O threads, in microseconds.</summary>
    [Parameter] public ulong IOThreadPeriod { get; set; }

    /// <summary>iothread_quota: the CPU time the I/O threads may use per period (-1: no limit).</summary>
    [Parameter] [ValidateRange(-1, long.MaxValue)] public long IOThreadQuota { get; set; }

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
            (nameof(CpuShares), LibvirtConstants.VIR_DOMAIN_SCHEDULER_CPU_SHARES, CpuShares),
            (nameof(VCpuPeriod), LibvirtConstants.VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, VCpuPeriod),
            (nameof(VCpuQuota), LibvirtConstants.VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, VCpuQuota),
            (nameof(EmulatorPeriod), LibvirtConstants.VIR_DOMAIN_SCHEDULER_EMULATOR_PERIOD, EmulatorPeriod),
            (nameof(EmulatorQuota), LibvirtConstants.VIR_DOMAIN_SCHEDULER_EMULATOR_QUOTA, EmulatorQuota),
            (nameof(GlobalPeriod), LibvirtConstants.VIR_DOMAIN_SCHEDULER_GLOBAL_PERIOD, GlobalPeriod),
            (nameof(GlobalQuota), LibvirtConstants.VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA, GlobalQuota),
            (nameof(IOThreadPeriod), LibvirtConstants.VIR_DOMAIN_SCHEDULER_IOTHREAD_PERIOD, IOThreadPeriod),
            (nameof(IOThreadQuota), LibvirtConstants.VIR_DOMAIN_SCHEDULER_IOTHREAD_QUOTA, IOThreadQuota),
        }, Parameter);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        SetTuning(t, DomainTuningArea.Scheduler, "scheduler", _values, _scope, PassThru));
}
