using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sets the clock of domains' guests through the guest agent (virsh domtime --time/--now/--sync).</summary>
[Cmdlet(VerbsCommon.Set, "DomainGuestTime", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DateTime))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainGuestTimeCommand : LibvirtCmdlet
{
    /// <summary>The time to set (a DateTime without a zone is local time); without it, the host's time now.</summary>
    [Parameter]
    public DateTimeOffset Time { get; set; }

    /// <summary>Sets the guest's clock from its RTC (after a resume) instead of to a given time.</summary>
    [Parameter] public SwitchParameter Sync { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() =>
        ExcludeEachOther(MyInvocation.BoundParameters.ContainsKey(nameof(Time)), Sync, "Time", "Sync", "the clock is set either to a given time or from the RTC");

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        DateTimeOffset? time = Sync ? null : MyInvocation.BoundParameters.ContainsKey(nameof(Time)) ? Time : DateTimeOffset.UtcNow;
        if (!ShouldProcess(t.Description, time is DateTimeOffset x ? $"Set the guest's clock to {x.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC" : "Set the guest's clock from its RTC")) return;
        GuestInfoApi.SetTime(t.Handle, time);
        if (PassThru) WriteObject(GuestInfoApi.GetTime(t.Handle).UtcDateTime);
    });
}
