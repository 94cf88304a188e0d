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
    /// <summary>The libvirt URIs; none means libvirt's own rules (LIBVIRT_DEFAULT_URI, uri_default). Several are opened in parallel.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Uri")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.UriCompleter))]
    public string[]? Uri { get; set; }

    [Parameter(ParameterSetName = "Uri")] public SwitchParameter ReadOnly { get; set; }

    [Parameter(ParameterSetName = "Uri")]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The session's name for the connection (and its drive); one URI only.</summary>
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

    /// <summary>Leave the default connection as it is (a side connection: read-only, another host); Select-Hypervisor makes it the default later.</summary>
    [Parameter(ParameterSetName = "Uri")] public SwitchParameter NotDefault { get; set; }

    /// <summary>
    /// Open the connection again by itself when it is lost (after 1, 2, 4, 8, then every 15 seconds, until it works or
    /// it is disconnected). Only the connection is reopened: what failed is not repeated.
    /// </summary>
    [Parameter(ParameterSetName = "Uri")] public SwitchParameter AutoReconnect { get; set; }

    /// <summary>Opens the given connections (objects or names; default: every one that is no longer alive) again, in place.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Reconnect")] public SwitchParameter Reconnect { get; set; }

    /// <summary>With -Reconnect: the connections to open again (Hypervisor objects or the names of open connections).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Reconnect")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? Hypervisor { get; set; }

    /// <summary>How many connections are opened at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 16;

    private readonly List<string?> _uris = new();
    private readonly List<Hypervisor> _reopen = new();
    private readonly CancellationTokenSource _stop = new();

    protected override void ProcessRecord()
    {
        if (Reconnect) _reopen.AddRange(Hypervisor ?? HypervisorSession.Connections.Where(c => !c.IsAlive).ToArray());
        else if (Uri is null) _uris.Add(null);
        else _uris.AddRange(Uri);
    }

    protected override void EndProcessing()
    {
        if (Reconnect)
        {
            OpenAll(_reopen.Select(h => ((object)h, (Func<LibvirtConnection>)(() =>
                LibvirtConnection.Open(h.Uri, h.ReadOnly, h.Credential, h.Connection.KeepAliveInterval, h.Connection.KeepAliveCount)))).ToList(),
                (i, connection, identity) =>
                {
                    var h = _reopen[i];
                    h.Reattach(connection, identity).Dispose();
                    WriteVerbose($"Connection '{h.Name}' ({h.Uri}) is open again.");
                    return h;
                });
            return;
        }
        if (Name is not null && _uris.Count > 1)
        {
            WriteError($"-Name names one connection, and {_uris.Count} URIs were given: connect them one by one to name them, or leave -Name out.",
                "OneNamePerConnection", ErrorCategory.InvalidArgument, Name);
            return;
        }
        if (Name is not null && HypervisorSession.Find(Name) is { IsAlive: true })
        {
            WriteError($"A connection named '{Name}' is already open. Choose another -Name or Disconnect-Hypervisor it first.",
                "NameInUse", ErrorCategory.ResourceExists, Name);
            return;
        }
        var credential = Credential is null ? null : new ConnectionCredential(Credential.UserName.TrimStart('\\'), Credential.Password);
        OpenAll(_uris.Select(u => ((object)u!, (Func<LibvirtConnection>)(() =>
            LibvirtConnection.Open(u, ReadOnly.IsPresent, credential, KeepAliveInterval, KeepAliveCount)))).ToList(),
            (_, connection, identity) => Attach(connection, identity, credential));
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// Opens every connection of <paramref name="opens"/>, up to -ThrottleLimit at a time, and hands each to
    /// <paramref name="accept"/> here on the pipeline thread as soon as it is open, so a slow or dead host delays no
    /// other; a host that fails is one non-terminating error with its URI (or connection) as target. Ctrl+C stops
    /// the wait at once; connections that open after that are closed.
    /// </summary>
    private void OpenAll(IReadOnlyList<(object Target, Func<LibvirtConnection> Open)> opens, Func<int, LibvirtConnection, HostIdentity, Hypervisor> accept)
    {
        using var gate = new SemaphoreSlim(ThrottleLimit);
        var pending = opens.Select((o, i) => BlockingWork.Start(() =>
        {
            gate.Wait();
            LibvirtConnection? connection = null;
            try
            {
                connection = o.Open();
                return new Opened(i, connection, HostApi.GetIdentity(connection), null);
            }
            catch (Exception e)
            {
                connection?.Dispose();
                return new Opened(i, null, null, e);
            }
            finally { gate.Release(); }
        })).ToList();
        try
        {
            while (pending.Count > 0)
            {
                int done = Task.WaitAny(pending.Cast<Task>().ToArray(), _stop.Token);
                var opened = pending[done].Result;
                pending.RemoveAt(done);
                object target = opens[opened.Index].Target;
                if (opened.Error is { } failure)
                {
                    if (!ErrorMapping.IsReportable(failure)) throw failure;
                    if ((TlsRefusal(failure, target) ?? SshRefusal(failure, target)) is { } refused) WriteError(refused);
                    else WriteLibvirtError(failure, target);
                    continue;
                }
                Hypervisor? result = null;
                try { TryInvoke(target, () => result = accept(opened.Index, opened.Connection!, opened.Identity!)); }
                finally { if (result is null) opened.Connection!.Dispose(); }
                if (result is not null) WriteObject(result);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: close what the remaining opens still bring.
            foreach (var t in pending) t.ContinueWith(r => r.Result.Connection?.Dispose(), TaskScheduler.Default);
            throw new PipelineStoppedException();
        }
    }

    private sealed record Opened(int Index, LibvirtConnection? Connection, HostIdentity? Identity, Exception? Error);

    /// <summary>
    /// A TLS server that does not accept the client (no client certificate, one from a CA it does not trust, a DN
    /// outside tls_allowed_dn_list) just closes the session, and libvirt's client can only say "Unable to read TLS
    /// confirmation": say what that means, as a SecurityError. Null for any other failure.
    /// </summary>
    private static ErrorRecord? TlsRefusal(Exception failure, object target)
    {
        if (failure is not LibvirtException { Code: PSLibvirt.Native.VirErrorNumber.VIR_ERR_SYSTEM_ERROR } le || !le.Message.Contains("TLS", StringComparison.Ordinal)
            || (target is Hypervisor h ? h.Uri : target as string) is not { } uri || !uri.Contains("+tls://", StringComparison.OrdinalIgnoreCase)) return null;
        return new ErrorRecord(
            new System.Security.Authentication.AuthenticationException(
                $"The server at {uri} closed the TLS session: it did not accept this client. Usually the client has no certificate " +
                "(clientcert.pem and clientkey.pem in the pkipath directory, or in /etc/pki/libvirt or ~/.pki/libvirt), its certificate is " +
                $"not from a CA the server trusts, or its name is not in the server's tls_allowed_dn_list; the server's log says which. ({le.Message})", le),
            "TlsClientRefused", ErrorCategory.SecurityError, target);
    }

    /// <summary>
    /// OpenSSH (qemu+ssh) refusing every way the client offered to log in ends in a system error whose text holds ssh's
    /// "Permission denied (publickey,...)": say it as a SecurityError, and how a password can be given. Null otherwise.
    /// </summary>
    private static ErrorRecord? SshRefusal(Exception failure, object target)
    {
        if (failure is not LibvirtException { Code: PSLibvirt.Native.VirErrorNumber.VIR_ERR_SYSTEM_ERROR } le || !le.Message.Contains("Permission denied (", StringComparison.Ordinal)
            || (target is Hypervisor h ? h.Uri : target as string) is not { } uri || !uri.Contains("+ssh://", StringComparison.OrdinalIgnoreCase)) return null;
        return new ErrorRecord(
            new System.Security.Authentication.AuthenticationException(
                $"The SSH server of {uri} accepted none of the ways this client offered to log in. libvirt's ssh transport runs ssh " +
                "without a terminal, so it can only use keys (keyfile= in the URI, ~/.ssh, or an ssh-agent); for a password, use " +
                $"qemu+libssh2:// or qemu+libssh:// with -Credential. ({le.Message})", le),
            "SshAuthenticationFailed", ErrorCategory.SecurityError, target);
    }

    /// <summary>
    /// The session's Hypervisor for a new connection: a lost connection to the same place under the same (or no)
    /// name is opened again in place rather than listed twice ("localhost" dead beside a new "localhost2").
    /// </summary>
    private Hypervisor Attach(LibvirtConnection connection, HostIdentity identity, ConnectionCredential? credential)
    {
        // Without -Name, only a connection that was itself named after the URI is taken ("localhost", "localhost2").
        string stem = HypervisorSession.NameFromUri(connection.Uri);
        bool NameFits(Hypervisor h) => Name is not null
            ? string.Equals(h.Name, Name, StringComparison.OrdinalIgnoreCase)
            : h.Name.StartsWith(stem, StringComparison.OrdinalIgnoreCase) && h.Name[stem.Length..].All(char.IsAsciiDigit);
        if (HypervisorSession.Connections.FirstOrDefault(h => !h.IsAlive && h.Uri == connection.Uri && h.ReadOnly == ReadOnly.IsPresent && NameFits(h)) is { } lost)
        {
            lost.Reattach(connection, identity).Dispose();
            if (AutoReconnect) Watch(lost);
            return lost;
        }
        if (Name is not null && HypervisorSession.Find(Name) is not null)
            throw new InvalidOperationException($"The lost connection named '{Name}' was to another URI or with other options. Disconnect-Hypervisor it first, or choose another -Name.");
        var hypervisor = new Hypervisor(HypervisorSession.UniqueName(Name, connection.Uri), connection, identity, credential);
        if (AutoReconnect) Watch(hypervisor);
        HypervisorSession.Add(hypervisor, makeDefault: !NotDefault);
        ConnectionHooks.Opened?.Invoke(this, hypervisor);
        return hypervisor;
    }

    private static void Watch(Hypervisor h)
    {
        Services.AutoReconnect.Watch();
        h.AutoReconnect = true;
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
