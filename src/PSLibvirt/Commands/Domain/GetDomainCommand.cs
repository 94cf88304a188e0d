using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists domains (virsh list --all, dominfo, domstate, domid/domname/domuuid).</summary>
[Cmdlet(VerbsCommon.Get, "Domain", DefaultParameterSetName = NameSet)]
[OutputType(typeof(Domain))]
[Lists(typeof(Domain), ConnectionSets = new[] { IdSet, UuidSet })]
public sealed partial class GetDomainCommand : LibvirtCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";
    private const string UuidSet = "Uuid";

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    public int[]? Id { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = UuidSet, ValueFromPipelineByPropertyName = true)]
    public Guid[]? Uuid { get; set; }

    [Parameter]
    public DomainState[]? State { get; set; }

    [Parameter] public SwitchParameter Persistent { get; set; }

    [Parameter] public SwitchParameter Transient { get; set; }

    [Parameter] public SwitchParameter Autostart { get; set; }

    private DomainListFilter Filter => new()
    {
        Persistent = Persistent ? true : Transient ? false : null,
        Autostart = Autostart ? true : null,
        States = State is { Length: > 0 } ? State : null,
    };

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Persistent, Transient, "Persistent", "Transient", "a domain is one or the other. Use neither to list both");
    }

    // Per input record: a domain matched by two of its names or patterns is written once.
    private readonly HashSet<(Hypervisor, Guid)> _written = new();

    private void Emit(Domain d)
    {
        if (d.Hypervisor is null || _written.Add((d.Hypervisor, d.Uuid))) WriteObject(d);
    }

    protected override void ProcessRecord()
    {
        _written.Clear();
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (int id in Id!) LookupEach(id, h => DomainApi.LookupById(h.Connection, id), $"with id {id}");
                break;
            case UuidSet:
                foreach (var u in Uuid!) LookupEach(u, h => DomainApi.LookupByUuid(h.Connection, u), $"with UUID {u}");
                break;
            default:
                ProcessNames();
                break;
        }
    }

    private void ProcessNames()
    {
        var names = Name is { Length: > 0 } ? Name : null;
        var patterns = names is null ? null : ValidPatterns(names);
        var exact = names?.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
        if (names is not null && patterns!.Count == 0 && exact!.Count == 0) return; // only invalid patterns: each is an error already
        var filter = Filter;

        if (names is null || patterns!.Count > 0)
        {
            Func<string, bool>? match = names is null ? null : n => patterns!.Any(p => p.IsMatch(n));
            // A listing writes each domain of a connection once; only the exact names below can repeat one of
            // them, so the listing remembers what it wrote only when there are some (a set of 10,000 keys is a
            // megabyte of garbage per call otherwise). A connection given twice is listed once.
            bool remember = exact is { Count: > 0 };
            foreach (var (h, listed) in FanOut(ListedConnections().Distinct().ToList(), h => DomainApi.List(h.Connection, h, filter, match)))
            {
                TryInvoke(h, () =>
                {
                    var list = listed();
                    list.Sort(VirshOrder.Instance);
                    foreach (var d in list)
                    {
                        if (remember) _written.Add((h, d.Uuid));
                        WriteObject(d);
                    }
                });
            }
        }

        foreach (var name in exact ?? new List<string>())
        {
            bool found = false, failed = false;
            foreach (var h in ListedConnections())
            {
                failed |= !TryInvoke(name, () =>
                {
                    using var handle = DomainApi.TryLookupByName(h.Connection, name);
                    if (handle is null) return;
                    found = true;
                    var d = DomainApi.GetDomain(handle, h.Connection, h);
                    if (Passes(d, filter)) Emit(d);
                });
            }
            // A lookup that failed has said why; "not found" would be a second, wrong error for the same input.
            if (!found && !failed) WriteNotFound($"named '{name}'", name);
        }
    }

    private void LookupEach(object key, Func<Hypervisor, Handles.DomainHandle> lookup, string what)
    {
        bool found = false, failed = false;
        var filter = Filter;
        foreach (var h in ListedConnections())
        {
            failed |= !TryInvoke(key, () =>
            {
                Handles.DomainHandle handle;
                try { handle = lookup(h); }
                catch (LibvirtException e) when (e.Code == Native.VirErrorNumber.VIR_ERR_NO_DOMAIN) { return; }
                using (handle)
                {
                    found = true;
                    var d = DomainApi.GetDomain(handle, h.Connection, h);
                    if (Passes(d, filter)) Emit(d);
                }
            });
        }
        if (!found && !failed) WriteNotFound(what, key);
    }

    private void WriteNotFound(string what, object target)
    {
        var conns = ListedConnections();
        string where = conns.Count == 1 ? $"connection '{conns[0].Name}' ({conns[0].Uri})" : $"any of the connections {string.Join(", ", conns.Select(c => "'" + c.Name + "'"))}";
        WriteError(new ErrorRecord(
            new ItemNotFoundException($"There is no domain {what} on {where}."),
            "DomainNotFound", ErrorCategory.ObjectNotFound, target));
    }

    internal static bool Passes(Domain d, DomainListFilter f) =>
        (f.Persistent is null || d.Persistent == f.Persistent) &&
        (f.Autostart is null || d.Autostart == f.Autostart) &&
        (f.States is null || f.States.Contains(d.State));

    /// <summary>As virsh list: running domains by id, then the others by name (sorted in place, no key arrays).</summary>
    private sealed class VirshOrder : IComparer<Domain>
    {
        public static readonly VirshOrder Instance = new();

        public int Compare(Domain? a, Domain? b)
        {
            int? x = a!.Id, y = b!.Id;
            if (x is int i && y is int j && i != j) return i.CompareTo(j);
            if (x is null != y is null) return x is null ? 1 : -1;
            return StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name);
        }
    }
}
