using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Lists network filter bindings (virsh nwfilter-binding-list, nwfilter-binding-dumpxml), sorted by port device; with
/// -Domain (also piped domains), the bindings of that domain's interfaces (their owner is the domain).
/// </summary>
[Cmdlet(VerbsCommon.Get, "NetworkFilterBinding", DefaultParameterSetName = "Name")]
[OutputType(typeof(NetworkFilterBinding))]
[Lists(typeof(NetworkFilterBinding), ConnectionSets = new[] { "Domain" }, PipedModels = new[] { typeof(Domain) })]
public sealed partial class GetNetworkFilterBindingCommand : LibvirtCmdlet
{
    /// <summary>The domains whose interfaces' bindings to list (Domain objects, on their own connections, or names).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Domain", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectReferenceTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain[]? Domain { get; set; }

    protected override void ProcessRecord()
    {
        if (Domain is not null)
        {
            ForEachTarget(ResolveTargets(ObjectKinds.Domain, null, Domain, Connection), d =>
                WriteObject(ObjectKinds.NetworkFilterBinding.List(d.Hypervisor).Where(b => b.OwnerUuid == d.Uuid)
                    .OrderBy(b => b.PortDevice, StringComparer.Ordinal), enumerateCollection: true));
            return;
        }
        var hosts = ListedConnections();
        var sorted = (Hypervisor h) => (IReadOnlyList<NetworkFilterBinding>)ObjectKinds.NetworkFilterBinding.List(h).OrderBy(b => b.PortDevice, StringComparer.Ordinal).ToList();
        foreach (var b in ListMatching(ObjectKinds.NetworkFilterBinding, Name, hosts, sorted)) WriteObject(b);
    }
}
