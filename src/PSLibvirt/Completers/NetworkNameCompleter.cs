using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>Completes network names from the open connections (-Connection when typed, else the default one); never opens a connection.</summary>
public sealed class NetworkNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(CompleterConnections.Safe(() =>
            CompleterConnections.From(fakeBoundParameters).SelectMany(h => NetworkApi.List(h.Connection, h))
                .Select(n => (n.Name, $"{n.Name} ({(n.Active ? "active" : "inactive")}, {n.ForwardMode}{(n.Bridge is null ? "" : ", " + n.Bridge)})"))), wordToComplete);
}
