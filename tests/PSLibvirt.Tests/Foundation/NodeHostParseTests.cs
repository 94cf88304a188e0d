using System;
using System.Collections.Generic;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>SysInfoParser (virsh sysinfo's XML) and the percentages of NodeCpuStatsApi.Usage (virsh nodecpustats --percent).</summary>
public class NodeHostParseTests
{
    [Fact]
    public void ReadsSmbiosSectionsAndKeepsUnknownOnes()
    {
        var info = SysInfoParser.Parse("""
            <sysinfo type='smbios'>
              <bios><entry name='vendor'>SeaBIOS</entry><entry name='version'>1.16</entry></bios>
              <system><entry name='manufacturer'>QEMU</entry><entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry></system>
              <baseBoard><entry name='product'>A</entry></baseBoard>
              <baseBoard><entry name='product'>B</entry></baseBoard>
              <processor><entry name='socket_destination'>CPU 0</entry></processor>
              <memory_device><entry name='size'>4096 MB</entry></memory_device>
              <oemStrings><entry>one</entry><entry>two</entry></oemStrings>
              <fwcfg><entry name='opt/x'>y</entry></fwcfg>
            </sysinfo>
            """, null);
        Assert.Equal("smbios", info.Type);
        Assert.Equal("SeaBIOS", info.Bios!["vendor"]);
        Assert.Equal("QEMU", info.System!["MANUFACTURER"]);
        Assert.Null(info.Chassis);
        Assert.Equal(new[] { "A", "B" }, Array.ConvertAll(info.BaseBoard, b => b["product"]));
        Assert.Equal("CPU 0", Assert.Single(info.Processor)["socket_destination"]);
        Assert.Equal("4096 MB", Assert.Single(info.MemoryDevice)["size"]);
        Assert.Equal(new[] { "one", "two" }, info.OemStrings);
        Assert.Equal("fwcfg", Assert.Single(info.Other).Kind);
        Assert.Equal("vendor=SeaBIOS, version=1.16", info.Bios.ToString());
    }

    [Fact]
    public void RefusesAnotherDocument() => Assert.Throws<FormatException>(() => SysInfoParser.Parse("<capabilities/>", null));

    [Fact]
    public void PercentagesAreEachCountersShareOfTheGrowth()
    {
        var before = new Dictionary<string, ulong> { ["kernel"] = 100, ["user"] = 200, ["idle"] = 1000, ["iowait"] = 0 };
        var after = new Dictionary<string, ulong> { ["kernel"] = 150, ["user"] = 350, ["idle"] = 1750, ["iowait"] = 50 };
        var u = NodeCpuStatsApi.Usage(before, after, 3, TimeSpan.FromSeconds(1), null);
        Assert.Equal(3, u.Cpu);
        Assert.Equal(5.0, u.System);
        Assert.Equal(15.0, u.User);
        Assert.Equal(75.0, u.Idle);
        Assert.Equal(5.0, u.IOWait);
        Assert.Equal(25.0, u.Usage);
    }

    [Fact]
    public void CountersThatDoNotMoveGiveNoPercentages()
    {
        var same = new Dictionary<string, ulong> { ["kernel"] = 1, ["user"] = 2, ["idle"] = 3, ["iowait"] = 4 };
        var u = NodeCpuStatsApi.Usage(same, same, NodeCpuStatsApi.AllCpus, TimeSpan.FromSeconds(1), null);
        Assert.Null(u.Cpu);
        Assert.Null(u.Usage);
        Assert.Null(u.Idle);
    }
}
