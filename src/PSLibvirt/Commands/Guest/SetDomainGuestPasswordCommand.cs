using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sets the password of a user in domains' guests through the guest agent (virsh set-user-password). The password is never printed.</summary>
[Cmdlet(VerbsCommon.Set, "DomainGuestPassword", DefaultParameterSetName = "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainGuestPasswordCommand : LibvirtCmdlet
{
    /// <summary>The user in the guest.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string User { get; set; } = "";

    /// <summary>The new password.</summary>
    [Parameter(Mandatory = true)]
    public SecureString? Password { get; set; }

    /// <summary>-Password is already encrypted (a crypt(3) hash), not clear text.</summary>
    [Parameter] public SwitchParameter Encrypted { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Set the password of guest user '{User}'")) return;
        nint p = Marshal.SecureStringToGlobalAllocUnicode(Password!);
        try { GuestInfoApi.SetUserPassword(t.Handle, User, Marshal.PtrToStringUni(p) ?? "", Encrypted); }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(p); }
    });
}
