using System;
using System.Collections.Generic;

namespace PSLibvirt.Provider;

/// <summary>What a provider path points at.</summary>
public enum LibvirtPathKind
{
    /// <summary>Not a path of the tree (unknown folder, too deep, empty).</summary>
    Invalid,
    /// <summary>The drive root (the hypervisor).</summary>
    Root,
    Domains,
    Domain,
    StoragePools,
    StoragePool,
    StorageVolume,
    Networks,
    Network,
}

/// <summary>
/// A parsed provider path: <c>root\Folder\name[\child]</c>, where root is the drive's root (its name). Accepts
/// both separators, repeated and trailing separators; folder names match case-insensitively and come back in their
/// canonical spelling; object names are kept exactly as given (spaces, Unicode, wildcard characters included).
/// </summary>
public sealed class LibvirtPath
{
    public const string DomainsFolder = "Domains";
    public const string StoragePoolsFolder = "StoragePools";
    public const string NetworksFolder = "Networks";
    /// <summary>The separator of paths the provider writes: the platform's, as the engine expects ('/' on Linux); both are read.</summary>
    public static readonly char Separator = System.IO.Path.DirectorySeparatorChar;

    /// <summary>The top-level folders, in listing order.</summary>
    public static readonly IReadOnlyList<string> Folders = new[] { DomainsFolder, StoragePoolsFolder, NetworksFolder };

    private LibvirtPath(string root, LibvirtPathKind kind, string? name, string? child)
    {
        Root = root;
        Kind = kind;
        Name = name;
        Child = child;
    }

    /// <summary>The first segment: the drive's root (empty when the path had none).</summary>
    public string Root { get; }
    public LibvirtPathKind Kind { get; }
    /// <summary>The object's name (domain, pool or network), or null for the root and the folders.</summary>
    public string? Name { get; }
    /// <summary>The volume's name under a pool, else null.</summary>
    public string? Child { get; }

    public bool IsValid => Kind != LibvirtPathKind.Invalid;

    public bool IsContainer => Kind is LibvirtPathKind.Root or LibvirtPathKind.Domains or LibvirtPathKind.StoragePools
        or LibvirtPathKind.StoragePool or LibvirtPathKind.Networks;

    /// <summary>The top-level folder this path is in (canonical spelling), or null for the root.</summary>
    public string? Folder => Kind switch
    {
        LibvirtPathKind.Domains or LibvirtPathKind.Domain => DomainsFolder,
        LibvirtPathKind.StoragePools or LibvirtPathKind.StoragePool or LibvirtPathKind.StorageVolume => StoragePoolsFolder,
        LibvirtPathKind.Networks or LibvirtPathKind.Network => NetworksFolder,
        _ => null,
    };

    /// <summary>Splits on both separators, dropping empty segments (so repeated and trailing separators are harmless).</summary>
    public static string[] Split(string? path) =>
        (path ?? "").Split(new[] { '\\', '/' }, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses a provider path whose first segment is the drive's root.</summary>
    public static LibvirtPath Parse(string? path)
    {
        string[] s = Split(path);
        if (s.Length == 0) return new LibvirtPath("", LibvirtPathKind.Invalid, null, null);
        string root = s[0];
        if (s.Length == 1) return new LibvirtPath(root, LibvirtPathKind.Root, null, null);
        string? folder = CanonicalFolder(s[1]);
        var invalid = new LibvirtPath(root, LibvirtPathKind.Invalid, null, null);
        switch (folder)
        {
            case DomainsFolder:
                return s.Length switch
                {
                    2 => new LibvirtPath(root, LibvirtPathKind.Domains, null, null),
                    3 => new LibvirtPath(root, LibvirtPathKind.Domain, s[2], null),
                    _ => invalid,
                };
            case NetworksFolder:
                return s.Length switch
                {
                    2 => new LibvirtPath(root, LibvirtPathKind.Networks, null, null),
                    3 => new LibvirtPath(root, LibvirtPathKind.Network, s[2], null),
                    _ => invalid,
                };
            case StoragePoolsFolder:
                return s.Length switch
                {
                    2 => new LibvirtPath(root, LibvirtPathKind.StoragePools, null, null),
                    3 => new LibvirtPath(root, LibvirtPathKind.StoragePool, s[2], null),
                    4 => new LibvirtPath(root, LibvirtPathKind.StorageVolume, s[2], s[3]),
                    _ => invalid,
                };
            default:
                return invalid;
        }
    }

    /// <summary>The canonical spelling of a top-level folder name, or null when it is not one.</summary>
    public static string? CanonicalFolder(string segment)
    {
        foreach (var f in Folders)
            if (string.Equals(f, segment, StringComparison.OrdinalIgnoreCase)) return f;
        return null;
    }

    /// <summary>The canonical provider path (root, folder, name, child) joined with <see cref="Separator"/>, no trailing separator.</summary>
    public override string ToString()
    {
        if (Kind == LibvirtPathKind.Invalid) return Root;
        var parts = new List<string> { Root };
        if (Folder is { } f) parts.Add(f);
        if (Name is not null) parts.Add(Name);
        if (Child is not null) parts.Add(Child);
        return string.Join(Separator, parts);
    }

    public static string Join(params string[] segments) => string.Join(Separator, segments);
}
