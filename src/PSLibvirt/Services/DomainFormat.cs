using System.Management.Automation;
using System.Management.Automation.Host;

namespace PSLibvirt.Services;

/// <summary>Helpers for Domain.format.ps1xml.</summary>
public static class DomainFormat
{
    /// <summary>
    /// The state's name, in colour when it needs attention (Crashed red, Paused yellow) and the host renders ANSI:
    /// $PSStyle exists, its OutputRendering is not PlainText, and the host supports virtual terminal sequences.
    /// PowerShell removes the sequences itself when output is redirected under OutputRendering Host.
    /// </summary>
    public static string State(DomainState state, object? psStyle, PSHost? host)
    {
        string name = state.ToString();
        if (state is not (DomainState.Crashed or DomainState.Paused)) return name;
        var style = psStyle is PSObject p ? p.BaseObject : psStyle;
        if (style is null || host?.UI?.SupportsVirtualTerminal != true) return name;
        var pso = PSObject.AsPSObject(style);
        if (pso.Properties["OutputRendering"]?.Value?.ToString() == "PlainText") return name;
        var fg = pso.Properties["Foreground"]?.Value;
        string? colour = fg is null ? null : PSObject.AsPSObject(fg).Properties[state == DomainState.Crashed ? "Red" : "Yellow"]?.Value as string;
        string? reset = pso.Properties["Reset"]?.Value as string;
        return colour is null || reset is null ? name : colour + name + reset;
    }
}
