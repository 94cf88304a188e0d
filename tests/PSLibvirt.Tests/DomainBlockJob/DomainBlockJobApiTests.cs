using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.DomainBlockJob;

/// <summary>The block job wrapper's flags, typed parameters, model and XML reading (the jobs themselves: DomainBlockJob.Tests.ps1).</summary>
[Collection(LibvirtCollection.Name)]
public sealed class DomainBlockJobApiTests
{
    [Fact]
    public void Copy_flags_are_libvirts_bits()
    {
        Assert.Equal((VirDomainBlockCopyFlags)0, DomainBlockJobApi.CopyFlags(false, false, false, false));
        Assert.Equal(VirDomainBlockCopyFlags.VIR_DOMAIN_BLOCK_COPY_SHALLOW | VirDomainBlockCopyFlags.VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB,
            DomainBlockJobApi.CopyFlags(true, false, true, false));
        Assert.Equal(15u, (uint)DomainBlockJobApi.CopyFlags(true, true, true, true));
        Assert.Equal(2u, (uint)DomainBlockJobApi.CopyFlags(false, true, false, false));
        Assert.Equal(8u, (uint)DomainBlockJobApi.CopyFlags(false, false, false, true));
    }

    [Fact]
    public void Commit_and_pull_flags_always_take_the_bandwidth_in_bytes()
    {
        Assert.Equal(VirDomainBlockCommitFlags.VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES, DomainBlockJobApi.CommitFlags(false, false, false, false));
        Assert.Equal(16u | 1 | 2 | 4 | 8, (uint)DomainBlockJobApi.CommitFlags(true, true, true, true));
        Assert.Equal(16u | 4, (uint)DomainBlockJobApi.CommitFlags(false, false, true, false));
        Assert.Equal(VirDomainBlockRebaseFlags.VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES, DomainBlockJobApi.PullFlags(false));
        Assert.Equal(64u | 16, (uint)DomainBlockJobApi.PullFlags(true));
    }

    [Fact]
    public void Abort_flags_pivot_and_async()
    {
        Assert.Equal((VirDomainBlockJobAbortFlags)0, DomainBlockJobApi.AbortFlags(false, false));
        Assert.Equal(VirDomainBlockJobAbortFlags.VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT, DomainBlockJobApi.AbortFlags(true, false));
        Assert.Equal(VirDomainBlockJobAbortFlags.VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC, DomainBlockJobApi.AbortFlags(false, true));
        Assert.Equal(3u, (uint)DomainBlockJobApi.AbortFlags(true, true));
    }

    [Fact]
    public void Copy_parameters_have_libvirts_names_and_types_and_only_those_given()
    {
        using (var none = DomainBlockJobApi.CopyParameters(new BlockCopyParameters()))
            Assert.Equal(0, none.Count);
        using var all = DomainBlockJobApi.CopyParameters(new BlockCopyParameters(Bandwidth: 1048576, Granularity: 65536, BufferSize: 8388608));
        var d = all.ToDictionary();
        Assert.Equal(3, d.Count);
        Assert.Equal(1048576UL, Assert.IsType<ulong>(d["bandwidth"]));
        Assert.Equal(65536U, Assert.IsType<uint>(d["granularity"]));
        Assert.Equal(8388608UL, Assert.IsType<ulong>(d["buf-size"]));
        using var one = DomainBlockJobApi.CopyParameters(new BlockCopyParameters(Granularity: 512));
        Assert.Equal(new[] { "granularity" }, one.ToDictionary().Keys);
    }

    [Theory]
    [InlineData(2, 0UL, 0UL, DomainBlockJobType.Copy, false, null)]
    [InlineData(2, 50UL, 100UL, DomainBlockJobType.Copy, false, 50)]
    [InlineData(2, 100UL, 100UL, DomainBlockJobType.Copy, true, 100)]
    [InlineData(4, 7UL, 7UL, DomainBlockJobType.ActiveCommit, true, 100)]
    [InlineData(3, 7UL, 7UL, DomainBlockJobType.Commit, false, 100)]
    [InlineData(1, 1UL, 4UL, DomainBlockJobType.Pull, false, 25)]
    [InlineData(5, 0UL, 10UL, DomainBlockJobType.Backup, false, 0)]
    [InlineData(99, 0UL, 10UL, DomainBlockJobType.Unknown, false, 0)]
    public void Job_info_maps_type_percent_and_readiness(int type, ulong cur, ulong end, DomainBlockJobType expected, bool ready, int? percent)
    {
        var j = DomainBlockJobApi.FromInfo(type, 1024, cur, end, "vda", "g", Guid.Empty, null);
        Assert.Equal(expected, j.Type);
        Assert.Equal(ready, j.Ready);
        Assert.Equal(percent, j.PercentComplete);
        Assert.Equal(1024UL, j.Bandwidth);
        Assert.Equal("g/vda: " + expected, j.ToString());
    }

