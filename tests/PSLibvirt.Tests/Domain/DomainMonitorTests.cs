using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>
/// Show-DomainStatistics' model and drawing: rates and history across refreshes, a failing connection beside a good
/// one, sorting, grouping, narrowing, colour, keys. Hosts are test:///default connections; the statistics of the
/// arithmetic tests are given (the test driver reports states only).
/// </summary>
public sealed class DomainMonitorTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
    private readonly LibvirtConnection _ca = LibvirtConnection.Open("test:///default");
    private readonly LibvirtConnection _cb = LibvirtConnection.Open("test:///default");
    private readonly Hypervisor _a, _b;

    public DomainMonitorTests()
    {
        _a = new Hypervisor("alpha", _ca, HostApi.GetIdentity(_ca));
        _b = new Hypervisor("beta", _cb, HostApi.GetIdentity(_cb));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _cb.Dispose();
    }

    private static DomainStatistics Stats(string name, int second, double cpuSeconds, long diskRead, DomainState state = DomainState.Running) => new()
    {
        Name = name,
        Uuid = new Guid(name.GetHashCode(), 0, 0, new byte[8]),
        Timestamp = T0.AddSeconds(second),
        State = state,
        CpuTime = TimeSpan.FromSeconds(cpuSeconds),
        VCpuCount = 2,
        MemoryCurrentBytes = 512L << 20,
        Block = new[] { new DomainBlockStatistics { ReadBytes = diskRead, WriteBytes = 0 } },
    };

    [Fact]
    public void Rates_come_from_the_second_refresh_and_history_keeps_the_last_samples()
    {
        int tick = 0;
        var monitor = new DomainMonitor(new[] { _a }, historyLength: 2, _ => new[] { Stats("web", tick, tick * 0.5, tick * 4096L) });
        var first = monitor.Refresh();
        var row = Assert.Single(first.Rows);
        Assert.Null(row.CpuPercent);
        Assert.Empty(row.CpuHistory);
        for (tick = 1; tick <= 3; tick++) row = Assert.Single(monitor.Refresh().Rows);
        Assert.Equal(25, row.CpuPercent!.Value, 6);   // 0.5 s of CPU per second on 2 vCPUs
        Assert.Equal(4096, row.DiskReadBytesPerSecond);
        Assert.Equal(4096, row.IoBytesPerSecond);
        Assert.Equal(new[] { 25.0, 25.0 }, row.CpuHistory.Select(v => Math.Round(v, 6)));
        Assert.Equal(2, row.IoHistory.Length);
        Assert.Equal(16, Assert.Single(monitor.Refresh().Hosts).HostCpus); // the test driver's node has 16 CPUs
    }

    [Fact]
    public void A_connection_that_fails_is_reported_and_the_others_are_read()
    {
        var monitor = new DomainMonitor(new[] { _a, _b }, 10, h => h == _b ? throw new InvalidOperationException("the daemon went away") : new[] { Stats("web", 0, 1, 0) });
        var s = monitor.Refresh();
        Assert.Equal("web", Assert.Single(s.Rows).Name);
        Assert.Null(s.Hosts[0].Error);
        Assert.Equal("the daemon went away", s.Hosts[1].Error);
        Assert.Equal(0, s.Hosts[1].Domains);
    }

    [Fact]
    public void The_real_reader_lists_the_test_drivers_domains_and_a_filter_leaves_out_the_rest()
    {
        // A node file is an instance of its own at each open: other tests change test:///default's domain meanwhile.
        using var c = LibvirtConnection.Open("test://" + Binding.LibvirtFixture.NodeFile);
        var node = new Hypervisor("node", c, HostApi.GetIdentity(c));
        var all = new DomainMonitor(new[] { node }).Refresh();
        Assert.Equal(new[] { "db1", "web1" }, all.Rows.Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(all.Rows, r => Assert.Equal(DomainState.Running, r.State));
        var web = new DomainMonitor(new[] { node }) { Filter = n => n.StartsWith("web", StringComparison.Ordinal) }.Refresh();
        Assert.Equal("web1", Assert.Single(web.Rows).Name);
        var none = new DomainMonitor(new[] { node }) { Filter = n => n.StartsWith("mail", StringComparison.Ordinal) }.Refresh();
        Assert.Empty(none.Rows);
        Assert.Equal(0, none.Hosts[0].Domains);
    }

    private MonitorSnapshot Snapshot() => new(T0, new[] { new MonitorHost(_a, 2, 4, null), new MonitorHost(_b, 1, 8, "connection refused") }, new[]
    {
        new MonitorRow { Host = _a, Name = "web", State = DomainState.Running, CpuPercent = 80, MemoryBytes = 1L << 30, CpuHistory = new[] { 0.0, 50, 100 } },
        new MonitorRow { Host = _a, Name = "db", State = DomainState.Paused, CpuPercent = 5, MemoryBytes = 4L << 30 },
        new MonitorRow { Host = _a, Name = "old", State = DomainState.ShutOff },
    });

    [Fact]
    public void Grouped_lines_have_title_summary_header_a_block_per_host_and_the_keys_last()
    {
        var lines = MonitorView.Render(Snapshot(), new MonitorViewState { Color = false }, 120, 20);
        Assert.Equal(20, lines.Count);
        Assert.StartsWith("PSLibvirt domain statistics", lines[0]);
        Assert.EndsWith("12:00:00 · every 2 s · sort CPU% ▼", lines[0].TrimEnd());
        Assert.Equal("3 domains (1 paused, 1 running, 1 shut off) · 2 connections (1 cannot be read) · 12 host CPUs", lines[1]);
        Assert.StartsWith("NAME", lines[2]);
        Assert.StartsWith("▸ alpha  test:///default  2 domains · 4 CPUs", lines[3]);
        Assert.StartsWith("web ", lines[4]);       // CPU 80 before 5; the stopped one (no CPU figure) last
        Assert.StartsWith("db ", lines[5]);
        Assert.StartsWith("old ", lines[6]);
        Assert.Equal("▸ beta  test:///default  cannot be read: connection refused", lines[7]);
        Assert.StartsWith("←/→ sort", lines[^1]);
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
        Assert.Contains(" 1.0G ", lines[4]);
        Assert.EndsWith("▁▅█", lines[4].Substring(0, lines[4].IndexOf(" 1.0G", StringComparison.Ordinal)).TrimEnd());
    }

    [Fact]
    public void Ungrouped_has_a_host_column_and_sorts_across_hosts_by_name_or_reversed()
    {
        var state = new MonitorViewState { Color = false, GroupByHost = false, SortBy = MonitorColumn.Name };
        var lines = MonitorView.Render(Snapshot(), state, 120, 0);
        Assert.StartsWith("HOST", lines[2]);
        Assert.Equal(new[] { "db", "old", "web" }, lines.Skip(4).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        state.Reverse = true;
        lines = MonitorView.Render(Snapshot(), state, 120, 0);
        Assert.Equal(new[] { "web", "old", "db" }, lines.Skip(4).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        Assert.Contains("sort NAME ▼", lines[0]);
    }

    [Fact]
    public void A_narrow_short_terminal_loses_histories_first_and_counts_the_rows_that_do_not_fit()
    {
        var lines = MonitorView.Render(Snapshot(), new MonitorViewState { Color = false }, 50, 7);
        Assert.Equal(7, lines.Count);
        Assert.All(lines, l => Assert.True(l.Length <= 50, l));
        Assert.DoesNotContain("HISTORY", lines[2]);
        Assert.Contains("CPU%", lines[2]);
        Assert.StartsWith("… 3 more lines below", lines[5]);
    }

    [Fact]
    public void Colour_marks_paused_yellow_shut_off_grey_and_the_sort_column()
    {
        var lines = MonitorView.Render(Snapshot(), new MonitorViewState(), 120, 20);
        Assert.StartsWith("\u001b[33mdb ", lines[5]);
        Assert.StartsWith("\u001b[90mold ", lines[6]);
        Assert.StartsWith("web ", lines[4]);
        Assert.Contains("\u001b[1m\u001b[4m  CPU%", lines[2]);
    }

    [Theory]
    [InlineData(ConsoleKey.RightArrow, '\0', MonitorColumn.CpuHistory)]
    [InlineData(ConsoleKey.LeftArrow, '\0', MonitorColumn.VCpus)]
    [InlineData(ConsoleKey.OemPeriod, '>', MonitorColumn.CpuHistory)]
    public void Keys_move_the_sort_column(ConsoleKey key, char c, MonitorColumn expected)
    {
        var state = new MonitorViewState();
        Assert.Equal(MonitorKeyAction.Redraw, state.Apply(key, c));
        Assert.Equal(expected, state.SortBy);
    }

    [Fact]
    public void Keys_reverse_group_pause_change_the_interval_and_quit()
    {
        var state = new MonitorViewState { IntervalSeconds = 2.5, SortBy = MonitorColumn.Name };
        state.Apply(ConsoleKey.R, 'r');
        Assert.True(state.Reverse);
        state.Apply(ConsoleKey.G, 'g');
        Assert.False(state.GroupByHost);
        Assert.Contains(MonitorColumn.Host, state.SortableColumns);
        state.Apply(ConsoleKey.LeftArrow, '\0');
        Assert.Equal(MonitorColumn.Host, state.SortBy);
        state.Apply(ConsoleKey.G, 'g');
        Assert.Equal(MonitorColumn.Name, state.SortBy); // Host is no column while grouped
        Assert.Equal(MonitorKeyAction.Reschedule, state.Apply(ConsoleKey.OemPlus, '+'));
        Assert.Equal(3, state.IntervalSeconds);
        state.Apply(ConsoleKey.OemMinus, '-');
        state.Apply(ConsoleKey.OemMinus, '-');
        Assert.Equal(1, state.IntervalSeconds);
        state.Apply(ConsoleKey.Spacebar, ' ');
        Assert.True(state.Paused);
        Assert.Equal(MonitorKeyAction.Quit, state.Apply(ConsoleKey.Q, 'q'));
        Assert.Equal(MonitorKeyAction.Quit, state.Apply(ConsoleKey.Escape, '\u001b'));
        Assert.Equal(MonitorKeyAction.None, state.Apply(ConsoleKey.Z, 'z'));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1023, "1023")]
    [InlineData(1536, "1.5K")]
    [InlineData(64 * 1048576.0, "64M")]
    [InlineData(2.25 * 1073741824, "2.3G")]
    public void Sizes_are_short_with_binary_units(double bytes, string text) => Assert.Equal(text, MonitorView.Size(bytes));

    [Fact]
    public void Sparklines_scale_to_the_top_given_or_the_largest_value_and_pad_on_the_left()
    {
        Assert.Equal("  ▁▅█", MonitorView.Sparkline(new[] { 0.0, 50, 100 }, 5, 100));
        Assert.Equal("▃█", MonitorView.Sparkline(new[] { 7.0, 1, 4 }, 2, null)); // only 1 and 4 are shown: 4 is the top
        Assert.Equal("▁▁", MonitorView.Sparkline(new[] { 0.0, 0 }, 2, null));
    }
}
