using System.Xml;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>DomainXmlBuilder: guest choice from capabilities and the XML it writes, checked by XPath; the test driver defines it.</summary>
public sealed class DomainXmlBuilderTests
{
    // A QEMU host as on this machine (x86_64, TCG only) plus kvm offered, and an aarch64 emulator.
    private const string QemuCaps = """
        <capabilities>
          <host><cpu><arch>x86_64</arch></cpu></host>
          <guest><os_type>hvm</os_type>
            <arch name='i686'><wordsize>32</wordsize><emulator>/usr/bin/qemu-system-i386</emulator>
              <machine>pc-i440fx-7.2</machine><machine canonical='pc-i440fx-7.2'>pc</machine><machine>q35</machine>
              <domain type='qemu'/></arch></guest>
          <guest><os_type>hvm</os_type>
            <arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/bin/qemu-system-x86_64</emulator>
              <machine>pc-i440fx-7.2</machine><machine canonical='pc-i440fx-7.2'>pc</machine><machine>pc-q35-7.2</machine><machine canonical='pc-q35-7.2'>q35</machine>
              <domain type='qemu'/><domain type='kvm'/></arch></guest>
          <guest><os_type>hvm</os_type>
            <arch name='aarch64'><wordsize>64</wordsize><machine>virt</machine><domain type='qemu'/></arch></guest>
        </capabilities>
        """;

    private const string TcgOnlyCaps = """
        <capabilities>
          <host><cpu><arch>x86_64</arch></cpu></host>
          <guest><os_type>hvm</os_type>
            <arch name='x86_64'><machine>pc</machine><domain type='qemu'/></arch></guest>
        </capabilities>
        """;

    private static HypervisorCapability Caps(string xml) => HostApi.ParseCapabilities(xml);

    private static XmlDocument Doc(string xml)
    {
        var d = new XmlDocument();
        d.LoadXml(xml);
        return d;
    }

    private static string? X(XmlDocument d, string xpath) => d.SelectSingleNode(xpath)?.Value ?? d.SelectSingleNode(xpath)?.InnerText;

    [Fact]
    public void Prefers_kvm_over_qemu_and_the_host_architecture()
    {
        var c = DomainXmlBuilder.Choose(new DomainSpec { Name = "a" }, Caps(QemuCaps));
        Assert.Equal(new DomainGuestChoice("kvm", "hvm", "x86_64", null), c);
    }

    [Fact]
    public void Falls_back_to_qemu_without_kvm()
    {
        var d = Doc(DomainXmlBuilder.Build(new DomainSpec { Name = "a" }, Caps(TcgOnlyCaps)));
        Assert.Equal("qemu", X(d, "/domain/@type"));
    }

    [Fact]
    public void Architecture_without_kvm_gets_qemu()
    {
        var c = DomainXmlBuilder.Choose(new DomainSpec { Name = "a", Arch = "i686" }, Caps(QemuCaps));
        Assert.Equal("qemu", c.DomainType);
        Assert.Equal("i686", c.Arch);
    }

    [Fact]
    public void Writes_memory_vcpus_os_and_features()
    {
        var d = Doc(DomainXmlBuilder.Build(new DomainSpec { Name = "vm<&>1", MemoryMiB = 2048, VCpus = 3, Machine = "q35" }, Caps(QemuCaps)));
        Assert.Equal("vm<&>1", X(d, "/domain/name"));
        Assert.Equal("2048", X(d, "/domain/memory[@unit='MiB']"));
        Assert.Equal("2048", X(d, "/domain/currentMemory[@unit='MiB']"));
        Assert.Equal("3", X(d, "/domain/vcpu"));
        Assert.Equal("hvm", X(d, "/domain/os/type"));
        Assert.Equal("x86_64", X(d, "/domain/os/type/@arch"));
        Assert.Equal("q35", X(d, "/domain/os/type/@machine"));
        Assert.NotNull(d.SelectSingleNode("/domain/features/acpi"));
        Assert.Equal("hd", X(d, "/domain/os/boot/@dev"));
    }

