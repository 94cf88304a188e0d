using System.Management.Automation;

namespace PSLibvirt.Services;

/// <summary>PowerShell wildcard patterns as every cmdlet and the drive take them.</summary>
internal static class Wildcards
{
    /// <summary>
    /// A case-insensitive pattern; an invalid one ("[", "[z-a]") is an ArgumentException saying so. WildcardPattern.Get
    /// accepts anything and fails only at the first match, as a WildcardPatternException the user cannot act on.
    /// </summary>
    public static WildcardPattern Pattern(string text, string? what = null)
    {
        var p = WildcardPattern.Get(text, WildcardOptions.IgnoreCase);
        try { p.IsMatch(""); }
        catch (WildcardPatternException e) { throw new ArgumentException($"{what}'{text}' is not a valid wildcard pattern: {e.Message}", e); }
        return p;
    }
}
