using System.Management.Automation;
using System.Security;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Sets secrets' values (virsh secret-set-value) from a SecureString or a PSCredential's password.</summary>
[Cmdlet(VerbsCommon.Set, "LibvirtSecretValue", SupportsShouldProcess = true, DefaultParameterSetName = UuidSet)]
[OutputType(typeof(Secret))]
[ConnectionParameter]
public sealed partial class SetLibvirtSecretValueCommand : LibvirtCmdlet
{
    private const string UuidSet = "Uuid";
    private const string SecretSet = "Secret";
    private const string UuidCredentialSet = UuidSet + "Credential";
    private const string SecretCredentialSet = SecretSet + "Credential";

    /// <summary>Secret UUIDs (a secret has no name); the same UUID on several target connections is an error.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UuidSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UuidCredentialSet)]
    [ObjectNameTransformation(typeof(Secret))]
    [ArgumentCompleter(typeof(Completers.SecretUuidCompleter))]
    public Guid[]? Uuid { get; set; }

    /// <summary>Secret objects, as Get-LibvirtSecret writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = SecretCredentialSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Secret))]
    [ArgumentCompleter(typeof(Completers.SecretUuidCompleter))]
    public Secret[]? Secret { get; set; }

    /// <summary>The value: the UTF-8 bytes of this text are stored.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UuidSet)]
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [ValidateNotNull]
    public SecureString? Value { get; set; }

    /// <summary>A credential whose password is the value (its user name is not used).</summary>
    [Parameter(Mandatory = true, ParameterSetName = UuidCredentialSet)]
    [Parameter(Mandatory = true, ParameterSetName = SecretCredentialSet)]
    [ValidateNotNull]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The text is base64 (as `ceph auth get-key` prints a key): the bytes it decodes to are stored.</summary>
    [Parameter] public SwitchParameter Base64 { get; set; }

    /// <summary>Writes the secret (its definition, never its value) once set.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var value = Value ?? Credential!.Password;
        ForEachTarget(ResolveSecrets(Uuid, Secret, Connection), t =>
        {
            if (!ShouldProcess(t.Description, "Set the value")) return;
            SecretApi.SetValue(t.Handle, value, Base64);
            WriteVerbose($"The value of {t.Description} is set.");
            if (PassThru) WriteObject(SecretApi.Snapshot(t.Handle, t.Hypervisor));
        });
    }
}
