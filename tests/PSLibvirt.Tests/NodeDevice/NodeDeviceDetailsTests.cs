using System;
using System.Linq;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.NodeDevice;

/// <summary>NodeDeviceXml.ParseDetails through NodeDeviceApi.Parse: the typed facts of each capability type, as libvirt 9 writes them.</summary>
public class NodeDeviceDetailsTests
{
    [Fact]
    public void ReadsAnSriovPhysicalFunctionWithNumaNodeAndMdevTypes()
    {
        var d = NodeDeviceApi.Parse("""
            <device>
              <name>pci_0000_03_00_0</name>
              <parent>pci_0000_00_03_0</parent>
              <driver><name>ixgbe</name></driver>
              <capability type='pci'>
                <class>0x020000</class>
                <domain>0</domain><bus>3</bus><slot>0</slot><function>0</function>
                <product id='0x10fb'/>
                <vendor id='0x8086'>Intel Corporation</vendor>
                <capability type='virt_functions' maxCount='63'>
                  <address domain='0x0000' bus='0x03' slot='0x10' function='0x0'/>
                  <address domain='0x0000' bus='0x03' slot='0x10' function='0x2'/>
                </capability>
                <capability type='mdev_types'>
                  <type id='nvidia-11'><name>GRID M60-0B</name><deviceAPI>vfio-pci</deviceAPI><availableInstances>16</availableInstances></type>
                </capability>
                <iommuGroup number='21'><address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></iommuGroup>
                <numa node='1'/>
              </capability>
            </device>
            """, null);
        var p = Assert.IsType<PSLibvirt.NodeDevicePciDetails>(d.Details);
        Assert.Equal("0000:03:00.0", p.Address);
        Assert.Equal("0x020000", p.Class);
        Assert.Equal("0x8086", p.VendorId);
        Assert.Equal("Intel Corporation", p.Vendor);
        Assert.Equal("0x10fb", p.ProductId);
        Assert.Null(p.Product);
        Assert.Equal("0x10fb", d.Product); // the flat property falls back to the id when the name is unknown
        Assert.Equal(21, p.IommuGroup);
        Assert.Equal(1, p.NumaNode);
        Assert.Equal(63, p.MaxVirtualFunctions);
        Assert.Equal(new[] { "0000:03:10.0", "0000:03:10.2" }, p.VirtualFunctions);
        Assert.Null(p.PhysicalFunction);
        Assert.Equal(new[] { "nvidia-11" }, p.MdevTypes);
    }

    [Fact]
    public void ReadsAVirtualFunctionsPhysicalFunctionAndNoNumaNodeForMinusOne()
    {
        var p = Assert.IsType<PSLibvirt.NodeDevicePciDetails>(NodeDeviceApi.Parse("""
            <device><name>pci_0000_03_10_0</name><parent>computer</parent>
              <capability type='pci'><domain>0</domain><bus>3</bus><slot>16</slot><function>0</function>
                <capability type='phys_function'><address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></capability>
                <numa node='-1'/>
              </capability></device>
            """, null).Details);
        Assert.Equal("0000:03:10.0", p.Address);
        Assert.Equal("0000:03:00.0", p.PhysicalFunction);
        Assert.Null(p.NumaNode);
        Assert.Empty(p.VirtualFunctions);
    }

    [Fact]
    public void ReadsAUsbDevice()
    {
        var d = NodeDeviceApi.Parse("""
            <device><name>usb_1_2</name><parent>usb_usb1</parent><driver><name>usb</name></driver>
              <capability type='usb_device'><bus>1</bus><device>2</device>
                <product id='0x0001'>QEMU USB Tablet</product><vendor id='0x0627'>Adomax Technology Co., Ltd</vendor>
              </capability></device>
            """, null);
        var u = Assert.IsType<PSLibvirt.NodeDeviceUsbDetails>(d.Details);
        Assert.Equal((1, 2), (u.Bus, u.Device));
        Assert.Equal("001:002", u.ToString());
        Assert.Equal("0x0627", u.VendorId);
        Assert.Equal("QEMU USB Tablet", d.Product);
    }

    [Fact]
    public void ReadsANetInterfaceLinkAndTreatsTheUnknownSpeedAsNone()
    {
        var n = Assert.IsType<PSLibvirt.NodeDeviceNetDetails>(NodeDeviceApi.Parse("""
            <device><name>net_eth0_02_fc_00_00_00_01</name><parent>pci_0000_00_03_0</parent>
              <capability type='net'><interface>eth0</interface><address>02:fc:00:00:00:01</address>
                <link speed='4294967295' state='up'/><feature name='rx'/><feature name='tx'/><capability type='80203'/>
              </capability></device>
            """, null).Details);
        Assert.Equal("eth0", n.Interface);
        Assert.Equal("up", n.LinkState);
        Assert.Null(n.LinkSpeedMbps);
        Assert.Equal(new[] { "rx", "tx" }, n.Features);
        var fast = Assert.IsType<PSLibvirt.NodeDeviceNetDetails>(NodeDeviceApi.Parse(
            "<device><name>n</name><capability type='net'><interface>eth1</interface><link speed='10000' state='up'/></capability></device>", null).Details);
        Assert.Equal(10000, fast.LinkSpeedMbps);
    }

