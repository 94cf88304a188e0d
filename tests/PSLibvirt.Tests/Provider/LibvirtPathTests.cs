using PSLibvirt.Provider;
using Xunit;

namespace PSLibvirt.Tests.Provider;

/// <summary>LibvirtPath: provider paths (first segment = the drive's root) to kinds and names.</summary>
public sealed class LibvirtPathTests
{
    private static readonly string S = LibvirtPath.Separator.ToString();

    [Theory]
    [InlineData("kvm", LibvirtPathLevel.Root, null, null, null)]
    [InlineData("kvm\\", LibvirtPathLevel.Root, null, null, null)]
    [InlineData("kvm/Domains", LibvirtPathLevel.Folder, "Domains", null, null)]
    [InlineData("kvm\\Domains\\", LibvirtPathLevel.Folder, "Domains", null, null)]
    [InlineData("kvm\\domains\\web1", LibvirtPathLevel.Item, "Domains", "web1", null)]
    [InlineData("kvm/DOMAINS/web1/", LibvirtPathLevel.Item, "Domains", "web1", null)]
    [InlineData("kvm\\/Domains//web1\\\\", LibvirtPathLevel.Item, "Domains", "web1", null)]
    [InlineData("kvm\\Networks\\lan", LibvirtPathLevel.Item, "Networks", "lan", null)]
    [InlineData("kvm\\networks", LibvirtPathLevel.Folder, "Networks", null, null)]
    [InlineData("kvm\\StoragePools", LibvirtPathLevel.Folder, "StoragePools", null, null)]
    [InlineData("kvm\\storagepools\\images", LibvirtPathLevel.Item, "StoragePools", "images", null)]
    [InlineData("kvm/StoragePools/images/web1.qcow2", LibvirtPathLevel.Child, "StoragePools", "images", "web1.qcow2")]
    [InlineData("kvm/snapshots/web1/before-upgrade", LibvirtPathLevel.Child, "Snapshots", "web1", "before-upgrade")]
    [InlineData("kvm\\Secrets\\0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f", LibvirtPathLevel.Item, "Secrets", "0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f", null)]
    [InlineData("kvm\\NodeDevices\\pci_0000_00_1f_2", LibvirtPathLevel.Item, "NodeDevices", "pci_0000_00_1f_2", null)]
    public void Parses_levels_and_names_with_either_separator(string path, object level, string? folder, string? name, string? child)
    {
        // object: LibvirtPathLevel is internal, and a public theory cannot take it.
        var p = LibvirtPath.Parse(path);
        Assert.Equal((LibvirtPathLevel)level, p.Level);
        Assert.Equal(folder, p.Folder);
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
    [InlineData("kvm\\Secrets\\a\\b")]
    [InlineData("kvm\\StoragePools\\images\\v\\deeper")]
    public void Rejects_what_is_not_in_the_tree(string path)
    {
        var p = LibvirtPath.Parse(path);
        Assert.False(p.IsValid);
        Assert.Equal(LibvirtPathLevel.Invalid, p.Level);
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
        Assert.Equal(LibvirtPathLevel.Item, p.Level);
        Assert.Same(PSLibvirt.Core.ObjectKinds.Domain, p.Kind);
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
        Assert.Equal("Snapshots", LibvirtPath.CanonicalFolder("snapshots"));
        Assert.Equal("Checkpoints", LibvirtPath.CanonicalFolder("checkpoints"));
        Assert.Null(LibvirtPath.CanonicalFolder("Nosuchfolder"));
    }

    [Theory]
    [InlineData("kvm", true)]
    [InlineData("kvm\\Domains", true)]
    [InlineData("kvm\\Domains\\web1", false)]
    [InlineData("kvm\\StoragePools\\images", true)]
    [InlineData("kvm\\StoragePools\\images\\v", false)]
    [InlineData("kvm\\Networks\\lan", false)]
    [InlineData("kvm\\Snapshots\\web1", true)]
    [InlineData("kvm\\Snapshots\\web1\\s1", false)]
    public void Knows_containers(string path, bool container) =>
        Assert.Equal(container, LibvirtPath.Parse(path).IsContainer);

    [Fact]
    public void Splits_on_both_separators_dropping_empty_segments() =>
        Assert.Equal(new[] { "a", "b c", "d" }, LibvirtPath.Split("\\a//b c\\/d/"));
}
