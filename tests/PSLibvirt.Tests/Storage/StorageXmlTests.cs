using System.Management.Automation;
using System.Xml;
using PSLibvirt.Commands;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Storage;

public class StorageXmlTests
{
    private static XmlElement Pool(StoragePoolDefinition d)
    {
        var doc = new XmlDocument();
        doc.LoadXml(StorageXml.BuildPool(d));
        return doc.DocumentElement!;
    }

    private static string? At(XmlElement root, string xpath) =>
        root.SelectSingleNode(xpath) switch { XmlAttribute a => a.Value, XmlNode n => n.InnerText, null => null };

    [Fact]
    public void DirPoolHasTypeNameAndTargetPath()
    {
        var x = Pool(new StoragePoolDefinition { Name = "images", Type = "dir", Path = "/tmp/images" });
        Assert.Equal("pool", x.Name);
        Assert.Equal("dir", At(x, "@type"));
        Assert.Equal("images", At(x, "name"));
        Assert.Equal("/tmp/images", At(x, "target/path"));
        Assert.Empty(x.SelectSingleNode("source")!.ChildNodes);
    }

    [Fact]
    public void NetfsPoolHasHostDirAndFormat()
    {
        var x = Pool(new StoragePoolDefinition { Name = "nfs", Type = "netfs", Path = "/mnt/nfs", SourceHost = "nas.example.com", SourcePath = "/export/vm", SourceFormat = "nfs" });
        Assert.Equal("nas.example.com", At(x, "source/host/@name"));
        Assert.Equal("/export/vm", At(x, "source/dir/@path"));
        Assert.Equal("nfs", At(x, "source/format/@type"));
        Assert.Equal("/mnt/nfs", At(x, "target/path"));
    }

    [Fact]
    public void IscsiPoolPutsTheIqnInDeviceAndChapAuth()
    {
        var x = Pool(new StoragePoolDefinition
        {
            Name = "san", Type = "iscsi", SourceHost = "10.0.0.5", SourcePath = "iqn.2013-06.com.example:iscsi-pool",
            Path = "/dev/disk/by-path", AuthSecret = "libvirtiscsi", AuthUsername = "myuser",
        });
        Assert.Equal("iscsi", At(x, "@type"));
        Assert.Equal("10.0.0.5", At(x, "source/host/@name"));
        Assert.Equal("iqn.2013-06.com.example:iscsi-pool", At(x, "source/device/@path"));
        Assert.Null(x.SelectSingleNode("source/dir"));
        Assert.Equal("chap", At(x, "source/auth/@type"));
        Assert.Equal("myuser", At(x, "source/auth/@username"));
        Assert.Equal("libvirtiscsi", At(x, "source/auth/secret/@usage"));
    }

    [Fact]
    public void RbdPoolHasCephAuthWithSecretUuid()
    {
        var x = Pool(new StoragePoolDefinition
        {
            Name = "ceph", Type = "rbd", SourceHost = "mon1", SourceName = "rbd",
            AuthSecret = "2ec115d7-3a88-3ceb-bc12-0ac909a6fd87", AuthUsername = "admin",
        });
        Assert.Equal("mon1", At(x, "source/host/@name"));
        Assert.Equal("rbd", At(x, "source/name"));
        Assert.Equal("ceph", At(x, "source/auth/@type"));
        Assert.Equal("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87", At(x, "source/auth/secret/@uuid"));
        Assert.Null(x.SelectSingleNode("target"));
    }

    [Fact]
    public void GlusterLogicalScsiAndDiskPools()
    {
        var g = Pool(new StoragePoolDefinition { Name = "g", Type = "gluster", SourceHost = "gl1", SourceName = "gv0", SourcePath = "/" });
        Assert.Equal("gv0", At(g, "source/name"));
        Assert.Equal("/", At(g, "source/dir/@path"));
        var l = Pool(new StoragePoolDefinition { Name = "vg", Type = "logical", SourceName = "vg0", SourceDevice = new[] { "/dev/sdb", "/dev/sdc" }, SourceFormat = "lvm2" });
        Assert.Equal(2, l.SelectNodes("source/device")!.Count);
        Assert.Equal("vg0", At(l, "source/name"));
        var s = Pool(new StoragePoolDefinition { Name = "s", Type = "scsi", SourceName = "host0", Path = "/dev/disk/by-path" });
        Assert.Equal("host0", At(s, "source/adapter/@name"));
        var d = Pool(new StoragePoolDefinition { Name = "d", Type = "disk", SourceDevice = new[] { "/dev/sdd" }, SourceFormat = "gpt", Path = "/dev" });
        Assert.Equal("/dev/sdd", At(d, "source/device/@path"));
        Assert.Equal("gpt", At(d, "source/format/@type"));
    }

    [Theory]
    [InlineData("dir", "Path")]
    [InlineData("netfs", "SourceHost")]
    [InlineData("logical", "SourceName")]
    [InlineData("iscsi", "SourceHost")]
    [InlineData("rbd", "SourceHost")]
    [InlineData("fs", "Path")]
    public void MissingSourceParametersAreNamed(string type, string parameter)
    {
        // Everything else present, so the error names exactly the one missing parameter.
        var d = new StoragePoolDefinition { Name = "p", Type = type, Path = parameter == "Path" ? null : "/mnt/p" };
        var e = Assert.Throws<ArgumentException>(() => StorageXml.BuildPool(d));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("-" + parameter, e.Message);
    }

