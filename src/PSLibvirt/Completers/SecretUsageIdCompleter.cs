using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>Completes secrets' usage IDs from the open connections (-Connection when typed, else the default one), of -UsageType when typed; never opens a connection.</summary>
internal sealed class SecretUsageIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        SecretUsageType? type = null;
        if (fakeBoundParameters?["UsageType"] is { } t && LanguagePrimitives.TryConvertTo(t, out SecretUsageType parsed)) type = parsed;
        return Completion.Match(CompleterConnections.Safe(() =>
            CompleterConnections.From(fakeBoundParameters!).SelectMany(h => SecretApi.List(h.Connection, h))
                .Where(s => s.UsageId is not null && (type is null || s.UsageType == type))
                .Select(s => (s.UsageId!, $"{s.UsageId} ({s.UsageType}, {s.Uuid:D})"))), wordToComplete);
    }
}
