using System.Management.Automation;

namespace PSLibvirt.Provider;

/// <summary>A Libvirt drive: its root is the drive's name; it carries the connection it browses.</summary>
public sealed class LibvirtDriveInfo : PSDriveInfo
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTime At, IReadOnlyList<string> Names)> _names = new(StringComparer.Ordinal);

    /// <summary>How long a listing of names is reused (tab completion asks the same thing many times in a row).</summary>
    public static TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(2);

    public LibvirtDriveInfo(string name, ProviderInfo provider, Hypervisor hypervisor, bool ownsConnection, PSCredential? credential = null, string? description = null)
        : base(name, provider, name, description ?? $"{hypervisor.Uri} (libvirt)", credential)
    {
        Hypervisor = hypervisor;
        OwnsConnection = ownsConnection;
    }

    /// <summary>The connection this drive browses.</summary>
    public Hypervisor Hypervisor { get; }

    /// <summary>The libvirt URI of the connection.</summary>
    public string Uri => Hypervisor.Uri;

    /// <summary>True when New-PSDrive opened the connection: Remove-PSDrive then closes it.</summary>
    public bool OwnsConnection { get; }

    internal IReadOnlyList<string> Names(string key, Func<IReadOnlyList<string>> list)
    {
        lock (_gate)
        {
            if (_names.TryGetValue(key, out var e) && DateTime.UtcNow - e.At < CacheLifetime) return e.Names;
        }
        var names = list();
        lock (_gate) _names[key] = (DateTime.UtcNow, names);
        return names;
    }

    internal void Remember(string key, IReadOnlyList<string> names)
    {
        lock (_gate) _names[key] = (DateTime.UtcNow, names);
    }

    /// <summary>Forgets every cached listing (after any change made through the drive).</summary>
    internal void Invalidate()
    {
        lock (_gate) _names.Clear();
    }
}

/// <summary>A folder of the Libvirt drive (Domains, StoragePools, Networks).</summary>
public sealed class LibvirtFolder
{
    internal LibvirtFolder(string name, Hypervisor hypervisor, string description)
    {
        Name = name;
        Hypervisor = hypervisor;
        Description = description;
    }

    public string Name { get; }
    public string Description { get; }
    public Hypervisor Hypervisor { get; }
    public override string ToString() => Name;
}