    [Fact]
    public void ReadsAFibreChannelScsiHostWithVports()
    {
        var s = Assert.IsType<PSLibvirt.NodeDeviceScsiHostDetails>(NodeDeviceApi.Parse("""
            <device><name>scsi_host5</name><parent>pci_0000_04_00_0</parent>
              <capability type='scsi_host'><host>5</host><unique_id>2</unique_id>
                <capability type='fc_host'><wwnn>20000000c9848140</wwnn><wwpn>10000000c9848140</wwpn><fabric_wwn>2002000573de9a81</fabric_wwn></capability>
                <capability type='vport_ops'><max_vports>127</max_vports><vports>1</vports></capability>
              </capability></device>
            """, null).Details);
        Assert.Equal(5, s.Host);
        Assert.Equal(2, s.UniqueId);
        Assert.True(s.IsFibreChannel);
        Assert.Equal("20000000c9848140", s.Wwnn);
        Assert.Equal("10000000c9848140", s.Wwpn);
        Assert.Equal("2002000573de9a81", s.FabricWwn);
        Assert.True(s.CanCreateVports);
        Assert.Equal((127, 1), (s.MaxVports, s.Vports));
    }

    [Fact]
    public void ReadsStorageAndRemovableMediaSizes()
    {
        var disk = Assert.IsType<PSLibvirt.NodeDeviceStorageDetails>(NodeDeviceApi.Parse("""
            <device><name>block_vda</name><parent>pci_0000_00_02_0</parent>
              <capability type='storage'><block>/dev/vda</block><drive_type>disk</drive_type><model>QEMU HARDDISK</model>
                <vendor>0x1af4</vendor><size>274877906944</size><logical_block_size>512</logical_block_size><num_blocks>536870912</num_blocks>
              </capability></device>
            """, null).Details);
        Assert.Equal("/dev/vda", disk.Block);
        Assert.Equal(274877906944UL, disk.SizeBytes);
        Assert.Equal(512UL, disk.LogicalBlockSize);
        Assert.Equal("QEMU HARDDISK", disk.Model);
        Assert.False(disk.Removable);
        var cd = Assert.IsType<PSLibvirt.NodeDeviceStorageDetails>(NodeDeviceApi.Parse("""
            <device><name>block_sr0</name><capability type='storage'><block>/dev/sr0</block><drive_type>cdrom</drive_type>
              <capability type='removable'><media_available>1</media_available><media_size>4700000000</media_size></capability>
            </capability></device>
            """, null).Details);
        Assert.True(cd.Removable);
        Assert.Equal(4700000000UL, cd.SizeBytes);
    }

    [Fact]
    public void ReadsAMediatedDevice()
    {
        var d = NodeDeviceApi.Parse("""
            <device><name>mdev_b1ae8bf6_38b0_4c81_9d44_78ce3f520496_0000_01_00_0</name><parent>pci_0000_01_00_0</parent>
              <driver><name>nvidia-vgpu-vfio</name></driver>
              <capability type='mdev'><type id='nvidia-11'/><uuid>b1ae8bf6-38b0-4c81-9d44-78ce3f520496</uuid><iommuGroup number='24'/></capability>
            </device>
            """, null, new NodeDeviceState(false, true, true));
        var m = Assert.IsType<PSLibvirt.NodeDeviceMdevDetails>(d.Details);
        Assert.Equal("nvidia-11", m.Type);
        Assert.Equal(Guid.Parse("b1ae8bf6-38b0-4c81-9d44-78ce3f520496"), m.Uuid);
        Assert.Equal(24, m.IommuGroup);
        Assert.Equal(24, d.IommuGroup);
        Assert.False(d.Active);
        Assert.True(d.Persistent);
        Assert.True(d.Autostart);
    }

    [Fact]
    public void WithoutStateADeviceIsActiveAndPersistenceUnknown()
    {
        var d = NodeDeviceApi.Parse("<device><name>computer</name><capability type='system'/></device>", null);
        Assert.True(d.Active);
        Assert.Null(d.Persistent);
        Assert.Null(d.Autostart);
        Assert.Null(d.Details);
    }

    [Fact]
    public void RefusesXmlThatIsNoDevice() =>
        Assert.Throws<FormatException>(() => NodeDeviceApi.Parse("<network><name>x</name></network>", null));
}
