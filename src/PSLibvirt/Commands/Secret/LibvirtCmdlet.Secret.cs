using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The secrets of one record's input: <paramref name="secrets"/> (each on its own connection) when given, else the
    /// UUIDs on the target connections, by the one rule (a UUID defined on several of them is AmbiguousSecret).
    /// </summary>
    private protected List<Target<SecretHandle>> ResolveSecrets(Guid[]? uuids, Secret[]? secrets, Hypervisor[]? connections) =>
        ResolveTargets(ObjectKinds.Secret, secrets is null ? uuids?.Select(u => u.ToString("D")) : null, secrets, connections);
}
