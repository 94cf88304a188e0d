using System;
using System.Linq;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Commands;
using Xunit;

namespace PSLibvirt.Tests.Checkpoint;

public class DomainCheckpointApiTests
{
    private const string Sample = """
        <domaincheckpoint>
          <name>c2</name>
          <description>before &lt;upgrade&gt;</description>
          <parent><name>c1</name></parent>
          <creationTime>1700000000</creationTime>
          <disks>
            <disk name='vda' checkpoint='bitmap' bitmap='c2' size='65536'/>
            <disk name='vdb' checkpoint='no'/>
            <disk name='vdc' bitmap='other'/>
          </disks>
          <domain type='qemu'><name>web1</name></domain>
        </domaincheckpoint>
        """;

    [Fact]
    public void Parse_reads_every_field_and_each_disk_with_its_bitmap()
    {
        var uuid = Guid.NewGuid();
        var c = DomainCheckpointApi.Parse(Sample, "web1", uuid, children: 2, hypervisor: null);
        Assert.Equal("c2", c.Name);
        Assert.Equal("web1", c.Domain);
        Assert.Equal(uuid, c.DomainUuid);
        Assert.Equal("before <upgrade>", c.Description);
        Assert.Equal("c1", c.Parent);
        Assert.Equal(2, c.Children);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).LocalDateTime, c.CreationTime);
        Assert.Equal(new[] { "vda", "vdb", "vdc" }, c.Disks.Select(d => d.Name));
        Assert.Equal(new[] { "bitmap", "no", "bitmap" }, c.Disks.Select(d => d.Checkpoint));
        Assert.Equal(new[] { "c2", null, "other" }, c.Disks.Select(d => d.Bitmap));
        Assert.Equal(65536UL, c.Disks[0].SizeBytes);
        Assert.Null(c.Disks[1].SizeBytes);
        Assert.Equal("vda:c2", c.Disks[0].ToString());
        Assert.Equal("vdb (no)", c.Disks[1].ToString());
    }

    [Fact]
    public void Parse_of_a_root_without_description_or_disks()
    {
        var c = DomainCheckpointApi.Parse("<domaincheckpoint><name>r</name></domaincheckpoint>", "d", Guid.Empty, 0, null);
        Assert.Null(c.Parent);
        Assert.Null(c.Description);
        Assert.Empty(c.Disks);
        Assert.Equal(default, c.CreationTime);
    }

    [Fact]
    public void Parse_refuses_another_document() =>
        Assert.Throws<XmlException>(() => DomainCheckpointApi.Parse("<domainsnapshot/>", "d", Guid.Empty, 0, null));

    [Fact]
    public void BuildXml_escapes_and_with_disks_leaves_the_others_out()
    {
        Assert.Equal("<domaincheckpoint></domaincheckpoint>", DomainCheckpointApi.BuildXml(null, null));
        Assert.Equal("<domaincheckpoint><name>a&amp;b</name><description>&lt;x&gt;</description></domaincheckpoint>", DomainCheckpointApi.BuildXml("a&b", "<x>"));
        var xml = DomainCheckpointApi.BuildXml("c", null, new[] { "vdb" }, new[] { "vda", "vdb", "hdc" });
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        var disks = doc.SelectNodes("/domaincheckpoint/disks/disk")!.Cast<XmlElement>().Select(e => $"{e.GetAttribute("name")}={e.GetAttribute("checkpoint")}");
        Assert.Equal(new[] { "vdb=bitmap", "vda=no", "hdc=no" }, disks);
    }

    [Fact]
    public void Delete_flags_refuse_children_with_children_only()
    {
        Assert.Throws<ArgumentException>(() => DomainCheckpointApi.DeleteFlags(true, true, false));
        Assert.Equal(Native.VirDomainCheckpointDeleteFlags.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN | Native.VirDomainCheckpointDeleteFlags.VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY,
            DomainCheckpointApi.DeleteFlags(true, false, true));
    }

    [Fact]
    public void ComposeXml_puts_name_and_description_into_the_given_document()
    {
        var xml = NewDomainCheckpointCommand.ComposeXml("<domaincheckpoint><name>old</name><disks/></domaincheckpoint>", "new", "d");
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        Assert.Equal("new", doc.SelectSingleNode("/domaincheckpoint/name")!.InnerText);
        Assert.Equal("d", doc.SelectSingleNode("/domaincheckpoint/description")!.InnerText);
        Assert.Throws<XmlException>(() => NewDomainCheckpointCommand.ComposeXml("<domainbackup/>", "n", null));
    }
}

public class DomainBackupApiTests
{
    [Theory]
    [InlineData("127.0.0.1:10809", "127.0.0.1", 10809, null)]
    [InlineData("[::1]:5000", "::1", 5000, null)]
    [InlineData("backup.example:1", "backup.example", 1, null)]
    [InlineData("unix:/run/b.sock", null, null, "/run/b.sock")]
    [InlineData("/run/b.sock", null, null, "/run/b.sock")]
    public void Listen_reads_host_and_port_or_a_socket(string text, string? host, int? port, string? socket) =>
        Assert.Equal(new BackupListen(host, port, socket), BackupListen.Parse(text));

    [Theory]
    [InlineData("nowhere")]
    [InlineData("host:")]
    [InlineData(":10809")]
    [InlineData("host:70000")]
    [InlineData("host:-1")]
    [InlineData("unix:relative.sock")]
    public void Listen_refuses_what_is_not_an_address(string text) =>
        Assert.Contains("host:port", Assert.Throws<ArgumentException>(() => BackupListen.Parse(text)).Message);

    private static XmlElement Root(string xml)
    {
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        return doc.DocumentElement!;
    }

