using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists secrets (virsh secret-list), filtered by UUID, usage type and usage ID. Never reads values.</summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecret", DefaultParameterSetName = "Uuid")]
[OutputType(typeof(Secret))]
[Lists(typeof(Secret), KeyParameter = "Uuid")]
public sealed partial class GetLibvirtSecretCommand : LibvirtCmdlet
{
    /// <summary>Usage types to keep.</summary>
    [Parameter]
    public SecretUsageType[]? UsageType { get; set; }

    /// <summary>Usage IDs (volume paths, usage names); wildcards allowed. Exact ones that match nothing are errors.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.SecretUsageIdCompleter))]
    public string[]? UsageId { get; set; }

    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        var written = new HashSet<(string, Guid)>();
        void Write(Secret s)
        {
            if (written.Add((s.Hypervisor?.Name ?? "", s.Uuid))) WriteObject(s);
        }

        // The one exact usage lookup libvirt offers (virSecretLookupByUsage): no listing needed.
        if (Uuid is not { Length: > 0 } && UsageType is { Length: 1 } && UsageType[0] is var type && type != SecretUsageType.None &&
            UsageId is { Length: > 0 } ids && ids.All(i => !WildcardPattern.ContainsWildcardCharacters(i)))
        {
            foreach (string id in ids)
            {
                bool any = false;
                foreach (var h in hosts)
                {
                    TryInvoke(h, () =>
                    {
                        using var handle = SecretApi.TryLookupByUsage(h.Connection, type, id);
                        if (handle is null) return;
                        any = true;
                        Write(SecretApi.Snapshot(handle, h));
                    });
                }
                if (!any) WriteError(NotFound($"of usage {type} '{id}'", hosts, id));
            }
            return;
        }

        var all = new List<Secret>();
        foreach (var h in hosts)
            TryInvoke(h, () => all.AddRange(SecretApi.List(h.Connection, h).OrderBy(s => s.UsageType).ThenBy(s => s.UsageId, StringComparer.Ordinal).ThenBy(s => s.Uuid)));
        IEnumerable<Secret> matches = all;
        if (UsageType is { Length: > 0 } types) matches = matches.Where(s => Array.IndexOf(types, s.UsageType) >= 0);
        if (UsageId is { Length: > 0 })
        {
            var filtered = new List<Secret>();
            foreach (string id in UsageId)
            {
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(id);
                WildcardPattern? pattern = null;
                if (wildcard && !TryInvoke(id, () => pattern = Pattern(id), "InvalidWildcardPattern")) continue;
                var m = matches.Where(s => s.UsageId is { } u && (wildcard ? pattern!.IsMatch(u) : u == id)).ToList();
                if (m.Count == 0 && !wildcard) WriteError(NotFound($"with usage ID '{id}'", hosts, id));
                filtered.AddRange(m);
            }
            matches = filtered;
        }
        if (Uuid is { Length: > 0 })
        {
            var list = matches.ToList();
            foreach (var u in Uuid)
            {
                var m = list.Where(s => s.Uuid == u).ToList();
                if (m.Count == 0 && !all.Any(s => s.Uuid == u)) WriteNotFound(ObjectKinds.Secret, u.ToString("D"), u, hosts.Count == 1 ? hosts[0] : null);
                foreach (var s in m) Write(s);
            }
            return;
        }
        foreach (var s in matches) Write(s);
    }

    /// <summary>SecretNotFound for a usage that matches nothing (the UUID case goes through the one rule's WriteNotFound).</summary>
    private static ErrorRecord NotFound(string what, IReadOnlyList<Hypervisor> hosts, object input)
    {
        string where = hosts.Count == 1 ? $"connection '{hosts[0].Name}' ({hosts[0].Uri})" : "any of the target connections";
        return new ErrorRecord(
            new ItemNotFoundException($"There is no secret {what} on {where}. Get-LibvirtSecret lists them."),
            ObjectKinds.Secret.NotFoundId, ErrorCategory.ObjectNotFound, input);
    }
}
