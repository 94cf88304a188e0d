using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>virDomainMemoryStats' tags named as virsh names them, and the model's units.</summary>
public class MemoryStatisticsTests
{
    [Theory]
    [InlineData(0, "swap_in")]
    [InlineData(2, "major_fault")]
    [InlineData(6, "actual")]
    [InlineData(7, "rss")]
    [InlineData(9, "last_update")]
    [InlineData(10, "disk_caches")]
    [InlineData(12, "hugetlb_pgfail")]
    [InlineData(13, "13")]
    [InlineData(99, "99")]
    public void A_tag_has_libvirts_name_or_its_number(int tag, string name) => Assert.Equal(name, DomainApi.MemoryStatName(tag));

    [Fact]
    public void KiB_become_bytes_counts_stay_counts_and_missing_values_are_null()
    {
        var s = DomainApi.ToMemoryStatistics(new Dictionary<string, ulong> { ["actual"] = 2048, ["major_fault"] = 7, ["last_update"] = 0 }, "web", Guid.Empty, null);
        Assert.Equal(2048 * 1024, s.ActualBalloonBytes);
        Assert.Equal(7, s.MajorFaults);
        Assert.Null(s.RssBytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0).LocalDateTime, s.LastUpdate);
        Assert.Equal(3, s.Values.Count);
    }
}
