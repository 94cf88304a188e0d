using System.Management.Automation;
using PSLibvirt.Commands;
using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;
using F = PSLibvirt.Native.VirDomainMigrateFlags;

namespace PSLibvirt.Tests.Domain;

/// <summary>Move-Domain's switches as libvirt's VIR_MIGRATE_* flags and typed parameters, and its progress text.</summary>
[Collection(LibvirtCollection.Name)]
public sealed class DomainMigrationTests
{
    [Fact]
    public void A_running_domain_moves_live_by_default_and_a_stopped_one_offline_and_persistent()
    {
        Assert.Equal(F.VIR_MIGRATE_LIVE, DomainMigration.Flags(new MigrationOptions(), active: true));
        Assert.Equal(F.VIR_MIGRATE_OFFLINE | F.VIR_MIGRATE_PERSIST_DEST, DomainMigration.Flags(new MigrationOptions(), active: false));
        // -Offline on a running domain copies its definition only.
        Assert.Equal(F.VIR_MIGRATE_OFFLINE | F.VIR_MIGRATE_PERSIST_DEST, DomainMigration.Flags(new MigrationOptions { Offline = true }, active: true));
        // Live = false is virsh's default: the guest is paused while its memory is copied.
        Assert.Equal((F)0, DomainMigration.Flags(new MigrationOptions { Live = false }, active: true));
    }

    [Theory]
    [InlineData(nameof(MigrationOptions.Persistent), F.VIR_MIGRATE_PERSIST_DEST)]
    [InlineData(nameof(MigrationOptions.UndefineSource), F.VIR_MIGRATE_UNDEFINE_SOURCE)]
    [InlineData(nameof(MigrationOptions.Compressed), F.VIR_MIGRATE_COMPRESSED)]
    [InlineData(nameof(MigrationOptions.AutoConverge), F.VIR_MIGRATE_AUTO_CONVERGE)]
    [InlineData(nameof(MigrationOptions.PostCopy), F.VIR_MIGRATE_POSTCOPY)]
    [InlineData(nameof(MigrationOptions.PeerToPeer), F.VIR_MIGRATE_PEER2PEER)]
    [InlineData(nameof(MigrationOptions.Tunnelled), F.VIR_MIGRATE_TUNNELLED)]
    public void Each_switch_adds_its_one_flag(string option, F flag)
    {
        var o = new MigrationOptions();
        typeof(MigrationOptions).GetProperty(option)!.SetValue(o, true);
        Assert.Equal(F.VIR_MIGRATE_LIVE | flag, DomainMigration.Flags(o, active: true));
    }

    [Theory]
    [InlineData(MigrationStorageCopy.None, (F)0)]
    [InlineData(MigrationStorageCopy.All, F.VIR_MIGRATE_NON_SHARED_DISK)]
    [InlineData(MigrationStorageCopy.Incremental, F.VIR_MIGRATE_NON_SHARED_INC)]
    public void CopyStorage_is_one_of_the_two_non_shared_flags(MigrationStorageCopy copy, F flag) =>
        Assert.Equal(F.VIR_MIGRATE_LIVE | flag, DomainMigration.Flags(new MigrationOptions { CopyStorage = copy }, active: true));

    [Fact]
    public void Bandwidth_and_MigrationUri_are_typed_parameters_and_nothing_else_is()
    {
        Assert.Empty(DomainMigration.Parameters(new MigrationOptions { MaxDowntimeMs = 50, Compressed = true }));
        var p = DomainMigration.Parameters(new MigrationOptions { BandwidthMiBps = 8, MigrationUri = "tcp://127.0.0.1" });
        // Built into libvirt's own array and read back: the types are libvirt's (bandwidth is an unsigned long long).
        using var list = TypedParameters.Build(p);
        var back = list.ToDictionary();
        Assert.Equal(2, back.Count);
        Assert.Equal(8UL, back[LibvirtConstants.VIR_MIGRATE_PARAM_BANDWIDTH]);
        Assert.Equal("tcp://127.0.0.1", back[LibvirtConstants.VIR_MIGRATE_PARAM_URI]);
    }

