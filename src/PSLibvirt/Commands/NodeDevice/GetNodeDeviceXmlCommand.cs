using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Writes node devices' XML descriptions (virsh nodedev-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NodeDeviceXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string))]
public sealed class GetNodeDeviceXmlCommand : LibvirtCmdlet
{
    /// <summary>Exact device names (no wildcards: pipe from Get-NodeDevice to read many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(NodeDevice))]
    [ArgumentCompleter(typeof(Completers.NodeDeviceNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>NodeDevice objects, as Get-NodeDevice writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "NodeDevice", ValueFromPipeline = true)]
    [ValidateNotNull]
    public NodeDevice[]? NodeDevice { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    protected override void ProcessRecord() =>
        ForEachTarget(ResolveTargets(ObjectKinds.NodeDevice, NodeDevice is null ? Name : null, NodeDevice, Connection),
            t => WriteObject(NodeDeviceApi.GetXml(t.Handle)));
}
