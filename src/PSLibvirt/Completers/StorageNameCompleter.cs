using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Services;
using PSLibvirt.Core;


namespace PSLibvirt.Completers;

internal static class CompleterConnections
{
    /// <summary>The connections named by a bound -Connection, else the default one; never opens a connection.</summary>
    public static IEnumerable<Hypervisor> From(IDictionary fakeBoundParameters)
    {
        var bound = fakeBoundParameters?["Connection"];
        var names = bound switch
        {
            null => Array.Empty<object>(),
            string s => new object[] { s },
            IEnumerable e => e.Cast<object>().ToArray(),
            _ => new[] { bound },
        };
        var result = new List<Hypervisor>();
        foreach (var n in names)
        {
            var o = n is PSObject p ? p.BaseObject : n;
            if (o is Hypervisor h) result.Add(h);
            else if (o is string name && HypervisorSession.Find(name) is { } f) result.Add(f);
        }
        if (result.Count == 0 && HypervisorSession.Default is { } d) result.Add(d);
        return result.Where(h => !h.IsClosed && h.Connection.LostReason is null);
    }

    /// <summary>
    /// The names bound to <paramref name="parameters"/> (-Name, -Domain, ...): text as typed, objects by
    /// <paramref name="nameOf"/> (null: not an object these parameters name).
    /// </summary>
    public static List<string> BoundNames(IDictionary? fakeBoundParameters, IEnumerable<string> parameters, Func<object, string?> nameOf)
    {
        var result = new List<string>();
        foreach (var key in parameters)
        {
            var bound = fakeBoundParameters?[key];
            if (bound is null) continue;
            var values = bound is string ? new[] { bound } : LanguagePrimitives.GetEnumerable(bound)?.Cast<object>() ?? new[] { bound };
            foreach (var v in values)
            {
                var o = v is PSObject p ? p.BaseObject : v;
                if (o is string s) result.Add(s);
                else if (o is not null && nameOf(o) is { } name) result.Add(name);
            }
        }
        return result;
    }

    public static IEnumerable<(string, string)> Safe(Func<IEnumerable<(string, string)>> items)
    {
        try { return items().ToList(); }
        catch (Exception) { return Array.Empty<(string, string)>(); }
    }
}

/// <summary>Completes volume formats.</summary>
internal sealed class VolumeFormatCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(StorageXml.VolumeFormats.Select(f => (f, f)), wordToComplete);
}
