using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Adds authorized SSH keys of a user in domains' guests (virsh set-user-sshkeys).</summary>
[Cmdlet(VerbsCommon.Add, "DomainGuestSshKey", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class AddDomainGuestSshKeyCommand : LibvirtCmdlet
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
        if (!ShouldProcess(t.Description, $"Add {Key.Length} SSH key(s) of guest user '{User}'")) return;
        GuestInfoApi.ChangeSshKeys(t.Handle, User, Key, remove: false);
    });
}
