using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using PSLibvirt.Services;
using PSLibvirt.Core;
using PSLibvirt.Native;


namespace PSLibvirt.Provider;

/// <summary>
/// The Libvirt provider: each drive is a connection, and each of its folders (<see cref="DriveFolders"/>) the objects of
/// one kind (<c>drive:\Domains\name</c>, <c>drive:\StoragePools\pool\volume</c>, ...), as the cmdlets return them.
/// Every action works from the kinds' descriptions (Core's ObjectKinds), never from a switch on the kind.
/// </summary>
[CmdletProvider(ProviderName, ProviderCapabilities.ShouldProcess | ProviderCapabilities.Filter | ProviderCapabilities.Credentials)]
[OutputType(typeof(Domain), typeof(StoragePool), typeof(StorageVolume), typeof(Network), typeof(DomainSnapshot), typeof(Secret), typeof(NodeDevice), typeof(LibvirtFolder), typeof(Hypervisor), ProviderCmdlet = ProviderCmdlet.GetChildItem)]
[OutputType(typeof(Domain), typeof(StoragePool), typeof(StorageVolume), typeof(Network), typeof(DomainSnapshot), typeof(Secret), typeof(NodeDevice), typeof(LibvirtFolder), typeof(Hypervisor), ProviderCmdlet = ProviderCmdlet.GetItem)]
[OutputType(typeof(string), ProviderCmdlet = ProviderCmdlet.GetContent)]
public sealed partial class LibvirtProvider : NavigationCmdletProvider, IContentCmdletProvider, IPropertyCmdletProvider
{
    public const string ProviderName = "Libvirt";

    // ---------------------------------------------------------------- drives

    /// <summary>Creates the drive of a connection Connect-Hypervisor opened, in the caller's session.</summary>
    internal static void AddDriveFor(PSCmdlet cmdlet, Hypervisor hypervisor)
    {
        var ss = cmdlet.SessionState;
        ProviderInfo provider;
        try { provider = ss.Provider.GetOne(ProviderName); }
        catch (ProviderNotFoundException) { return; } // Module's provider not loaded in this session.
        if (ss.Drive.GetAll().Any(d => string.Equals(d.Name, hypervisor.Name, StringComparison.OrdinalIgnoreCase)))
        {
            cmdlet.WriteWarning($"A drive named '{hypervisor.Name}' already exists, so the connection has no drive. Connect with another -Name, or use New-PSDrive -PSProvider Libvirt -Root {hypervisor.Name}.");
            return;
        }
        ss.Drive.New(new LibvirtDriveInfo(hypervisor.Name, provider, hypervisor, ownsConnection: false), "global");
    }

    /// <summary>Removes the caller's session's drives of a connection Disconnect-Hypervisor closes.</summary>
    internal static void RemoveDrivesFor(PSCmdlet cmdlet, Hypervisor hypervisor)
    {
        var ss = cmdlet.SessionState;
        Collection<PSDriveInfo> drives;
        try { drives = ss.Drive.GetAllForProvider(ProviderName); }
        catch (ProviderNotFoundException) { return; }
        foreach (var d in drives)
        {
            if (d is LibvirtDriveInfo ld && ReferenceEquals(ld.Hypervisor, hypervisor))
            {
                try { ss.Drive.Remove(d.Name, true, "global"); }
                catch (DriveNotFoundException) { }
            }
        }
    }

    protected override Collection<PSDriveInfo> InitializeDefaultDrives()
    {
        // Connections are process-wide: a session that imports the module later browses the open ones too.
        var drives = new Collection<PSDriveInfo>();
        foreach (var h in HypervisorSession.Connections)
            if (!h.IsClosed) drives.Add(new LibvirtDriveInfo(h.Name, ProviderInfo, h, ownsConnection: false));
        return drives;
    }

