using PSLibvirt.Core;

namespace PSLibvirt;

/// <summary>An open connection to a hypervisor, as the pipeline sees it. Every object carries the one it came from.</summary>
public sealed class Hypervisor
{
    internal Hypervisor(string name, LibvirtConnection connection, HostIdentity identity)
    {
        Name = name;
        Connection = connection;
        Uri = connection.Uri;
        Hostname = identity.Hostname;
        Type = identity.Type;
        LibvirtVersion = identity.LibvirtVersion;
        HypervisorVersion = identity.HypervisorVersion;
        IsEncrypted = identity.IsEncrypted;
        IsSecure = identity.IsSecure;
    }

    /// <summary>The session's name for this connection (and its drive).</summary>
    public string Name { get; }
    public string Uri { get; }
    public string Hostname { get; }
    /// <summary>The driver's name for the hypervisor (QEMU, Test, LXC, Xen, ...).</summary>
    public string Type { get; }
    public Version LibvirtVersion { get; }
    public Version? HypervisorVersion { get; }
    public bool IsAlive => Connection.IsAlive;
    public bool IsEncrypted { get; }
    public bool IsSecure { get; }
    public bool ReadOnly => Connection.ReadOnly;
    public bool IsClosed => Connection.IsClosed;

    /// <summary>The wrapper's connection, for use from C#.</summary>
    public LibvirtConnection Connection { get; }

    public override string ToString() => Name;
}
