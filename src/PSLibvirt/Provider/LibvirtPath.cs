namespace PSLibvirt.Provider;

/// <summary>How deep in the drive a path points.</summary>
internal enum LibvirtPathLevel
{
    /// <summary>Not a path of the tree (unknown folder, too deep, empty).</summary>
    Invalid,
    /// <summary>The drive root (the hypervisor).</summary>
    Root,
    /// <summary>A top-level folder (Domains, StoragePools, ...).</summary>
    Folder,
    /// <summary>An object in a folder (a domain, a pool, ...).</summary>
    Item,
    /// <summary>An object inside an item (a volume in a pool, a snapshot of a domain).</summary>
    Child,
}

/// <summary>
/// A parsed provider path: <c>root\Folder\name[\child]</c>, where root is the drive's root (its name). Accepts
/// both separators, repeated and trailing separators; folder names match case-insensitively and come back in their
/// canonical spelling; object names are kept exactly as given (spaces, Unicode, wildcard characters included).
/// </summary>
internal sealed class LibvirtPath
{
    /// <summary>The separator of paths the provider writes: the platform's, as the engine expects ('/' on Linux); both are read.</summary>
    public static readonly char Separator = System.IO.Path.DirectorySeparatorChar;

    /// <summary>The top-level folders, in listing order.</summary>
    public static IReadOnlyList<string> Folders { get; } = DriveFolders.All.Select(f => f.Name).ToArray();

    private LibvirtPath(string root, LibvirtPathLevel level, DriveFolder? folder, string? name, string? child)
    {
        Root = root;
        Level = level;
        FolderInfo = folder;
        Name = name;
        Child = child;
    }

    /// <summary>The first segment: the drive's root (empty when the path had none).</summary>
    public string Root { get; }
    public LibvirtPathLevel Level { get; }
    /// <summary>The top-level folder the path is in, or null for the root.</summary>
    public DriveFolder? FolderInfo { get; }
    /// <summary>The top-level folder's canonical name, or null for the root.</summary>
    public string? Folder => FolderInfo?.Name;
    /// <summary>The object's name (domain, pool, network, ...), or null for the root and the folders.</summary>
    public string? Name { get; }
    /// <summary>The name of the object inside it (a volume, a snapshot), else null.</summary>
    public string? Child { get; }

    public bool IsValid => Level != LibvirtPathLevel.Invalid;

    public bool IsContainer => Level is LibvirtPathLevel.Root or LibvirtPathLevel.Folder ||
                               (Level == LibvirtPathLevel.Item && FolderInfo!.Children is not null);

    /// <summary>The kind of object the path names: the folder's items, or their children; null for the root and folders.</summary>
    public Core.ObjectKind? Kind => Level switch
    {
        LibvirtPathLevel.Item => FolderInfo!.Items,
        LibvirtPathLevel.Child => FolderInfo!.Children,
        _ => null,
    };

    /// <summary>The key of the object's parent (the pool of a volume), null for objects of the connection.</summary>
    public string? ParentKey => Level == LibvirtPathLevel.Child ? Name : null;

    /// <summary>The object's own key.</summary>
    public string? Key => Level == LibvirtPathLevel.Child ? Child : Name;

    /// <summary>Splits on both separators, dropping empty segments (so repeated and trailing separators are harmless).</summary>
    public static string[] Split(string? path) =>
        (path ?? "").Split(new[] { '\\', '/' }, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses a provider path whose first segment is the drive's root.</summary>
    public static LibvirtPath Parse(string? path)
    {
        string[] s = Split(path);
        if (s.Length == 0) return new LibvirtPath("", LibvirtPathLevel.Invalid, null, null, null);
        string root = s[0];
        if (s.Length == 1) return new LibvirtPath(root, LibvirtPathLevel.Root, null, null, null);
        var folder = DriveFolders.Find(s[1]);
        if (folder is null) return new LibvirtPath(root, LibvirtPathLevel.Invalid, null, null, null);
        return s.Length switch
        {
            2 => new LibvirtPath(root, LibvirtPathLevel.Folder, folder, null, null),
            3 => new LibvirtPath(root, LibvirtPathLevel.Item, folder, s[2], null),
            4 when folder.Children is not null => new LibvirtPath(root, LibvirtPathLevel.Child, folder, s[2], s[3]),
            _ => new LibvirtPath(root, LibvirtPathLevel.Invalid, null, null, null),
        };
    }

    /// <summary>The canonical spelling of a top-level folder name, or null when it is not one.</summary>
    public static string? CanonicalFolder(string segment) => DriveFolders.Find(segment)?.Name;

    /// <summary>The canonical provider path (root, folder, name, child) joined with <see cref="Separator"/>, no trailing separator.</summary>
    public override string ToString()
    {
        if (Level == LibvirtPathLevel.Invalid) return Root;
        var parts = new List<string> { Root };
        if (Folder is { } f) parts.Add(f);
        if (Name is not null) parts.Add(Name);
        if (Child is not null) parts.Add(Child);
        return string.Join(Separator, parts);
    }

    public static string Join(params string[] segments) => string.Join(Separator, segments);
}
