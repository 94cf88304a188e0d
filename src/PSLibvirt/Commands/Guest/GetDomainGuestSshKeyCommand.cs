using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The authorized SSH keys of a user in domains' guests, one string per key (virsh get-user-sshkeys).</summary>
[Cmdlet(VerbsCommon.Get, "DomainGuestSshKey", DefaultParameterSetName = "Domain")]
[OutputType(typeof(string))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainGuestSshKeyCommand : LibvirtCmdlet
{
    /// <summary>The user in the guest.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string User { get; set; } = "";

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        foreach (var k in GuestInfoApi.GetSshKeys(t.Handle, User)) WriteObject(k);
    });
}
