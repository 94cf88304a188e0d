using PSLibvirt.Core;

namespace PSLibvirt;

/// <summary>An open connection to a hypervisor, as the pipeline sees it. Every object carries the one it came from.</summary>
public sealed class Hypervisor
{
    internal Hypervisor(string name, LibvirtConnection connection, HostIdentity identity, ConnectionCredential? credential = null)
    {
        Name = name;
        Uri = connection.Uri;
        Credential = credential;
        Attach(connection, identity);
    }

    private void Attach(LibvirtConnection connection, HostIdentity identity)
    {
        Connection = connection;
        Hostname = identity.Hostname;
        Type = identity.Type;
        LibvirtVersion = identity.LibvirtVersion;
        HypervisorVersion = identity.HypervisorVersion;
        IsEncrypted = identity.IsEncrypted;
        IsSecure = identity.IsSecure;
    }

    /// <summary>What the connection was opened with, to open it again the same way (Connect-Hypervisor -Reconnect).</summary>
    internal ConnectionCredential? Credential { get; }

    /// <summary>
    /// Puts a freshly opened connection to the same URI in place of the current one and returns the old one (the
    /// caller disposes it). This object, the objects that carry it, its drive and its event registrations then use
    /// the new connection.
    /// </summary>
    internal LibvirtConnection Reattach(LibvirtConnection fresh, HostIdentity identity) => TryReattach(fresh, identity, null)!;

    /// <summary>
    /// <see cref="Reattach"/>, only while the connection is still <paramref name="expected"/> (null: whatever it is);
    /// null, changing nothing, when someone else reattached it first (a reconnect by hand beside an automatic one).
    /// </summary>
    internal LibvirtConnection? TryReattach(LibvirtConnection fresh, HostIdentity identity, LibvirtConnection? expected)
    {
        lock (_reattach)
        {
            var old = Connection;
            if (expected is not null && !ReferenceEquals(old, expected)) return null;
            Attach(fresh, identity);
            EventHub.Move(old, fresh); // Registrations come back by themselves.
            return old;
        }
    }

    private readonly object _reattach = new();

    /// <summary>
    /// Whether a lost connection is opened again by itself, in the background (Connect-Hypervisor -AutoReconnect):
    /// it reopens the connection only; nothing that failed is repeated.
    /// </summary>
    public bool AutoReconnect { get; internal set; }

    /// <summary>The session's name for this connection (and its drive).</summary>
    public string Name { get; }
    public string Uri { get; }
    public string Hostname { get; private set; } = "";
    /// <summary>The driver's name for the hypervisor (QEMU, Test, LXC, Xen, ...).</summary>
    public string Type { get; private set; } = "";
    public Version LibvirtVersion { get; private set; } = new();
    public Version? HypervisorVersion { get; private set; }
    public bool IsAlive => Connection.IsAlive;
    public bool IsEncrypted { get; private set; }
    public bool IsSecure { get; private set; }
    public bool ReadOnly => Connection.ReadOnly;
    public bool IsClosed => Connection.IsClosed;

    /// <summary>The wrapper's connection, for use from C#; a reconnect replaces it (read it for each use).</summary>
    public LibvirtConnection Connection { get; private set; } = null!;

    public override string ToString() => Name;
}
