using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The clock of domains' guests, read through the guest agent (virsh domtime): a UTC DateTime with Domain and Hypervisor NoteProperties.</summary>
[Cmdlet(VerbsCommon.Get, "DomainGuestTime", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DateTime))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainGuestTimeCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteFromDomain(GuestInfoApi.GetTime(t.Handle).UtcDateTime, t.Name, t.Hypervisor));
}
