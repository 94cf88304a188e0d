using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists secrets (virsh secret-list), filtered by UUID, usage type and usage ID. Never reads values.</summary>
[Cmdlet(VerbsCommon.Get, "LibvirtSecret")]
[OutputType(typeof(Secret))]
public sealed class GetLibvirtSecretCommand : HypervisorCmdlet
{
    /// <summary>UUIDs; one that matches nothing is an error.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public Guid[]? Uuid { get; set; }

    /// <summary>Usage types to keep.</summary>
    [Parameter]
    public SecretUsageType[]? UsageType { get; set; }

    /// <summary>Usage IDs (volume paths, usage names); wildcards allowed. Exact ones that match nothing are errors.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.SecretUsageIdCompleter))]
    public string[]? UsageId { get; set; }

    /// <summary>Also takes a Secret's Hypervisor property from the pipeline, so piped secrets are read again from their own host.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Hypervisor")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public override Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord()
    {
        var hosts = TargetConnections;
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
                if (!any) WriteError(SecretCmdlet.SecretNotFound($"of usage {type} '{id}'", hosts, id));
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
                var pattern = WildcardPattern.Get(id, WildcardOptions.IgnoreCase);
                var m = matches.Where(s => s.UsageId is { } u && (wildcard ? pattern.IsMatch(u) : u == id)).ToList();
                if (m.Count == 0 && !wildcard) WriteError(SecretCmdlet.SecretNotFound($"with usage ID '{id}'", hosts, id));
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
                if (m.Count == 0 && !all.Any(s => s.Uuid == u)) WriteError(SecretCmdlet.SecretNotFound($"with UUID '{u:D}'", hosts, u));
                foreach (var s in m) Write(s);
            }
            return;
        }
        foreach (var s in matches) Write(s);
    }
}
