using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Lists the host's devices as libvirt's node-device driver sees them (virsh nodedev-list, nodedev-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "NodeDevice", DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Lists(typeof(NodeDevice))]
public sealed partial class GetNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>Only devices with one of these capabilities (pci, usb_device, net, scsi_host, storage, mdev, ...), as virsh nodedev-list --cap.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NodeDeviceCapabilityCompleter))]
    public string[]? Capability { get; set; }

    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        var sorted = (Hypervisor h) => (IReadOnlyList<NodeDevice>)ObjectKinds.NodeDevice.List(h).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        foreach (var d in ListMatching(ObjectKinds.NodeDevice, Name, hosts, Name is { Length: 1 } && !WildcardPattern.ContainsWildcardCharacters(Name[0]) ? null : sorted))
        {
            if (Capability is { Length: > 0 } && !d.Capabilities.Any(c => Capability.Contains(c, StringComparer.OrdinalIgnoreCase))) continue;
            WriteObject(d);
        }
    }
}
