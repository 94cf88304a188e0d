using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>One resolved secret: a live handle on one connection. Dispose it (ForEachSecret does).</summary>
public sealed class SecretTarget : IDisposable
{
    internal SecretTarget(Hypervisor hypervisor, SecretHandle handle, Guid uuid, object input)
    {
        Hypervisor = hypervisor;
        Handle = handle;
        Uuid = uuid;
        Input = input;
    }

    public Hypervisor Hypervisor { get; }
    public SecretHandle Handle { get; }
    public Guid Uuid { get; }
    /// <summary>What the user passed (a Secret object or a UUID): the target of error records.</summary>
    public object Input { get; }
    public LibvirtConnection Connection => Hypervisor.Connection;

    /// <summary>"secret 'uuid' on 'host'" for ShouldProcess and messages (never the value).</summary>
    public string Description => $"secret '{Uuid:D}' on '{Hypervisor.Name}'";

    public void Dispose() => Handle.Dispose();
}

/// <summary>
/// The base of cmdlets that act on existing secrets: -Uuid (from the pipeline by property name) or -Secret (Secret
/// objects from Get-LibvirtSecret, by value). A Secret object is looked up again by UUID on the connection it came
/// from. A UUID is looked up on every target connection (-Connection, or the default one) and acted on wherever it
/// exists (the same secret is often defined on several hosts, for migration); found on none is a non-terminating
/// ObjectNotFound error (SecretNotFound) and the next input is processed.
/// </summary>
public abstract class SecretCmdlet : HypervisorCmdlet
{
    protected const string UuidSet = "Uuid";
    protected const string SecretSet = "Secret";

    /// <summary>Secret UUIDs.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UuidSet, ValueFromPipelineByPropertyName = true)]
    public virtual Guid[]? Uuid { get; set; }

    /// <summary>Secret objects, as Get-LibvirtSecret writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public virtual Secret[]? Secret { get; set; }

    private bool BySecretObject => ParameterSetName.StartsWith(SecretSet, StringComparison.Ordinal);

    /// <summary>Resolves the current record's input into handles, writing SecretNotFound for what is not found.</summary>
    protected List<SecretTarget> ResolveSecrets()
    {
        var targets = new List<SecretTarget>();
        if (BySecretObject)
        {
            foreach (var s in Secret ?? Array.Empty<Secret>())
            {
                var hosts = s.Hypervisor is { } own ? new[] { own } : TargetConnections;
                TryInvoke(s, () => Find(s.Uuid, s, hosts, targets));
            }
        }
        else
        {
            foreach (var u in Uuid ?? Array.Empty<Guid>())
                TryInvoke(u, () => Find(u, u, TargetConnections, targets));
        }
        return targets;
    }

    private void Find(Guid uuid, object input, IReadOnlyList<Hypervisor> hosts, List<SecretTarget> targets)
    {
        bool any = false;
        foreach (var h in hosts)
        {
            var handle = SecretApi.TryLookupByUuid(h.Connection, uuid);
            if (handle is null) continue;
            any = true;
            targets.Add(new SecretTarget(h, handle, uuid, input));
        }
        if (!any) WriteSecretNotFound(uuid, hosts, input);
    }

    internal static ErrorRecord SecretNotFound(string what, IReadOnlyList<Hypervisor> hosts, object input)
    {
        string where = hosts.Count == 1 ? $"'{hosts[0].Name}'" : "any of " + string.Join(", ", System.Linq.Enumerable.Select(hosts, h => $"'{h.Name}'"));
        return new ErrorRecord(
            new ItemNotFoundException($"There is no secret {what} on {where}. Get-LibvirtSecret lists the secrets."),
            "SecretNotFound", ErrorCategory.ObjectNotFound, input);
    }

    private void WriteSecretNotFound(Guid uuid, IReadOnlyList<Hypervisor> hosts, object input) =>
        WriteError(SecretNotFound($"with UUID '{uuid:D}'", hosts, input));

    /// <summary>Runs <paramref name="action"/> for each resolved secret; each failure is non-terminating.</summary>
    protected void ForEachSecret(Action<SecretTarget> action)
    {
        foreach (var t in ResolveSecrets())
        {
            using (t) TryInvoke(t.Input, () => action(t));
        }
    }
}
