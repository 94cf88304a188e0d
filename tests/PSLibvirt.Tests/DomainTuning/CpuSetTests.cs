using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.DomainTuning;

/// <summary>libvirt's CPU list syntax (virsh vcpupin, emulatorpin, setvcpu) and CPU maps.</summary>
public sealed class CpuSetTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData(" 3 , 1 ", new[] { 1, 3 })]
    [InlineData("0-3,^2", new[] { 0, 1, 3 })]
    [InlineData("^2,0-3", new[] { 0, 1, 3 })]
    [InlineData("0-7,^2-5", new[] { 0, 1, 6, 7 })]
    [InlineData("1,1,0-1", new[] { 0, 1 })]
    [InlineData("9", new[] { 9 })]
    public void Parses_numbers_ranges_and_exclusions(string text, int[] expected) =>
        Assert.Equal(expected, CpuSet.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("1-")]
    [InlineData("3-1")]
    [InlineData("0,,1")]
    [InlineData("^0")]
    [InlineData("0-1,^0-1")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("99999999999")]
    public void Refuses_what_does_not_parse_or_leaves_nothing(string text) =>
        Assert.Throws<FormatException>(() => CpuSet.Parse(text));

    [Fact]
    public void A_limit_refuses_numbers_at_or_above_it_and_says_which_exist()
    {
        Assert.Equal(new[] { 0, 1 }, CpuSet.Parse("0-1", limit: 2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CpuSet.Parse("0-2", limit: 2));
        Assert.Contains("names CPU 2, but there are only 2 (0-1)", e.Message);
        Assert.Contains("vCPU 4", Assert.Throws<ArgumentOutOfRangeException>(() => CpuSet.Parse("4", limit: 1, what: "vCPU")).Message);
    }

    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 3, 0, 1 }, "0-1,3")]
    [InlineData(new[] { 0, 2, 4, 5, 6, 9 }, "0,2,4-6,9")]
    public void Formats_in_the_shortest_form(int[] cpus, string expected)
    {
        Assert.Equal(expected, CpuSet.Format(cpus));
        if (cpus.Length > 0) Assert.Equal(cpus.OrderBy(c => c), CpuSet.Parse(expected));
    }

    [Fact]
    public void Maps_have_one_bit_per_host_cpu()
    {
        Assert.Equal(1, CpuSet.MapLength(1));
        Assert.Equal(1, CpuSet.MapLength(8));
        Assert.Equal(2, CpuSet.MapLength(9));
        var map = CpuSet.ToMap(new[] { 0, 3, 8 }, 10);
        Assert.Equal(new byte[] { 0b1001, 0b1 }, map);
        Assert.Equal(new[] { 0, 3, 8 }, CpuSet.FromMap(map, 10));
        // Bits beyond the host's CPUs are not CPUs.
        Assert.Equal(new[] { 0 }, CpuSet.FromMap(new byte[] { 0xFF }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuSet.ToMap(new[] { 10 }, 10));
    }
}
