using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes what identifies a device of the domains bound to -Name or -Domain (nothing when none is: the completer
/// never reads every domain), from their XML on the connections already open (one read per domain, never opening a connection).
/// </summary>
internal abstract class DomainDeviceCompleter : IArgumentCompleter
{
    /// <summary>The completions of one domain's XML: (text, tooltip).</summary>
    protected abstract IEnumerable<(string, string)> Items(string domainXml, string domain);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(CompleterConnections.Safe(() =>
        {
            var names = BoundDomains(fakeBoundParameters);
            var result = new List<(string, string)>();
            foreach (var h in CompleterConnections.From(fakeBoundParameters))
                foreach (var n in names)
                {
                    using var d = DomainApi.TryLookupByName(h.Connection, n);
                    if (d is not null) result.AddRange(Items(DomainDefinitionApi.GetXml(d), n));
                }
            return result.GroupBy(i => i.Item1).Select(g => g.First());
        }), wordToComplete);

    private static List<string> BoundDomains(IDictionary fakeBoundParameters) =>
        CompleterConnections.BoundNames(fakeBoundParameters, new[] { "Name", "DomainName", "Domain" }, o => (o as Domain)?.Name);
}

/// <summary>Completes the disk targets (vda, sdb, hdc) of the bound domains, with device and source as tooltips.</summary>
internal sealed class DomainDiskTargetCompleter : DomainDeviceCompleter
{
    protected override IEnumerable<(string, string)> Items(string domainXml, string domain) =>
        DomainDeviceXml.ParseDisks(domainXml, new DeviceOwner(domain, Guid.Empty, null, false))
            .Select(d => (d.Target, $"{d.Target}: {d.Device} {d.Source ?? "(empty)"} ({domain})"));
}

/// <summary>Completes the MAC addresses of the bound domains' network adapters, with type and source as tooltips.</summary>
internal sealed class DomainNetworkAdapterMacCompleter : DomainDeviceCompleter
{
    protected override IEnumerable<(string, string)> Items(string domainXml, string domain) =>
        DomainDeviceXml.ParseInterfaces(domainXml, new DeviceOwner(domain, Guid.Empty, null, false))
            .Select(n => (n.MacAddress, $"{n.MacAddress}: {n.InterfaceType} {n.Source} ({domain})"));
}

/// <summary>Completes the aliases of the bound domains' devices.</summary>
internal sealed class DomainDeviceAliasCompleter : DomainDeviceCompleter
{
    protected override IEnumerable<(string, string)> Items(string domainXml, string domain) =>
        DomainDeviceXml.ParseDevices(domainXml, new DeviceOwner(domain, Guid.Empty, null, false), typed: false)
            .Where(d => d.Alias is not null).Select(d => (d.Alias!, $"{d.Alias}: {d.Type} ({domain})"));
}

/// <summary>Completes the namespace URIs of the bound domains' metadata elements.</summary>
internal sealed class DomainMetadataUriCompleter : DomainDeviceCompleter
{
    protected override IEnumerable<(string, string)> Items(string domainXml, string domain) =>
        DomainMetadataApi.Namespaces(domainXml).Select(n => (n.Uri, $"{n.Uri} ({n.Prefix}, {domain})"));
}
