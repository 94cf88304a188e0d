using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.DomainDevice;

/// <summary>
/// DomainDeviceXml: devices read from domain XML into models (disks of every source type, interfaces with link state
/// and bandwidth, the rest), the device XML the friendly cmdlets write (checked against libvirt's domain schema with
/// virt-xml-validate inside a minimal domain), target picking, MAC addresses, change-media and the rewrites for a change
/// that affects the persistent definition.
/// </summary>
public class DomainDeviceXmlTests
{
    private static readonly DeviceOwner Owner = new("web", Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f"), null, false);

    private const string Domain = """
        <domain type='qemu' id='3'>
          <name>web</name>
          <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2' cache='none'/>
              <source file='/var/lib/libvirt/images/web.qcow2' index='1'/>
              <target dev='vda' bus='virtio'/>
              <boot order='1'/>
              <alias name='virtio-disk0'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
            </disk>
            <disk type='volume' device='disk'>
              <driver name='qemu' type='raw'/>
              <source pool='default' volume='data.img'/>
              <target dev='sdb' bus='scsi'/>
              <alias name='ua-data'/>
              <address type='drive' controller='0' bus='0' target='0' unit='1'/>
            </disk>
            <disk type='network' device='disk'>
              <source protocol='rbd' name='pool/image'><host name='ceph1' port='6789'/></source>
              <target dev='vdc' bus='virtio'/>
            </disk>
            <disk type='block' device='lun'>
              <source dev='/dev/sdz'/>
              <target dev='sdc' bus='scsi'/>
            </disk>
            <disk type='file' device='cdrom'>
              <target dev='hdc' bus='ide'/>
              <readonly/>
            </disk>
            <interface type='network'>
              <mac address='52:54:00:AA:BB:CC'/>
              <source network='default' portgroup='web'/>
              <target dev='vnet3'/>
              <model type='virtio'/>
              <filterref filter='clean-traffic'/>
              <link state='down'/>
              <bandwidth><inbound average='100' peak='200' burst='300'/><outbound average='50'/></bandwidth>
              <alias name='net0'/>
            </interface>
            <interface type='bridge'>
              <mac address='52:54:00:00:00:02'/>
              <source bridge='br0'/>
            </interface>
            <controller type='usb' index='0' model='qemu-xhci'>
              <alias name='usb'/>
              <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
            </controller>
            <serial type='pty'><target port='0'/><alias name='serial0'/></serial>
          </devices>
        </domain>
        """;

    [Fact]
    public void ReadsEveryKindOfDiskSource()
    {
        var disks = DomainDeviceXml.ParseDisks(Domain, Owner);
        Assert.Equal(new[] { "vda", "sdb", "vdc", "sdc", "hdc" }, disks.Select(d => d.Target));

        var vda = disks[0];
        Assert.Equal(("file", "/var/lib/libvirt/images/web.qcow2", "virtio", "qcow2", "none"), (vda.SourceType, vda.Source, vda.Bus, vda.Format, vda.Cache));
        Assert.Equal(1, vda.BootOrder);
        Assert.Equal("virtio-disk0", vda.Alias);
        Assert.Equal("pci 0000:00:04.0", vda.Address);
        Assert.Equal(("web", Owner.DomainUuid, "disk"), (vda.Domain, vda.DomainUuid, vda.Type));
        Assert.False(vda.ReadOnly);
        Assert.Null(vda.Capacity);

        Assert.Equal(("volume", "default/data.img", "default", "data.img"), (disks[1].SourceType, disks[1].Source, disks[1].StoragePool, disks[1].StorageVolume));
        Assert.Equal("drive 0:0:0:1", disks[1].Address);
        Assert.Equal("rbd://ceph1:6789/pool/image", disks[2].Source);
        Assert.Equal(("block", "lun", "/dev/sdz"), (disks[3].SourceType, disks[3].Device, disks[3].Source));
        Assert.Equal(("cdrom", (string?)null, true), (disks[4].Device, disks[4].Source, disks[4].ReadOnly));
        Assert.Equal("vda", vda.ToString());
    }

    [Fact]
    public void CarriesWhatARunningDomainReportsOfADisk()
    {
        var e = DomainDeviceXml.Devices(Domain).First();
        var d = DomainDeviceXml.ParseDisk(e, Owner, new BlockFacts(10, 5, 6, "NoSpace"));
        Assert.Equal((10UL, 5UL, 6UL, "NoSpace"), (d.Capacity!.Value, d.Allocation!.Value, d.Physical!.Value, d.Error));
    }

    [Fact]
    public void ReadsInterfacesWithLinkStateFilterAndBandwidth()
    {
        var nics = DomainDeviceXml.ParseInterfaces(Domain, Owner);
        Assert.Equal(2, nics.Count);
        var n = nics[0];
        Assert.Equal(("52:54:00:AA:BB:CC", "network", "default/web", "vnet3", "virtio", "down", "clean-traffic", "net0"),
            (n.MacAddress, n.InterfaceType, n.Source, n.TargetDevice, n.Model, n.LinkState, n.Filter, n.Alias));
        Assert.Equal((100UL, 200UL, 300UL, (ulong?)null, 50UL, (ulong?)null), (n.InboundAverage!.Value, n.InboundPeak!.Value, n.InboundBurst!.Value, n.InboundFloor, n.OutboundAverage!.Value, n.OutboundPeak));
        Assert.Equal(("bridge", "br0", "up"), (nics[1].InterfaceType, nics[1].Source, nics[1].LinkState));
        Assert.Null(nics[1].InboundAverage);
    }

    [Fact]
    public void ReadsEveryDeviceTypedOrPlain()
    {
        var typed = DomainDeviceXml.ParseDevices(Domain, Owner);
        Assert.Equal(new[] { "emulator", "disk", "disk", "disk", "disk", "disk", "interface", "interface", "controller", "serial" }, typed.Select(d => d.Type));
        Assert.IsType<DomainDisk>(typed[1]);
        Assert.IsType<DomainNetworkAdapter>(typed[6]);
        var plain = DomainDeviceXml.ParseDevices(Domain, Owner, typed: false);
        Assert.All(plain, d => Assert.Equal(typeof(PSLibvirt.DomainDevice), d.GetType()));
        var usb = plain.Single(d => d.Type == "controller");
        Assert.Equal(("usb", "pci 0000:02:00.0", "type=usb index=0 model=qemu-xhci"), (usb.Alias, usb.Address, usb.Summary));
        Assert.Equal("/usr/bin/qemu-system-x86_64", plain[0].Summary);
        Assert.Contains("<controller", usb.Xml);
    }

    [Fact]
    public void ADomainWithoutDevicesHasNone() =>
        Assert.Empty(DomainDeviceXml.ParseDevices("<domain type='test'><name>x</name></domain>", Owner));

    [Theory]
    [InlineData("virtio", new string[] { }, "vda")]
    [InlineData("virtio", new[] { "vda", "vdb", "sda" }, "vdc")]
    [InlineData("sata", new[] { "vda", "sda" }, "sdb")]
    [InlineData("scsi", new[] { "sdb" }, "sda")]
    [InlineData("usb", new[] { "sda" }, "sdb")]
    [InlineData("ide", new[] { "hda", "hdc" }, "hdb")]
    public void PicksTheFirstFreeTargetOfTheBus(string bus, string[] used, string expected) =>
        Assert.Equal(expected, DomainDeviceXml.NextTarget(bus, used));

    [Fact]
    public void TargetsGoOnPastZ()
    {
        var used = Enumerable.Range(0, 26).Select(i => "vd" + DomainDeviceXml.Letters(i)).ToList();
        Assert.Equal("vdz", used[^1]);
        Assert.Equal("vdaa", DomainDeviceXml.NextTarget("virtio", used));
        Assert.Equal("ab", DomainDeviceXml.Letters(27));
    }

    [Fact]
    public void AnIdeBusHasFourTargetsAndAnUnknownBusNone()
    {
        Assert.Throws<InvalidOperationException>(() => DomainDeviceXml.NextTarget("ide", new[] { "hda", "hdb", "hdc", "hdd" }));
        Assert.Throws<ArgumentException>(() => DomainDeviceXml.NextTarget("nvme", Array.Empty<string>()));
    }

    [Fact]
    public void RandomMacsAreQemuUnicastAddresses()
    {
        var macs = Enumerable.Range(0, 50).Select(_ => DomainDeviceXml.RandomMac()).ToList();
        Assert.All(macs, m => Assert.Matches("^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$", m));
        Assert.True(macs.Distinct().Count() > 40);
    }

    [Theory]
    [InlineData("52:54:00:AB:CD:EF", "52:54:00:ab:cd:ef")]
    [InlineData("52-54-00-ab-cd-ef", "52:54:00:ab:cd:ef")]
    public void NormalizesMacAddresses(string given, string expected) => Assert.Equal(expected, DomainDeviceXml.NormalizeMac(given));

    [Theory]
    [InlineData("52:54:00:ab:cd")]
    [InlineData("52:54:00:ab:cd:zz")]
    [InlineData("01:00:5e:00:00:01")]
    public void RefusesWhatIsNotAUnicastMac(string given) => Assert.Throws<ArgumentException>(() => DomainDeviceXml.NormalizeMac(given));

    private static string Validated(string device)
    {
        string doc = $"<domain type='qemu'><name>v</name><memory>65536</memory><os><type>hvm</type></os><devices>{device}</devices></domain>";
        string file = Path.Combine(Path.GetTempPath(), $"pslv-dev-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, doc);
        try
        {
            var psi = new ProcessStartInfo("virt-xml-validate", new[] { file, "domain" }) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"libvirt's domain schema refuses:\n{device}\n{output}");
            return device;
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void WritesAFileDiskThatTheSchemaAccepts()
    {
        var x = XElement.Parse(Validated(DomainDeviceXml.DiskXml(new DiskSpec
        {
            Path = "/images/a b&c.qcow2", Target = "vdb", Bus = "virtio", Format = "qcow2", Cache = "none", ReadOnly = true,
        })));
        Assert.Equal(("file", "disk"), ((string?)x.Attribute("type"), (string?)x.Attribute("device")));
        Assert.Equal("/images/a b&c.qcow2", (string?)x.Element("source")!.Attribute("file"));
        Assert.Equal(("qcow2", "none"), ((string?)x.Element("driver")!.Attribute("type"), (string?)x.Element("driver")!.Attribute("cache")));
        Assert.Equal(("vdb", "virtio"), ((string?)x.Element("target")!.Attribute("dev"), (string?)x.Element("target")!.Attribute("bus")));
        Assert.NotNull(x.Element("readonly"));
    }

    [Fact]
    public void WritesBlockAndVolumeDisks()
    {
        var block = XElement.Parse(Validated(DomainDeviceXml.DiskXml(new DiskSpec { SourceType = "block", Path = "/dev/sdz", Target = "sda", Bus = "scsi" })));
        Assert.Equal("/dev/sdz", (string?)block.Element("source")!.Attribute("dev"));
        Assert.Null(block.Element("driver"));
        var vol = XElement.Parse(Validated(DomainDeviceXml.DiskXml(new DiskSpec { SourceType = "volume", Pool = "default", Volume = "web-vdb.qcow2", Target = "vdb", Format = "qcow2" })));
        Assert.Equal(("default", "web-vdb.qcow2"), ((string?)vol.Element("source")!.Attribute("pool"), (string?)vol.Element("source")!.Attribute("volume")));
        Assert.Throws<ArgumentException>(() => DomainDeviceXml.DiskXml(new DiskSpec { Path = "/x" }));
    }

    [Theory]
    [InlineData("network", "default", "virtio")]
    [InlineData("bridge", "br0", null)]
    [InlineData("user", null, "e1000")]
    public void WritesInterfacesThatTheSchemaAccepts(string type, string? source, string? model)
    {
        var x = XElement.Parse(Validated(DomainDeviceXml.InterfaceXml(new InterfaceSpec { Type = type, Source = source, MacAddress = "52:54:00:01:02:03", Model = model })));
        Assert.Equal(type, (string?)x.Attribute("type"));
        Assert.Equal("52:54:00:01:02:03", (string?)x.Element("mac")!.Attribute("address"));
        Assert.Equal(source, (string?)x.Element("source")?.Attribute(type));
        Assert.Equal(model, (string?)x.Element("model")?.Attribute("type"));
    }

    [Fact]
    public void ChangesMediaAsVirshChangeMediaDoes()
    {
        const string cd = "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='/a.iso' index='3'/><backingStore/><target dev='hdc' bus='ide'/><readonly/><alias name='ide0-1-0'/></disk>";
        var ejected = XElement.Parse(DomainDeviceXml.ChangeMedia(cd, null));
        Assert.Null(ejected.Element("source"));
        Assert.Null(ejected.Element("backingStore"));
        Assert.NotNull(ejected.Element("target"));
        Assert.NotNull(ejected.Element("alias"));
        var inserted = XElement.Parse(Validated(DomainDeviceXml.ChangeMedia(cd, "/b.iso")));
        Assert.Equal("/b.iso", (string?)inserted.Element("source")!.Attribute("file"));
        Assert.Equal("target", ((XElement)inserted.Element("source")!.NextNode!).Name.LocalName);
        var block = XElement.Parse(DomainDeviceXml.ChangeMedia(cd, "/dev/sr0"));
        Assert.Equal(("block", "/dev/sr0"), ((string?)block.Attribute("type"), (string?)block.Element("source")!.Attribute("dev")));
    }

    [Fact]
    public void SetsTheLinkState()
    {
        var x = XElement.Parse(DomainDeviceXml.WithLinkState("<interface type='user'><mac address='52:54:00:01:02:03'/><link state='up'/></interface>", "down"));
        Assert.Equal("down", (string?)x.Elements("link").Single().Attribute("state"));
    }

    [Fact]
    public void DropsTheLiveAliasAndAddressButKeepsAUserAlias()
    {
        var x = XElement.Parse(DomainDeviceXml.WithoutLiveIdentity("<disk type='file'><target dev='vdb'/><alias name='virtio-disk1'/><address type='pci' slot='0x05'/></disk>"));
        Assert.Null(x.Element("alias"));
        Assert.Null(x.Element("address"));
        var u = XElement.Parse(DomainDeviceXml.WithoutLiveIdentity("<disk type='file'><target dev='vdb'/><alias name='ua-data'/></disk>"));
        Assert.Equal("ua-data", (string?)u.Element("alias")!.Attribute("name"));
    }

    [Fact]
    public void IdentifiesDevicesAndCountsThem()
    {
        Assert.Equal(("disk", "vdb"), DomainDeviceXml.Identify("<disk><target dev='vdb'/></disk>"));
        Assert.Equal(("interface", "52:54:00:aa:bb:cc"), DomainDeviceXml.Identify("<interface type='user'><mac address='52:54:00:AA:BB:CC'/></interface>"));
        Assert.Equal(("controller", "usb"), DomainDeviceXml.Identify("<controller type='usb'><alias name='usb'/></controller>"));
        Assert.Equal(("rng", (string?)null), DomainDeviceXml.Identify("<rng model='virtio'/>"));
        Assert.Equal(1, DomainDeviceXml.Count(Domain, "interface", "52:54:00:aa:bb:cc"));
        Assert.Equal(5, DomainDeviceXml.Count(Domain, "disk", null));
        Assert.Equal(0, DomainDeviceXml.Count(Domain, "disk", "vdz"));
        Assert.NotNull(DomainDeviceXml.FindDisk(Domain, "sdc"));
        Assert.NotNull(DomainDeviceXml.FindInterface(Domain, "52:54:00:aa:bb:cc"));
        Assert.Equal("serial", DomainDeviceXml.FindByAlias(Domain, "serial0")!.Name.LocalName);
    }

    [Theory]
    [InlineData("<disk type='file'")]
    [InlineData("<!DOCTYPE x [<!ENTITY a 'b'>]><disk>&a;</disk>")]
    [InlineData("<domain><name>x</name></domain>")]
    [InlineData("<devices><disk/></devices>")]
    public void RefusesDeviceXmlThatIsNotOneDevice(string xml) => Assert.Throws<XmlException>(() => DomainDeviceXml.CheckDeviceXml(xml));

    [Fact]
    public void FormatsAddresses()
    {
        Assert.Equal("usb 0:1", DomainDeviceXml.AddressText(XElement.Parse("<address type='usb' bus='0' port='1'/>")));
        Assert.Equal("virtio-serial 0:0:2", DomainDeviceXml.AddressText(XElement.Parse("<address type='virtio-serial' controller='0' bus='0' port='2'/>")));
        Assert.Equal("isa iobase=0x3f8", DomainDeviceXml.AddressText(XElement.Parse("<address type='isa' iobase='0x3f8'/>")));
        Assert.Null(DomainDeviceXml.AddressText(null));
    }

    [Theory]
    [InlineData(128UL * 1024 * 1024, 0, "131072")]
    [InlineData(1025UL, 2, "2")]
    public void BuildsADimmInKibRoundedUp(ulong bytes, int node, string kib)
    {
        var e = XElement.Parse(DomainDeviceXml.MemoryXml(bytes, node));
        Assert.Equal(("memory", "dimm"), (e.Name.LocalName, (string?)e.Attribute("model")));
        Assert.Equal(kib, e.Element("target")!.Element("size")!.Value);
        Assert.Equal("KiB", (string?)e.Element("target")!.Element("size")!.Attribute("unit"));
        Assert.Equal(node.ToString(), e.Element("target")!.Element("node")!.Value);
        DomainDeviceXml.CheckDeviceXml(e.ToString());
    }
}
