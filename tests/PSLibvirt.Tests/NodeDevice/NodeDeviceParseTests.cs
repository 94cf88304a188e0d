using System;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.NodeDevice;

/// <summary>NodeDeviceApi.Parse: libvirt's &lt;device&gt; XML (as nodedev-dumpxml writes it on Debian 12) into the model.</summary>
public class NodeDeviceParseTests
{
    private const string Pci = """
        <device>
          <name>pci_0000_01_00_0</name>
          <path>/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0</path>
          <parent>pci_0000_00_01_0</parent>
          <driver><name>vfio-pci</name></driver>
          <capability type='pci'>
            <class>0x030000</class>
            <domain>0</domain>
            <bus>1</bus>
            <slot>0</slot>
            <function>0</function>
            <product id='0x1e84'>TU104 [GeForce RTX 2070 SUPER]</product>
            <vendor id='0x10de'>NVIDIA Corporation</vendor>
            <capability type='mdev_types'/>
            <capability type='virt_functions' maxCount='7'/>
            <iommuGroup number='12'>
              <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
            </iommuGroup>
          </capability>
        </device>
        """;

    [Fact]
    public void ReadsAPciDevice()
    {
        var d = NodeDeviceApi.Parse(Pci, null);
        Assert.Equal("pci_0000_01_00_0", d.Name);
        Assert.Equal("pci_0000_00_01_0", d.Parent);
        Assert.Equal("pci", d.Type);
        Assert.Equal("vfio-pci", d.Driver);
        Assert.Equal("0000:01:00.0", d.PciAddress);
        Assert.Equal("NVIDIA Corporation", d.Vendor);
        Assert.Equal("TU104 [GeForce RTX 2070 SUPER]", d.Product);
        Assert.Equal(12, d.IommuGroup);
        Assert.Equal("/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0", d.Path);
        Assert.Null(d.Interface);
    }

    [Fact]
    public void ListsNestedDeviceCapabilitiesButNotSubCapabilities() =>
        // mdev_types is a type virsh nodedev-list --cap filters on; virt_functions is not.
        Assert.Equal(new[] { "pci", "mdev_types" }, NodeDeviceApi.Parse(Pci, null).Capabilities);

    [Fact]
    public void ReadsANetworkInterface()
    {
        var d = NodeDeviceApi.Parse("""
            <device>
              <name>net_eth0_52_54_00_12_34_56</name>
              <parent>pci_0000_00_03_0</parent>
              <capability type='net'>
                <interface>eth0</interface>
                <address>52:54:00:12:34:56</address>
                <link state='up'/>
                <capability type='80203'/>
              </capability>
            </device>
            """, null);
        Assert.Equal("net", d.Type);
        Assert.Equal(new[] { "net" }, d.Capabilities);
        Assert.Equal("eth0", d.Interface);
        Assert.Equal("52:54:00:12:34:56", d.MacAddress);
        Assert.Null(d.PciAddress);
        Assert.Null(d.IommuGroup);
    }

    [Fact]
    public void UsesTheIdWhenAVendorOrProductHasNoName()
    {
        var d = NodeDeviceApi.Parse("""
            <device><name>usb_1_1</name><parent>usb_usb1</parent>
              <capability type='usb_device'><bus>1</bus><device>2</device><product id='0x0001'/><vendor id='0x0627'>Adomax Technology Co., Ltd</vendor></capability>
            </device>
            """, null);
        Assert.Equal("usb_device", d.Type);
        Assert.Equal("0x0001", d.Product);
        Assert.Equal("Adomax Technology Co., Ltd", d.Vendor);
    }

    [Fact]
    public void TheRootHasNoParentAndNoDriver()
    {
        var d = NodeDeviceApi.Parse("<device><name>computer</name><capability type='system'><hardware><vendor>QEMU</vendor></hardware></capability></device>", null);
        Assert.Equal("computer", d.Name);
        Assert.Null(d.Parent);
        Assert.Null(d.Driver);
        Assert.Equal("system", d.Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<device>")]
    public void RejectsXmlThatIsNotADevice(string xml) =>
        Assert.ThrowsAny<Exception>(() => NodeDeviceApi.Parse(xml, null));
}
