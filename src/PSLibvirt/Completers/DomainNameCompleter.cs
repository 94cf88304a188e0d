using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Commands;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes domain names from the connections already open (-Connection when typed, else all of them); one
/// list-all call per connection, never opens a connection.
/// </summary>
public sealed class DomainNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connections = HypervisorSession.Connections.ToList();
        if (fakeBoundParameters?["Connection"] is { } c)
        {
            var wanted = LanguagePrimitives.GetEnumerable(c)?.Cast<object>() ?? new[] { c };
            var names = wanted.Select(o => (o is PSObject p ? p.BaseObject : o)?.ToString()).ToHashSet(System.StringComparer.OrdinalIgnoreCase);
            var chosen = connections.Where(h => names.Contains(h.Name)).ToList();
            if (chosen.Count > 0) connections = chosen;
        }
        var items = new List<(string, string)>();
        foreach (var h in connections)
        {
            if (h.IsClosed) continue;
            try
            {
                foreach (var n in DomainApi.ListNames(h.Connection)) items.Add((n, $"{n} ({h.Name})"));
            }
            catch (LibvirtException)
            {
                // A dead connection completes nothing.
            }
        }
        return Completion.Match(items.GroupBy(i => i.Item1).Select(g => g.First()), wordToComplete);
    }
}
