using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The hostname of domains' guests (virsh domhostname): a string with Domain and Hypervisor NoteProperties.</summary>
[Cmdlet(VerbsCommon.Get, "DomainHostname", DefaultParameterSetName = "Domain")]
[OutputType(typeof(string))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainHostnameCommand : LibvirtCmdlet
{
    /// <summary>Ask the guest agent, or the DHCP leases of libvirt's networks (default: the driver chooses).</summary>
    [Parameter]
    [ValidateSet("Agent", "Lease")]
    public string? Source { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteFromDomain(GuestInfoApi.Hostname(t.Handle, Source is null ? null : Enum.Parse<GuestAddressSource>(Source, true)), t.Name, t.Hypervisor));
}
