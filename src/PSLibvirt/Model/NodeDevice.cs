namespace PSLibvirt;

/// <summary>
/// A snapshot of one host device as libvirt's node-device driver sees it (virsh nodedev-dumpxml): keyed by its
/// <see cref="Name"/> on the <see cref="Hypervisor"/> it came from (node devices have no UUID).
/// </summary>
public sealed class NodeDevice
{
    /// <summary>libvirt's name of the device (pci_0000_00_1f_2, net_eth0_52_54_00_12_34_56, scsi_host0, ...).</summary>
    public string Name { get; init; } = "";
    /// <summary>The parent device's name (computer for the root's children), or null for the root.</summary>
    public string? Parent { get; init; }
    /// <summary>The capability types the device has (pci, usb_device, net, scsi_host, storage, mdev, ...): its own first, then nested ones such as fc_host or mdev_types.</summary>
    public string[] Capabilities { get; init; } = Array.Empty<string>();
    /// <summary>The device's first capability: what kind of device it is.</summary>
    public string Type => Capabilities.Length > 0 ? Capabilities[0] : "";
    /// <summary>The host driver bound to the device (vfio-pci when detached for passthrough), or null.</summary>
    public string? Driver { get; init; }
    /// <summary>The device's sysfs path, or null.</summary>
    public string? Path { get; init; }
    /// <summary>The device exists now (virsh nodedev-info's Active): false for a defined mediated device not started.</summary>
    public bool Active { get; init; }
    /// <summary>The device has a definition that outlives it (virsh nodedev-info's Persistent); null where the driver does not say (the test driver).</summary>
    public bool? Persistent { get; init; }
    /// <summary>The device is started when the node-device driver starts (virsh nodedev-autostart); null where the driver does not say.</summary>
    public bool? Autostart { get; init; }
    /// <summary>The PCI address domain:bus:slot.function (pci devices), or null.</summary>
    public string? PciAddress { get; init; }
    /// <summary>The vendor's name (pci and usb devices), or its id when the name is unknown.</summary>
    public string? Vendor { get; init; }
    /// <summary>The product's name (pci and usb devices), or its id when the name is unknown.</summary>
    public string? Product { get; init; }
    /// <summary>The IOMMU group a PCI device belongs to (devices of one group are passed through together), or null.</summary>
    public int? IommuGroup { get; init; }
    /// <summary>The network interface name (net devices), or null.</summary>
    public string? Interface { get; init; }
    /// <summary>The MAC address (net devices), or null.</summary>
    public string? MacAddress { get; init; }
    /// <summary>
    /// The typed facts of the device's own capability: a NodeDevicePciDetails, NodeDeviceUsbDetails,
    /// NodeDeviceNetDetails, NodeDeviceScsiHostDetails, NodeDeviceStorageDetails or NodeDeviceMdevDetails; null for
    /// types without details (system, scsi_target, ...).
    /// </summary>
    public object? Details { get; init; }
    /// <summary>The connection this snapshot came from.</summary>
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    public override string ToString() => Name;
}
