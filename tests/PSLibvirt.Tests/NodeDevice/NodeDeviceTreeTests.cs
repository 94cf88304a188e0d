using System.Linq;
using PSLibvirt.Core;
using Xunit;
using Model = PSLibvirt.NodeDevice;

namespace PSLibvirt.Tests.NodeDevice;

/// <summary>NodeDeviceTree: the order, depths and lines of virsh nodedev-list --tree, from each device's Parent.</summary>
public class NodeDeviceTreeTests
{
    private static Model D(string name, string? parent = null) => new() { Name = name, Parent = parent };

    private static readonly Model[] Host =
    {
        D("pci_0000_00_02_0", "computer"), D("computer"), D("block_vda", "pci_0000_00_02_0"),
        D("net_lo", "computer"), D("pci_0000_00_03_0", "computer"), D("net_eth0", "pci_0000_00_03_0"),
    };

    [Fact]
    public void OrdersParentsBeforeChildrenAndSiblingsByName()
    {
        var lines = NodeDeviceTree.Order(Host);
        Assert.Equal(new[] { "computer", "net_lo", "pci_0000_00_02_0", "block_vda", "pci_0000_00_03_0", "net_eth0" }, lines.Select(l => l.Device.Name));
        Assert.Equal(new[] { 0, 1, 1, 2, 1, 2 }, lines.Select(l => l.Depth));
    }

    [Fact]
    public void DrawsTheLinesWithAsciiBranches()
    {
        Assert.Equal(new[]
        {
            "computer",
            "+- net_lo",
            "+- pci_0000_00_02_0",
            "|  `- block_vda",
            "`- pci_0000_00_03_0",
            "   `- net_eth0",
        }, NodeDeviceTree.Order(Host).Select(l => l.Line));
    }

    [Fact]
    public void TreatsADeviceWhoseParentIsNotListedAsARoot()
    {
        var lines = NodeDeviceTree.Order(new[] { D("scsi_host11", "scsi_host1"), D("scsi_host2", "computer") });
        Assert.Equal(new[] { ("scsi_host11", 0), ("scsi_host2", 0) }, lines.Select(l => (l.Device.Name, l.Depth)));
    }

    [Fact]
    public void SurvivesAParentCycle()
    {
        var lines = NodeDeviceTree.Order(new[] { D("a", "b"), D("b", "a"), D("c") });
        Assert.Equal(new[] { "c" }, lines.Select(l => l.Device.Name)); // a and b have no root: nothing to hang them on, and no endless loop
    }

    [Fact]
    public void FindsAllDescendants() =>
        Assert.Equal(new[] { "block_vda", "net_eth0", "net_lo", "pci_0000_00_02_0", "pci_0000_00_03_0" },
            NodeDeviceTree.Descendants(Host[1], Host).Select(d => d.Name).OrderBy(n => n, System.StringComparer.Ordinal));
}
