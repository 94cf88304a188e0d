using System.Management.Automation;
using System.Security;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Defines a secret from a few parameters or from XML (virsh secret-define), optionally setting its value.</summary>
[Cmdlet(VerbsCommon.New, "LibvirtSecret", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(Secret))]
[ConnectionParameter]
public sealed partial class NewLibvirtSecretCommand : LibvirtCmdlet
{
    private const string XmlSet = "Xml";
    private const string ParametersSet = "Parameters";

    /// <summary>The secret's XML definition (as virsh secret-define takes it).</summary>
    [Parameter(ParameterSetName = XmlSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet, Mandatory = true, Position = 0)]
    public SecretUsageType UsageType { get; set; }

    /// <summary>What the usage names: a volume path, a Ceph/iSCSI usage name, a TLS or vTPM name.</summary>
    [Parameter(ParameterSetName = ParametersSet, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? UsageId { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? Description { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter Ephemeral { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public SwitchParameter Private { get; set; }

    /// <summary>The value to set once defined.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? Value { get; set; }

    /// <summary>-Value is base64 text (as `ceph auth get-key` prints a key): the bytes it decodes to are stored.</summary>
    [Parameter] public SwitchParameter Base64 { get; set; }

    protected override void ProcessRecord()
    {
        // The value's bytes are made first: a value that cannot be decoded defines nothing.
        byte[]? value = null;
        if (Value is not null)
        {
            try { value = Base64 ? SecretApi.FromBase64(Value) : SecretApi.ToUtf8Bytes(Value); }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, "InvalidSecretValue", ErrorCategory.InvalidArgument, null));
                return;
            }
        }
        try { Define(value); }
        finally { SecretApi.Wipe(value); }
    }

    private void Define(byte[]? value)
    {
        if (DefinitionXml(ParameterSetName == XmlSet ? Xml : null, () => SecretApi.BuildXml(UsageType, UsageId, Description, Ephemeral, Private),
            UsageId, "InvalidSecretDefinition") is not var (xml, _)) return;
        ForEachConnection(Connection, h =>
        {
            string action = Value is null ? "Define secret" : "Define secret and set its value";
            if (!ShouldProcess($"{action} on '{h.Name}' from this XML:\n{xml}", $"Are you sure you want to {action.ToLowerInvariant()} on '{h.Name}'?", action)) return;
            using var s = SecretApi.Define(h.Connection, xml);
            var secret = SecretApi.Snapshot(s, h);
            if (value is not null)
            {
                try { SecretApi.SetValue(s, value); }
                catch (Exception e) when (IsReportable(e))
                {
                    // The definition stays (it may have replaced an existing one): say so, without the value.
                    WriteError(new ErrorRecord(
                        new InvalidOperationException($"The secret '{secret.Uuid:D}' is defined on '{h.Name}', but setting its value failed: {e.Message}", e),
                        "SecretValueNotSet", ErrorCategory.WriteError, secret));
                    return;
                }
            }
            WriteObject(secret);
        });
    }
}