    [Fact]
    public void Writes_disks_cdrom_networks_bridges_graphics_and_boot_order()
    {
        var spec = new DomainSpec
        {
            Name = "a",
            DiskPaths = { "/var/lib/libvirt/images/a.qcow2", "/dev/vg0/data", "/srv/b.img" },
            CdromPath = "/iso/debian.iso",
            Networks = { "default" },
            Bridges = { "br0" },
            Graphics = DomainGraphics.Spice,
        };
        var d = Doc(DomainXmlBuilder.Build(spec, Caps(QemuCaps)));
        Assert.Equal("qcow2", X(d, "//disk[source/@file='/var/lib/libvirt/images/a.qcow2']/driver/@type"));
        Assert.Equal("vda", X(d, "//disk[source/@file='/var/lib/libvirt/images/a.qcow2']/target/@dev"));
        Assert.Equal("block", X(d, "//disk[source/@dev='/dev/vg0/data']/@type"));
        Assert.Equal("vdb", X(d, "//disk[source/@dev='/dev/vg0/data']/target/@dev"));
        Assert.Equal("raw", X(d, "//disk[source/@file='/srv/b.img']/driver/@type"));
        Assert.Equal("vdc", X(d, "//disk[source/@file='/srv/b.img']/target/@dev"));
        Assert.Equal("ide", X(d, "//disk[@device='cdrom']/target/@bus"));
        Assert.NotNull(d.SelectSingleNode("//disk[@device='cdrom']/readonly"));
        Assert.Equal("default", X(d, "//interface[@type='network']/source/@network"));
        Assert.Equal("br0", X(d, "//interface[@type='bridge']/source/@bridge"));
        Assert.Equal("virtio", X(d, "//interface[@type='bridge']/model/@type"));
        Assert.Equal("spice", X(d, "//graphics/@type"));
        var boots = d.SelectNodes("/domain/os/boot/@dev")!;
        Assert.Equal(new[] { "cdrom", "hd" }, boots.Cast<XmlNode>().Select(n => n.Value).ToArray());
    }

    [Fact]
    public void Cdrom_is_sata_on_q35_and_scsi_off_x86()
    {
        var q35 = Doc(DomainXmlBuilder.Build(new DomainSpec { Name = "a", Machine = "q35", CdromPath = "/i.iso" }, Caps(QemuCaps)));
        Assert.Equal("sata", X(q35, "//disk[@device='cdrom']/target/@bus"));
        var arm = Doc(DomainXmlBuilder.Build(new DomainSpec { Name = "a", Arch = "aarch64", CdromPath = "/i.iso" }, Caps(QemuCaps)));
        Assert.Equal("scsi", X(arm, "//disk[@device='cdrom']/target/@bus"));
        Assert.Null(arm.SelectSingleNode("/domain/features"));
    }

    [Fact]
    public void Explicit_boot_order_accepts_aliases_and_rejects_unknown_devices()
    {
        var d = Doc(DomainXmlBuilder.Build(new DomainSpec { Name = "a", BootOrder = { "pxe", "disk", "network" } }, Caps(QemuCaps)));
        Assert.Equal(new[] { "network", "hd" }, d.SelectNodes("/domain/os/boot/@dev")!.Cast<XmlNode>().Select(n => n.Value).ToArray());
        var ex = Assert.Throws<ArgumentException>(() => DomainXmlBuilder.Build(new DomainSpec { Name = "a", BootOrder = { "usbstick" } }, Caps(QemuCaps)));
        Assert.Contains("usbstick", ex.Message);
    }