    [Fact]
    public void UnknownTypeAndMisplacedAuthAreRejected()
    {
        Assert.Throws<ArgumentException>(() => StorageXml.BuildPool(new StoragePoolDefinition { Name = "p", Type = "floppy" }));
        var e = Assert.Throws<ArgumentException>(() => StorageXml.BuildPool(new StoragePoolDefinition { Name = "p", Type = "dir", Path = "/x", AuthSecret = "s", AuthUsername = "u" }));
        Assert.Equal("AuthSecret", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => StorageXml.BuildPool(new StoragePoolDefinition { Name = "p", Type = "rbd", SourceHost = "h", SourceName = "n", AuthSecret = "s" }));
        Assert.Equal("AuthUsername", e.ParamName);
    }

    [Fact]
    public void NamesAreEscaped()
    {
        var x = Pool(new StoragePoolDefinition { Name = "a<b>&'\"", Type = "dir", Path = "/tmp/a&b" });
        Assert.Equal("a<b>&'\"", At(x, "name"));
        Assert.Equal("/tmp/a&b", At(x, "target/path"));
    }

    [Fact]
    public void VolumeXmlHasBytesFormatAndBackingStore()
    {
        var doc = new XmlDocument();
        doc.LoadXml(StorageXml.BuildVolume("disk.qcow2", 10UL << 30, 0, "qcow2", "/images/base.qcow2", "qcow2"));
        var x = doc.DocumentElement!;
        Assert.Equal("disk.qcow2", At(x, "name"));
        Assert.Equal("bytes", At(x, "capacity/@unit"));
        Assert.Equal((10L << 30).ToString(), At(x, "capacity"));
        Assert.Equal("0", At(x, "allocation"));
        Assert.Equal("qcow2", At(x, "target/format/@type"));
        Assert.Equal("/images/base.qcow2", At(x, "backingStore/path"));
        Assert.Equal("qcow2", At(x, "backingStore/format/@type"));
        var e = Assert.Throws<ArgumentException>(() => StorageXml.BuildVolume("x", 1, null, "floppy", null, null));
        Assert.Equal("Format", e.ParamName);
    }

    [Fact]
    public void CloneXmlKeepsTheSourceButDropsKeyAndPath()
    {
        const string source = "<volume type='file'><name>a.qcow2</name><key>/p/a.qcow2</key><capacity unit='bytes'>1048576</capacity>" +
                              "<target><path>/p/a.qcow2</path><format type='qcow2'/></target></volume>";
        var doc = new XmlDocument();
        doc.LoadXml(StorageXml.BuildClone(source, "b.raw", "raw"));
        var x = doc.DocumentElement!;
        Assert.Equal("b.raw", At(x, "name"));
        Assert.Null(x.SelectSingleNode("key"));
        Assert.Null(x.SelectSingleNode("target/path"));
        Assert.Equal("raw", At(x, "target/format/@type"));
        Assert.Equal("1048576", At(x, "capacity"));
    }

    [Fact]
    public void VolumeSnapshotParsesLibvirtXml()
    {
        const string xml = "<volume type='file'><name>web1.qcow2</name><key>/var/lib/libvirt/images/web1.qcow2</key>" +
                           "<capacity unit='bytes'>10737418240</capacity><allocation unit='KiB'>2048</allocation>" +
                           "<target><path>/var/lib/libvirt/images/web1.qcow2</path><format type='qcow2'/></target></volume>";
        var v = StorageApi.ParseVolume(xml, "images", null);
        Assert.Equal("web1.qcow2", v.Name);
        Assert.Equal("images", v.Pool);
        Assert.Equal("/var/lib/libvirt/images/web1.qcow2", v.Path);
        Assert.Equal("qcow2", v.Format);
        Assert.Equal(10737418240, v.CapacityBytes);
        Assert.Equal(2048 * 1024, v.AllocationBytes);
        Assert.Equal("file", v.Type);
    }
}

public class SizeTransformationTests
{
    private static object T(object input) => new SizeTransformationAttribute().Transform(null!, input);

    [Theory]
    [InlineData("10G", 10L << 30)]
    [InlineData("10GB", 10L << 30)]
    [InlineData("10GiB", 10L << 30)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("512m", 512L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData(" 4096 ", 4096L)]
    [InlineData("4096B", 4096L)]
    [InlineData("1 T", 1L << 40)]
    [InlineData("0", 0L)]
    public void TextSizes(string text, long expected) => Assert.Equal(expected, T(text));

    [Fact]
    public void NumbersPassThrough()
    {
        Assert.Equal(10L << 30, T(10L << 30));
        Assert.Equal(4096L, T(4096));
        Assert.Equal(1024L, T(PSObject.AsPSObject(1024)));
        Assert.Equal(1536L, T(1536.0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("10 parsecs")]
    [InlineData("-5G")]
    [InlineData("1.5")]
    [InlineData("99999999999P")]
    public void BadTextIsATransformationError(string text) =>
        Assert.Throws<ArgumentTransformationMetadataException>(() => T(text));

    [Fact]
    public void FractionsAndOtherTypesAreRejected()
    {
        Assert.Throws<ArgumentTransformationMetadataException>(() => T(1.5));
        Assert.Throws<ArgumentTransformationMetadataException>(() => T(new object()));
    }
}
