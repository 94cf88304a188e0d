using System.Globalization;
using System.Text;

namespace PSLibvirt.Core;

/// <summary>
/// libvirt's CPU list syntax (virsh vcpupin, emulatorpin, setvcpu, the cpuset attribute): numbers and ranges separated
/// by commas, a leading ^ taking a number or range out again ("0-3,^2" is 0, 1 and 3). Parsed into a sorted list,
/// formatted back in the shortest form ("0-1,3"), and turned into libvirt's CPU maps (one bit per host CPU).
/// </summary>
internal static class CpuSet
{
    /// <summary>
    /// The CPUs <paramref name="text"/> names, sorted; each must be below <paramref name="limit"/> when one is given
    /// (the host's CPU count, or a domain's maximum vCPU count). Throws <see cref="FormatException"/> for text that
    /// does not parse or names no CPU, <see cref="ArgumentOutOfRangeException"/> for a number at or above the limit.
    /// </summary>
    /// <param name="what">What the numbers are, for messages: "CPU" (host CPUs) or "vCPU".</param>
    public static int[] Parse(string text, int? limit = null, string what = "CPU")
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new SortedSet<int>();
        var excluded = new List<(int From, int To)>();
        string trimmed = text.Trim();
        if (trimmed.Length == 0) throw new FormatException($"The {what} list is empty: give numbers and ranges such as '0-1,3'.");
        foreach (string raw in trimmed.Split(','))
        {
            string part = raw.Trim();
            bool exclude = part.StartsWith('^');
            if (exclude) part = part[1..].Trim();
            var (from, to) = ParseRange(part, text, what);
            if (limit is int max && to >= max)
                throw new ArgumentOutOfRangeException(nameof(text), to,
                    $"The {what} list '{text}' names {what} {to}, but there are only {max} ({(max == 1 ? "0" : "0-" + (max - 1))}).");
            if (exclude) excluded.Add((from, to));
            else for (int i = from; i <= to; i++) set.Add(i);
        }
        foreach (var (from, to) in excluded) set.RemoveWhere(i => i >= from && i <= to);
        if (set.Count == 0) throw new FormatException($"The {what} list '{text}' leaves no {what}.");
        return set.ToArray();
    }

    private static (int From, int To) ParseRange(string part, string text, string what)
    {
        int dash = part.IndexOf('-', 1 < part.Length ? 1 : 0);
        string a = dash < 0 ? part : part[..dash].Trim();
        string b = dash < 0 ? part : part[(dash + 1)..].Trim();
        if (!TryNumber(a, out int from) || !TryNumber(b, out int to))
            throw new FormatException($"The {what} list '{text}' does not parse at '{part}': give numbers (0 and up) and ranges such as '0-1,3' or '0-3,^2'.");
        if (to < from)
            throw new FormatException($"The {what} list '{text}' has the range '{part}', which runs backwards.");
        return (from, to);
    }

    private static bool TryNumber(string s, out int n) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n) && s.Length > 0;

    /// <summary>The shortest text for <paramref name="cpus"/> ("0-2,5"); empty for none.</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        var sorted = cpus.Distinct().OrderBy(i => i).ToArray();
        var sb = new StringBuilder();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i) sb.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }
        return sb.ToString();
    }

    /// <summary>The bytes of a map of <paramref name="hostCpus"/> bits (VIR_CPU_MAPLEN).</summary>
    public static int MapLength(int hostCpus) => (hostCpus + 7) / 8;

    /// <summary>libvirt's CPU map of <paramref name="cpus"/> (bit i of byte i/8 for CPU i).</summary>
    public static byte[] ToMap(IEnumerable<int> cpus, int hostCpus)
    {
        var map = new byte[MapLength(hostCpus)];
        foreach (int c in cpus)
        {
            if (c < 0 || c >= hostCpus) throw new ArgumentOutOfRangeException(nameof(cpus), c, $"CPU {c} is not one of the host's {hostCpus}.");
            map[c / 8] |= (byte)(1 << (c % 8));
        }
        return map;
    }

    /// <summary>The CPUs set in <paramref name="map"/> (the first <paramref name="hostCpus"/> bits).</summary>
    public static int[] FromMap(ReadOnlySpan<byte> map, int hostCpus)
    {
        var result = new List<int>();
        for (int c = 0; c < hostCpus && c / 8 < map.Length; c++)
            if ((map[c / 8] & (1 << (c % 8))) != 0) result.Add(c);
        return result.ToArray();
    }
}
