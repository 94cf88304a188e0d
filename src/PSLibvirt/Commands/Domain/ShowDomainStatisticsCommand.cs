using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// A live, top-like view of the domains of one or more connections (virt-top for many hosts): one bulk statistics
/// call per connection per refresh, the connections in parallel; sortable, grouped by host, with CPU and I/O history.
/// On a terminal it takes the screen (the alternate buffer, given back on q, Esc or Ctrl+C); when its output is
/// redirected or piped it writes one plain text frame per refresh instead.
/// </summary>
[Cmdlet(VerbsCommon.Show, "DomainStatistics")]
[OutputType(typeof(string))]
public sealed class ShowDomainStatisticsCommand : LibvirtCmdlet
{
    private const string EnterScreen = "\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J";
    private const string LeaveScreen = "\u001b[0m\u001b[?25h\u001b[?1049l";

    /// <summary>Only the domains whose names match; wildcards allowed. Default: every domain.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The connections to watch (default: the default connection). Get-Hypervisor | Show-DomainStatistics watches them all.</summary>
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Seconds between refreshes (+ and - change it while the view runs).</summary>
    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double Interval { get; set; } = 2;

    /// <summary>Stop after this many refreshes (default: until q, Esc or Ctrl+C).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>The column to sort on (arrow keys change it while the view runs).</summary>
    [Parameter]
    public MonitorColumn SortBy { get; set; } = MonitorColumn.Cpu;

    /// <summary>Sort against the column's natural order (names Z-A, numbers smallest first); r toggles it.</summary>
    [Parameter] public SwitchParameter Reverse { get; set; }

    /// <summary>One list with a Host column instead of a block per connection; g toggles it.</summary>
    [Parameter] public SwitchParameter NoGrouping { get; set; }

    /// <summary>Plain text frames even on a terminal (as when the output is redirected).</summary>
    [Parameter] public SwitchParameter Plain { get; set; }

    private readonly List<Hypervisor> _hosts = new();

    protected override void ProcessRecord()
    {
        foreach (var h in TargetConnections(Connection)) if (!_hosts.Contains(h)) _hosts.Add(h);
    }

