using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Binding;

[Collection(LibvirtCollection.Name)]
public sealed unsafe class TypedParametersTests
{
    private const uint StringOkay = (uint)VirTypedParameterFlags.VIR_TYPED_PARAM_STRING_OKAY;

    [Fact]
    public void SchedulerParametersRoundTrip()
    {
        using var conn = TestDriver.Open();
        using var dom = TestDriver.Domain(conn);
        IReadOnlyDictionary<string, object> Get() => TypedParameters.GetWithCount(
            count => Libvirt.virDomainGetSchedulerType(dom, count) is null ? -1 : 0,
            (p, n) => Libvirt.virDomainGetSchedulerParameters(dom, p, n)); // the test driver rejects the Flags variant (libvirt adds STRING_OKAY)

        var before = Get();
        Assert.Equal(50u, before["weight"]);

        // The test driver validates the array (names and types) but does not store the value (virsh schedinfo
        // --set weight=77 behaves the same), so the round trip is: accepted, rejected when malformed, unchanged.
        using (var list = new TypedParameterList().AddUInt("weight", 77))
            Assert.Equal(0, Libvirt.virDomainSetSchedulerParameters(dom, list.Pointer, list.Count));
        using (var list = TypedParameters.Build(new Dictionary<string, object> { ["weight"] = 77u }))
            Assert.Equal(0, Libvirt.virDomainSetSchedulerParametersFlags(dom, list.Pointer, list.Count, 0));
        using (var list = TypedParameters.Build(new Dictionary<string, object> { ["weight"] = "heavy" }))
        {
            Assert.Equal(-1, Libvirt.virDomainSetSchedulerParameters(dom, list.Pointer, list.Count));
            TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_INVALID_ARG);
        }
        Assert.Equal(50u, Get()["weight"]);
    }

    [Fact]
    public void MemoryAndBlkioParametersUseTheCountPattern()
    {
        using var conn = TestDriver.Open();
        using var dom = TestDriver.Domain(conn);
        var mem = TypedParameters.GetWithCount((p, n) => Libvirt.virDomainGetMemoryParameters(dom, p, n, StringOkay));
        Assert.Equal(LibvirtConstants.VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, (long)(ulong)mem[LibvirtConstants.VIR_DOMAIN_MEMORY_HARD_LIMIT]);
        var blkio = TypedParameters.GetWithCount((p, n) => Libvirt.virDomainGetBlkioParameters(dom, p, n, StringOkay));
        Assert.IsType<uint>(blkio[LibvirtConstants.VIR_DOMAIN_BLKIO_WEIGHT]);
        Assert.IsType<string>(blkio[LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_WEIGHT]);
    }

    [Fact]
    public void AllDomainStatsRecordsCarryTypedParameters()
    {
        using var conn = TestDriver.Open();
        VirDomainStatsRecord** records = null;
        int n = Libvirt.virConnectGetAllDomainStats(conn, (uint)VirDomainStatsTypes.VIR_DOMAIN_STATS_STATE, &records, 0);
        Assert.True(n >= 1, Libvirt.virGetLastErrorMessage());
        try
        {
            // test:///default is shared by the process: a test of another class may have defined a domain for a
            // moment, so the record of 'test' is looked for rather than taken to be the first.
            int at = -1;
            for (int i = 0; i < n && at < 0; i++)
            {
                // The record owns its domain reference: wrap it, use it, and mark the wrapper invalid so it never frees it.
                var borrowed = PSLibvirt.Handles.LibvirtHandle.FromOwned<PSLibvirt.Handles.DomainHandle>(records[i]->dom);
                try { if (Libvirt.virDomainGetName(borrowed) == "test") at = i; }
                finally { borrowed.SetHandleAsInvalid(); }
            }
            Assert.True(at >= 0, "no record of the domain 'test'");
            var stats = TypedParameters.Read(records[at]->@params, records[at]->nparams);
            Assert.Equal((int)VirDomainState.VIR_DOMAIN_RUNNING, stats["state.state"]);
        }
        finally
        {
            Libvirt.virDomainStatsRecordListFree(records);
        }
    }

    [Fact]
    public void AllValueTypesRoundTripThroughTheNativeArray()
    {
        using var list = TypedParameters.Build(new Dictionary<string, object>
        {
            ["i"] = -5, ["ui"] = 5u, ["l"] = -(1L << 40), ["ul"] = 1UL << 63, ["d"] = 2.5, ["b"] = true, ["s"] = "héllo",
        });
        Assert.Equal(7, list.Count);
        var back = list.ToDictionary();
        Assert.Equal(-5, back["i"]);
        Assert.Equal(5u, back["ui"]);
        Assert.Equal(-(1L << 40), back["l"]);
        Assert.Equal(1UL << 63, back["ul"]);
        Assert.Equal(2.5, back["d"]);
        Assert.Equal(true, back["b"]);
        Assert.Equal("héllo", back["s"]);
        int got = 0;
        Assert.Equal(1, Libvirt.virTypedParamsGetInt(list.Pointer, list.Count, "i", &got));
        Assert.Equal(-5, got);
    }

    [Fact]
    public void RepeatedNamesBecomeAnArray()
    {
        using var list = new TypedParameterList().AddString(LibvirtConstants.VIR_MIGRATE_PARAM_MIGRATE_DISKS, "vda").AddString(LibvirtConstants.VIR_MIGRATE_PARAM_MIGRATE_DISKS, "vdb");
        Assert.Equal(new object[] { "vda", "vdb" }, list.ToDictionary()[LibvirtConstants.VIR_MIGRATE_PARAM_MIGRATE_DISKS]);
    }

    [Fact]
    public void UnsupportedValueTypeAndDisposeAreSafe()
    {
        var list = new TypedParameterList();
        Assert.Throws<ArgumentException>(() => list.Add("x", new object()));
        list.Dispose();
        list.Dispose();
        Assert.Throws<ObjectDisposedException>(() => list.AddInt("x", 1));
    }

    [Fact]
    public void FailedCallThrowsWithLibvirtMessage()
    {
        using var conn = TestDriver.Open();
        using var dom = TestDriver.Domain(conn);
        var ex = Assert.Throws<LibvirtException>(() =>
            TypedParameters.GetWithCount((p, n) => Libvirt.virDomainGetNumaParameters(dom, p, n, 0xFFFF)));
        Assert.Equal(VirErrorNumber.VIR_ERR_INVALID_ARG, ex.Code);
        Assert.Contains("unsupported flags", ex.Message);
    }
}
