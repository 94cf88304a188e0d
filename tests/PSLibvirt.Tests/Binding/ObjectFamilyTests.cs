using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Binding;

/// <summary>Each libvirt object family through the raw binding on test:///default (virsh on the same URI agrees).</summary>
[Collection(LibvirtCollection.Name)]
public sealed unsafe class ObjectFamilyTests
{
    [Fact]
    public void ConnectAndHostStrings()
    {
        using var conn = TestDriver.Open();
        Assert.Equal("TEST", Libvirt.virConnectGetType(conn));           // const char *: borrowed
        Assert.Equal("test:///default", Libvirt.virConnectGetURI(conn)); // char *: owned, freed by the marshaller
        Assert.Contains("<capabilities>", Libvirt.virConnectGetCapabilities(conn));
        Assert.Equal(1, Libvirt.virConnectIsAlive(conn));
        CULong ver = default;
        Assert.Equal(0, Libvirt.virConnectGetLibVersion(conn, &ver));
        Assert.Equal(9000000UL, (ulong)ver.Value);
    }

    [Fact]
    public void NodeInfoUsesCULong()
    {
        using var conn = TestDriver.Open();
        VirNodeInfo info;
        Assert.Equal(0, Libvirt.virNodeGetInfo(conn, &info));
        Assert.Equal("i686", Utf8.Read(info.model));
        Assert.Equal(3145728UL, (ulong)info.memory.Value); // KiB, as `virsh nodeinfo` prints
        Assert.Equal(16u, info.cpus);
        Assert.Equal(1400u, info.mhz);

        int n = 0;
        Assert.Equal(0, Libvirt.virNodeGetCPUStats(conn, (int)VirNodeGetCPUStatsAllCPUs.VIR_NODE_CPU_STATS_ALL_CPUS, null, &n, 0));
        Assert.True(n > 0);
        var stats = stackalloc VirNodeCPUStats[n];
        Assert.Equal(0, Libvirt.virNodeGetCPUStats(conn, -1, stats, &n, 0));
        Assert.Equal(LibvirtConstants.VIR_NODE_CPU_STATS_USER, Utf8.Read(stats[0].field));
    }

    [Fact]
    public void Domains()
    {
        using var conn = TestDriver.Open();
        var all = TestDriver.ListAll<DomainHandle>(a => Libvirt.virConnectListAllDomains(conn, a, 0));
        try
        {
            Assert.Contains("test", all.Select(d => Libvirt.virDomainGetName(d)));
        }
        finally { all.ForEach(d => d.Dispose()); }

        using var dom = TestDriver.Domain(conn);
        string uuid = TestDriver.UuidString(buf => Libvirt.virDomainGetUUIDString(dom, (byte*)buf));
        Assert.Equal(36, uuid.Length);
        using (var again = Libvirt.virDomainLookupByUUIDString(conn, uuid))
            Assert.Equal("test", Libvirt.virDomainGetName(again));
        byte* raw = stackalloc byte[LibvirtConstants.VIR_UUID_BUFLEN];
        Assert.Equal(0, Libvirt.virDomainGetUUID(dom, raw));
        using (var byRaw = Libvirt.virDomainLookupByUUID(conn, raw))
            Assert.False(byRaw.IsInvalid);

        Assert.Contains("<name>test</name>", Libvirt.virDomainGetXMLDesc(dom, 0));
        Assert.Equal("linux", Libvirt.virDomainGetOSType(dom));

        VirDomainInfo info;
        Assert.Equal(0, Libvirt.virDomainGetInfo(dom, &info));
        Assert.Equal(VirDomainState.VIR_DOMAIN_RUNNING, (VirDomainState)info.state);
        Assert.Equal(2, info.nrVirtCpu);
        Assert.Equal(8388608UL, (ulong)info.maxMem.Value);

        // Borrowed connection pointer: not a new reference.
        Assert.Equal(conn.Pointer, Libvirt.virDomainGetConnect(dom));
    }