    [Fact]
    public void Job_statistics_become_a_progress_record()
    {
        var stats = new Dictionary<string, object>
        {
            ["time_elapsed"] = 2500UL, ["data_processed"] = 32UL << 20, ["data_remaining"] = 32UL << 20, ["data_total"] = 64UL << 20,
            ["memory_bps"] = 8UL << 20, ["memory_dirty_rate"] = 256UL, ["memory_page_size"] = 4096UL, ["memory_iteration"] = 2UL,
            ["downtime"] = 300UL,
        };
        var p = MigrationProgress.FromStats(stats);
        Assert.Equal(50, p.PercentComplete);
        Assert.Equal(1UL << 20, p.DirtyBytesPerSecond);
        var r = PSLibvirt.Services.MigrationProgressRecord.Describe(new ProgressRecord(1, "Moving", "x"), p);
        Assert.Equal("32 MiB of 64 MiB, 32 MiB left, 8 MiB/s, dirty 1 MiB/s, iteration 2, expected downtime 300 ms, 2.5 s", r.StatusDescription);
        Assert.Equal(50, r.PercentComplete);
        Assert.Equal(4, r.SecondsRemaining);
    }

    [Fact]
    public void Missing_statistics_give_no_percentage_and_no_estimate()
    {
        var p = MigrationProgress.FromStats(new Dictionary<string, object> { ["time_elapsed"] = 100UL });
        Assert.Null(p.PercentComplete);
        var r = PSLibvirt.Services.MigrationProgressRecord.Describe(new ProgressRecord(1, "Moving", "x"), p);
        Assert.Equal("0.1 s", r.StatusDescription);
        Assert.Equal(-1, r.PercentComplete);
        Assert.Equal(-1, r.SecondsRemaining);
    }

    [Fact]
    public void The_test_driver_cannot_migrate_and_says_so_and_the_domain_stays()
    {
        // Real libvirt: two test-driver connections; the driver has no migration entry points.
        using var source = LibvirtConnection.Open("test:///default");
        using var destination = LibvirtConnection.Open("test:///default");
        using var h = DomainApi.LookupByName(source, "test");
        var e = Assert.Throws<LibvirtException>(() =>
            DomainMigration.Migrate(h, destination, new MigrationOptions(), F.VIR_MIGRATE_LIVE, null, CancellationToken.None));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_SUPPORT, e.Code);
        Assert.Equal(DomainState.Running, DomainApi.GetState(h).State);
    }

    [Fact]
    public void A_move_on_the_drive_keeps_a_persistent_domain_persistent_and_takes_it_off_the_source()
    {
        var persistent = new PSLibvirt.Provider.DomainMoveParameters { Bandwidth = 50 }.Options(persistent: true);
        Assert.True(persistent.Persistent);
        Assert.True(persistent.UndefineSource);
        Assert.Null(persistent.Live);   // live when it runs, offline when not: decided by Flags
        Assert.Equal(50UL, persistent.BandwidthMiBps);
        Assert.Null(persistent.MaxDowntimeMs);
        var transient = new PSLibvirt.Provider.DomainMoveParameters { Live = true }.Options(persistent: false);
        Assert.False(transient.Persistent);
        Assert.False(transient.UndefineSource);
        Assert.True(transient.Live);
    }

    [Fact]
    public void The_test_driver_keeps_no_migration_settings_so_each_reads_as_null_and_setting_is_refused()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var h = DomainApi.LookupByName(c, "test");
        var p = DomainMigrationTuning.Get(h);
        Assert.Null(p.MaxDowntimeMs);
        Assert.Null(p.BandwidthMiBps);
        Assert.Null(p.PostCopyBandwidthMiBps);
        Assert.Null(p.CompressionCacheBytes);
        var e = Assert.Throws<LibvirtException>(() => DomainMigrationTuning.Set(h, null, 10, null, null));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_SUPPORT, e.Code);
    }
}
