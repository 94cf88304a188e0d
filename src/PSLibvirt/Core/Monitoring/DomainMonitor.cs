namespace PSLibvirt.Core;

/// <summary>One domain in a <see cref="MonitorSnapshot"/>: its latest statistics, rates and recent history.</summary>
internal sealed class MonitorRow
{
    public Hypervisor Host { get; init; } = null!;
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public DomainState? State { get; init; }
    public int? VCpus { get; init; }
    /// <summary>CPU used in percent of the guest's vCPUs (null until two samples were seen).</summary>
    public double? CpuPercent { get; init; }
    /// <summary>CPU used in percent of the host's CPUs.</summary>
    public double? HostCpuPercent { get; init; }
    /// <summary>The memory the guest has (balloon.current), in bytes.</summary>
    public long? MemoryBytes { get; init; }
    public double? DiskReadBytesPerSecond { get; init; }
    public double? DiskWriteBytesPerSecond { get; init; }
    public double? NetworkRxBytesPerSecond { get; init; }
    public double? NetworkTxBytesPerSecond { get; init; }
    /// <summary>Disk and network bytes per second together.</summary>
    public double? IoBytesPerSecond => Add(Add(DiskReadBytesPerSecond, DiskWriteBytesPerSecond), Add(NetworkRxBytesPerSecond, NetworkTxBytesPerSecond));
    /// <summary>CPU percent of the last samples, oldest first.</summary>
    public double[] CpuHistory { get; init; } = Array.Empty<double>();
    /// <summary>I/O bytes per second of the last samples, oldest first.</summary>
    public double[] IoHistory { get; init; } = Array.Empty<double>();

    private static double? Add(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}

/// <summary>One connection in a <see cref="MonitorSnapshot"/>: how many CPUs it has, or why it could not be read.</summary>
internal sealed record MonitorHost(Hypervisor Host, int Domains, int HostCpus, string? Error);

/// <summary>What one refresh of a <see cref="DomainMonitor"/> read from every connection.</summary>
internal sealed record MonitorSnapshot(DateTime Time, IReadOnlyList<MonitorHost> Hosts, IReadOnlyList<MonitorRow> Rows);

/// <summary>
/// Samples every domain of several connections at once (one bulk statistics call per connection, the connections in
/// parallel) and keeps each domain's rates and a short history: the model of Show-DomainStatistics. A connection
/// that fails is reported in its <see cref="MonitorHost"/> and the others go on.
/// </summary>
internal sealed class DomainMonitor
{
    private const uint Groups = (uint)(DomainStatisticsGroup.State | DomainStatisticsGroup.Cpu | DomainStatisticsGroup.Balloon
        | DomainStatisticsGroup.VCpu | DomainStatisticsGroup.Interface | DomainStatisticsGroup.Block);

    private sealed class Track
    {
        public DomainStatistics Last = null!;
        public readonly Queue<double> Cpu = new();
        public readonly Queue<double> Io = new();
    }

    private readonly IReadOnlyList<Hypervisor> _hosts;
    private readonly int _historyLength;
    private readonly Func<Hypervisor, IReadOnlyList<DomainStatistics>> _read;
    private readonly Dictionary<Hypervisor, int> _hostCpus = new();
    private Dictionary<(Hypervisor, Guid), Track> _tracks = new();

    /// <summary>Which domains to show, by name (null: all).</summary>
    public Func<string, bool>? Filter { get; init; }

    /// <summary>Watches <paramref name="hosts"/>, keeping <paramref name="historyLength"/> samples of history per domain.</summary>
    public DomainMonitor(IReadOnlyList<Hypervisor> hosts, int historyLength = 120)
        : this(hosts, historyLength, h => DomainStatsApi.GetAll(h.Connection, h, Groups, 0)) { }

