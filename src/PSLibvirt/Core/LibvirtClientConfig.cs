using System.IO;
using System.Text.RegularExpressions;

namespace PSLibvirt.Core;

/// <summary>The client side of libvirt.conf that the module reads itself: the URI aliases (for completion).</summary>
internal static partial class LibvirtClientConfig
{
    /// <summary>
    /// The files libvirt reads for a client, in its order: $XDG_CONFIG_HOME/libvirt/libvirt.conf (default
    /// ~/.config/libvirt/libvirt.conf) for an ordinary user, /etc/libvirt/libvirt.conf for root.
    /// </summary>
    public static IEnumerable<string> Files()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        yield return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".config") : xdg, "libvirt", "libvirt.conf");
        yield return "/etc/libvirt/libvirt.conf";
    }

    /// <summary>The aliases of the first of <see cref="Files"/> that exists: alias name and the URI it stands for.</summary>
    public static IReadOnlyList<(string Alias, string Uri)> UriAliases()
    {
        foreach (string file in Files())
        {
            try
            {
                if (File.Exists(file)) return ParseUriAliases(File.ReadAllText(file));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return Array.Empty<(string, string)>();
    }

    /// <summary>
    /// The entries of <c>uri_aliases = [ "name=uri", ... ]</c> in libvirt.conf text (the list may span lines; '#'
    /// starts a comment). libvirt accepts alias names of letters, digits and _-.; other entries are skipped.
    /// </summary>
    public static IReadOnlyList<(string Alias, string Uri)> ParseUriAliases(string text)
    {
        string code = string.Join("\n", text.Split('\n').Select(l => StripComment(l)));
        var list = AliasList().Match(code);
        if (!list.Success) return Array.Empty<(string, string)>();
        var result = new List<(string, string)>();
        foreach (Match m in QuotedString().Matches(list.Groups[1].Value))
        {
            string entry = m.Groups[1].Value;
            int eq = entry.IndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1) continue;
            string alias = entry[..eq];
            if (!AliasName().IsMatch(alias)) continue;
            result.Add((alias, entry[(eq + 1)..]));
        }
        return result;
    }

    // A '#' outside a quoted string starts a comment.
    private static string StripComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == '#' && !quoted) return line[..i];
        }
        return line;
    }

    [GeneratedRegex(@"(?m)^\s*uri_aliases\s*=\s*\[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex AliasList();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex AliasName();
}
