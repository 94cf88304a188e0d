using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Writes networks' XML definitions (virsh net-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NetworkXml", DefaultParameterSetName = NameSet)]
[OutputType(typeof(string))]
public sealed class GetNetworkXmlCommand : NetworkCmdlet
{
    /// <summary>The persistent configuration rather than the running one (virsh net-dumpxml --inactive).</summary>
    [Parameter]
    public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() => ForEachNetwork(t => WriteObject(NetworkApi.GetXml(t.Handle, Inactive)));
}