    /// <summary>With another reader of a connection's statistics (for tests of the arithmetic).</summary>
    internal DomainMonitor(IReadOnlyList<Hypervisor> hosts, int historyLength, Func<Hypervisor, IReadOnlyList<DomainStatistics>> read)
    {
        _hosts = hosts;
        _historyLength = Math.Max(1, historyLength);
        _read = read;
    }

    /// <summary>Reads every connection (in parallel) and returns the domains with rates since the previous refresh.</summary>
    public MonitorSnapshot Refresh(CancellationToken cancel = default)
    {
        var reads = _hosts.Select(h => BlockingWork.Start(() => Read(h))).ToArray();
        try { Task.WaitAll(reads, cancel); }
        catch (AggregateException) { } // Read reports its own failures; nothing else throws.
        var hosts = new List<MonitorHost>(_hosts.Count);
        var rows = new List<MonitorRow>();
        var tracks = new Dictionary<(Hypervisor, Guid), Track>();
        for (int i = 0; i < _hosts.Count; i++)
        {
            var (stats, cpus, error) = reads[i].Result;
            int before = rows.Count;
            foreach (var s in stats)
            {
                if (Filter is { } wanted && !wanted(s.Name)) continue;
                var key = (_hosts[i], s.Uuid);
                if (!_tracks.TryGetValue(key, out var track)) track = new Track();
                var rates = track.Last is null ? null : DomainStatsRates.Between(track.Last, s, cpus);
                track.Last = s;
                if (rates is not null) Push(track, rates);
                tracks[key] = track;
                rows.Add(Row(_hosts[i], s, rates, track));
            }
            hosts.Add(new MonitorHost(_hosts[i], rows.Count - before, cpus, error));
        }
        _tracks = tracks; // Domains that are gone are forgotten.
        return new MonitorSnapshot(DateTime.Now, hosts, rows);
    }

    private (IReadOnlyList<DomainStatistics> Stats, int Cpus, string? Error) Read(Hypervisor h)
    {
        try
        {
            int cpus;
            lock (_hostCpus)
            {
                if (!_hostCpus.TryGetValue(h, out cpus)) _hostCpus[h] = cpus = HostApi.GetNodeInfo(h.Connection).Cpus;
            }
            return (_read(h), cpus, null);
        }
        catch (Exception e) when (e is LibvirtException or InvalidOperationException or ObjectDisposedException)
        {
            return (Array.Empty<DomainStatistics>(), 0, e.Message);
        }
    }

    /// <summary>Adds the sample to the histories; a domain without such counters (a stopped one, the test driver's) gets no history.</summary>
    private void Push(Track track, DomainStatisticsRates rates)
    {
        if (rates.CpuPercent is double cpu) Keep(track.Cpu, cpu);
        double?[] io = { rates.BlockReadBytesPerSecond, rates.BlockWriteBytesPerSecond, rates.NetworkRxBytesPerSecond, rates.NetworkTxBytesPerSecond };
        if (io.Any(v => v is not null)) Keep(track.Io, io.Sum(v => v ?? 0));
    }

    private void Keep(Queue<double> history, double value)
    {
        history.Enqueue(value);
        while (history.Count > _historyLength) history.Dequeue();
    }

    private static MonitorRow Row(Hypervisor h, DomainStatistics s, DomainStatisticsRates? r, Track track) => new()
    {
        Host = h,
        Name = s.Name,
        Uuid = s.Uuid,
        State = s.State,
        VCpus = s.VCpuCount,
        CpuPercent = r?.CpuPercent,
        HostCpuPercent = r?.HostCpuPercent,
        MemoryBytes = s.MemoryCurrentBytes,
        DiskReadBytesPerSecond = r?.BlockReadBytesPerSecond,
        DiskWriteBytesPerSecond = r?.BlockWriteBytesPerSecond,
        NetworkRxBytesPerSecond = r?.NetworkRxBytesPerSecond,
        NetworkTxBytesPerSecond = r?.NetworkTxBytesPerSecond,
        CpuHistory = track.Cpu.ToArray(),
        IoHistory = track.Io.ToArray(),
    };
}
