using System.Management.Automation;
using PSLibvirt.Core;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Opens a connection to a hypervisor and makes it the default; or, with -Reconnect, opens a lost connection again
/// in place, so that its Hypervisor object, the objects that carry it and its drive keep working.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Hypervisor", DefaultParameterSetName = "Uri")]
[OutputType(typeof(Hypervisor))]
public sealed class ConnectHypervisorCommand : LibvirtCmdlet
{
    /// <summary>The libvirt URI; none means libvirt's own rules (LIBVIRT_DEFAULT_URI, uri_default).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Uri")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.UriCompleter))]
    public string? Uri { get; set; }

    [Parameter(ParameterSetName = "Uri")] public SwitchParameter ReadOnly { get; set; }

    [Parameter(ParameterSetName = "Uri")]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The session's name for the connection (and its drive).</summary>
    [Parameter(ParameterSetName = "Uri")]
    [ValidateConnectionName]
    public string? Name { get; set; }

    /// <summary>Seconds of silence before a keepalive probe on a remote connection (0 turns keepalive off).</summary>
    [Parameter(ParameterSetName = "Uri")]
    [ValidateRange(0, 3600)]
    public int KeepAliveInterval { get; set; } = LibvirtConnection.DefaultKeepAliveInterval;

    /// <summary>Unanswered probes after which a remote connection is given up as lost.</summary>
    [Parameter(ParameterSetName = "Uri")]
    [ValidateRange(0, 100)]
    public uint KeepAliveCount { get; set; } = LibvirtConnection.DefaultKeepAliveCount;

    /// <summary>Opens the given connections (objects or names; default: every one that is no longer alive) again, in place.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Reconnect")] public SwitchParameter Reconnect { get; set; }

    /// <summary>With -Reconnect: the connections to open again (Hypervisor objects or the names of open connections).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Reconnect")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? Hypervisor { get; set; }

    protected override void ProcessRecord()
    {
        if (Reconnect)
        {
            foreach (var h in Hypervisor ?? HypervisorSession.Connections.Where(c => !c.IsAlive).ToArray())
                TryInvoke(h, () => Reopen(h), errorId: null);
            return;
        }
        if (Name is not null && HypervisorSession.Find(Name) is { IsAlive: true })
        {
            WriteError($"A connection named '{Name}' is already open. Choose another -Name or Disconnect-Hypervisor it first.",
                "NameInUse", ErrorCategory.ResourceExists, Name);
            return;
        }

        TryInvoke(Uri, () =>
        {
            var credential = Credential is null ? null
                : new ConnectionCredential(Credential.UserName.TrimStart('\\'), Credential.Password);
            var connection = LibvirtConnection.Open(Uri, ReadOnly.IsPresent, credential, KeepAliveInterval, KeepAliveCount);
            Hypervisor? result = null;
            try
            {
                var identity = HostApi.GetIdentity(connection);
                // A lost connection to the same place under the same (or no) name is opened again in place rather than
                // listed twice ("localhost" dead beside a new "localhost2"): its object and drive work again.
                // Without -Name, only a connection that was itself named after the URI is taken ("localhost", "localhost2").
                string stem = HypervisorSession.NameFromUri(connection.Uri);
                bool NameFits(Hypervisor h) => Name is not null
                    ? string.Equals(h.Name, Name, StringComparison.OrdinalIgnoreCase)
                    : h.Name.StartsWith(stem, StringComparison.OrdinalIgnoreCase) && h.Name[stem.Length..].All(char.IsAsciiDigit);
                if (HypervisorSession.Connections.FirstOrDefault(h => !h.IsAlive && h.Uri == connection.Uri && h.ReadOnly == ReadOnly.IsPresent && NameFits(h)) is { } lost)
                {
                    lost.Reattach(connection, identity).Dispose();
                    result = lost;
                }
                else if (Name is not null && HypervisorSession.Find(Name) is not null)
                {
                    throw new InvalidOperationException($"The lost connection named '{Name}' was to another URI or with other options. Disconnect-Hypervisor it first, or choose another -Name.");
                }
                else
                {
                    result = new Hypervisor(HypervisorSession.UniqueName(Name, connection.Uri), connection, identity, credential);
                    HypervisorSession.Add(result);
                    ConnectionHooks.Opened?.Invoke(this, result);
                }
            }
            finally
            {
                if (result is null) connection.Dispose();
            }
            WriteObject(result);
        }, errorId: null);
    }

    /// <summary>Opens <paramref name="h"/>'s URI again with the options and credential it was opened with, and puts the new connection in place.</summary>
    private void Reopen(Hypervisor h)
    {
        var old = h.Connection;
        var connection = LibvirtConnection.Open(h.Uri, h.ReadOnly, h.Credential, old.KeepAliveInterval, old.KeepAliveCount);
        try { h.Reattach(connection, HostApi.GetIdentity(connection)).Dispose(); }
        catch
        {
            connection.Dispose();
            throw;
        }
        WriteVerbose($"Connection '{h.Name}' ({h.Uri}) is open again.");
        WriteObject(h);
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
