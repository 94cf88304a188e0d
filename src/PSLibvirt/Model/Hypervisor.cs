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
    /// caller disposes it). This object, the objects that carry it and its drive then use the new connection.
    /// </summary>
    internal LibvirtConnection Reattach(LibvirtConnection fresh, HostIdentity identity)
    {
        var old = Connection;
        Attach(fresh, identity);
        return old;
    }

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
