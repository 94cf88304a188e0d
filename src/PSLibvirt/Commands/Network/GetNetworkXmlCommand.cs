using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Writes networks' XML definitions (virsh net-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string))]
public sealed class GetNetworkXmlCommand : LibvirtCmdlet
{
    /// <summary>Exact network names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Network))]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Network objects, as Get-Network writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Network", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network[]? Network { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The persistent configuration rather than the running one (virsh net-dumpxml --inactive).</summary>
    [Parameter]
    public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(ObjectKinds.Network, Name, Network, Connection), t => WriteObject(NetworkApi.GetXml(t.Handle, Inactive)));
}
