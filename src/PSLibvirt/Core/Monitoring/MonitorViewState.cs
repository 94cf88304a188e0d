namespace PSLibvirt.Core;

/// <summary>The columns of Show-DomainStatistics, in their order on the screen.</summary>
public enum MonitorColumn
{
    Host,
    Name,
    State,
    VCpus,
    Cpu,
    CpuHistory,
    Memory,
    DiskRead,
    DiskWrite,
    NetRx,
    NetTx,
    IoHistory,
}

/// <summary>What a key pressed in the live view asks for.</summary>
internal enum MonitorKeyAction
{
    None,
    /// <summary>Draw the last snapshot again (the sort, grouping or help changed).</summary>
    Redraw,
    /// <summary>The interval changed or sampling resumed: wait from now.</summary>
    Reschedule,
    Quit,
}

/// <summary>How the live view is shown: sort, grouping, interval, pause. Changed by keys; read by <see cref="MonitorView"/>.</summary>
internal sealed class MonitorViewState
{
    private static readonly double[] Intervals = { 0.5, 1, 2, 3, 5, 10, 30, 60 };

    public MonitorColumn SortBy { get; set; } = MonitorColumn.Cpu;
    /// <summary>Sort against each column's natural order (names A-Z, numbers largest first).</summary>
    public bool Reverse { get; set; }
    /// <summary>One block per connection, each sorted alone; otherwise one list with a Host column.</summary>
    public bool GroupByHost { get; set; } = true;
    public double IntervalSeconds { get; set; } = 2;
    /// <summary>Sampling stopped: the last snapshot stays on the screen.</summary>
    public bool Paused { get; set; }
    /// <summary>ANSI colour and emphasis in the lines.</summary>
    public bool Color { get; set; } = true;

    /// <summary>The columns that can be sorted on as shown (no Host column while grouped).</summary>
    public IEnumerable<MonitorColumn> SortableColumns => Enum.GetValues<MonitorColumn>().Where(c => !(GroupByHost && c == MonitorColumn.Host));

    /// <summary>Applies a key: arrows or &lt; &gt; move the sort column, r reverses, g groups, + - change the interval, p or space pause, q or Esc quit.</summary>
    public MonitorKeyAction Apply(ConsoleKey key, char c)
    {
        switch (key)
        {
            case ConsoleKey.LeftArrow: return MoveSort(-1);
            case ConsoleKey.RightArrow: return MoveSort(1);
            case ConsoleKey.Escape: return MonitorKeyAction.Quit;
        }
        switch (char.ToLowerInvariant(c))
        {
            case '<': case ',': return MoveSort(-1);
            case '>': case '.': return MoveSort(1);
            case 'r':
                Reverse = !Reverse;
                return MonitorKeyAction.Redraw;
            case 'g':
                GroupByHost = !GroupByHost;
                if (GroupByHost && SortBy == MonitorColumn.Host) SortBy = MonitorColumn.Name;
                return MonitorKeyAction.Redraw;
            case '+': case '=': return Step(1);
            case '-': case '_': return Step(-1);
            case 'p': case ' ':
                Paused = !Paused;
                return MonitorKeyAction.Reschedule;
            case 'q': return MonitorKeyAction.Quit;
        }
        return MonitorKeyAction.None;
    }

    private MonitorKeyAction MoveSort(int step)
    {
        var columns = SortableColumns.ToList();
        int at = columns.IndexOf(SortBy);
        SortBy = columns[((at < 0 ? 0 : at) + step + columns.Count) % columns.Count];
        return MonitorKeyAction.Redraw;
    }

    /// <summary>To the next longer (or shorter) of the usual intervals, from wherever -Interval put it.</summary>
    private MonitorKeyAction Step(int step)
    {
        double now = IntervalSeconds;
        IntervalSeconds = step > 0
            ? Intervals.FirstOrDefault(i => i > now + 1e-9, Intervals[^1])
            : Intervals.LastOrDefault(i => i < now - 1e-9, Intervals[0]);
        return MonitorKeyAction.Reschedule;
    }
}
