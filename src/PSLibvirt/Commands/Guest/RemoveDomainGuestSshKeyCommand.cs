using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Removes authorized SSH keys of a user in domains' guests (virsh set-user-sshkeys --remove).</summary>
[Cmdlet(VerbsCommon.Remove, "DomainGuestSshKey", DefaultParameterSetName = "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class RemoveDomainGuestSshKeyCommand : LibvirtCmdlet
{
    /// <summary>The user in the guest.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string User { get; set; } = "";

    /// <summary>The keys, each one line of an authorized_keys file.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] Key { get; set; } = [];

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Remove {Key.Length} SSH key(s) of guest user '{User}'")) return;
        GuestInfoApi.ChangeSshKeys(t.Handle, User, Key, remove: true);
    });
}
