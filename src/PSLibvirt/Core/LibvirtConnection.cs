using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A URI that libvirt cannot parse.</summary>
public sealed class InvalidUriException : ArgumentException
{
    public InvalidUriException(string uri, Exception inner)
        : base($"'{uri}' is not a valid libvirt URI (driver[+transport]://[user@][host][:port]/[path][?params], e.g. qemu+ssh://root@host/system).", "Uri", inner)
    {
        Uri = uri;
    }

    public string Uri { get; }
}

/// <summary>An open connection to a hypervisor. Thread-safe to share; dispose to close.</summary>
public sealed class LibvirtConnection : IDisposable
{
    private readonly ConnectHandle _handle;
    private GCHandle _self;
    private bool _closeCallbackRegistered;
    private string? _lostReason; // Set once (Interlocked), read without a lock.
    private int _disposed;

    private LibvirtConnection(ConnectHandle handle, bool readOnly)
    {
        _handle = handle;
        ReadOnly = readOnly;
        Uri = Vir.ConnectGetURI(handle);
        Open_[handle.Pointer] = new WeakReference<LibvirtConnection>(this);
    }

    // The open connections by their virConnectPtr, so that a failed call on any object can find the connection it
    // went through (see Classify). Weak: a connection nobody disposed must still be collectable.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<nint, WeakReference<LibvirtConnection>> Open_ = new();

    /// <summary>
    /// <paramref name="error"/> as it should reach the user: when libvirt reports a transport failure (its RPC
    /// layer: "client socket is closed", "End of file while reading data", "keepalive timeout") and the connection
    /// of <paramref name="on"/> is indeed no longer alive, the connection is marked lost and the error is the
    /// <see cref="ConnectionLostException"/> it stands for, not an "internal error". Called only after a failure.
    /// </summary>
    internal static LibvirtException Classify(LibvirtException error, LibvirtHandle on)
    {
        if (error is ConnectionLostException || error.ErrorDomain != VirErrorDomain.VIR_FROM_RPC ||
            error.Code is not (VirErrorNumber.VIR_ERR_INTERNAL_ERROR or VirErrorNumber.VIR_ERR_SYSTEM_ERROR or VirErrorNumber.VIR_ERR_RPC or VirErrorNumber.VIR_ERR_NO_CONNECT))
            return error;
        nint conn = on switch
        {
            ConnectHandle c => c.Pointer,
            DomainHandle d => Libvirt.virDomainGetConnect(d),
            NetworkHandle n => Libvirt.virNetworkGetConnect(n),
            StoragePoolHandle p => Libvirt.virStoragePoolGetConnect(p),
            StorageVolHandle v => Libvirt.virStorageVolGetConnect(v),
            InterfaceHandle i => Libvirt.virInterfaceGetConnect(i),
            SecretHandle s => Libvirt.virSecretGetConnect(s),
            DomainSnapshotHandle s => Libvirt.virDomainSnapshotGetConnect(s),
            DomainCheckpointHandle k => Libvirt.virDomainCheckpointGetConnect(k),
            _ => 0,
        };
        if (conn == 0 || !Open_.TryGetValue(conn, out var weak) || !weak.TryGetTarget(out var connection) || connection._disposed != 0)
            return error;
        // The raw call: the checked one would come back here if it failed.
        if (connection._lostReason is null && Libvirt.virConnectIsAlive(connection._handle) == 1) return error;
        connection.MarkLost(error.Message);
        return new ConnectionLostException(connection.Uri, error.Message);
    }

    /// <summary>The canonical URI libvirt reports (after aliases and defaults were resolved).</summary>
    public string Uri { get; }
    public bool ReadOnly { get; }

    /// <summary>The handle for calls through the binding; throws when the connection is closed or lost.</summary>
    public ConnectHandle Handle
    {
        get
        {
            EnsureUsable();
            return _handle;
        }
    }

    public bool IsClosed => _disposed != 0;

    /// <summary>Why the connection was lost, or null while it is usable.</summary>
    public string? LostReason => Volatile.Read(ref _lostReason);

    /// <summary>
    /// Opens <paramref name="uri"/> (null: libvirt's own default rules). Never prompts on a terminal: with a
    /// credential, its answers are used; without, any credential prompt fails the open.
    /// </summary>
    public static unsafe LibvirtConnection Open(string? uri, bool readOnly = false, ConnectionCredential? credential = null,
        int keepAliveInterval = DefaultKeepAliveInterval, uint keepAliveCount = DefaultKeepAliveCount)
    {
        LibvirtRuntime.EnsureInitialized();
        // .NET keeps its own copy of the environment on Unix, so libvirt's getenv() would not see a
        // LIBVIRT_DEFAULT_URI set from PowerShell or C#: apply that rule here.
        if (string.IsNullOrEmpty(uri) && Environment.GetEnvironmentVariable("LIBVIRT_DEFAULT_URI") is { Length: > 0 } envUri) uri = envUri;
        ThrowIfNodeFileMissing(uri);
        var cbdata = GCHandle.Alloc(credential?.ForOneOpen() ?? new ConnectionCredential(null, null));
        ConnectHandle handle;
        try
        {
            int* types = stackalloc int[ConnectionCredential.SupportedTypes.Length];
            for (int i = 0; i < ConnectionCredential.SupportedTypes.Length; i++) types[i] = ConnectionCredential.SupportedTypes[i];
            var auth = new VirConnectAuth
            {
                credtype = types,
                ncredtype = (uint)ConnectionCredential.SupportedTypes.Length,
                cb = (nint)(delegate* unmanaged[Cdecl]<VirConnectCredential*, uint, nint, int>)&ConnectionCredential.Callback,
                cbdata = GCHandle.ToIntPtr(cbdata),
            };
            var flags = readOnly ? VirConnectFlags.VIR_CONNECT_RO : 0;
            try { handle = Vir.ConnectOpenAuth(uri, &auth, flags); }
            // libvirt reports an unparsable URI as an internal error; it is the caller's argument that is wrong.
            catch (LibvirtException error) when (error.Code == VirErrorNumber.VIR_ERR_INTERNAL_ERROR && error.Message.Contains("Unable to parse URI", StringComparison.Ordinal))
            {
                throw new InvalidUriException(uri!, error);
            }
        }
        finally
        {
            // libvirt only calls the auth callback during the open.
            cbdata.Free();
        }

        var connection = new LibvirtConnection(handle, readOnly) { KeepAliveInterval = keepAliveInterval, KeepAliveCount = keepAliveCount };
        connection.StartMonitoring();
        return connection;
    }

