using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.DomainDevice;

/// <summary>
/// DomainDeviceApi on the test driver: the default scope of a change, the disks of a running domain with their block
/// sizes and errors, bandwidth read and set through the typed parameters, and the driver's NotImplemented answer to
/// attach. test:///default is shared by every connection of the process while one is open: each test works on a domain
/// of its own (a unique name), never on the driver's domain test.
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed class DomainDeviceApiTests
{
    private static string NewName() => "devapi-" + Guid.NewGuid().ToString("N");

    private static string Xml(string name) =>
        $"<domain type='test'><name>{name}</name><memory>65536</memory><os><type>hvm</type></os><devices>" +
        "<disk type='file' device='disk'><source file='/guest/d1'/><target dev='vda' bus='virtio'/></disk>" +
        "<interface type='network'><mac address='52:54:00:de:0a:01'/><source network='default'/></interface></devices></domain>";

    /// <summary>A persistent domain of its own, running unless <paramref name="start"/> is false; undefined (and stopped) on dispose.</summary>
    private sealed class OwnDomain : IDisposable
    {
        public OwnDomain(LibvirtConnection c, bool start = true)
        {
            Name = NewName();
            Handle = Vir.DomainDefineXML(c.Handle, Xml(Name));
            if (start) Vir.DomainCreate(Handle);
        }
        public string Name { get; }
        public PSLibvirt.Handles.DomainHandle Handle { get; }
        public void Dispose()
        {
            if (DomainDefinitionApi.IsActive(Handle)) Vir.DomainDestroy(Handle);
            if (DomainDefinitionApi.IsPersistent(Handle)) Vir.DomainUndefine(Handle);
            Handle.Dispose();
        }
    }

    [Fact]
    public void TheDefaultScopeIsTheRunningDomainAndItsDefinition()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var d = new OwnDomain(c);
        var h = d.Handle;
        Assert.Equal(DomainScope.Live | DomainScope.Config, DomainDeviceApi.ResolveScope(h, false, false, false));
        Assert.Equal(DomainScope.Config, DomainDeviceApi.ResolveScope(h, false, true, false));
        Assert.Equal(DomainScope.Live, DomainDeviceApi.ResolveScope(h, true, false, false));
        Assert.Equal(DomainScope.Current, DomainDeviceApi.ResolveScope(h, true, true, true));
        Assert.True(DomainDeviceApi.AffectsLive(h, DomainScope.Current));
        Assert.False(DomainDeviceApi.AffectsLive(h, DomainScope.Config));
        Vir.DomainDestroy(h);
        Assert.Equal(DomainScope.Config, DomainDeviceApi.ResolveScope(h, false, false, false));
        Assert.False(DomainDeviceApi.AffectsLive(h, DomainScope.Current));
        // A transient running domain has no definition to change.
        using var t = Vir.DomainCreateXML(c.Handle, Xml(NewName()));
        try { Assert.Equal(DomainScope.Live, DomainDeviceApi.ResolveScope(t, false, false, false)); }
        finally { Vir.DomainDestroy(t); }
    }

    [Fact]
    public void ARunningDomainsDisksCarryTheirSizesAndErrors()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var d = new OwnDomain(c);
        var h = d.Handle;
        var owner = DomainDeviceApi.Owner(h, d.Name, null, null, inactive: false);
        Assert.Equal(DomainApi.GetUuid(h), owner.DomainUuid);
        var vda = Assert.Single(DomainDeviceApi.ListDisks(h, owner));
        Assert.Equal("vda", vda.Target);
        Assert.Equal(1099506450432UL, vda.Capacity);
        Assert.Equal(1099511627776UL, vda.Physical);
        Assert.Equal("Unspecified", vda.Error);
        Assert.Equal("Unspecified", DomainDeviceApi.DiskErrors(h)["vda"]);
        // The definition, or a domain that does not run: no sizes, no errors.
        var inactive = Assert.Single(DomainDeviceApi.ListDisks(h, owner with { Inactive = true }));
        Assert.Null(inactive.Capacity);
        Assert.True(inactive.Inactive);
        Vir.DomainDestroy(h);
        Assert.Null(Assert.Single(DomainDeviceApi.ListDisks(h, owner)).Error);
    }

    [Fact]
    public void BandwidthIsSetAndReadThroughTypedParameters()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var d = new OwnDomain(c);
        var h = d.Handle;
        DomainDeviceApi.SetBandwidth(h, "52:54:00:de:0a:01", new Dictionary<string, uint> { ["inbound.average"] = 100, ["inbound.peak"] = 200, ["outbound.average"] = 50 }, DomainScope.Live);
        var read = DomainDeviceApi.GetBandwidth(h, "52:54:00:de:0a:01", DomainScope.Live);
        Assert.Equal(100u, read["inbound.average"]);
        Assert.Equal(200u, read["inbound.peak"]);
        Assert.Equal(50u, read["outbound.average"]);
        Assert.All(DomainDeviceApi.BandwidthParameters, p => Assert.True(read.ContainsKey(p), p));
        var nic = Assert.Single(DomainDeviceApi.ListInterfaces(h, DomainDeviceApi.Owner(h, d.Name, null, null, false)));
        Assert.Equal((100UL, 50UL), (nic.InboundAverage!.Value, nic.OutboundAverage!.Value));
        var e = Assert.Throws<LibvirtException>(() => DomainDeviceApi.SetBandwidth(h, "52:54:00:00:00:99", new Dictionary<string, uint> { ["inbound.average"] = 1 }, DomainScope.Live));
        Assert.Equal(VirErrorNumber.VIR_ERR_INVALID_ARG, e.Code);
    }

    [Fact]
    public void TheTestDriverAttachesNothing()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var d = new OwnDomain(c);
        var h = d.Handle;
        var e = Assert.Throws<LibvirtException>(() => DomainDeviceApi.Attach(h, "<disk type='file'><source file='/x'/><target dev='vdb'/></disk>", DomainScope.Live | DomainScope.Config));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_SUPPORT, e.Code);
        Assert.Single(DomainDeviceApi.ListDisks(h, DomainDeviceApi.Owner(h, d.Name, null, null, true)));
    }
}
