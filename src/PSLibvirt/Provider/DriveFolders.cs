using PSLibvirt.Core;

namespace PSLibvirt.Provider;

/// <summary>
/// A top-level folder of the drive: the objects of a kind (<see cref="Items"/>), each holding the objects of
/// <see cref="Children"/> when the folder has a second level (pools and their volumes; domains and their snapshots).
/// </summary>
internal sealed class DriveFolder
{
    public DriveFolder(string name, string description, ObjectKind items, ObjectKind? children = null, bool itemsEditable = true)
    {
        Name = name;
        Description = description;
        Items = items;
        Children = children;
        ItemsEditable = itemsEditable;
    }

    public string Name { get; }
    public string Description { get; }
    public ObjectKind Items { get; }
    public ObjectKind? Children { get; }
    /// <summary>False for a folder that shows another folder's objects as containers (Snapshots shows domains): they are changed in their own folder.</summary>
    public bool ItemsEditable { get; }
}

/// <summary>The drive's folders: one registration per folder, everything else works from the kinds' descriptions.</summary>
internal static class DriveFolders
{
    public static readonly IReadOnlyList<DriveFolder> All = new[]
    {
        new DriveFolder("Domains", "Domains (virtual machines)", ObjectKinds.Domain),
        new DriveFolder("StoragePools", "Storage pools and their volumes", ObjectKinds.StoragePool, ObjectKinds.StorageVolume),
        new DriveFolder("Networks", "Virtual networks", ObjectKinds.Network),
        new DriveFolder("NetworkPorts", "Virtual networks, each holding its ports", ObjectKinds.Network, ObjectKinds.NetworkPort, itemsEditable: false),
        new DriveFolder("Snapshots", "Domains, each holding its snapshots", ObjectKinds.Domain, ObjectKinds.DomainSnapshot, itemsEditable: false),
        new DriveFolder("Checkpoints", "Domains, each holding its checkpoints", ObjectKinds.Domain, ObjectKinds.DomainCheckpoint, itemsEditable: false),
        new DriveFolder("Secrets", "Secrets, by UUID (their definitions; never their values)", ObjectKinds.Secret),
        new DriveFolder("NodeDevices", "Host devices (node devices)", ObjectKinds.NodeDevice),
        new DriveFolder("Interfaces", "Host network interfaces", ObjectKinds.HostInterface),
        new DriveFolder("NetworkFilters", "Network filters (firewall rules for domain interfaces)", ObjectKinds.NetworkFilter),
    };

    /// <summary>The folder a path segment names (case-insensitive), or null.</summary>
    public static DriveFolder? Find(string segment)
    {
        foreach (var f in All)
            if (string.Equals(f.Name, segment, StringComparison.OrdinalIgnoreCase)) return f;
        return null;
    }
}
