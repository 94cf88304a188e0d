using System.Management.Automation;
using System.Runtime.InteropServices;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Reads secrets' values (virsh secret-get-value) as SecureStrings; as plain text or bytes only on an explicit switch.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecretValue", DefaultParameterSetName = "Uuid")]
[OutputType(typeof(System.Security.SecureString), typeof(string), typeof(byte[]))]
[Targets(typeof(Secret), typeof(SecretHandle), KeyParameter = "Uuid")]
public sealed partial class GetLibvirtSecretValueCommand : LibvirtCmdlet
{
    /// <summary>Writes the value as a plain string (like ConvertFrom-SecureString -AsPlainText).</summary>
    [Parameter] public SwitchParameter AsPlainText { get; set; }

    /// <summary>Writes the raw bytes (for values that are not text, such as Ceph keys).</summary>
    [Parameter] public SwitchParameter AsByteArray { get; set; }

    protected override void BeginProcessing()
    {
        ExcludeEachOther(AsPlainText, AsByteArray, "AsPlainText", "AsByteArray", "choose one form of the value, or neither for a SecureString");
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        WriteVerbose($"Reading the value of {t.Description}.");
        if (AsByteArray)
        {
            // The caller owns the bytes; one array, not a stream of bytes.
            WriteObject(SecretApi.GetValueBytes(t.Handle), enumerateCollection: false);
            return;
        }
        var secure = SecretApi.GetValue(t.Handle);
        if (!AsPlainText)
        {
            WriteObject(secure);
            return;
        }
        using var _ = secure;
        nint bstr = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try { WriteObject(Marshal.PtrToStringUni(bstr, secure.Length)); }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(bstr); }
    });
}
