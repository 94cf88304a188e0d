using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// The one rule by which every cmdlet finds the objects it acts on, whatever their kind (about_PSLibvirt, "Which
/// objects a cmdlet acts on"):
/// <list type="bullet">
/// <item>Objects (from a Get- cmdlet, piped or passed) are found again on the connection they came from, by UUID
/// where the kind has one, else by key in their parent: never ambiguous; gone is &lt;Type&gt;NotFound.</item>
/// <item>Names given to a cmdlet that changes something are exact (no wildcards: pipe from Get- to act on many) and are
/// looked up on every target connection: found on none is &lt;Type&gt;NotFound (ObjectNotFound), found on several is
/// Ambiguous&lt;Type&gt;Name (InvalidArgument); neither yields a target and the next input is processed.</item>
/// <item>Names given to a Get- cmdlet may hold wildcards and list what matches on every target connection; an exact
/// name found on none is &lt;Type&gt;NotFound.</item>
/// </list>
/// </summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>The connections given (objects or names), else the default connection; a terminating NoConnection error when there is none.</summary>
    protected IReadOnlyList<Hypervisor> TargetConnections(Hypervisor[]? given)
    {
        if (given is { Length: > 0 }) return given;
        var d = HypervisorSession.Default;
        if (d is null) ThrowTerminatingError(ErrorMapping.NoConnection());
        return new[] { d! };
    }

    /// <summary>Runs <paramref name="action"/> once per target connection (the given ones, else the default), each failure non-terminating.</summary>
    protected void ForEachConnection(Hypervisor[]? given, Action<Hypervisor> action)
    {
        foreach (var h in TargetConnections(given)) TryInvoke(h, () => action(h));
    }

    /// <summary>
    /// Resolves one record's input into live targets of a kind that belongs to a connection: <paramref name="objects"/>
    /// when not null, else the exact <paramref name="names"/> on <paramref name="connections"/>.
    /// </summary>
    private protected List<Target<TH>> ResolveTargets<TH, TM>(ObjectKind<LibvirtConnection, TH, TM> kind,
        IEnumerable<string>? names, IEnumerable<TM>? objects, Hypervisor[]? connections)
        where TH : LibvirtHandle where TM : class
    {
        var targets = new List<Target<TH>>();
        IReadOnlyList<Hypervisor>? hosts = null;
        if (objects is not null)
        {
            foreach (var o in objects)
            {
                // A name given where objects are taken (-Network default) is looked up as a name.
                if (ObjectKind.IsReference(o, out string? key)) { ResolveName(key); continue; }
                var id = kind.IdentityOf(o);
                var h = id.Hypervisor ?? TargetConnections(connections)[0];
                TryInvoke(o, () =>
                {
                    var handle = id.Uuid is Guid u && kind.TryLookupByUuid is { } byUuid ? byUuid(h.Connection, u) : kind.TryLookup(h.Connection, id.Key);
                    if (handle is null) { WriteNotFound(kind, id.Key, o, h); return; }
                    try { targets.Add(new Target<TH>(kind, h, handle, kind.GetKey(handle), id.Uuid, o)); }
                    catch { handle.Dispose(); throw; }
                });
            }
            return targets;
        }

        foreach (var name in names ?? Array.Empty<string>()) ResolveName(name);
        return targets;

        void ResolveName(string name)
        {
            hosts ??= TargetConnections(connections);
            var found = new List<Target<TH>>();
            bool failed = false;
            foreach (var h in hosts)
            {
                failed |= !TryInvoke(name, () =>
                {
                    var handle = kind.TryLookup(h.Connection, name);
                    if (handle is null) return;
                    try { found.Add(new Target<TH>(kind, h, handle, kind.GetKey(handle), kind.GetUuid?.Invoke(handle), name)); }
                    catch { handle.Dispose(); throw; }
                });
            }
            AddOne(kind, name, found, hosts, targets, failed);
        }
    }

    /// <summary>
    /// Resolves one record's input into live targets of a kind that lives in another object (a snapshot of a domain,
    /// a volume in a pool): <paramref name="objects"/> when not null (each in its own parent on its own connection), else
    /// <paramref name="names"/> in each of <paramref name="parents"/> (wildcards match the parent's objects when
    /// <paramref name="wildcards"/>). The parents are not disposed here.
    /// </summary>
    private protected List<Target<TH>> ResolveChildTargets<TP, TH, TM>(ObjectKind<TP, TH, TM> kind,
        IEnumerable<string>? names, IEnumerable<TM>? objects, IEnumerable<Target<TP>> parents, bool wildcards = false, Hypervisor[]? connections = null)
        where TP : LibvirtHandle where TH : LibvirtHandle where TM : class
    {
        var targets = new List<Target<TH>>();
        if (objects is not null)
        {
            foreach (var o in objects)
            {
                var id = kind.IdentityOf(o);
                var h = id.Hypervisor ?? TargetConnections(connections)[0];
                TryInvoke(o, () =>
                {
                    TP? parent = id.ParentUuid is Guid pu && kind.OpenParentByUuid is { } byUuid ? byUuid(h, pu) : null;
                    if (parent is null && id.ParentKey is not null)
                    {
                        try { parent = kind.OpenParent!(h, id.ParentKey); }
                        catch (ObjectNotFoundException) { }
                    }
                    if (parent is null) { WriteNotFound(kind.Parent!, id.ParentKey ?? "?", o, h); return; }
                    using (parent)
                    {
                        var handle = kind.TryLookup(parent, id.Key);
                        if (handle is null) { WriteNotFound(kind, id.Key, o, h, $"{kind.Parent!.Noun} '{id.ParentKey}'"); return; }
                        targets.Add(new Target<TH>(kind, h, handle, id.Key, id.Uuid, o, id.ParentKey, id.ParentUuid));
                    }
                });
            }
            return targets;
        }

        foreach (var p in parents)
        {
            foreach (var name in names ?? Array.Empty<string>())
            {
                if (wildcards && WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = Pattern(name);
                    TryInvoke(name, () =>
                    {
                        var all = kind.ListAll(p.Handle);
                        foreach (var x in all)
                        {
                            if (pattern.IsMatch(kind.GetKey(x))) targets.Add(new Target<TH>(kind, p.Hypervisor, x, kind.GetKey(x), kind.GetUuid?.Invoke(x), name, p.Key, p.Uuid));
                            else x.Dispose();
                        }
                    });
                    continue;
                }
                TryInvoke(name, () =>
                {
                    var handle = kind.TryLookup(p.Handle, name);
                    if (handle is null) { WriteNotFound(kind, name, name, p.Hypervisor, $"{p.Kind.Noun} '{p.Key}'"); return; }
                    targets.Add(new Target<TH>(kind, p.Hypervisor, handle, kind.GetKey(handle), kind.GetUuid?.Invoke(handle), name, p.Key, p.Uuid));
                });
            }
        }
        return targets;
    }

    /// <summary>
    /// Objects given to an object parameter, apart from the keys given there as text (<see cref="ObjectReferenceTransformationAttribute"/>),
    /// for cmdlets that read objects and names in different ways (Get- cmdlets that list).
    /// </summary>
    private protected static (List<TM> Objects, List<string> Keys) SplitReferences<TM>(IEnumerable<TM> given) where TM : class
    {
        var objects = new List<TM>();
        var keys = new List<string>();
        foreach (var o in given)
        {
            if (ObjectKind.IsReference(o, out string? key)) keys.Add(key);
            else objects.Add(o);
        }
        return (objects, keys);
    }

    /// <summary>Runs <paramref name="action"/> for each target and disposes it; each failure is non-terminating (target: the input).</summary>
    private protected void ForEachTarget<TH>(IEnumerable<Target<TH>> targets, Action<Target<TH>> action) where TH : LibvirtHandle
    {
        foreach (var t in targets)
        {
            using (t) TryInvoke(t.Input, () => action(t));
        }
    }

    /// <summary>Writes a fresh model of the target (-PassThru), through <paramref name="context"/> when given; an object that is gone (a transient one that stopped) writes nothing.</summary>
    private protected void WritePassThru<TH, TM>(ObjectKind<LibvirtConnection, TH, TM> kind, Target<TH> t, IWorkContext? context = null)
        where TH : LibvirtHandle where TM : class
    {
        var handle = t.Uuid is Guid u && kind.TryLookupByUuid is { } byUuid ? byUuid(t.Connection, u) : kind.TryLookup(t.Connection, t.Key);
        if (handle is null) return;
        using (handle)
        {
            var model = kind.Snapshot(handle, t.ParentKey, t.Hypervisor);
            if (context is null) WriteObject(model);
            else context.WriteObject(model);
        }
    }

    /// <summary>
    /// For Get- cmdlets: the objects of a connection-level kind whose keys match <paramref name="names"/> (wildcards
    /// allowed; null or empty: all), from every connection in turn, each connection's in the order the kind lists them.
    /// An exact name found on none of the connections is &lt;Type&gt;NotFound; a connection that fails is one
    /// non-terminating error and the others are still listed.
    /// </summary>
    private protected IEnumerable<TM> ListMatching<TH, TM>(ObjectKind<LibvirtConnection, TH, TM> kind, string[]? names,
        IReadOnlyList<Hypervisor> hosts, Func<Hypervisor, IReadOnlyList<TM>>? list = null)
        where TH : LibvirtHandle where TM : class
    {
        List<(string Name, WildcardPattern Pattern, bool Exact)>? patterns = null;
        if (names is { Length: > 0 })
        {
            patterns = new();
            foreach (var n in names)
            {
                try { patterns.Add((n, Pattern(n), !WildcardPattern.ContainsWildcardCharacters(n))); }
                catch (ArgumentException e) { WriteError(new ErrorRecord(e, "InvalidWildcardPattern", ErrorCategory.InvalidArgument, n)); }
            }
            if (patterns.Count == 0) yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // An exact name alone is looked up, not listed (cheap on hosts with thousands of objects).
        bool lookup = patterns is { Count: 1 } && patterns[0].Exact && list is null;
        Func<Hypervisor, IReadOnlyList<TM>> read = lookup
            ? h => kind.Find(h, null, patterns![0].Name) is { } one ? new[] { one } : Array.Empty<TM>()
            : h => list is null ? kind.List(h) : list(h);
        foreach (var (h, result) in FanOut(hosts, read))
        {
            IReadOnlyList<TM>? all = null;
            if (lookup)
            {
                // The error names what was asked for; it also stands for "not found", which would be a second error for it.
                if (!TryInvoke(patterns![0].Name, () => all = result()))
                {
                    seen.Add(patterns[0].Name);
                    continue;
                }
            }
            else if (!TryInvoke(h, () => all = result())) continue;
            foreach (var m in all!)
            {
                string key = kind.IdentityOf(m).Key;
                if (patterns is not null && !patterns.Any(p => p.Exact ? p.Name == key : p.Pattern.IsMatch(key))) continue;
                if (patterns is not null) foreach (var p in patterns) if (p.Exact ? p.Name == key : p.Pattern.IsMatch(key)) seen.Add(p.Name);
                yield return m;
            }
        }
        if (patterns is null) yield break;
        foreach (var p in patterns)
            if (p.Exact && !seen.Contains(p.Name)) WriteNotFound(kind, p.Name, p.Name, hosts.Count == 1 ? hosts[0] : null);
    }

    /// <summary>
    /// The patterns among <paramref name="names"/> (case-insensitive); an invalid one is a non-terminating
    /// InvalidWildcardPattern error (InvalidArgument) and is left out. The exact names are the rest.
    /// </summary>
    private protected List<WildcardPattern> ValidPatterns(IEnumerable<string> names)
    {
        var result = new List<WildcardPattern>();
        foreach (var n in names)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(n)) continue;
            try { result.Add(Pattern(n)); }
            catch (ArgumentException e) { WriteError(new ErrorRecord(e, "InvalidWildcardPattern", ErrorCategory.InvalidArgument, n)); }
        }
        return result;
    }

    /// <summary>
    /// Patterns for a filter parameter of names (exact names too): null when none were given (everything matches);
    /// an invalid pattern is an InvalidWildcardPattern error and matches nothing.
    /// </summary>
    private protected List<WildcardPattern>? FilterPatterns(string[]? names)
    {
        if (names is not { Length: > 0 }) return null;
        var result = new List<WildcardPattern>();
        foreach (var n in names) TryInvoke(n, () => result.Add(Pattern(n)), "InvalidWildcardPattern");
        return result;
    }

    /// <summary>A wildcard pattern, case-insensitive as PowerShell's; an invalid pattern is an InvalidArgument error, not a crash.</summary>
    private protected static WildcardPattern Pattern(string name) => Services.Wildcards.Pattern(name);

    /// <summary>
    /// The one target a name found on the connections, else the error: <see cref="WriteNotFound"/> when it was found
    /// nowhere (not when a lookup failed: <paramref name="lookupFailed"/>, whose own error already says why), or
    /// Ambiguous&lt;Type&gt;Name when it was found on several.
    /// </summary>
    private protected void AddOne<TH>(ObjectKind kind, string name, List<Target<TH>> found, IReadOnlyList<Hypervisor> hosts, List<Target<TH>> targets,
        bool lookupFailed = false)
        where TH : LibvirtHandle
    {
        if (found.Count == 0)
        {
            if (!lookupFailed) WriteNotFound(kind, name, name, hosts.Count == 1 ? hosts[0] : null);
        }
        else if (found.Count == 1) targets.Add(found[0]);
        else
        {
            string where = string.Join(", ", found.Select(t => $"'{t.Hypervisor.Name}' ({t.Hypervisor.Uri})"));
            foreach (var t in found) t.Dispose();
            WriteError(new ErrorRecord(
                new ArgumentException($"The {kind.KeyName} '{name}' matches a {kind.Noun} on each of {found.Count} connections: {where}. Pass one -Connection, or pipe the {kind.TypeName} object from {kind.ListCommand}."),
                kind.AmbiguousId, ErrorCategory.InvalidArgument, name));
        }
    }

    /// <summary>The non-terminating &lt;Type&gt;NotFound error (ObjectNotFound, the input as target).</summary>
    private protected void WriteNotFound(ObjectKind kind, string key, object target, Hypervisor? h, string? parent = null)
    {
        string where = h is null ? "any of the target connections" : $"connection '{h.Name}' ({h.Uri})";
        WriteError(new ErrorRecord(
            new ItemNotFoundException($"There is no {kind.Noun} {(kind.KeyType == ObjectKeyType.Name ? "named" : "with UUID")} '{key}'{(parent is null ? "" : " in " + parent)} on {where}. {kind.ListCommand} lists them."),
            kind.NotFoundId, ErrorCategory.ObjectNotFound, target));
    }
}