    protected override PSDriveInfo NewDrive(PSDriveInfo drive)
    {
        if (drive is LibvirtDriveInfo ready) return ready;
        if (string.IsNullOrWhiteSpace(drive.Root))
        {
            WriteError(new ErrorRecord(new ArgumentException("-Root must be a libvirt URI (e.g. qemu:///system) or the name of an open connection."),
                "RootRequired", ErrorCategory.InvalidArgument, drive.Name));
            return null!;
        }
        // The name of an open connection: browse it without owning it.
        if (HypervisorSession.Find(drive.Root) is { } open)
            return new LibvirtDriveInfo(drive.Name, ProviderInfo, open, ownsConnection: false, drive.Credential, drive.Description);
        try
        {
            var credential = drive.Credential is { UserName: { Length: > 0 } } c
                ? new ConnectionCredential(c.UserName.TrimStart('\\'), c.Password) : null;
            var connection = LibvirtConnection.Open(drive.Root, readOnly: false, credential);
            try
            {
                var hypervisor = new Hypervisor(drive.Name, connection, HostApi.GetIdentity(connection));
                return new LibvirtDriveInfo(drive.Name, ProviderInfo, hypervisor, ownsConnection: true, drive.Credential,
                    string.IsNullOrEmpty(drive.Description) ? null : drive.Description);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            WriteError(ErrorMapping.ToErrorRecord(ex, drive.Root));
            return null!;
        }
    }

    protected override PSDriveInfo RemoveDrive(PSDriveInfo drive)
    {
        if (drive is LibvirtDriveInfo ld && ld.OwnsConnection) ld.Hypervisor.Connection.Dispose();
        return drive;
    }

    // ---------------------------------------------------------------- paths

    /// <summary>The drive a path belongs to: its first segment names the drive (its root).</summary>
    private LibvirtDriveInfo Drive(LibvirtPath p)
    {
        if (PSDriveInfo is LibvirtDriveInfo current && string.Equals(current.Root, p.Root, StringComparison.OrdinalIgnoreCase))
            return current;
        foreach (var d in ProviderInfo.Drives)
            if (d is LibvirtDriveInfo ld && string.Equals(ld.Root, p.Root, StringComparison.OrdinalIgnoreCase)) return ld;
        // A drive made in an inner scope (New-PSDrive in a script or function) is only in the caller's session state.
        foreach (var d in SessionState.Drive.GetAllForProvider(ProviderInfo.Name))
            if (d is LibvirtDriveInfo ld && string.Equals(ld.Root, p.Root, StringComparison.OrdinalIgnoreCase)) return ld;
        throw new DriveNotFoundException($"There is no Libvirt drive '{p.Root}'.");
    }

    /// <summary>The drive's connection, or a clear error when it is closed or lost (never a hang).</summary>
    private static Hypervisor Connection(LibvirtDriveInfo d)
    {
        d.Hypervisor.Connection.EnsureUsable();
        return d.Hypervisor;
    }

    protected override bool IsValidPath(string path) => LibvirtPath.Parse(path).IsValid;

    /// <summary>The names in a container, from the drive's short-lived cache (tab completion asks often).</summary>
    private IReadOnlyList<string> CachedNames(LibvirtDriveInfo d, LibvirtPath p) => p.Level switch
    {
        LibvirtPathLevel.Root => LibvirtPath.Folders,
        LibvirtPathLevel.Folder => d.Names(p.Folder!, () => Unsupported(() => p.FolderInfo!.Items.ListKeys(Connection(d)))),
        LibvirtPathLevel.Item when p.FolderInfo!.Children is { } children =>
            d.Names(p.Folder + "/" + p.Name, () => Unsupported(() => children.ListKeys(Connection(d), p.Name))),
        _ => Array.Empty<string>(),
    };

    /// <summary>A driver without support for a kind (VIR_ERR_NO_SUPPORT) shows an empty folder, not an error.</summary>
    internal static IReadOnlyList<T> Unsupported<T>(Func<IReadOnlyList<T>> list)
    {
        try { return list(); }
        catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT && ex is not ConnectionLostException)
        {
            return Array.Empty<T>();
        }
    }

