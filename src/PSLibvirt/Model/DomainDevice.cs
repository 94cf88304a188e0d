namespace PSLibvirt;

/// <summary>
/// One device of a domain as its XML described it when it was read (an element under &lt;devices&gt;): the live
/// definition of a running domain, or the inactive one (-Inactive). Not a live handle: the change cmdlets find the
/// domain again by <see cref="DomainUuid"/> on <see cref="Hypervisor"/> and the device by <see cref="Xml"/> (libvirt
/// matches a disk by its target, an interface by its MAC address, other devices by their XML or alias).
/// </summary>
public class DomainDevice
{
    /// <summary>The name of the domain the device belongs to.</summary>
    public string Domain { get; init; } = "";
    public Guid DomainUuid { get; init; }
    /// <summary>The device's element: disk, interface, controller, graphics, serial, console, channel, input, hostdev, video, ...</summary>
    public string Type { get; init; } = "";
    /// <summary>The device's alias (&lt;alias name=...&gt;): libvirt gives every device of a running domain one; user aliases start with ua-.</summary>
    public string? Alias { get; init; }
    /// <summary>The device's address in the guest, as text: "pci 0000:00:03.0", "drive 0:0:0:0" (controller:bus:target:unit), "usb 0:1".</summary>
    public string? Address { get; init; }
    /// <summary>The device element's attributes as text ("type=usb index=0 model=qemu-xhci"), for a glance in a table.</summary>
    public string Summary { get; init; } = "";
    /// <summary>The device's XML element, as libvirt wrote it.</summary>
    public string Xml { get; init; } = "";
    /// <summary>True when read from the inactive (persistent) definition, false when from the live one.</summary>
    public bool Inactive { get; init; }
    /// <summary>The connection the domain came from.</summary>
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Alias ?? Type;
}

/// <summary>A disk, CD-ROM, floppy or LUN of a domain (a &lt;disk&gt; element), with its size and error when the domain runs.</summary>
public sealed class DomainDisk : DomainDevice
{
    /// <summary>The device name in the guest's bus (vda, sdb, hdc): what identifies the disk.</summary>
    public string Target { get; init; } = "";
    /// <summary>disk, cdrom, floppy or lun.</summary>
    public string Device { get; init; } = "disk";
    /// <summary>Where the data comes from (the disk's type attribute): file, block, volume, network, dir, nvme, vhostuser.</summary>
    public string SourceType { get; init; } = "file";
    /// <summary>The file or block device path, "pool/volume" for a volume, the protocol's name (with host:port) for a network disk; null for an empty CD-ROM.</summary>
    public string? Source { get; init; }
    /// <summary>The storage pool of a volume disk.</summary>
    public string? StoragePool { get; init; }
    /// <summary>The volume of a volume disk.</summary>
    public string? StorageVolume { get; init; }
    /// <summary>virtio, sata, scsi, ide, usb, fdc, xen, ...</summary>
    public string? Bus { get; init; }
    /// <summary>The image format (driver type: raw, qcow2, ...).</summary>
    public string? Format { get; init; }
    /// <summary>The host cache mode (driver cache: none, writeback, writethrough, directsync, unsafe, default).</summary>
    public string? Cache { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>The disk's own boot order (&lt;boot order=N&gt;), or null.</summary>
    public int? BootOrder { get; init; }
    /// <summary>Logical size the guest sees, in bytes (virDomainGetBlockInfo: running domains with a medium only).</summary>
    public ulong? Capacity { get; init; }
    /// <summary>Host storage the image occupies, in bytes (virDomainGetBlockInfo).</summary>
    public ulong? Allocation { get; init; }
    /// <summary>Host physical size of the image's container, in bytes (virDomainGetBlockInfo).</summary>
    public ulong? Physical { get; init; }
    /// <summary>The I/O error the hypervisor reports for the disk (virDomainGetDiskErrors, virsh domblkerror): Unspecified or NoSpace; null when none.</summary>
    public string? Error { get; init; }

    public override string ToString() => Target;
}

/// <summary>A network adapter of a domain (an &lt;interface&gt; element), with its link state and bandwidth limits.</summary>
public sealed class DomainNetworkAdapter : DomainDevice
{
    /// <summary>The MAC address: what identifies the adapter.</summary>
    public string MacAddress { get; init; } = "";
    /// <summary>The emulated model: virtio, e1000, rtl8139, ...</summary>
    public string? Model { get; init; }
    /// <summary>How the adapter is connected (the interface's type attribute): network, bridge, direct, user, ethernet, hostdev, vhostuser, ...</summary>
    public string InterfaceType { get; init; } = "";
    /// <summary>What it is connected to: the network, the bridge, the host device (direct), ...</summary>
    public string? Source { get; init; }
    /// <summary>The host-side device (tap, macvtap) of a running domain.</summary>
    public string? TargetDevice { get; init; }
    /// <summary>up or down (an adapter with no &lt;link&gt; element is up).</summary>
    public string LinkState { get; init; } = "up";
    /// <summary>The network filter applied (&lt;filterref filter=...&gt;).</summary>
    public string? Filter { get; init; }
    /// <summary>Inbound (host to guest) average rate, KiB/s (&lt;bandwidth&gt;, virsh domiftune); null when not limited.</summary>
    public ulong? InboundAverage { get; init; }
    /// <summary>Inbound peak rate, KiB/s.</summary>
    public ulong? InboundPeak { get; init; }
    /// <summary>Inbound burst, KiB.</summary>
    public ulong? InboundBurst { get; init; }
    /// <summary>Inbound guaranteed floor, KiB/s (networks with QoS only).</summary>
    public ulong? InboundFloor { get; init; }
    /// <summary>Outbound (guest to host) average rate, KiB/s.</summary>
    public ulong? OutboundAverage { get; init; }
    /// <summary>Outbound peak rate, KiB/s.</summary>
    public ulong? OutboundPeak { get; init; }
    /// <summary>Outbound burst, KiB.</summary>
    public ulong? OutboundBurst { get; init; }

    public override string ToString() => MacAddress;
}
