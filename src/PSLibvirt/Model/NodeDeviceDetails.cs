namespace PSLibvirt;

// The typed facts of a node device's own (first) capability, in NodeDevice.Details: one small class per capability
// type that has facts worth a property; other types (system, scsi_target, drm, ...) have no details object.

/// <summary>A PCI device (capability pci): address, ids and names, IOMMU group, NUMA node, SR-IOV functions.</summary>
public sealed class NodeDevicePciDetails
{
    /// <summary>domain:bus:slot.function, as lspci -D writes it (0000:00:02.0).</summary>
    public string Address { get; init; } = "";
    public int Domain { get; init; }
    public int Bus { get; init; }
    public int Slot { get; init; }
    public int Function { get; init; }
    /// <summary>The PCI class code (0x030000 for a VGA controller), or null.</summary>
    public string? Class { get; init; }
    public string? VendorId { get; init; }
    public string? Vendor { get; init; }
    public string? ProductId { get; init; }
    public string? Product { get; init; }
    public int? IommuGroup { get; init; }
    /// <summary>The NUMA node the device is attached to, or null when the host has none or does not say.</summary>
    public int? NumaNode { get; init; }
    /// <summary>For an SR-IOV virtual function: the address of its physical function; else null.</summary>
    public string? PhysicalFunction { get; init; }
    /// <summary>For an SR-IOV physical function: the addresses of its virtual functions (empty otherwise).</summary>
    public string[] VirtualFunctions { get; init; } = Array.Empty<string>();
    /// <summary>For an SR-IOV physical function: how many virtual functions it can have; else null.</summary>
    public int? MaxVirtualFunctions { get; init; }
    /// <summary>The mediated device types the device offers (mdev_types: vGPU profiles and the like).</summary>
    public string[] MdevTypes { get; init; } = Array.Empty<string>();
    public override string ToString() => Address;
}

/// <summary>A USB device (capability usb_device): where it sits on the bus, its ids and names.</summary>
public sealed class NodeDeviceUsbDetails
{
    public int Bus { get; init; }
    public int Device { get; init; }
    public string? VendorId { get; init; }
    public string? Vendor { get; init; }
    public string? ProductId { get; init; }
    public string? Product { get; init; }
    public override string ToString() => $"{Bus:D3}:{Device:D3}";
}

/// <summary>A network interface (capability net): name, MAC, link state and speed.</summary>
public sealed class NodeDeviceNetDetails
{
    public string? Interface { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>up, down, unknown, ... (the kernel's operstate), or null.</summary>
    public string? LinkState { get; init; }
    /// <summary>The link speed in Mbit/s, or null when the kernel does not know it.</summary>
    public int? LinkSpeedMbps { get; init; }
    /// <summary>The offload features the kernel reports (rx, tx, sg, tso, ...).</summary>
    public string[] Features { get; init; } = Array.Empty<string>();
    public override string ToString() => Interface ?? "";
}

/// <summary>A SCSI host (capability scsi_host): host number, and for a Fibre Channel HBA its names and vport capacity.</summary>
public sealed class NodeDeviceScsiHostDetails
{
    public int? Host { get; init; }
    public int? UniqueId { get; init; }
    /// <summary>The host is a Fibre Channel HBA (nested fc_host capability).</summary>
    public bool IsFibreChannel { get; init; }
    /// <summary>World wide node name (fc_host), or null.</summary>
    public string? Wwnn { get; init; }
    /// <summary>World wide port name (fc_host), or null.</summary>
    public string? Wwpn { get; init; }
    public string? FabricWwn { get; init; }
    /// <summary>The HBA can create NPIV virtual ports (vHBAs) (nested vports capability).</summary>
    public bool CanCreateVports { get; init; }
    public int? MaxVports { get; init; }
    public int? Vports { get; init; }
    public override string ToString() => Host is int h ? "host" + h : "";
}

/// <summary>A block device (capability storage): its node, size, model.</summary>
public sealed class NodeDeviceStorageDetails
{
    /// <summary>The block device node (/dev/sda), or null.</summary>
    public string? Block { get; init; }
    public string? Bus { get; init; }
    public string? DriveType { get; init; }
    public string? Model { get; init; }
    public string? Vendor { get; init; }
    public string? Serial { get; init; }
    /// <summary>The size in bytes (of the medium, for removable devices), or null.</summary>
    public ulong? SizeBytes { get; init; }
    public ulong? LogicalBlockSize { get; init; }
    public bool Removable { get; init; }
    public override string ToString() => Block ?? "";
}

/// <summary>A mediated device (capability mdev): its type, UUID and IOMMU group; its parent is the NodeDevice's Parent.</summary>
public sealed class NodeDeviceMdevDetails
{
    public string? Type { get; init; }
    public Guid? Uuid { get; init; }
    public int? IommuGroup { get; init; }
    public override string ToString() => Type ?? "";
}