    /// <summary>The exact name of an object: an exact match first, else the one case-insensitive match.</summary>
    private static string? Resolve(IReadOnlyList<string> names, string name)
    {
        if (names.Contains(name, StringComparer.Ordinal)) return name;
        var ci = names.Where(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return ci.Count == 1 ? ci[0] : null;
    }

    /// <summary>The path with its names resolved to the objects' exact names, or null when an object does not exist.</summary>
    private LibvirtPath? Canonical(LibvirtDriveInfo d, LibvirtPath p)
    {
        if (!p.IsValid) return null;
        d.Hypervisor.Connection.EnsureUsable(); // a closed or lost connection is an error, never a stale cached answer
        if (p.Name is null) return p;
        string parentPath = LibvirtPath.Join(p.Root, p.Folder!);
        string? name = Resolve(CachedNames(d, LibvirtPath.Parse(parentPath)), p.Name);
        if (name is null) return null;
        if (p.Child is null) return LibvirtPath.Parse(LibvirtPath.Join(parentPath, name));
        string poolPath = LibvirtPath.Join(parentPath, name);
        string? child = Resolve(CachedNames(d, LibvirtPath.Parse(poolPath)), p.Child);
        return child is null ? null : LibvirtPath.Parse(LibvirtPath.Join(poolPath, child));
    }

    /// <summary>Parses, finds the drive and resolves names; writes the error and returns null when that fails.</summary>
    private (LibvirtDriveInfo Drive, LibvirtPath Path)? Locate(string path, bool reportMissing = true)
    {
        var p = LibvirtPath.Parse(path);
        try
        {
            var d = Drive(p);
            var c = Canonical(d, p);
            if (c is null)
            {
                if (reportMissing) WriteError(NotFound(path));
                return null;
            }
            return (d, c);
        }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            WriteError(ToError(ex, path));
            return null;
        }
    }

    private static ErrorRecord NotFound(string path) =>
        new(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."), "PathNotFound", ErrorCategory.ObjectNotFound, path);

    private static ErrorRecord ToError(Exception ex, string path, string? errorId = null) => ex switch
    {
        ItemExistsException => new ErrorRecord(ex, errorId ?? "ItemExists", ErrorCategory.ResourceExists, path),
        DriveNotFoundException => new ErrorRecord(ex, errorId ?? "DriveNotFound", ErrorCategory.ObjectNotFound, path),
        NotSupportedException or PSNotSupportedException => new ErrorRecord(ex, errorId ?? "NotSupported", ErrorCategory.NotImplemented, path),
        PSInvalidCastException => new ErrorRecord(ex, errorId ?? "InvalidValue", ErrorCategory.InvalidArgument, path),
        FormatException => new ErrorRecord(ex, errorId ?? "InvalidSize", ErrorCategory.InvalidArgument, path),
        _ => ErrorMapping.ToErrorRecord(ex, path, errorId),
    };

    /// <summary>Runs a provider action; failures become non-terminating errors with the path as target.</summary>
    private void Try(string path, Action action, string? errorId = null)
    {
        try { action(); }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            WriteError(ToError(ex, path, errorId));
        }
    }

