using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists the host's devices as libvirt's node-device driver sees them (virsh nodedev-list, nodedev-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NodeDevice", DefaultParameterSetName = NameSet)]
[OutputType(typeof(NodeDevice))]
public sealed class GetNodeDeviceCommand : LibvirtCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    /// <summary>Device names; wildcards allowed. Exact names that match nothing are errors.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
    [Parameter(Position = 0, ParameterSetName = InputObjectSet)]
    [SupportsWildcards]
    [ObjectNameTransformation(typeof(NodeDevice), AllowHypervisor = true, ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.NodeDeviceNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only devices with one of these capabilities (pci, usb_device, net, scsi_host, storage, mdev, ...), as virsh nodedev-list --cap.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NodeDeviceCapabilityCompleter))]
    public string[]? Capability { get; set; }

    /// <summary>Also takes a NodeDevice's Hypervisor property from the pipeline, so piped devices are read again from their own host.</summary>
    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Hypervisor")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Hypervisor objects from the pipeline (Get-Hypervisor | Get-NodeDevice): their devices are listed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Hypervisor[]? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        var hosts = TargetConnections(InputObject is { Length: > 0 } ? InputObject : Connection);
        var sorted = (Hypervisor h) => (IReadOnlyList<NodeDevice>)ObjectKinds.NodeDevice.List(h).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        foreach (var d in ListMatching(ObjectKinds.NodeDevice, Name, hosts, Name is { Length: 1 } && !WildcardPattern.ContainsWildcardCharacters(Name[0]) ? null : sorted))
        {
            if (Capability is { Length: > 0 } && !d.Capabilities.Any(c => Capability.Contains(c, StringComparer.OrdinalIgnoreCase))) continue;
            WriteObject(d);
        }
    }
}