    [Theory]
    [InlineData("vda", "vda")]
    [InlineData("vda[2]", "vda")]
    [InlineData("sdb[10]", "sdb")]
    [InlineData("/var/lib/images/a.qcow2", "/var/lib/images/a.qcow2")]
    [InlineData("vda[x]", "vda[x]")]
    public void Target_of_an_image_reference(string disk, string target) => Assert.Equal(target, DomainBlockJobApi.TargetOf(disk));

    [Fact]
    public void Image_references_by_position_name_the_chains_paths()
    {
        var chain = new[] { "/i/top.qcow2", "/i/mid.qcow2", "/i/base.qcow2" };
        Assert.Null(DomainBlockJobApi.ImageReference(chain, null));
        Assert.Equal("/i/top.qcow2", DomainBlockJobApi.ImageReference(chain, "0"));
        Assert.Equal("/i/base.qcow2", DomainBlockJobApi.ImageReference(chain, "2"));
        Assert.Equal("vda[3]", DomainBlockJobApi.ImageReference(chain, "vda[3]"));
        Assert.Equal("/other.qcow2", DomainBlockJobApi.ImageReference(chain, "/other.qcow2"));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DomainBlockJobApi.ImageReference(chain, "3"));
        Assert.Contains("has 3 images", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DomainBlockJobApi.ImageReference(new[] { "/a" }, "1"));
    }

    [Fact]
    public void Backing_chain_is_read_top_first_from_the_live_xml()
    {
        const string xml = """
            <domain type='qemu'><name>g</name><devices>
              <disk type='file' device='disk'>
                <source file='/i/top.qcow2' index='3'/>
                <backingStore type='file' index='2'><format type='qcow2'/><source file='/i/mid.qcow2'/>
                  <backingStore type='block' index='1'><format type='raw'/><source dev='/dev/vg/base'/><backingStore/></backingStore>
                </backingStore>
                <target dev='vda' bus='virtio'/>
              </disk>
              <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>
              <disk type='file' device='disk'><source file='/i/single.img'/><backingStore/><target dev='vdb' bus='virtio'/></disk>
            </devices></domain>
            """;
        Assert.Equal(new[] { "/i/top.qcow2", "/i/mid.qcow2", "/dev/vg/base" }, DomainBlockJobApi.BackingChain(xml, "vda"));
        Assert.Equal(new[] { "/i/single.img" }, DomainBlockJobApi.BackingChain(xml, "vdb"));
        Assert.Empty(DomainBlockJobApi.BackingChain(xml, "hdc"));
        Assert.Empty(DomainBlockJobApi.BackingChain(xml, "vdz"));
    }

    [Fact]
    public void Destination_xml_escapes_the_path_and_names_the_format()
    {
        var file = System.Xml.Linq.XElement.Parse(DomainBlockJobApi.DestinationXml("/tmp/a'b&<c>.qcow2", "qcow2"));
        Assert.Equal("file", (string?)file.Attribute("type"));
        Assert.Equal("/tmp/a'b&<c>.qcow2", (string?)file.Element("source")!.Attribute("file"));
        Assert.Equal("qcow2", (string?)file.Element("driver")!.Attribute("type"));
        var block = System.Xml.Linq.XElement.Parse(DomainBlockJobApi.DestinationXml("/dev/sdx", null, block: true));
        Assert.Equal("block", (string?)block.Attribute("type"));
        Assert.Equal("/dev/sdx", (string?)block.Element("source")!.Attribute("dev"));
        Assert.Null(block.Element("driver"));
    }

    [Theory]
    [InlineData(DomainBlockJobType.Copy, "block copy")]
    [InlineData(DomainBlockJobType.ActiveCommit, "active block commit")]
    [InlineData(null, "block job")]
    public void Messages_name_the_job(DomainBlockJobType? type, string text) => Assert.Equal(text, DomainBlockJobApi.Describe(type));
}
