using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>What the guest agent of domains reports of the guest: OS, hostname, users, time zone, file systems, disks, interfaces (virsh guestinfo).</summary>
[Cmdlet(VerbsCommon.Get, "DomainGuestInfo", DefaultParameterSetName = "Domain")]
[OutputType(typeof(GuestInfo))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainGuestInfoCommand : LibvirtCmdlet
{
    /// <summary>Only these kinds of information (default: all).</summary>
    [Parameter]
    [ValidateSet("Users", "OS", "TimeZone", "Hostname", "FileSystems", "Disks", "Interfaces", IgnoreCase = true)]
    public string[]? Type { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        VirDomainGuestInfoTypes types = 0;
        foreach (var k in Type ?? [])
        {
            types |= k.ToLowerInvariant() switch
            {
                "users" => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_USERS,
                "os" => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_OS,
                "timezone" => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_TIMEZONE,
                "hostname" => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_HOSTNAME,
                "filesystems" => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_FILESYSTEM,
                "disks" => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_DISKS,
                _ => VirDomainGuestInfoTypes.VIR_DOMAIN_GUEST_INFO_INTERFACES,
            };
        }
        WriteObject(GuestInfoApi.ParseGuestInfo(GuestInfoApi.GuestInfoParameters(t.Handle, types), t.Name, t.Hypervisor));
    });
}
