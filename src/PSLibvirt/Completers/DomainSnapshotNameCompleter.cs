using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes snapshot names of the domains bound to -DomainName or -Domain (else of every domain) on the connections
/// of -Connection (else the default one); never opens a connection.
/// </summary>
public sealed class DomainSnapshotNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var domains = new List<string>();
        foreach (var key in new[] { "DomainName", "Domain" })
        {
            var bound = fakeBoundParameters?[key];
            if (bound is null) continue;
            var values = bound is string ? new[] { bound } : LanguagePrimitives.GetEnumerable(bound)?.Cast<object>() ?? new[] { bound };
            foreach (var v in values)
            {
                var o = v is PSObject p ? p.BaseObject : v;
                if (o is string s) domains.Add(s);
                else if (o is Domain d) domains.Add(d.Name);
            }
        }
        return Completion.Match(CompleterConnections.Safe(() =>
            CompleterConnections.From(fakeBoundParameters).SelectMany(h =>
                (domains.Count > 0 ? domains : DomainApi.ListNames(h.Connection)).SelectMany(dn =>
                {
                    using var dh = DomainApi.TryLookupByName(h.Connection, dn);
                    return dh is null
                        ? Enumerable.Empty<(string, string)>()
                        : DomainSnapshotApi.ListNames(dh).Select(n => (n, $"{n} ({dn})")).ToList();
                }))
            .GroupBy(i => i.Item1).Select(g => g.First())), wordToComplete);
    }
}
