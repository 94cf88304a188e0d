using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>
/// Domain statistics (virsh domstats, cpu-stats, domblkstat, domifstat, dommemstat) through libvirt's bulk calls.
/// The input is collected while the pipeline runs and read at its end: one bulk call per connection (two with names
/// or piped domains: the listing and virDomainListGetStats), never one per domain.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DomainStatistics", DefaultParameterSetName = NameSet)]
[OutputType(typeof(DomainStatistics))]
public sealed class GetDomainStatisticsCommand : LibvirtCmdlet
{
    private const string InputObjectSet = "InputObject";

    private const string NameSet = "Name";
    private const string DomainSet = "Domain";

    /// <summary>Domain names; wildcards allowed. An exact name that matches nothing is a DomainNotFound error.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
    [Parameter(Position = 0, ParameterSetName = InputObjectSet)]
    [ObjectNameTransformation(typeof(Domain), AllowHypervisor = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Domain objects (Get-Domain): read on their own connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DomainSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Domain), AllowHypervisor = true)]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain[]? Domain { get; set; }

    /// <summary>Hypervisor objects from the pipeline (Get-Hypervisor | Get-DomainStatistics): their domains are read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? InputObject { get; set; }

    /// <summary>The connections to read (names: where to look; Domain objects without a connection: where they are). Not with -InputObject.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = DomainSet)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The statistics groups to read; default: every group the driver supports.</summary>
    [Parameter]
    public DomainStatisticsGroup[]? Group { get; set; }

    /// <summary>Only running (or paused, ...) domains (virsh domstats --list-active); stopped ones are included by default.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Active { get; set; }

    /// <summary>Only stopped domains (virsh domstats --list-inactive).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Inactive { get; set; }

    /// <summary>Only persistent domains (virsh domstats --list-persistent).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Persistent { get; set; }

    /// <summary>Only transient domains (virsh domstats --list-transient).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Transient { get; set; }

    /// <summary>How many connections are read at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get => FanOutLimit; set => FanOutLimit = value; }

    /// <summary>Seconds one connection may take to answer before it is given up with a HostTimeout error (0: until its keepalive gives it up).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int HostTimeout { get => FanOutTimeoutSeconds; set => FanOutTimeoutSeconds = value; }

    /// <summary>Fail when the driver does not support a requested group, instead of leaving it out.</summary>
    [Parameter] public SwitchParameter Enforce { get; set; }

    /// <summary>Sample again every this many seconds (until -Count samples or Ctrl+C), adding the rates since the previous sample.</summary>
    [Parameter]
    [ValidateRange(0.05, 86400)]
    public double Interval { get; set; }

    /// <summary>How many samples to take (with -Interval; alone: one second apart).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Active, Inactive, nameof(Active), nameof(Inactive), "a domain is one or the other. Use neither to read both");
        ExcludeEachOther(Persistent, Transient, nameof(Persistent), nameof(Transient), "a domain is one or the other. Use neither to read both");
    }

    private readonly List<string> _names = new();
    private readonly List<Hypervisor> _piped = new();
    private readonly List<(Domain Input, Hypervisor Hypervisor)> _domains = new();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == DomainSet)
        {
            var (domains, names) = SplitReferences(Domain!);
            foreach (var d in domains) _domains.Add((d, d.Hypervisor ?? TargetConnections(InputObject is { Length: > 0 } ? InputObject : Connection)[0]));
            foreach (var n in names) if (!_names.Contains(n, StringComparer.Ordinal)) _names.Add(n);
            return;
        }
        if (InputObject is { Length: > 0 })
        {
            foreach (var h in InputObject) if (!_piped.Contains(h)) _piped.Add(h);
        }
        if (Name is { Length: > 0 })
        {
            foreach (var n in Name) if (!_names.Contains(n, StringComparer.Ordinal)) _names.Add(n);
        }
    }

    protected override void EndProcessing()
    {
        uint groups = 0;
        foreach (var g in Group ?? Array.Empty<DomainStatisticsGroup>()) groups |= (uint)g;
        var flags = Enforce ? VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS : 0;
        if (Active) flags |= VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE;
        if (Inactive) flags |= VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE;
        if (Persistent) flags |= VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT;
        if (Transient) flags |= VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT;

        bool sampling = MyInvocation.BoundParameters.ContainsKey(nameof(Interval)) || MyInvocation.BoundParameters.ContainsKey(nameof(Count));
        if (!sampling) Read(groups, flags, WriteObject, reportMissing: true);
        else Sample(groups, flags);
        base.EndProcessing();
    }

    private void Read(uint groups, VirConnectGetAllDomainStatsFlags flags, Action<DomainStatistics> write, bool reportMissing)
    {
        if (ParameterSetName != DomainSet) ReadByName(groups, flags, write, reportMissing);
        else
        {
            if (_domains.Count > 0) ReadDomains(groups, flags, write, reportMissing);
            if (_names.Count > 0) ReadByName(groups, flags, write, reportMissing);   // names given to -Domain
        }
    }

    /// <summary>
    /// -Interval/-Count: one bulk read per connection per sample, each sample's statistics with the rates since the
    /// domain's previous sample (the first sample at once, without rates). A missing name is reported once.
    /// </summary>
    private void Sample(uint groups, VirConnectGetAllDomainStatsFlags flags)
    {
        double interval = MyInvocation.BoundParameters.ContainsKey(nameof(Interval)) ? Interval : 1;
        int? count = MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : null;
        var previous = new Dictionary<(Hypervisor?, Guid), DomainStatistics>();
        var hostCpus = new Dictionary<Hypervisor, int>();
        int HostCpus(Hypervisor? h)
        {
            if (h is null) return 0;
            if (!hostCpus.TryGetValue(h, out int n)) hostCpus[h] = n = HostApi.GetNodeInfo(h.Connection).Cpus;
            return n;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; count is null || i < count; i++)
        {
            if (i > 0)
            {
                var wait = TimeSpan.FromSeconds(interval * i) - clock.Elapsed;
                if (wait > TimeSpan.Zero && Stopping.WaitHandle.WaitOne(wait)) throw new PipelineStoppedException();
            }
            var current = new Dictionary<(Hypervisor?, Guid), DomainStatistics>();
            Read(groups, flags, s =>
            {
                if (previous.TryGetValue((s.Hypervisor, s.Uuid), out var before)) s.Rates = DomainStatsRates.Between(before, s, HostCpus(s.Hypervisor));
                current[(s.Hypervisor, s.Uuid)] = s;
                WriteObject(s);
            }, reportMissing: i == 0);
            previous = current;
        }
    }

    /// <summary>All domains, or those the names match, of every target connection: one bulk read per connection.</summary>
    private void ReadByName(uint groups, VirConnectGetAllDomainStatsFlags flags, Action<DomainStatistics> write, bool reportMissing)
    {
        IReadOnlyList<Hypervisor> connections = _piped.Count > 0 ? _piped : TargetConnections(InputObject is { Length: > 0 } ? InputObject : Connection).Distinct().ToList();
        var patterns = ValidPatterns(_names);
        var exact = new HashSet<string>(_names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)), StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        bool failed = false;

        Func<string, bool> wanted = n => exact.Contains(n) || patterns.Any(p => p.IsMatch(n));
        bool all = _names.Count == 0;
        foreach (var (h, read) in FanOut(connections, h => all
                     ? DomainStatsApi.GetAll(h.Connection, h, groups, flags)
                     : DomainStatsApi.GetMatching(h.Connection, h, wanted, groups, flags)))
        {
            if (!TryInvoke(h, () =>
            {
                var stats = read();
                // Only exact names are reported as missing: without any, no set of what was found (a set of every
                // name of a 10,000-domain read cost ~3 ms, a tenth of the read).
                bool track = reportMissing && exact.Count > 0;
                foreach (var s in stats)
                {
                    if (track) found.Add(s.Name);
                    write(s);
                }
            })) failed = true;
        }

        // A connection that failed has said why; its names are not also reported as missing.
        if (failed || !reportMissing) return;
        foreach (var name in _names)
        {
            if (exact.Contains(name) && !found.Contains(name))
                WriteNotFound(ObjectKinds.Domain, name, name, connections.Count == 1 ? connections[0] : null);
        }
    }

    /// <summary>Piped Domain objects: one read per connection for all of its objects, written in input order.</summary>
    private void ReadDomains(uint groups, VirConnectGetAllDomainStatsFlags flags, Action<DomainStatistics> write, bool reportMissing)
    {
        var results = new Dictionary<(Hypervisor, Guid), DomainStatistics>();
        var failed = new HashSet<Hypervisor>();
        foreach (var group in _domains.GroupBy(d => d.Hypervisor))
        {
            var h = group.Key;
            var uuids = new HashSet<Guid>(group.Select(d => d.Input.Uuid));
            if (!TryInvoke(h, () =>
            {
                foreach (var s in DomainStatsApi.GetByUuid(h.Connection, h, uuids, groups, flags)) results[(h, s.Uuid)] = s;
            })) failed.Add(h);
        }
        foreach (var (input, h) in _domains)
        {
            if (failed.Contains(h)) continue;
            if (results.TryGetValue((h, input.Uuid), out var s)) write(s);
            else if (reportMissing) WriteNotFound(ObjectKinds.Domain, input.Name, input, h);
        }
    }
}
