using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>Domain statistics: record parsing (field names to vCPU/block/interface entries, units) and the bulk reads on the test driver.</summary>
[Collection(LibvirtCollection.Name)]
public sealed class DomainStatsApiTests
{
    private static DomainStatistics Parse(params (string Field, object? Value)[] fields) =>
        DomainStatsApi.Parse("vm", Guid.Empty, null, DateTime.UtcNow, fields.Select(f => new KeyValuePair<string, object?>(f.Field, f.Value)));

    [Theory]
    [InlineData("block.0.rd.bytes", "block", 0, "rd.bytes")]
    [InlineData("block.12.name", "block", 12, "name")]
    [InlineData("net.3.tx.drop", "net", 3, "tx.drop")]
    [InlineData("vcpu.1.time", "vcpu", 1, "time")]
    public void SplitsNumberedFields(string field, string prefix, int index, string rest)
    {
        Assert.True(DomainStatsApi.TrySplitIndexed(field, prefix, out int i, out string r));
        Assert.Equal(index, i);
        Assert.Equal(rest, r);
    }

    [Theory]
    [InlineData("block.count", "block")]
    [InlineData("vcpu.current", "vcpu")]
    [InlineData("vcpu.maximum", "vcpu")]
    [InlineData("net.count", "net")]
    [InlineData("netx.0.name", "net")]
    [InlineData("block.0.", "block")]
    [InlineData("block..name", "block")]
    [InlineData("block.-1.name", "block")]
    [InlineData("block.99999999999.name", "block")]
    [InlineData("block", "block")]
    [InlineData("cpu.time", "block")]
    public void LeavesOtherFieldsAlone(string field, string prefix) =>
        Assert.False(DomainStatsApi.TrySplitIndexed(field, prefix, out _, out _));

    [Fact]
    public void MapsBlockFieldsToTheirDiskByIndex()
    {
        var s = Parse(
            ("block.count", 2u),
            ("block.0.name", "vda"), ("block.0.path", "/var/lib/a.img"),
            ("block.1.name", "hdc"),
            ("block.0.rd.reqs", 10UL), ("block.0.rd.bytes", 4096UL), ("block.0.rd.times", 1500UL),
            ("block.0.wr.reqs", 2UL), ("block.0.wr.bytes", 1024UL), ("block.0.fl.reqs", 1UL), ("block.0.fl.times", 100UL),
            ("block.0.errors", 0L), ("block.0.allocation", 512UL), ("block.0.capacity", 1048576UL), ("block.0.physical", 2048UL),
            ("block.1.rd.bytes", 100UL), ("block.1.backingIndex", 1u));
        Assert.Equal(2, s.Block.Length);
        var a = s.Block[0];
        Assert.Equal((0, "vda", "/var/lib/a.img"), (a.Index, a.Name, a.Path));
        Assert.Equal(10, a.ReadRequests);
        Assert.Equal(4096, a.ReadBytes);
        Assert.Equal(TimeSpan.FromTicks(15), a.ReadTime);
        Assert.Equal(2, a.WriteRequests);
        Assert.Equal(1024, a.WriteBytes);
        Assert.Null(a.WriteTime);
        Assert.Equal(1, a.FlushRequests);
        Assert.Equal(TimeSpan.FromTicks(1), a.FlushTime);
        Assert.Equal(0, a.Errors);
        Assert.Equal((512L, 1048576L, 2048L), (a.AllocationBytes!.Value, a.CapacityBytes!.Value, a.PhysicalBytes!.Value));
        var b = s.Block[1];
        Assert.Equal((1, "hdc"), (b.Index, b.Name));
        Assert.Null(b.Path);
        Assert.Equal(1, b.BackingIndex);
        Assert.Equal(4196, s.BlockReadBytes);
        Assert.Equal(1024, s.BlockWriteBytes);
        Assert.Equal(17, s.Raw.Count);
        Assert.Equal(2u, s.Raw["block.count"]);
    }

    [Fact]
    public void MapsInterfaceFieldsToTheirInterfaceByIndex()
    {
        var s = Parse(
            ("net.count", 2u),
            ("net.1.name", "vnet1"), ("net.1.rx.bytes", 7UL),
            ("net.0.name", "vnet0"), ("net.0.rx.bytes", 100UL), ("net.0.rx.pkts", 3UL), ("net.0.rx.errs", 1UL), ("net.0.rx.drop", 2UL),
            ("net.0.tx.bytes", 200UL), ("net.0.tx.pkts", 4UL), ("net.0.tx.errs", 5UL), ("net.0.tx.drop", 6UL));
        Assert.Equal(new[] { 0, 1 }, s.Network.Select(n => n.Index));
        var n0 = s.Network[0];
        Assert.Equal("vnet0", n0.Name);
        Assert.Equal((100L, 3L, 1L, 2L), (n0.RxBytes!.Value, n0.RxPackets!.Value, n0.RxErrors!.Value, n0.RxDrops!.Value));
        Assert.Equal((200L, 4L, 5L, 6L), (n0.TxBytes!.Value, n0.TxPackets!.Value, n0.TxErrors!.Value, n0.TxDrops!.Value));
        Assert.Equal("vnet1", s.Network[1].Name);
        Assert.Null(s.Network[1].TxBytes);
        Assert.Equal(107, s.NetworkRxBytes);
        Assert.Equal(200, s.NetworkTxBytes);
        // Raw keeps libvirt's order, not the sorted one.
        Assert.Equal("net.1.name", s.Raw.Cast<System.Collections.DictionaryEntry>().ElementAt(1).Key);
    }

