using PSLibvirt.Provider;
using Xunit;

namespace PSLibvirt.Tests.Provider;

/// <summary>LibvirtPath: provider paths (first segment = the drive's root) to kinds and names.</summary>
public sealed class LibvirtPathTests
{
    private static readonly string S = LibvirtPath.Separator.ToString();

    [Theory]
    [InlineData("kvm", LibvirtPathKind.Root, null, null)]
    [InlineData("kvm\\", LibvirtPathKind.Root, null, null)]
    [InlineData("kvm/Domains", LibvirtPathKind.Domains, null, null)]
    [InlineData("kvm\\Domains\\", LibvirtPathKind.Domains, null, null)]
    [InlineData("kvm\\domains\\web1", LibvirtPathKind.Domain, "web1", null)]
    [InlineData("kvm/DOMAINS/web1/", LibvirtPathKind.Domain, "web1", null)]
    [InlineData("kvm\\/Domains//web1\\\\", LibvirtPathKind.Domain, "web1", null)]
    [InlineData("kvm\\Networks\\lan", LibvirtPathKind.Network, "lan", null)]
    [InlineData("kvm\\networks", LibvirtPathKind.Networks, null, null)]
    [InlineData("kvm\\StoragePools", LibvirtPathKind.StoragePools, null, null)]
    [InlineData("kvm\\storagepools\\images", LibvirtPathKind.StoragePool, "images", null)]
    [InlineData("kvm/StoragePools/images/web1.qcow2", LibvirtPathKind.StorageVolume, "images", "web1.qcow2")]
    public void Parses_kinds_and_names_with_either_separator(string path, LibvirtPathKind kind, string? name, string? child)
    {
        var p = LibvirtPath.Parse(path);
        Assert.Equal(kind, p.Kind);
        Assert.Equal("kvm", p.Root);
        Assert.Equal(name, p.Name);
        Assert.Equal(child, p.Child);
        Assert.True(p.IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\\")]
    [InlineData("kvm\\Nothing")]
    [InlineData("kvm\\Domains\\web1\\extra")]
    [InlineData("kvm\\Networks\\lan\\x")]
    [InlineData("kvm\\StoragePools\\images\\v\\deeper")]
    public void Rejects_what_is_not_in_the_tree(string path)
    {
        var p = LibvirtPath.Parse(path);
        Assert.False(p.IsValid);
        Assert.Equal(LibvirtPathKind.Invalid, p.Kind);
    }

    [Theory]
    [InlineData("my vm")]
    [InlineData("vm [1]")]
    [InlineData("vm*?")]
    [InlineData("Größe-ü-日本")]
    [InlineData("Web1")]
    public void Keeps_object_names_exactly(string name)
    {
        var p = LibvirtPath.Parse("kvm\\Domains\\" + name + "\\");
        Assert.Equal(LibvirtPathKind.Domain, p.Kind);
        Assert.Equal(name, p.Name);
        Assert.Equal("kvm" + S + "Domains" + S + name, p.ToString());
    }

    [Fact]
    public void Canonical_form_spells_folders_as_listed_and_drops_trailing_separators()
    {
        Assert.Equal("kvm" + S + "StoragePools" + S + "images" + S + "a b.qcow2",
            LibvirtPath.Parse("kvm/storagepools\\images/a b.qcow2/").ToString());
        Assert.Equal("kvm", LibvirtPath.Parse("kvm\\\\").ToString());
        Assert.Equal("StoragePools", LibvirtPath.CanonicalFolder("STORAGEPOOLS"));
        Assert.Null(LibvirtPath.CanonicalFolder("Snapshots"));
    }

    [Theory]
    [InlineData("kvm", true)]
    [InlineData("kvm\\Domains", true)]
    [InlineData("kvm\\Domains\\web1", false)]
    [InlineData("kvm\\StoragePools\\images", true)]
    [InlineData("kvm\\StoragePools\\images\\v", false)]
    [InlineData("kvm\\Networks\\lan", false)]
    public void Knows_containers(string path, bool container) =>
        Assert.Equal(container, LibvirtPath.Parse(path).IsContainer);

    [Fact]
    public void Splits_on_both_separators_dropping_empty_segments() =>
        Assert.Equal(new[] { "a", "b c", "d" }, LibvirtPath.Split("\\a//b c\\/d/"));
}