    // libxml2 prints an I/O warning to stderr for a missing file before libvirt reports it; check first.
    private static void ThrowIfNodeFileMissing(string? uri)
    {
        const string prefix = "test:///";
        if (uri is null || !uri.StartsWith(prefix, StringComparison.Ordinal) || uri.Contains('\0')) return;
        string path = "/" + uri.Substring(prefix.Length).Split('?')[0];
        if (path != "/default" && !System.IO.File.Exists(path))
            throw new System.IO.FileNotFoundException($"The test driver's node file '{path}' does not exist.", path);
    }

    /// <summary>
    /// Keepalive defaults: a probe after 5 s of silence, and the connection is closed when 2 more go unanswered, so a
    /// silent peer (a stopped daemon, a dropped network) is detected within (2 + 1) x 5 = 15 s. libvirt's own
    /// default (5 s x 5) takes 30 s.
    /// </summary>
    public const int DefaultKeepAliveInterval = 5;
    public const uint DefaultKeepAliveCount = 2;

    /// <summary>Seconds of silence before a keepalive probe (remote connections); 0 or less turns keepalive off.</summary>
    public int KeepAliveInterval { get; private init; } = DefaultKeepAliveInterval;
    /// <summary>Unanswered probes after which the connection is closed as lost.</summary>
    public uint KeepAliveCount { get; private init; } = DefaultKeepAliveCount;

    private unsafe void StartMonitoring()
    {
        if (IsRemote(Uri))
        {
            // 1 means the driver has no keepalive (local drivers); only -1 is an error, and a harmless one.
            try { Vir.ConnectSetKeepAlive(_handle, KeepAliveInterval, KeepAliveCount); }
            catch (LibvirtException) { }
        }
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        var cb = (nint)(delegate* unmanaged[Cdecl]<nint, int, nint, void>)&OnClosed;
        try
        {
            Vir.ConnectRegisterCloseCallback(_handle, cb, GCHandle.ToIntPtr(_self), 0);
            _closeCallbackRegistered = true;
        }
        catch (LibvirtException) { } // Local drivers without a daemon have no close callback.
    }

    /// <summary>True when the URI goes through the remote driver (a transport or a host name).</summary>
    public static bool IsRemote(string uri)
    {
        int scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return false;
        if (uri.AsSpan(0, scheme).Contains('+')) return true;
        string rest = uri.Substring(scheme + 3);
        return rest.Length > 0 && rest[0] != '/';
    }

    public void EnsureUsable()
    {
        if (_disposed != 0) throw new ConnectionLostException(Uri, "it was closed");
        if (_lostReason is { } reason) throw new ConnectionLostException(Uri, reason);
    }

    /// <summary>Asks libvirt whether the connection is still alive (a cheap local check for remote ones).</summary>
    public bool IsAlive
    {
        get
        {
            if (_disposed != 0 || _lostReason is not null) return false;
            try { return Vir.ConnectIsAlive(_handle) == 1; }
            catch (LibvirtException) { return false; }
        }
    }

    /// <summary>
    /// Marks the connection lost (from the close callback, or when a call reports a dead transport). The first time,
    /// the connection's event sources are told (they pass it on as a <see cref="ConnectionEvent"/>).
    /// </summary>
    public void MarkLost(string reason)
    {
        if (Interlocked.CompareExchange(ref _lostReason, reason, null) is not null || _disposed != 0) return;
        EventHub.ConnectionLost(this, reason);
        try { AnyLost?.Invoke(this, reason); }
        catch { } // May run on the event-loop thread: nothing may escape.
    }

    /// <summary>Raised once when any connection is lost (on the thread that noticed it: often the event loop's).</summary>
    public static event Action<LibvirtConnection, string>? AnyLost;

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnClosed(nint conn, int reason, nint opaque)
    {
        try
        {
            if (GCHandle.FromIntPtr(opaque).Target is LibvirtConnection c) c.MarkLost(CloseReasonText(reason));
        }
        catch
        {
            // Runs on the event-loop thread: nothing may escape.
        }
    }

    internal static string CloseReasonText(int reason) => reason switch
    {
        0 => "the connection failed (I/O error)",
        1 => "the remote end closed it (end of file)",
        2 => "the keepalive timed out",
        3 => "the client closed it",
        _ => $"it was closed (reason {reason})",
    };

    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_closeCallbackRegistered)
        {
            var cb = (nint)(delegate* unmanaged[Cdecl]<nint, int, nint, void>)&OnClosed;
            try { Vir.ConnectUnregisterCloseCallback(_handle, cb); }
            catch (LibvirtException) { }
        }
        Open_.TryRemove(_handle.Pointer, out _);
        _handle.Dispose();
        if (_self.IsAllocated) _self.Free();
    }

    public override string ToString() => Uri;
}
