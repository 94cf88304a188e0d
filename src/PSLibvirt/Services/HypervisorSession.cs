using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PSLibvirt.Services;

/// <summary>
/// The open connections of this process and which one is the default. The connections are the process's: thread jobs,
/// ForEach-Object -Parallel and other runspaces use them by name or object. The default is each runspace's own once it
/// has chosen one (Connect-Hypervisor, Select-Hypervisor), so a connect in one runspace never redirects another's
/// commands; a runspace that has chosen none (a new thread job) uses the one chosen last in the process.
/// </summary>
internal static class HypervisorSession
{
    private static readonly object Gate = new();
    private static readonly List<Hypervisor> Open = new();
    private static Hypervisor? _default;

    /// <summary>Each runspace's own choice (weak: a closed runspace's entry goes with it).</summary>
    private static readonly ConditionalWeakTable<Runspace, Choice> Chosen = new();

    private sealed class Choice
    {
        public Choice(Hypervisor h) => Hypervisor = h;
        public Hypervisor Hypervisor { get; }
    }

    /// <summary>Makes <paramref name="h"/> the default of the calling runspace and of the process. Under Gate.</summary>
    private static void Choose(Hypervisor h)
    {
        _default = h;
        if (Runspace.DefaultRunspace is { } rs) Chosen.AddOrUpdate(rs, new Choice(h));
    }

    /// <summary>Raised after a connection is added or removed (the provider follows it with drives).</summary>
    public static event EventHandler<HypervisorChange>? Changed;

    public static IReadOnlyList<Hypervisor> Connections
    {
        get { lock (Gate) return Open.ToArray(); }
    }

    /// <summary>The calling runspace's default: its own choice while that is open, else the process's.</summary>
    public static Hypervisor? Default
    {
        get
        {
            lock (Gate)
            {
                if (Runspace.DefaultRunspace is { } rs && Chosen.TryGetValue(rs, out var c) && Open.Contains(c.Hypervisor)) return c.Hypervisor;
                return _default;
            }
        }
    }

    /// <summary>Connections opened with -NotDefault and never selected: the default never falls back to them.</summary>
    private static readonly HashSet<Hypervisor> NotDefault = new(ReferenceEqualityComparer.Instance);

    /// <summary>Adds a connection; it becomes the default unless <paramref name="makeDefault"/> is false (Connect-Hypervisor -NotDefault).</summary>
    public static void Add(Hypervisor hypervisor, bool makeDefault = true)
    {
        lock (Gate)
        {
            Open.Add(hypervisor);
            if (makeDefault) Choose(hypervisor);
            else NotDefault.Add(hypervisor);
        }
        Changed?.Invoke(null, new HypervisorChange(hypervisor, added: true));
    }

    /// <summary>Makes an open connection the default (Select-Hypervisor); false when it is not open in this session.</summary>
    public static bool Select(Hypervisor hypervisor)
    {
        lock (Gate)
        {
            if (!Open.Contains(hypervisor)) return false;
            Choose(hypervisor);
            NotDefault.Remove(hypervisor);
            return true;
        }
    }

    /// <summary>
    /// Removes (does not close) a connection; the default falls back to the newest remaining one that was not opened
    /// with -NotDefault (none, if every remaining one was: a side connection never becomes the default by itself).
    /// </summary>
    public static bool Remove(Hypervisor hypervisor)
    {
        bool removed;
        lock (Gate)
        {
            removed = Open.Remove(hypervisor);
            NotDefault.Remove(hypervisor);
            if (ReferenceEquals(_default, hypervisor)) _default = Open.LastOrDefault(h => !NotDefault.Contains(h));
        }
        if (removed) Changed?.Invoke(null, new HypervisorChange(hypervisor, added: false));
        return removed;
    }

    public static Hypervisor? Find(string name)
    {
        lock (Gate) return Open.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A session-unique name: the requested one, else derived from the URI's host ("localhost" for local URIs).</summary>
    public static string UniqueName(string? requested, string uri)
    {
        if (!string.IsNullOrEmpty(requested)) return requested!;
        string stem = NameFromUri(uri);
        lock (Gate)
        {
            string name = stem;
            for (int i = 2; Open.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)); i++) name = stem + i;
            return name;
        }
    }

    /// <summary>qemu+ssh://root@kvm1.example.com/system -> kvm1; qemu:///system -> localhost; test:///default -> test.</summary>
    public static string NameFromUri(string uri)
    {
        int schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd > 0 ? uri.Substring(0, schemeEnd) : uri;
        string driver = scheme.Split('+')[0];
        string rest = schemeEnd > 0 ? uri.Substring(schemeEnd + 3) : "";
        int slash = rest.IndexOf('/');
        string authority = slash >= 0 ? rest.Substring(0, slash) : rest;
        int at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority.Substring(at + 1);
        string host = authority.StartsWith("[", StringComparison.Ordinal) ? authority.Trim('[', ']').Split(']')[0] : authority.Split(':')[0];
        if (string.IsNullOrEmpty(host) || host is "localhost" or "127.0.0.1" or "::1")
            return driver == "test" ? "test" : "localhost";
        if (System.Net.IPAddress.TryParse(host, out _)) return host.Replace(':', '-');
        return host.Split('.')[0];
    }
}

internal sealed class HypervisorChange : EventArgs
{
    public HypervisorChange(Hypervisor hypervisor, bool added)
    {
        Hypervisor = hypervisor;
        Added = added;
    }

    public Hypervisor Hypervisor { get; }
    public bool Added { get; }
}
