using System.Management.Automation;
using PSLibvirt.Core;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Opens a connection to a hypervisor and makes it the default.</summary>
[Cmdlet(VerbsCommunications.Connect, "Hypervisor")]
[OutputType(typeof(Hypervisor))]
public sealed class ConnectHypervisorCommand : LibvirtCmdlet
{
    /// <summary>The libvirt URI; none means libvirt's own rules (LIBVIRT_DEFAULT_URI, uri_default).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Uri { get; set; }

    [Parameter] public SwitchParameter ReadOnly { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The session's name for the connection (and its drive).</summary>
    [Parameter]
    [ValidateConnectionName]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        if (Name is not null && HypervisorSession.Find(Name) is not null)
        {
            WriteError($"A connection named '{Name}' is already open. Choose another -Name or Disconnect-Hypervisor it first.",
                "NameInUse", ErrorCategory.ResourceExists, Name);
            return;
        }

        TryInvoke(Uri, () =>
        {
            var credential = Credential is null ? null
                : new ConnectionCredential(Credential.UserName.TrimStart('\\'), Credential.Password);
            var connection = LibvirtConnection.Open(Uri, ReadOnly.IsPresent, credential);
            try
            {
                var identity = HostApi.GetIdentity(connection);
                var hypervisor = new Hypervisor(HypervisorSession.UniqueName(Name, connection.Uri), connection, identity);
                HypervisorSession.Add(hypervisor);
                ConnectionHooks.Opened?.Invoke(this, hypervisor);
                WriteObject(hypervisor);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }, errorId: null);
    }
}

/// <summary>
/// A connection name is also a drive name, so it has no : / \; and -Name of the other cmdlets must be able to select
/// it exactly, so it has no wildcard characters and no control or invisible (format) characters either.
/// </summary>
internal sealed class ValidateConnectionNameAttribute : ValidateArgumentsAttribute
{
    private static readonly System.Text.RegularExpressions.Regex Allowed = new(@"^[^:/\\*?\[\]\p{Cc}\p{Cf}]+$");

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is string s && !Allowed.IsMatch(s))
            throw new ValidationMetadataException($"'{s}' cannot name a connection: a name has none of : / \\ * ? [ ] and no control or invisible characters.");
    }
}
