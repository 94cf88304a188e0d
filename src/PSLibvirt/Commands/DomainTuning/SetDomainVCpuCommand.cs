using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Changes a domain's vCPUs: how many (virsh setvcpus, with --maximum, --guest, --hotpluggable), or which are enabled
/// (virsh setvcpu --enable/--disable), live, in the configuration, or both.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainVCpu", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainVCpuCount))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainVCpuCommand : LibvirtCmdlet
{
    /// <summary>The number of vCPUs (the current count; with -Maximum the maximum).</summary>
    [Parameter(Position = 1)]
    [ValidateRange(1, 4096)]
    public int Count { get; set; }

    /// <summary>With -Count: set the maximum (configuration only) rather than the current count.</summary>
    [Parameter] public SwitchParameter Maximum { get; set; }

    /// <summary>With -Count: have the guest agent online or offline vCPUs inside the guest (the domain's count stays).</summary>
    [Parameter] public SwitchParameter Guest { get; set; }

    /// <summary>With -Count: add the vCPUs so that they can be unplugged again.</summary>
    [Parameter] public SwitchParameter Hotpluggable { get; set; }

    /// <summary>Individual vCPUs to enable or disable, in libvirt's list syntax ("1", "2-3", "1,3").</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? VCpu { get; set; }

    [Parameter] public SwitchParameter Enable { get; set; }
    [Parameter] public SwitchParameter Disable { get; set; }

    /// <summary>Write the domain's vCPU counts afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private bool Has(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    private DomainScope _scope;
    private int[]? _vcpus;

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        if (!Has(nameof(Count)) && !Has(nameof(VCpu)))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Count (how many vCPUs) or -VCpu with -Enable or -Disable (which ones)."),
                "NothingToSet", ErrorCategory.InvalidArgument, null));
        ExcludeEachOther(Has(nameof(Count)), Has(nameof(VCpu)), nameof(Count), nameof(VCpu), "-Count sets how many vCPUs there are, -VCpu which ones are enabled");
        ExcludeEachOther(Enable, Disable, nameof(Enable), nameof(Disable), "a vCPU is enabled or disabled");
        ExcludeEachOther(Maximum, Guest, nameof(Maximum), nameof(Guest), "the guest agent changes the vCPUs in use, not the maximum");
        ExcludeEachOther(Maximum, Live, nameof(Maximum), nameof(Live), "the maximum is part of the configuration and changes at the next start");
        if (Has(nameof(VCpu)))
        {
            if (!Enable && !Disable)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-VCpu needs -Enable or -Disable."), "EnableOrDisableMissing", ErrorCategory.InvalidArgument, VCpu));
            foreach (var (given, name) in new[] { (Maximum.IsPresent, "Maximum"), (Guest.IsPresent, "Guest"), (Hotpluggable.IsPresent, "Hotpluggable") })
                if (given)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{name} applies to -Count, not to -VCpu."), name + "WithVCpu", ErrorCategory.InvalidArgument, null));
            try { _vcpus = CpuSet.Parse(VCpu!, what: "vCPU"); }
            catch (FormatException e)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-VCpu: " + e.Message, nameof(VCpu), e), "InvalidVCpuList", ErrorCategory.InvalidArgument, VCpu));
            }
        }
        else if (Enable || Disable)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Enable and -Disable apply to the vCPUs named by -VCpu."), "VCpuMissing", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (_vcpus is { } vcpus)
        {
            string list = CpuSet.Format(vcpus);
            CheckVCpuNumbers(t, _scope, vcpus, VCpu!);
            if (!ShouldProcess(t.Description, $"{(Enable ? "Enable" : "Disable")} vCPU {list}{ScopeText(_scope)}")) return;
            DomainVCpuApi.SetState(t.Handle, vcpus, Enable, _scope);
        }
        else
        {
            if (!Maximum && !Guest)
                foreach (var (where, max) in VCpuMaxima(t, _scope))
                    if (Count > max)
                        throw new WorkErrorException(new ArgumentException(
                                $"Domain '{t.Name}' has at most {max} vCPUs {where}, so it cannot have {Count}; nothing was changed. " +
                                "Raise the maximum first (Set-DomainVCpu -Count <n> -Maximum -Config; a running domain gets it at its next start), or use Set-Domain -VCpu, which raises the configured maximum as needed."),
                            "VCpuCountAboveMaximum", ErrorCategory.InvalidArgument, t.Input);
            string what = Maximum ? "maximum vCPUs" : Guest ? "vCPUs in use by the guest" : "vCPUs";
            if (!ShouldProcess(t.Description, $"Set {what} to {Count}{(Hotpluggable ? " (hot-pluggable)" : "")}{ScopeText(_scope)}")) return;
            DomainVCpuApi.SetCount(t.Handle, (uint)Count, _scope, Maximum, Guest, Hotpluggable);
        }
        if (PassThru) WriteObject(DomainVCpuApi.GetCounts(t.Handle, t.Name, t.DomainUuid(), t.Hypervisor));
    });
}
