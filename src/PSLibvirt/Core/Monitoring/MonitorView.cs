using System.Globalization;
using System.Text;

namespace PSLibvirt.Core;

/// <summary>
/// Draws a <see cref="MonitorSnapshot"/> as the lines of Show-DomainStatistics for a terminal of a given size: title,
/// summary, column header, one line per domain (grouped by connection or not, sorted), and the keys. Columns that do
/// not fit are left out, least useful first; rows that do not fit are counted in a last line. With colour, paused
/// guests are yellow, crashed red, shut-off grey. Pure: the same input gives the same lines.
/// </summary>
internal static class MonitorView
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Inverse = "\u001b[7m";
    private const string Underline = "\u001b[4m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Grey = "\u001b[90m";
    private static readonly string Bars = "▁▂▃▄▅▆▇█";

    private sealed record Column(MonitorColumn Id, string Title, int Width, bool Right, int DropOrder);

    // DropOrder: the first to go when the terminal is narrow (0: never).
    private static readonly Column[] Columns =
    {
        new(MonitorColumn.Host, "HOST", 12, false, 8),
        new(MonitorColumn.Name, "NAME", 12, false, 0),
        new(MonitorColumn.State, "STATE", 8, false, 0),
        new(MonitorColumn.VCpus, "VCPU", 4, true, 7),
        new(MonitorColumn.Cpu, "CPU%", 6, true, 0),
        new(MonitorColumn.CpuHistory, "CPU HISTORY", 8, false, 2),
        new(MonitorColumn.Memory, "MEM", 6, true, 6),
        new(MonitorColumn.DiskRead, "DISK R/s", 8, true, 5),
        new(MonitorColumn.DiskWrite, "DISK W/s", 8, true, 5),
        new(MonitorColumn.NetRx, "NET RX/s", 8, true, 4),
        new(MonitorColumn.NetTx, "NET TX/s", 8, true, 4),
        new(MonitorColumn.IoHistory, "I/O HISTORY", 8, false, 1),
    };

    /// <summary>The title of a column as the view shows it (for messages and completion).</summary>
    public static string TitleOf(MonitorColumn c) => Columns.First(x => x.Id == c).Title;

    /// <summary>
    /// The lines for a terminal <paramref name="width"/> wide and <paramref name="height"/> high (0: as many lines as
    /// there are domains, for plain output). No line is wider than <paramref name="width"/> characters (colour codes
    /// aside).
    /// </summary>
    public static IReadOnlyList<string> Render(MonitorSnapshot snapshot, MonitorViewState state, int width, int height)
    {
        width = Math.Max(width, 40);
        var lines = new List<string>();
        bool grouped = state.GroupByHost;
        var columns = Layout(snapshot, grouped, width);

        string sortMark = (Descending(state) ? "▼" : "▲");
        string right = $"{snapshot.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} · every {Seconds(state.IntervalSeconds)} · sort {TitleOf(state.SortBy)} {sortMark}"
            + (state.Paused ? " · PAUSED" : "");
        lines.Add(Paint(Spread("PSLibvirt domain statistics", right, width), state.Color ? Bold : null, state));
        lines.Add(Fit(Summary(snapshot), width));
        lines.Add(Header(columns, state, width));

        var body = new List<string>();
        if (grouped)
        {
            foreach (var host in snapshot.Hosts)
            {
                body.Add(HostLine(host, width, state));
                foreach (var row in Sort(snapshot.Rows.Where(r => r.Host == host.Host), state)) body.Add(RowLine(row, columns, state, width));
            }
        }
        else
        {
            foreach (var host in snapshot.Hosts.Where(h => h.Error is not null)) body.Add(HostLine(host, width, state));
            foreach (var row in Sort(snapshot.Rows, state)) body.Add(RowLine(row, columns, state, width));
        }

        string footer = "←/→ sort  r reverse  g group by host  +/- interval  p pause  q quit";
        if (height > 0)
        {
            int room = Math.Max(1, height - lines.Count - 1);
            if (body.Count > room)
            {
                int shown = room - 1;
                int hidden = body.Count - shown;
                body = body.Take(shown).ToList();
                body.Add(Fit($"… {hidden} more line{(hidden == 1 ? "" : "s")} below (make the window taller, or sort to bring others up)", width));
            }
        }
        lines.AddRange(body);
        if (height > 0)
        {
            // The keys stay on the terminal's last line.
            while (lines.Count < height - 1) lines.Add("");
            lines.Add(Paint(Fit(footer, width), state.Color ? Inverse : null, state));
        }
        return lines;
    }

    private static bool Descending(MonitorViewState state)
    {
        bool natural = state.SortBy is not (MonitorColumn.Host or MonitorColumn.Name or MonitorColumn.State);
        return natural != state.Reverse;
    }

    private static IEnumerable<MonitorRow> Sort(IEnumerable<MonitorRow> rows, MonitorViewState state)
    {
        var by = state.SortBy;
        bool descending = Descending(state);
        // Rows without a value (no rates yet, a stopped guest) go last either way; then host and name keep it stable.
        var list = rows.ToList();
        list.Sort((a, b) =>
        {
            int c = Compare(a, b, by, descending);
            if (c == 0) c = string.CompareOrdinal(a.Host.Name, b.Host.Name);
            if (c == 0) c = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
            return c;
        });
        return list;
    }

    private static int Compare(MonitorRow a, MonitorRow b, MonitorColumn by, bool descending)
    {
        switch (by)
        {
            case MonitorColumn.Host: return Directed(string.CompareOrdinal(a.Host.Name, b.Host.Name), descending);
            case MonitorColumn.Name: return Directed(string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase), descending);
            case MonitorColumn.State: return Directed(string.CompareOrdinal(StateText(a.State), StateText(b.State)), descending);
        }
        double? x = Value(a, by), y = Value(b, by);
        if (x is null || y is null) return x is null ? (y is null ? 0 : 1) : -1;
        return Directed(x.Value.CompareTo(y.Value), descending);
    }

    private static int Directed(int c, bool descending) => descending ? -c : c;

    private static double? Value(MonitorRow r, MonitorColumn c) => c switch
    {
        MonitorColumn.VCpus => r.VCpus,
        MonitorColumn.Cpu => r.CpuPercent,
        MonitorColumn.CpuHistory => r.CpuHistory.Length == 0 ? null : r.CpuHistory.Average(),
        MonitorColumn.Memory => r.MemoryBytes,
        MonitorColumn.DiskRead => r.DiskReadBytesPerSecond,
        MonitorColumn.DiskWrite => r.DiskWriteBytesPerSecond,
        MonitorColumn.NetRx => r.NetworkRxBytesPerSecond,
        MonitorColumn.NetTx => r.NetworkTxBytesPerSecond,
        MonitorColumn.IoHistory => r.IoHistory.Length == 0 ? null : r.IoHistory.Average(),
        _ => null,
    };

    /// <summary>The columns that fit, with their widths: narrow terminals lose the least useful first; the name and histories take what is left.</summary>
    private static List<Column> Layout(MonitorSnapshot snapshot, bool grouped, int width)
    {
        var columns = Columns.Where(c => !(c.Id == MonitorColumn.Host && (grouped || snapshot.Hosts.Count < 2))).ToList();
        int Needed() => columns.Sum(c => c.Width) + columns.Count - 1;
        while (Needed() > width && columns.Where(c => c.DropOrder > 0).OrderBy(c => c.DropOrder).FirstOrDefault() is { } drop)
            columns.Remove(drop);

        int spare = Math.Max(0, width - Needed());
        var result = new List<Column>(columns.Count);
        int longestName = snapshot.Rows.Select(r => r.Name.Length).DefaultIfEmpty(4).Max();
        int longestHost = snapshot.Hosts.Select(h => h.Host.Name.Length).DefaultIfEmpty(4).Max();
        int Grow(Column c, int upTo)
        {
            int add = Math.Min(spare, Math.Max(0, upTo - c.Width));
            spare -= add;
            return c.Width + add;
        }
        var widths = columns.ToDictionary(c => c.Id, c => c.Width);
        foreach (var c in columns.Where(c => c.Id is MonitorColumn.Name or MonitorColumn.Host))
            widths[c.Id] = Grow(c, Math.Min(40, c.Id == MonitorColumn.Name ? longestName : longestHost));
        var histories = columns.Where(c => c.Id is MonitorColumn.CpuHistory or MonitorColumn.IoHistory).ToList();
        foreach (var c in histories)
            widths[c.Id] = Grow(c, c.Width + Math.Min(32, spare / Math.Max(1, histories.Count)));
        // What remains goes to the name, so the line ends at the terminal's edge.
        widths[MonitorColumn.Name] += spare;
        foreach (var c in columns) result.Add(c with { Width = widths[c.Id] });
        return result;
    }

    private static string Header(List<Column> columns, MonitorViewState state, int width)
    {
        var sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            string cell = Cell(c.Title, c.Width, c.Right);
            if (i > 0) { sb.Append(' '); used++; }
            if (state.Color && c.Id == state.SortBy) sb.Append(Bold).Append(Underline).Append(cell).Append(Reset).Append(Inverse);
            else sb.Append(cell);
            used += cell.Length;
        }
        sb.Append(' ', Math.Max(0, width - used));
        return state.Color ? Inverse + sb + Reset : sb.ToString();
    }

    private static string HostLine(MonitorHost host, int width, MonitorViewState state)
    {
        string text = host.Error is null
            ? $"▸ {host.Host.Name}  {host.Host.Uri}  {host.Domains} domain{(host.Domains == 1 ? "" : "s")} · {host.HostCpus} CPU{(host.HostCpus == 1 ? "" : "s")}"
            : $"▸ {host.Host.Name}  {host.Host.Uri}  cannot be read: {host.Error}";
        return Paint(Fit(text, width), state.Color ? (host.Error is null ? Bold : Bold + Red) : null, state);
    }

    private static string RowLine(MonitorRow row, List<Column> columns, MonitorViewState state, int width)
    {
        var sb = new StringBuilder(width);
        for (int i = 0; i < columns.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            var c = columns[i];
            sb.Append(Cell(Text(row, c), c.Width, c.Right));
        }
        string colour = row.State switch
        {
            DomainState.Paused => Yellow,
            DomainState.Crashed => Red,
            DomainState.ShutOff or DomainState.Shutdown => Grey,
            DomainState.PMSuspended => Cyan,
            _ => "",
        };
        return Paint(Fit(sb.ToString(), width), state.Color && colour.Length > 0 ? colour : null, state);
    }

    private static string Text(MonitorRow r, Column c) => c.Id switch
    {
        MonitorColumn.Host => r.Host.Name,
        MonitorColumn.Name => r.Name,
        MonitorColumn.State => StateText(r.State),
        MonitorColumn.VCpus => r.VCpus?.ToString(CultureInfo.InvariantCulture) ?? "-",
        MonitorColumn.Cpu => r.CpuPercent is double p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "-",
        MonitorColumn.CpuHistory => Sparkline(r.CpuHistory, c.Width, 100),
        MonitorColumn.Memory => r.MemoryBytes is long m ? Size(m) : "-",
        MonitorColumn.DiskRead => Rate(r.DiskReadBytesPerSecond),
        MonitorColumn.DiskWrite => Rate(r.DiskWriteBytesPerSecond),
        MonitorColumn.NetRx => Rate(r.NetworkRxBytesPerSecond),
        MonitorColumn.NetTx => Rate(r.NetworkTxBytesPerSecond),
        MonitorColumn.IoHistory => Sparkline(r.IoHistory, c.Width, null),
        _ => "",
    };

    private static string StateText(DomainState? s) => s switch
    {
        null => "-",
        DomainState.ShutOff => "shut off",
        DomainState.PMSuspended => "suspended",
        DomainState.NoState => "no state",
        _ => s.Value.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The last <paramref name="width"/> values as bars, oldest left; scaled to <paramref name="max"/>, or to the largest
    /// value shown when null (I/O has no natural top).
    /// </summary>
    public static string Sparkline(IReadOnlyList<double> values, int width, double? max)
    {
        int n = Math.Min(width, values.Count);
        var shown = values.Skip(values.Count - n).ToArray();
        double top = max ?? (shown.Length == 0 ? 0 : shown.Max());
        var sb = new StringBuilder(width);
        sb.Append(' ', width - n);
        foreach (double v in shown)
        {
            int level = top <= 0 || double.IsNaN(v) ? 0 : (int)Math.Round(Math.Clamp(v / top, 0, 1) * (Bars.Length - 1));
            sb.Append(Bars[level]);
        }
        return sb.ToString();
    }

    /// <summary>Bytes as a short size with a binary unit (512, 1.5K, 64M, 2.0G).</summary>
    public static string Size(double bytes)
    {
        string[] units = { "", "K", "M", "G", "T", "P" };
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return u == 0 ? Math.Round(bytes).ToString(CultureInfo.InvariantCulture)
            : bytes.ToString(bytes < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + units[u];
    }

    private static string Rate(double? bytesPerSecond) => bytesPerSecond is double b ? Size(b) : "-";

    private static string Seconds(double s) => s.ToString("0.##", CultureInfo.InvariantCulture) + " s";

    private static string Summary(MonitorSnapshot snapshot)
    {
        int total = snapshot.Rows.Count;
        var parts = snapshot.Rows.GroupBy(r => StateText(r.State)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        int failing = snapshot.Hosts.Count(h => h.Error is not null);
        string hosts = $"{snapshot.Hosts.Count} connection{(snapshot.Hosts.Count == 1 ? "" : "s")}" + (failing > 0 ? $" ({failing} cannot be read)" : "");
        double guestCpu = snapshot.Hosts.Sum(h => h.HostCpus);
        return $"{total} domain{(total == 1 ? "" : "s")}" + (total > 0 ? $" ({string.Join(", ", parts)})" : "") + $" · {hosts} · {guestCpu} host CPUs";
    }

    private static string Cell(string text, int width, bool right)
    {
        if (text.Length > width) text = width <= 1 ? text[..width] : text[..(width - 1)] + "…";
        return right ? text.PadLeft(width) : text.PadRight(width);
    }

    private static string Fit(string text, int width) => text.Length > width ? text[..(width - 1)] + "…" : text;

    private static string Spread(string left, string right, int width)
    {
        int gap = width - left.Length - right.Length;
        return gap >= 1 ? left + new string(' ', gap) + right : Fit(right, width);
    }

    private static string Paint(string text, string? code, MonitorViewState state) => code is null || !state.Color ? text : code + text + Reset;
}