    [Fact]
    public void BuildXml_push_with_targets_format_incremental_and_excluded_disks()
    {
        var root = Root(DomainBackupApi.BuildXml(false, null, "c1", new[] { new BackupDiskSpec("vdb", "/b/it's.qcow2") }, "qcow2", new[] { "vda" }));
        Assert.Equal("", root.GetAttribute("mode"));
        Assert.Equal("c1", root.SelectSingleNode("incremental")!.InnerText);
        Assert.Null(root.SelectSingleNode("server"));
        var disks = root.SelectNodes("disks/disk")!.Cast<XmlElement>().ToList();
        Assert.Equal("vdb", disks[0].GetAttribute("name"));
        Assert.Equal("yes", disks[0].GetAttribute("backup"));
        Assert.Equal("file", disks[0].GetAttribute("type"));
        Assert.Equal("/b/it's.qcow2", ((XmlElement)disks[0].SelectSingleNode("target")!).GetAttribute("file"));
        Assert.Equal("qcow2", ((XmlElement)disks[0].SelectSingleNode("driver")!).GetAttribute("type"));
        Assert.Equal("vda", disks[1].GetAttribute("name"));
        Assert.Equal("no", disks[1].GetAttribute("backup"));
        Assert.Equal(DomainBackupMode.Push, DomainBackupApi.ModeOf(root.OuterXml));
    }

    [Fact]
    public void BuildXml_pull_over_tcp_and_unix_with_scratch()
    {
        var tcp = Root(DomainBackupApi.BuildXml(true, BackupListen.Parse("127.0.0.1:10809"), null, new[] { new BackupDiskSpec("vdb", null, "/s.qcow2") }));
        Assert.Equal("pull", tcp.GetAttribute("mode"));
        var server = (XmlElement)tcp.SelectSingleNode("server")!;
        Assert.Equal(("tcp", "127.0.0.1", "10809"), (server.GetAttribute("transport"), server.GetAttribute("name"), server.GetAttribute("port")));
        Assert.Equal("/s.qcow2", ((XmlElement)tcp.SelectSingleNode("disks/disk/scratch")!).GetAttribute("file"));
        Assert.Null(tcp.SelectSingleNode("disks/disk/target"));
        var unix = Root(DomainBackupApi.BuildXml(true, BackupListen.Parse("unix:/run/b.sock"), null, Array.Empty<BackupDiskSpec>()));
        var us = (XmlElement)unix.SelectSingleNode("server")!;
        Assert.Equal(("unix", "/run/b.sock"), (us.GetAttribute("transport"), us.GetAttribute("socket")));
        Assert.Null(unix.SelectSingleNode("disks"));
        Assert.Equal(DomainBackupMode.Pull, DomainBackupApi.ModeOf(unix.OuterXml));
        // A disk without a file has neither backup='yes' nor type (libvirt's schema wants both or none).
        var bare = Root(DomainBackupApi.BuildXml(true, BackupListen.Parse("h:1"), null, new[] { new BackupDiskSpec("vdb") }));
        Assert.Equal("", ((XmlElement)bare.SelectSingleNode("disks/disk")!).GetAttribute("type"));
    }

    [Fact]
    public void Parse_reads_a_running_pull_backup_and_names_its_nbd_uris()
    {
        const string xml = """
            <domainbackup mode='pull'>
              <incremental>c1</incremental>
              <server transport='tcp' name='127.0.0.1' port='10809'/>
              <disks>
                <disk name='vdb' backup='yes' type='file' backupmode='incremental' incremental='c1' exportname='vdb' exportbitmap='backup-vdb' index='4'>
                  <driver type='qcow2'/>
                  <scratch file='/s.qcow2'/>
                </disk>
                <disk name='vda' backup='no'/>
              </disks>
            </domainbackup>
            """;
        var uuid = Guid.NewGuid();
        var b = DomainBackupApi.Parse(xml, "web1", uuid, null);
        Assert.Equal(DomainBackupMode.Pull, b.Mode);
        Assert.Equal(("web1", uuid, "c1"), (b.Domain, b.DomainUuid, b.Incremental));
        Assert.Equal(("tcp", "127.0.0.1", 10809), (b.Transport, b.Host, b.Port));
        var d = Assert.Single(b.Disks);
        Assert.Equal(("vdb", "incremental", "vdb", "backup-vdb", "/s.qcow2", "qcow2"), (d.Name, d.BackupMode, d.ExportName, d.ExportBitmap, d.Scratch, d.Format));
        Assert.Equal(new[] { "nbd://127.0.0.1:10809/vdb" }, b.ExportUris);
    }

    [Fact]
    public void Parse_reads_a_push_backup_and_unix_uris()
    {
        var push = DomainBackupApi.Parse("<domainbackup><disks><disk name='vdb' backup='yes' type='file' backupmode='full'><target file='/t.qcow2'/><driver type='raw'/></disk></disks></domainbackup>", "d", Guid.Empty, null);
        Assert.Equal(DomainBackupMode.Push, push.Mode);
        Assert.Null(push.Transport);
        Assert.Empty(push.ExportUris);
        Assert.Equal(("/t.qcow2", "raw", (string?)null), (push.Disks[0].Target, push.Disks[0].Format, push.Disks[0].ExportName));
        Assert.Equal("nbd+unix:///vdb?socket=/run/b.sock", DomainBackupApi.NbdUri("unix", null, null, "/run/b.sock", "vdb"));
        Assert.Equal("nbd://[::1]:5000/a%20b", DomainBackupApi.NbdUri("tcp", "::1", 5000, null, "a b"));
    }
}