    [Fact]
    public void ReadsStateCpuVCpusAndBalloonWithTheirUnits()
    {
        var s = Parse(
            ("state.state", (int)VirDomainState.VIR_DOMAIN_PAUSED), ("state.reason", (int)VirDomainPausedReason.VIR_DOMAIN_PAUSED_USER),
            ("cpu.time", 2_000_000_000UL), ("cpu.user", 1_000_000_000UL), ("cpu.system", 500_000_000UL),
            ("vcpu.current", 2u), ("vcpu.maximum", 4u),
            ("vcpu.0.state", (int)VirVcpuState.VIR_VCPU_RUNNING), ("vcpu.0.time", 1_000_000UL), ("vcpu.0.wait", 300UL), ("vcpu.0.halted", true),
            ("vcpu.1.state", (int)VirVcpuState.VIR_VCPU_OFFLINE), ("vcpu.1.delay", 1000UL),
            ("balloon.current", 65536UL), ("balloon.maximum", 131072UL), ("balloon.rss", 1024UL),
            ("balloon.usable", 2048UL), ("balloon.available", 4096UL), ("balloon.unused", 512UL),
            ("perf.cmt", 5UL), ("new.field", 1.5));
        Assert.Equal(PSLibvirt.DomainState.Paused, s.State);
        Assert.Equal("User", s.StateReason);
        Assert.Equal(TimeSpan.FromSeconds(2), s.CpuTime);
        Assert.Equal(TimeSpan.FromSeconds(1), s.CpuUser);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.CpuSystem);
        Assert.Equal(2, s.VCpuCount);
        Assert.Equal(4, s.VCpuMaximum);
        Assert.Equal(2, s.VCpus.Length);
        Assert.Equal(((VCpuState?)VCpuState.Running, TimeSpan.FromMilliseconds(1), TimeSpan.FromTicks(3), (bool?)true), (s.VCpus[0].State, s.VCpus[0].Time!.Value, s.VCpus[0].Wait!.Value, s.VCpus[0].Halted));
        Assert.Equal(VCpuState.Offline, s.VCpus[1].State);
        Assert.Null(s.VCpus[1].Time);
        Assert.Equal(TimeSpan.FromTicks(10), s.VCpus[1].Delay);
        Assert.Equal(64L * 1024 * 1024, s.MemoryCurrentBytes);
        Assert.Equal(128L * 1024 * 1024, s.MemoryMaximumBytes);
        Assert.Equal(1024L * 1024, s.MemoryRssBytes);
        Assert.Equal(2048L * 1024, s.MemoryUsableBytes);
        Assert.Equal(4096L * 1024, s.MemoryAvailableBytes);
        Assert.Equal(512L * 1024, s.MemoryUnusedBytes);
        Assert.Empty(s.Block);
        Assert.Null(s.BlockReadBytes);
        // Groups without typed properties, and unknown fields, are kept in Raw.
        Assert.Equal(5UL, s.Raw["perf.cmt"]);
        Assert.Equal(1.5, s.Raw["new.field"]);
    }

    [Fact]
    public void LeavesUnreportedAndMistypedFieldsEmpty()
    {
        var s = Parse(("cpu.time", "not a number"), ("vcpu.2.state", 42), ("block.0.name", 7));
        Assert.Null(s.State);
        Assert.Null(s.StateReason);
        Assert.Null(s.CpuTime);
        Assert.Equal((VCpuState)42, s.VCpus.Single().State);
        Assert.Equal("42", s.VCpus.Single().State.ToString());
        Assert.Equal(2, s.VCpus.Single().Index);
        Assert.Null(s.Block.Single().Name);
        Assert.Equal(3, s.Raw.Count);
    }

    [Fact]
    public void ReadsEveryDomainOfTheTestDriverInOneCall()
    {
        using var c = LibvirtConnection.Open("test://" + LibvirtFixture.NodeFile);
        var all = DomainStatsApi.GetAll(c, null, 0, 0);
        Assert.Equal(new[] { "db1", "web1" }, all.Select(s => s.Name).Order());
        Assert.All(all, s => Assert.Equal(PSLibvirt.DomainState.Running, s.State));
        Assert.All(all, s => Assert.Equal(new[] { "state.state", "state.reason" }, s.Raw.Keys.Cast<string>()));
        Assert.All(all, s => Assert.NotEqual(Guid.Empty, s.Uuid));

        var web = Assert.Single(DomainStatsApi.GetMatching(c, null, n => n == "web1", 0, 0));
        Assert.Equal("web1", web.Name);
        Assert.Empty(DomainStatsApi.GetMatching(c, null, _ => false, 0, 0));
        var byUuid = Assert.Single(DomainStatsApi.GetByUuid(c, null, new HashSet<Guid> { web.Uuid, Guid.NewGuid() }, 0, 0));
        Assert.Equal(web.Uuid, byUuid.Uuid);
    }

    [Fact]
    public unsafe void RawBuiltOnFirstUseEqualsTheRecordReadEagerly()
    {
        using var c = LibvirtConnection.Open("test:///default");
        // The oracle: every record's fields read straight from libvirt's answer into an OrderedDictionary, as Raw was
        // built before it became lazy.
        var expected = new Dictionary<string, System.Collections.Specialized.OrderedDictionary>();
        VirDomainStatsRecord** records = null;
        int n = Libvirt.virConnectGetAllDomainStats(c.Handle, 0, &records, 0);
        Assert.True(n > 0);
        try
        {
            for (int i = 0; i < n; i++)
            {
                var raw = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
                for (int j = 0; j < records[i]->nparams; j++)
                    raw[Utf8.Read(records[i]->@params[j].field)!] = TypedParameters.ReadValue(&records[i]->@params[j]);
                using var h = PSLibvirt.Handles.LibvirtHandle.Cursor<PSLibvirt.Handles.DomainHandle>(); // the record list owns the reference
                h.MoveTo(records[i]->dom);
                expected[DomainApi.GetName(h)] = raw;
            }
        }
        finally { Libvirt.virDomainStatsRecordListFree(records); }

        var all = DomainStatsApi.GetAll(c, null, 0, 0);
        Assert.Equal(expected.Keys.Order(), all.Select(s => s.Name).Order());
        foreach (var s in all)
        {
            var want = expected[s.Name];
            Assert.NotEmpty(want);
            Assert.Equal(want.Keys.Cast<string>(), s.Raw.Keys.Cast<string>());
            Assert.Equal(want.Values.Cast<object>(), s.Raw.Values.Cast<object>());
            Assert.Equal(want.Values.Cast<object>().Select(v => v.GetType()), s.Raw.Values.Cast<object>().Select(v => v.GetType()));
            Assert.Same(s.Raw, s.Raw);
        }
    }

    [Fact]
    public void RepeatedFieldKeepsItsFirstPlaceInRawAndItsLastValueEverywhere()
    {
        var s = Parse(("state.state", 1), ("cpu.time", 100UL), ("state.state", 3), ("block.0.name", "a"), ("block.0.name", "b"));
        Assert.Equal(new[] { "state.state", "cpu.time", "block.0.name" }, s.Raw.Keys.Cast<string>());
        Assert.Equal(3, s.Raw["state.state"]);
        Assert.Equal(PSLibvirt.DomainState.Paused, s.State);
        Assert.Equal("b", s.Block.Single().Name);
        Assert.Equal("b", s.Raw["block.0.name"]);
    }

    [Fact]
    public unsafe void FieldNamesAreDecodedOncePerCallAndFollowTheirPosition()
    {
        var names = new DomainStatsApi.FieldNames();
        var p = stackalloc VirTypedParameter[3];
        void Set(int i, string name)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(name + "\0");
            bytes.CopyTo(new Span<byte>(p[i].field, 80));
        }
        Set(0, "state.state"); Set(1, "state.reason"); Set(2, "vcpu.0.time");
        string a = names.Get(p[0].field, 0), b = names.Get(p[1].field, 1), d = names.Get(p[2].field, 2);
        Assert.Equal(("state.state", "state.reason", "vcpu.0.time"), (a, b, d));
        // The next record: the same names are the same strings; a different name at a position is read, not reused.
        Set(1, "vcpu.0.time"); Set(2, "state.reason");
        Assert.Same(a, names.Get(p[0].field, 0));
        Assert.Same(d, names.Get(p[1].field, 1));
        Assert.Same(b, names.Get(p[2].field, 2));
        // A name filling the whole field (no NUL in it) is read up to its length.
        var full = new string('x', 80);
        System.Text.Encoding.ASCII.GetBytes(full).CopyTo(new Span<byte>(p[0].field, 80));
        Assert.Equal(full, names.Get(p[0].field, 0));
        Assert.Equal("state.reason", names.Get(p[2].field, 40));
    }

    [Fact]
    public void ListGetStatsAnswersInInputOrderWithDuplicates()
    {
        using var c = LibvirtConnection.Open("test://" + LibvirtFixture.NodeFile);
        using var web = DomainApi.LookupByName(c, "web1");
        using var db = DomainApi.LookupByName(c, "db1");
        var result = DomainStatsApi.GetFor(c, new[] { web, db, web }, null, (uint)VirDomainStatsTypes.VIR_DOMAIN_STATS_STATE, 0);
        Assert.Equal(new[] { "web1", "db1", "web1" }, result.Select(s => s!.Name));
    }

    [Fact]
    public void EnforcedUnsupportedGroupIsLibvirtsError()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var ex = Assert.Throws<LibvirtException>(() => DomainStatsApi.GetAll(c, null, (uint)VirDomainStatsTypes.VIR_DOMAIN_STATS_CPU_TOTAL,
            VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS));
        Assert.Equal(VirErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED, ex.Code);
    }
}