    protected override bool ItemExists(string path)
    {
        var p = LibvirtPath.Parse(path);
        if (!p.IsValid) return false;
        try
        {
            return Canonical(Drive(p), p) is not null;
        }
        catch (ConnectionLostException ex)
        {
            // The engine turns false into 'path not found'; say first why (the connection), so the user knows. But
            // not while the engine collects a cmdlet's dynamic parameters: it turns any error written then into a
            // GetDynamicParametersException that hides the reason; the action itself reports it a moment later.
            if (!CollectingDynamicParameters()) WriteError(ToError(ex, path));
            return false;
        }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            return false;
        }
    }

    /// <summary>True while the engine asks for a cmdlet's dynamic parameters (only looked at for a lost connection).</summary>
    private static bool CollectingDynamicParameters()
    {
        foreach (var frame in new System.Diagnostics.StackTrace(2, false).GetFrames())
            if (frame.GetMethod()?.Name is "GetDynamicParameters" or "HandleCommandLineDynamicParameters") return true;
        return false;
    }

    protected override bool IsItemContainer(string path) => LibvirtPath.Parse(path).IsContainer;

    protected override bool HasChildItems(string path)
    {
        var p = LibvirtPath.Parse(path);
        if (!p.IsContainer) return false;
        try
        {
            var d = Drive(p);
            var c = Canonical(d, p);
            return c is not null && CachedNames(d, c).Count > 0;
        }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            // Asked while binding parameters too: the action itself reports a lost connection.
            return false;
        }
    }

    // ---------------------------------------------------------------- items

    private object ReadItem(LibvirtDriveInfo d, LibvirtPath p)
    {
        var h = Connection(d);
        return p.Level switch
        {
            LibvirtPathLevel.Root => h,
            LibvirtPathLevel.Folder => new LibvirtFolder(p.Folder!, h, p.FolderInfo!.Description),
            LibvirtPathLevel.Item or LibvirtPathLevel.Child => p.Kind!.FindItem(h, p.ParentKey, p.Key!) ?? throw new ObjectNotFoundException(p.Kind, p.Key!, h),
            _ => throw new ArgumentException($"'{p}' is not a Libvirt path."),
        };
    }

    protected override void GetItem(string path)
    {
        if (Locate(path) is not { } l) return;
        Try(path, () => WriteItemObject(ReadItem(l.Drive, l.Path), l.Path.ToString(), l.Path.IsContainer));
    }

    /// <summary>The children of a container as (name, item, is container), listed fresh (and the names cache refreshed).</summary>
    private IEnumerable<(string Name, object Item, bool IsContainer)> ListChildren(LibvirtDriveInfo d, LibvirtPath p)
    {
        var h = Connection(d);
        if (p.Level == LibvirtPathLevel.Root)
            return LibvirtPath.Folders.Select(f => (f, ReadItem(d, LibvirtPath.Parse(LibvirtPath.Join(p.Root, f))), true));
        var (kind, parentKey, cacheKey) = p.Level == LibvirtPathLevel.Folder
            ? (p.FolderInfo!.Items, (string?)null, p.Folder!)
            : (p.FolderInfo!.Children!, p.Name, p.Folder + "/" + p.Name);
        bool containers = p.Level == LibvirtPathLevel.Folder && p.FolderInfo.Children is not null;
        var list = Unsupported(() => kind.ListItems(h, parentKey))
            .Select(x => (Name: kind.IdentityOf(x).Key, Item: x))
            .OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ToList();
        d.Remember(cacheKey, list.Select(x => x.Name).ToList());
        return list.Select(x => (x.Name, x.Item, containers));
    }

    private bool MatchesFilter(string name) =>
        string.IsNullOrEmpty(Filter) || WildcardPattern.Get(Filter, WildcardOptions.IgnoreCase).IsMatch(name);

    /// <summary>False, with one InvalidWildcardPattern error, when -Filter is no valid pattern ("[").</summary>
    private bool FilterIsValid()
    {
        if (string.IsNullOrEmpty(Filter)) return true;
        try { Wildcards.Pattern(Filter, "-Filter "); return true; }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidWildcardPattern", ErrorCategory.InvalidArgument, Filter));
            return false;
        }
    }

    protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

    protected override void GetChildItems(string path, bool recurse, uint depth)
    {
        if (!FilterIsValid() || Locate(path) is not { } l) return;
        if (!l.Path.IsContainer)
        {
            // Get-ChildItem on a leaf shows the leaf, as the FileSystem provider does for a file.
            Try(path, () => WriteItemObject(ReadItem(l.Drive, l.Path), l.Path.ToString(), false));
            return;
        }
        Walk(l.Drive, l.Path, recurse, depth);
    }

    private void Walk(LibvirtDriveInfo d, LibvirtPath p, bool recurse, uint depth)
    {
        List<(string Name, object Item, bool IsContainer)> children;
        try { children = ListChildren(d, p).ToList(); }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            WriteError(ToError(ex, p.ToString()));
            return;
        }
        foreach (var (name, item, isContainer) in children)
        {
            if (Stopping) throw new PipelineStoppedException();
            string childPath = LibvirtPath.Join(p.ToString(), name);
            if (MatchesFilter(name)) WriteItemObject(item, childPath, isContainer);
            if (recurse && isContainer && depth > 0) Walk(d, LibvirtPath.Parse(childPath), recurse, depth - 1);
        }
    }

    protected override void GetChildNames(string path, ReturnContainers returnContainers)
    {
        if (!FilterIsValid() || Locate(path) is not { } l || !l.Path.IsContainer) return;
        IReadOnlyList<string> names;
        try { names = CachedNames(l.Drive, l.Path); }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            WriteError(ToError(ex, path));
            return;
        }
        bool childContainers = l.Path.Level == LibvirtPathLevel.Root || (l.Path.Level == LibvirtPathLevel.Folder && l.Path.FolderInfo!.Children is not null);
        foreach (var name in l.Path.Level == LibvirtPathLevel.Root ? names : names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList())
        {
            if (Stopping) throw new PipelineStoppedException();
            if (returnContainers == ReturnContainers.ReturnMatchingContainers && !MatchesFilter(name)) continue;
            WriteItemObject(name, LibvirtPath.Join(l.Path.ToString(), name), childContainers);
        }
    }

    protected override void InvokeDefaultAction(string path)
    {
        if (Locate(path) is not { } l) return;
        var p = l.Path;
        if (p.Level != LibvirtPathLevel.Item || !p.FolderInfo!.ItemsEditable || !p.Kind!.CanStart)
        {
            WriteError(ToError(new PSNotSupportedException($"Invoke-Item starts domains, networks and storage pools; '{path}' cannot be started."), path, "InvokeNotSupported"));
            return;
        }
        if (!ShouldProcess(p.ToString(), $"Start {p.Kind.Noun}")) return;
        Try(path, () =>
        {
            p.Kind.StartItem(Connection(l.Drive), p.Key!);
            l.Drive.Invalidate();
        });
    }

    protected override object? NewItemDynamicParameters(string path, string itemTypeName, object newItemValue) => null;

    protected override void NewItem(string path, string itemTypeName, object newItemValue)
    {
        var p = LibvirtPath.Parse(path);
        var kind = p.Kind;
        bool definable = p.Level == LibvirtPathLevel.Item && p.FolderInfo!.ItemsEditable && kind!.CanDefine;
        bool creatable = p.Level == LibvirtPathLevel.Child && kind!.Creator is not null;
        if (!definable && !creatable)
        {
            var places = DriveFolders.All.Where(f => f.ItemsEditable && f.Items.CanDefine).Select(f => f.Name)
                .Concat(DriveFolders.All.Where(f => f.Children?.Creator is not null).Select(f => $"a folder of {f.Name}"));
            WriteError(ToError(new ArgumentException($"New-Item creates items in {string.Join(", ", places)}; '{path}' is not such a place."), path, "InvalidPath"));
            return;
        }
        LibvirtDriveInfo d;
        try { d = Drive(p); }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex)) { WriteError(ToError(ex, path)); return; }
        if (creatable)
        {
            // The parent must exist (resolve its exact name).
            var parent = Canonical(d, LibvirtPath.Parse(LibvirtPath.Join(p.Root, p.Folder!, p.Name!)));
            if (parent is null) { WriteError(NotFound(LibvirtPath.Join(p.Root, p.Folder!, p.Name!))); return; }
            p = LibvirtPath.Parse(LibvirtPath.Join(parent.ToString(), p.Child!));
        }
        string target = p.ToString();
        object? value = newItemValue is PSObject pso ? pso.BaseObject : newItemValue;
        if (!ShouldProcess(target, creatable ? $"Create {kind!.Noun}" : $"Define {kind!.Noun}")) return;
        Try(target, () =>
        {
            var h = Connection(d);
            object item = creatable
                ? kind.Creator!(h, p.ParentKey!, p.Key!, string.IsNullOrEmpty(itemTypeName) ? null : itemTypeName, value)
                : kind.DefineItem(h, p.Key!, RequireXml(value, kind.XmlRoot ?? kind.Noun));
            d.Invalidate();
            WriteItemObject(item, target, p.IsContainer);
        });
    }

    private static string RequireXml(object? value, string kind)
    {
        string? xml = value switch
        {
            string s => s,
            System.Xml.XmlNode n => n.OuterXml,
            IEnumerable e => string.Join("\n", e.Cast<object>().Select(o => o?.ToString())),
            null => null,
            _ => value.ToString(),
        };
        if (string.IsNullOrWhiteSpace(xml)) throw new ArgumentException($"Give the {kind} definition (XML) with -Value.");
        return xml!;
    }

    protected override void RemoveItem(string path, bool recurse)
    {
        if (Locate(path) is not { } l) return;
        var p = l.Path;
        string target = p.ToString();
        var kind = p.Kind;
        if (kind is null || !kind.CanRemove || (p.Level == LibvirtPathLevel.Item && !p.FolderInfo!.ItemsEditable))
        {
            WriteError(ToError(new PSNotSupportedException(kind is null
                ? $"'{path}' is a folder of the drive and cannot be removed."
                : $"'{path}' cannot be removed here: remove the {kind.Noun} in its own folder."), path, "RemoveNotSupported"));
            return;
        }
        Try(target, () =>
        {
            bool removed = kind.RemoveItem(Connection(l.Drive), p.ParentKey, p.Key!, Force, action =>
            {
                if (!ShouldProcess(target, $"{action} {kind.Noun}" + (kind.RemovalDestroysData ? " (its data is destroyed)" : ""))) return false;
                // Destroying data: confirm unless -Force, as ConfirmImpact High would (a provider cannot set ConfirmImpact).
                return !kind.RemovalDestroysData || Force || ShouldContinue($"Permanently delete the {kind.Noun} '{p.Key}' and its data?", $"Delete {kind.Noun}");
            });
            if (removed) l.Drive.Invalidate();
        });
    }

    protected override void RenameItem(string path, string newName)
    {
        if (Locate(path) is not { } l) return;
        var p = l.Path;
        if (p.Level != LibvirtPathLevel.Item || !p.FolderInfo!.ItemsEditable || p.Kind!.Renamer is null)
        {
            WriteError(ToError(new PSNotSupportedException($"Rename-Item renames domains; '{path}' cannot be renamed."), path, "RenameNotSupported"));
            return;
        }
        if (string.IsNullOrWhiteSpace(newName) || newName.IndexOfAny(new[] { '\\', '/' }) >= 0)
        {
            WriteError(ToError(new ArgumentException($"'{newName}' is not a valid {p.Kind.Noun} name."), path, "InvalidName"));
            return;
        }
        if (!ShouldProcess(p.ToString(), $"Rename {p.Kind.Noun} to '{newName}'")) return;
        Try(path, () =>
        {
            var item = p.Kind.Renamer(Connection(l.Drive), p.Key!, newName);
            l.Drive.Invalidate();
            WriteItemObject(item, LibvirtPath.Join(p.Root, p.Folder!, newName), false);
        });
    }

    protected override void CopyItem(string path, string copyPath, bool recurse)
    {
        if (Locate(path) is not { } l) return;
        var p = l.Path;
        if (IsDomain(p))
        {
            CopyDomain(path, copyPath, l.Drive, p);
            return;
        }
        if (p.Level != LibvirtPathLevel.Child || p.Kind!.Cloner is null)
        {
            WriteError(ToError(new PSNotSupportedException($"Copy-Item clones storage volumes and copies domains to other drives; '{path}' cannot be copied."), path, "CopyNotSupported"));
            return;
        }
        var kind = p.Kind;
        Try(path, () =>
        {
            var dest = LibvirtPath.Parse(copyPath);
            var destDrive = Drive(dest);
            if (!ReferenceEquals(destDrive.Hypervisor, l.Drive.Hypervisor))
                throw new PSNotSupportedException($"Copy-Item copies a {kind.Noun} within one connection; copying between hypervisors is not supported.");
            if (!ReferenceEquals(dest.FolderInfo, p.FolderInfo) || dest.Level is not (LibvirtPathLevel.Item or LibvirtPathLevel.Child))
                throw new ArgumentException($"The destination '{copyPath}' is not a {kind.Parent!.Noun} or a {kind.Noun} path in one.");
            var parent = Canonical(destDrive, LibvirtPath.Parse(LibvirtPath.Join(dest.Root, dest.Folder!, dest.Name!)))
                ?? throw new ItemNotFoundException($"Cannot find the {kind.Parent!.Noun} '{dest.Name}'.");
            string newName = dest.Level == LibvirtPathLevel.Child ? dest.Child! : p.Child!;
            string target = LibvirtPath.Join(p.Root, p.Folder!, parent.Name!, newName);
            if (!ShouldProcess(target, $"Copy {kind.Noun} '{p}'")) return;
            var item = kind.Cloner(Connection(l.Drive), p.Name!, p.Child!, parent.Name!, newName);
            l.Drive.Invalidate();
            WriteItemObject(item, target, false);
        });
    }

    /// <summary>
    /// Copy-Item of a domain to another drive defines it there: its persistent definition (migratable: without what
    /// belongs to this host), the same name and UUID, shut off. The source keeps it. A domain of that name or UUID on
    /// the destination is ItemExists unless -Force, which redefines it.
    /// </summary>
    private void CopyDomain(string path, string copyPath, LibvirtDriveInfo drive, LibvirtPath p)
    {
        Try(path, () =>
        {
            if (string.Equals(LibvirtPath.Parse(copyPath).Root, p.Root, StringComparison.OrdinalIgnoreCase))
                throw new PSNotSupportedException("Copy-Item copies a domain's definition to another drive; a copy on the same host needs another name and UUID: New-Domain -Xml.");
            var (destDrive, targetPath) = DomainDestination(p, copyPath);
            var source = Connection(drive);
            var target = Connection(destDrive);
            string name = p.Name!;
            using var h = DomainApi.LookupByName(source.Connection, name);
            string xml = DomainDefinitionApi.GetXml(h, inactive: true, migratable: true);
            Guid uuid = DomainApi.GetUuid(h);
            if (!Force)
            {
                using var byName = DomainApi.TryLookupByName(target.Connection, name);
                using var byUuid = DomainApi.TryLookupByUuid(target.Connection, uuid);
                if (byName is not null || byUuid is not null)
                    throw new ItemExistsException($"'{target.Name}' already has a domain named '{name}' or with its UUID {uuid}. -Force redefines it with this definition.");
            }
            if (!ShouldProcess(targetPath, $"Copy the definition of domain '{name}' from '{source.Name}'")) return;
            using (DomainDefinitionApi.Define(target.Connection, xml)) { }
            destDrive.Invalidate();
            WriteItemObject(ObjectKinds.Domain.Find(target, null, name), targetPath, false);
        });
    }

    protected override object? MoveItemDynamicParameters(string path, string destination) =>
        IsDomain(LibvirtPath.Parse(path)) ? new DomainMoveParameters() : null;

    private static bool IsDomain(LibvirtPath p) => p.Level == LibvirtPathLevel.Item && ReferenceEquals(p.Kind, ObjectKinds.Domain);

    /// <summary>
    /// Where a domain (<paramref name="p"/>, already resolved) copied or moved to <paramref name="destination"/> goes:
    /// the other drive and the domain's path there. The destination must be a drive or its Domains folder.
    /// </summary>
    private (LibvirtDriveInfo Drive, string Path) DomainDestination(LibvirtPath p, string destination)
    {
        var dest = LibvirtPath.Parse(destination);
        if (!(dest.Level == LibvirtPathLevel.Root || dest.Level == LibvirtPathLevel.Folder && ReferenceEquals(dest.FolderInfo, p.FolderInfo)))
            throw new ArgumentException($"The destination '{destination}' is not a drive or its {p.Folder} folder.");
        return (Drive(dest), LibvirtPath.Join(dest.Root, p.Folder!, p.Name!));
    }

    private readonly CancellationTokenSource _stopping = new();

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// A domain moved to another drive's Domains folder (or its root) is migrated there (Move-Domain): live when it
    /// runs, else offline; a persistent domain stays persistent and leaves the source. Progress as Move-Domain's;
    /// Ctrl+C aborts the migration and the domain stays on the source. Nothing else moves.
    /// </summary>
    protected override void MoveItem(string path, string destination)
    {
        var p = LibvirtPath.Parse(path);
        var dest = LibvirtPath.Parse(destination);
        if (!IsDomain(p) || string.Equals(p.Root, dest.Root, StringComparison.OrdinalIgnoreCase))
        {
            string message = IsDomain(p)
                ? "Move-Item within a drive is not supported: rename a domain with Rename-Item, or move it to another drive (a migration)."
                : $"Move-Item moves domains between drives (a migration); '{path}' cannot be moved.";
            WriteError(new ErrorRecord(new PSNotSupportedException(message), "MoveNotSupported", ErrorCategory.NotImplemented, path));
            return;
        }
        if (Locate(path) is not { } l) return;
        Try(path, () =>
        {
            var (destDrive, targetPath) = DomainDestination(l.Path, destination);
            var source = Connection(l.Drive);
            var target = Connection(destDrive);
            string name = l.Path.Name!;
            using var h = DomainApi.LookupByName(source.Connection, name);
            bool active = DomainMigration.IsActive(DomainApi.GetState(h).State);
            var parameters = DynamicParameters as DomainMoveParameters ?? new DomainMoveParameters();
            var options = parameters.Options(DomainDefinitionApi.IsPersistent(h));
            var flags = DomainMigration.Flags(options, active);
            string how = DomainMigration.Mode(flags);
            if (!ShouldProcess(l.Path.ToString(), $"Move domain to '{target.Name}' ({how}) as {targetPath}")) return;
            string activity = $"Moving domain {name} to {target.Name}";
            try
            {
                using var moved = DomainMigration.Migrate(h, target.Connection, options, flags,
                    pr => WriteProgress(MigrationProgressRecord.Describe(new ProgressRecord(1, activity, how), pr)), _stopping.Token,
                    notice: WriteWarning);
            }
            catch (MigrationTimeoutException e)
            {
                WriteError(new ErrorRecord(e, "MigrationTimeout", ErrorCategory.OperationTimeout, path));
                return;
            }
            catch (LibvirtException e) when (e is not ConnectionLostException)
            {
                WriteError(new ErrorRecord(new InvalidOperationException(
                    DomainMigration.FailureMessage(h, name, source.Name, target.Name, e), e),
                    "Libvirt" + e.CodeName, ErrorMapping.Category(e), path));
                return;
            }
            finally
            {
                WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
                l.Drive.Invalidate();
                destDrive.Invalidate();
            }
            WriteItemObject(ObjectKinds.Domain.Find(target, null, name), targetPath, false);
        });
    }
}