    [Theory]
    [InlineData("ppc64", null, null, "ppc64")]
    [InlineData(null, "xen", null, "xen")]
    [InlineData(null, null, "virt", "virt")]
    public void Rejects_what_the_hypervisor_does_not_offer_and_lists_what_it_does(string? arch, string? os, string? machine, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() => DomainXmlBuilder.Build(new DomainSpec { Name = "a", Arch = arch, OSType = os, Machine = machine }, Caps(QemuCaps)));
        Assert.Contains(named, ex.Message);
        Assert.Contains("offered", ex.Message);
    }

    [Theory]
    [InlineData("", 64, 1, "/a")]
    [InlineData("a/b", 64, 1, "/a")]
    [InlineData("a", 0, 1, "/a")]
    [InlineData("a", 64, 0, "/a")]
    [InlineData("a", 64, 1, "relative.qcow2")]
    public void Rejects_invalid_specs(string name, long mem, int cpus, string disk)
    {
        Assert.Throws<ArgumentException>(() => DomainXmlBuilder.Build(new DomainSpec { Name = name, MemoryMiB = mem, VCpus = cpus, DiskPaths = { disk } }, Caps(QemuCaps)));
    }

    [Fact]
    public void Test_driver_gets_a_test_domain_without_qemu_specifics()
    {
        var caps = Caps(TestDriverCaps);
        var d = Doc(DomainXmlBuilder.Build(new DomainSpec { Name = "a", DiskPaths = { "/x.qcow2" }, Networks = { "default" } }, caps));
        Assert.Equal("test", X(d, "/domain/@type"));
        Assert.Equal("i686", X(d, "/domain/os/type/@arch"));
        Assert.Null(d.SelectSingleNode("//driver"));
        Assert.Null(d.SelectSingleNode("//interface/model"));
    }

    [Fact]
    public void Identity_uuid_insertion_and_disk_paths()
    {
        const string xml = """
            <domain type='kvm'><name>a</name><devices>
              <disk type='file' device='disk'><source file='/img/a.qcow2'/></disk>
              <disk type='block' device='disk'><source dev='/dev/sdb'/></disk>
              <disk type='file' device='cdrom'><source file='/iso/x.iso'/><readonly/></disk>
              <disk type='file' device='disk'><source file='/img/shared.raw'/><shareable/></disk>
              <disk type='network' device='disk'><source protocol='nbd' name='x'/></disk>
            </devices></domain>
            """;
        Assert.Equal(("a", (Guid?)null), DomainXmlBuilder.ReadIdentity(xml));
        var id = Guid.NewGuid();
        var withUuid = DomainXmlBuilder.WithUuid(xml, id);
        Assert.Equal(("a", (Guid?)id), DomainXmlBuilder.ReadIdentity(withUuid));
        Assert.Equal(withUuid, DomainXmlBuilder.WithUuid(withUuid, Guid.NewGuid()));
        Assert.Equal(new[] { "/img/a.qcow2", "/dev/sdb" }, DomainXmlBuilder.DiskSourcePaths(xml));
    }

    [Theory]
    [InlineData(0, "a")]
    [InlineData(25, "z")]
    [InlineData(26, "aa")]
    [InlineData(27, "ab")]
    [InlineData(701, "zz")]
    [InlineData(702, "aaa")]
    public void Drive_letters(int index, string letters) => Assert.Equal(letters, DomainXmlBuilder.DriveLetters(index));

    [Fact]
    public void Parse_refuses_a_DTD()
    {
        Assert.ThrowsAny<XmlException>(() => LibvirtXml.Load("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"));
    }

    internal const string TestDriverCaps = """
        <capabilities>
          <host><cpu><arch>i686</arch></cpu></host>
          <guest><os_type>hvm</os_type><arch name='i686'><wordsize>32</wordsize><emulator>/usr/bin/test-hv</emulator><domain type='test'/></arch></guest>
          <guest><os_type>xen</os_type><arch name='i686'><wordsize>32</wordsize><emulator>/usr/bin/test-hv</emulator><domain type='test'/></arch></guest>
        </capabilities>
        """;
}
