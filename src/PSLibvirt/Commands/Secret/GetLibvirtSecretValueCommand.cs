using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Reads secrets' values (virsh secret-get-value) as SecureStrings; as plain text or bytes only on an explicit switch.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecretValue", DefaultParameterSetName = "Uuid")]
[OutputType(typeof(System.Security.SecureString), typeof(string), typeof(byte[]))]
public sealed class GetLibvirtSecretValueCommand : LibvirtCmdlet
{
    /// <summary>Secret UUIDs (a secret has no name); the same UUID on several target connections is an error.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Uuid", ValueFromPipeline = true)]
    [ObjectNameTransformation(typeof(Secret))]
    [ArgumentCompleter(typeof(Completers.SecretUuidCompleter))]
    public Guid[]? Uuid { get; set; }

    /// <summary>Secret objects, as Get-LibvirtSecret writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Secret", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Secret[]? Secret { get; set; }

    /// <summary>The connections to look UUIDs up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }
    /// <summary>Writes the value as a plain string (like ConvertFrom-SecureString -AsPlainText).</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    /// <summary>Writes the raw bytes (for values that are not text, such as Ceph keys).</summary>
    [Parameter]
    public SwitchParameter AsByteArray { get; set; }

    protected override void BeginProcessing()
    {
        if (AsPlainText && AsByteArray)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-AsPlainText and -AsByteArray exclude each other: choose one form of the value, or neither for a SecureString."),
                "AsPlainTextAndAsByteArray", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveSecrets(Uuid, Secret, Connection), t =>
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