    protected override void EndProcessing()
    {
        var patterns = ValidPatterns(Name ?? Array.Empty<string>());
        var monitor = new DomainMonitor(_hosts) { Filter = patterns.Count == 0 ? null : n => patterns.Any(p => p.IsMatch(n)) };
        var state = new MonitorViewState
        {
            SortBy = NoGrouping || SortBy != MonitorColumn.Host ? SortBy : MonitorColumn.Name,
            Reverse = Reverse,
            GroupByHost = !NoGrouping,
            IntervalSeconds = Interval,
            Color = Environment.GetEnvironmentVariable("NO_COLOR") is not { Length: > 0 },
        };
        var failed = new HashSet<Hypervisor>();
        try
        {
            if (Interactive()) RunInteractive(monitor, state, failed);
            else RunPlain(monitor, state, failed);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>A terminal to take over: not redirected, not piped, the console host.</summary>
    private bool Interactive() =>
        !Plain && Host.Name == "ConsoleHost" && !Console.IsOutputRedirected && !Console.IsInputRedirected
        && MyInvocation.PipelinePosition == MyInvocation.PipelineLength;

    /// <summary>
    /// One text frame per refresh, without colour. A silent first sample comes first, so that every frame has rates.
    /// A connection's failure is a non-terminating error the first time; its line in the frame says it each time.
    /// </summary>
    private void RunPlain(DomainMonitor monitor, MonitorViewState state, HashSet<Hypervisor> failed)
    {
        state.Color = false;
        int width = PlainWidth();
        monitor.Refresh(Stopping);
        for (int i = 0; Count == 0 || i < Count; i++)
        {
            if (Stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(state.IntervalSeconds))) throw new PipelineStoppedException();
            var snapshot = monitor.Refresh(Stopping);
            ReportFailures(snapshot, failed);
            WriteObject(string.Join(Environment.NewLine, MonitorView.Render(snapshot, state, width, 0)) + Environment.NewLine);
        }
    }

    private int PlainWidth()
    {
        try
        {
            int w = Host.UI.RawUI.WindowSize.Width;
            return w >= 40 ? w : 160;
        }
        catch (Exception e) when (e is NotImplementedException or NotSupportedException or System.IO.IOException or System.Management.Automation.Host.HostException)
        {
            return 160;
        }
    }

    private void ReportFailures(MonitorSnapshot snapshot, HashSet<Hypervisor> failed)
    {
        foreach (var host in snapshot.Hosts)
            if (host.Error is { } why && failed.Add(host.Host))
                WriteError(new ErrorRecord(new InvalidOperationException($"The statistics of '{host.Host.Name}' cannot be read: {why}"),
                    "StatisticsUnavailable", ErrorCategory.ConnectionError, host.Host));
    }

    /// <summary>
    /// The screen view: the first frame at once (without rates), the second after at most a second, then every
    /// interval; keys and terminal resizes are handled between refreshes. The screen is given back however it ends.
    /// </summary>
    private void RunInteractive(DomainMonitor monitor, MonitorViewState state, HashSet<Hypervisor> failed)
    {
        var errors = new List<MonitorSnapshot>();
        Console.Out.Write(EnterScreen);
        Console.Out.Flush();
        try
        {
            var clock = Stopwatch.StartNew();
            TimeSpan due = TimeSpan.Zero;
            MonitorSnapshot? snapshot = null;
            int frames = 0, width = 0, height = 0;
            while (true)
            {
                Stopping.ThrowIfCancellationRequested();
                if (!state.Paused && clock.Elapsed >= due)
                {
                    snapshot = monitor.Refresh(Stopping);
                    if (snapshot.Hosts.Any(h => h.Error is not null)) errors.Add(snapshot);
                    frames++;
                    double wait = frames == 1 ? Math.Min(state.IntervalSeconds, 1) : state.IntervalSeconds;
                    due = clock.Elapsed + TimeSpan.FromSeconds(wait);
                    Draw(snapshot, state, ref width, ref height, force: true);
                    if (Count > 0 && frames >= Count) return;
                }
                while (Console.KeyAvailable)
                {
                    var key = Console.ReadKey(intercept: true);
                    switch (state.Apply(key.Key, key.KeyChar))
                    {
                        case MonitorKeyAction.Quit: return;
                        case MonitorKeyAction.Reschedule:
                            due = state.Paused ? due : clock.Elapsed + TimeSpan.FromSeconds(Math.Min(state.IntervalSeconds, 1));
                            break;
                    }
                    if (snapshot is not null) Draw(snapshot, state, ref width, ref height, force: true);
                }
                if (snapshot is not null) Draw(snapshot, state, ref width, ref height, force: false);
                Stopping.WaitHandle.WaitOne(50);
            }
        }
        finally
        {
            Console.Out.Write(LeaveScreen);
            Console.Out.Flush();
            // Written on the normal screen, where they stay readable.
            foreach (var s in errors) ReportFailures(s, failed);
        }
    }

    /// <summary>Draws the frame when asked to, or when the terminal's size changed since the last one.</summary>
    private static void Draw(MonitorSnapshot snapshot, MonitorViewState state, ref int width, ref int height, bool force)
    {
        int w = Math.Max(1, Console.WindowWidth), h = Math.Max(1, Console.WindowHeight);
        if (!force && w == width && h == height) return;
        width = w;
        height = h;
        var lines = MonitorView.Render(snapshot, state, w, h);
        var frame = new StringBuilder("\u001b[H");
        for (int i = 0; i < lines.Count && i < h; i++)
        {
            if (i > 0) frame.Append("\r\n");
            frame.Append(lines[i]).Append("\u001b[K");
        }
        frame.Append("\u001b[J");
        Console.Out.Write(frame.ToString());
        Console.Out.Flush();
    }
}