    [Fact]
    public void ErrorPathForAMissingDomain()
    {
        using var conn = TestDriver.Open();
        using var dom = Libvirt.virDomainLookupByName(conn, "no-such-domain");
        Assert.True(dom.IsInvalid);
        TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_DOMAIN);
        Assert.Equal((int)VirErrorNumber.VIR_ERR_NO_DOMAIN, Libvirt.virGetLastErrorCode());
        Assert.Equal((int)VirErrorDomain.VIR_FROM_TEST, Libvirt.virGetLastErrorDomain());
        Assert.Contains("Domain not found", Libvirt.virGetLastErrorMessage());
        VirError* copy = Libvirt.virSaveLastError();
        Assert.Equal((int)VirErrorNumber.VIR_ERR_NO_DOMAIN, copy->code);
        Libvirt.virFreeError(copy);
        Libvirt.virResetLastError();
        Assert.True(Libvirt.virGetLastError() == null);
    }

    [Fact]
    public void NetworksDefineAndUndefine()
    {
        using var conn = TestDriver.Open();
        var all = TestDriver.ListAll<NetworkHandle>(a => Libvirt.virConnectListAllNetworks(conn, a, 0));
        Assert.Contains("default", all.Select(n => Libvirt.virNetworkGetName(n)));
        all.ForEach(n => n.Dispose());

        const string xml = "<network><name>binding-net</name><bridge name='virbr-bt'/><ip address='192.168.250.1' netmask='255.255.255.0'/></network>";
        using (var net = Libvirt.virNetworkDefineXML(conn, xml))
        {
            Assert.False(net.IsInvalid, Libvirt.virGetLastErrorMessage());
            Assert.Equal("binding-net", Libvirt.virNetworkGetName(net));
            Assert.Equal(1, Libvirt.virNetworkIsPersistent(net));
            Assert.Equal(0, Libvirt.virNetworkIsActive(net));
            string uuid = TestDriver.UuidString(buf => Libvirt.virNetworkGetUUIDString(net, (byte*)buf));
            using (var same = Libvirt.virNetworkLookupByUUIDString(conn, uuid))
                Assert.Equal("binding-net", Libvirt.virNetworkGetName(same));
            Assert.Equal(0, Libvirt.virNetworkUndefine(net));
        }
        using var gone = Libvirt.virNetworkLookupByName(conn, "binding-net");
        Assert.True(gone.IsInvalid);
        TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_NETWORK);
    }

    [Fact]
    public void StoragePoolsAndVolumes()
    {
        using var conn = TestDriver.Open();
        var pools = TestDriver.ListAll<StoragePoolHandle>(a => Libvirt.virConnectListAllStoragePools(conn, a, 0));
        Assert.Contains("default-pool", pools.Select(p => Libvirt.virStoragePoolGetName(p)));
        pools.ForEach(p => p.Dispose());

        using var pool = Libvirt.virStoragePoolLookupByName(conn, "default-pool");
        VirStoragePoolInfo info;
        Assert.Equal(0, Libvirt.virStoragePoolGetInfo(pool, &info));
        Assert.Equal((int)VirStoragePoolState.VIR_STORAGE_POOL_RUNNING, info.state);
        Assert.Equal(100UL << 30, info.capacity);

        const string volXml = "<volume><name>binding-vol</name><capacity unit='MiB'>1</capacity></volume>";
        using (var vol = Libvirt.virStorageVolCreateXML(pool, volXml, 0))
        {
            Assert.False(vol.IsInvalid, Libvirt.virGetLastErrorMessage());
            Assert.Equal("binding-vol", Libvirt.virStorageVolGetName(vol));
            string? path = Libvirt.virStorageVolGetPath(vol);
            Assert.EndsWith("/binding-vol", path);
            Assert.Equal(path, Libvirt.virStorageVolGetKey(vol));
            VirStorageVolInfo vi;
            Assert.Equal(0, Libvirt.virStorageVolGetInfo(vol, &vi));
            Assert.Equal(1UL << 20, vi.capacity);
            var vols = TestDriver.ListAll<StorageVolHandle>(a => Libvirt.virStoragePoolListAllVolumes(pool, a, 0));
            Assert.Contains("binding-vol", vols.Select(v => Libvirt.virStorageVolGetName(v)));
            vols.ForEach(v => v.Dispose());

            // Streams: virStreamNew works; the test driver has no volume upload (virsh vol-upload fails the same way).
            using var stream = Libvirt.virStreamNew(conn, 0);
            Assert.False(stream.IsInvalid);
            Assert.Equal(-1, Libvirt.virStorageVolUpload(vol, stream, 0, 0, 0));
            TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_SUPPORT);
            Libvirt.virStreamAbort(stream);

            Assert.Equal(0, Libvirt.virStorageVolDelete(vol, 0));
        }
        using var gone = Libvirt.virStorageVolLookupByName(pool, "binding-vol");
        Assert.True(gone.IsInvalid);
        TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_STORAGE_VOL);
    }

    [Fact]
    public void InterfacesAndNodeDevices()
    {
        using var conn = TestDriver.Open();
        var ifaces = TestDriver.ListAll<InterfaceHandle>(a => Libvirt.virConnectListAllInterfaces(conn, a, 0));
        Assert.Contains("eth1", ifaces.Select(i => Libvirt.virInterfaceGetName(i)));
        ifaces.ForEach(i => i.Dispose());
        using (var eth1 = Libvirt.virInterfaceLookupByName(conn, "eth1"))
        {
            Assert.Equal("aa:bb:cc:dd:ee:ff", Libvirt.virInterfaceGetMACString(eth1));
            Assert.Contains("eth1", Libvirt.virInterfaceGetXMLDesc(eth1, 0));
        }

        var devs = TestDriver.ListAll<NodeDeviceHandle>(a => Libvirt.virConnectListAllNodeDevices(conn, a, 0));
        Assert.NotEmpty(devs);
        var names = devs.Select(d => Libvirt.virNodeDeviceGetName(d)).ToList();
        devs.ForEach(d => d.Dispose());
        Assert.Contains("computer", names);
        using var dev = Libvirt.virNodeDeviceLookupByName(conn, names.First(n => n != "computer"));
        Assert.Contains(Libvirt.virNodeDeviceGetParent(dev), names); // const char *: borrowed
        Assert.Contains("<device>", Libvirt.virNodeDeviceGetXMLDesc(dev, 0));
    }

    [Fact]
    public void SecretsAndNWFiltersAreNotSupportedByTheTestDriver()
    {
        using var conn = TestDriver.Open();
        nint array = 0;
        Assert.Equal(-1, Libvirt.virConnectListAllSecrets(conn, &array, 0));
        TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_SUPPORT);
        Assert.Equal(-1, Libvirt.virConnectListAllNWFilters(conn, &array, 0));
        TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_SUPPORT);
        using var secret = Libvirt.virSecretDefineXML(conn, "<secret ephemeral='no' private='no'><usage type='volume'><volume>/x</volume></usage></secret>", 0);
        Assert.True(secret.IsInvalid);
        TestDriver.AssertLastError(VirErrorNumber.VIR_ERR_NO_SUPPORT);
    }

    [Fact]
    public void Snapshots()
    {
        using var conn = TestDriver.Open();
        using var dom = TestDriver.Domain(conn);
        using (var snap = Libvirt.virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>binding-snap</name></domainsnapshot>", 0))
        {
            Assert.False(snap.IsInvalid, Libvirt.virGetLastErrorMessage());
            Assert.Equal("binding-snap", Libvirt.virDomainSnapshotGetName(snap));
            Assert.Equal(dom.Pointer, Libvirt.virDomainSnapshotGetDomain(snap)); // borrowed
            Assert.Contains("binding-snap", Libvirt.virDomainSnapshotGetXMLDesc(snap, 0));
            var snaps = TestDriver.ListAll<DomainSnapshotHandle>(a => Libvirt.virDomainListAllSnapshots(dom, a, 0));
            Assert.Contains("binding-snap", snaps.Select(s => Libvirt.virDomainSnapshotGetName(s)));
            snaps.ForEach(s => s.Dispose());
            Assert.Equal(0, Libvirt.virDomainSnapshotDelete(snap, 0));
        }
        Assert.Equal(0, Libvirt.virDomainSnapshotNum(dom, 0));
    }
}
