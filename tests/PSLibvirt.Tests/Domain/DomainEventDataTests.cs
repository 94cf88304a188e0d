using System.Runtime.InteropServices;
using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>
/// What the Graphics, Tunable and JobCompleted callbacks copy out of libvirt's structures, read from native memory
/// laid out as libvirt lays it out (ApiCoverageTests checks the structs against Binding/struct-layout-x86_64.txt).
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed unsafe class DomainEventDataTests
{
    /// <summary>Native strings and structs (the C allocator, as libvirt's), freed together.</summary>
    private sealed class NativeScratch : IDisposable
    {
        private readonly List<nint> _blocks = new();
        public byte* Text(string? s) => s is null ? null : Keep(Utf8.AllocCopy(s));
        public T* Alloc<T>(int count = 1) where T : unmanaged => Keep((T*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(T)));
        public VirDomainEventGraphicsAddress* Address(int family, string? node, string? service)
        {
            var a = Alloc<VirDomainEventGraphicsAddress>();
            *a = new VirDomainEventGraphicsAddress { family = family, node = Text(node), service = Text(service) };
            return a;
        }
        private T* Keep<T>(T* p) where T : unmanaged { _blocks.Add((nint)p); return p; }
        public void Dispose() { foreach (var p in _blocks) Utf8.Free((void*)p); }
    }

    [Fact]
    public void A_graphics_event_copies_phase_both_addresses_scheme_and_identities()
    {
        using var n = new NativeScratch();
        var local = n.Address(0, "127.0.0.1", "5900");
        var remote = n.Address(1, "::1", "50340");
        var subject = n.Alloc<VirDomainEventGraphicsSubject>();
        subject->nidentity = 2;
        subject->identities = n.Alloc<VirDomainEventGraphicsSubjectIdentity>(2);
        subject->identities[0].type = n.Text("x509dname");
        subject->identities[0].name = n.Text("CN=viewer");
        subject->identities[1].type = n.Text("saslUsername");
        subject->identities[1].name = n.Text("fred");

        var info = DomainEventSource.ReadGraphics(1, local, remote, n.Text("sasl"), subject);

        Assert.Equal(DomainGraphicsPhase.Initialize, info.Phase);
        Assert.Equal(new DomainGraphicsAddress { Family = DomainGraphicsAddressFamily.IPv4, Node = "127.0.0.1", Service = "5900" }, info.Local);
        Assert.Equal(new DomainGraphicsAddress { Family = DomainGraphicsAddressFamily.IPv6, Node = "::1", Service = "50340" }, info.Remote);
        Assert.Equal("sasl", info.AuthScheme);
        Assert.Equal(new[] { new DomainGraphicsIdentity("x509dname", "CN=viewer"), new DomainGraphicsIdentity("saslUsername", "fred") }, info.Subject);
        Assert.Equal("Initialize local[IPv4 127.0.0.1 5900] remote[IPv6 ::1 50340] sasl x509dname=CN=viewer saslUsername=fred", info.ToString());
    }

    [Fact]
    public void A_unix_socket_has_no_service_and_unknown_values_show_as_numbers()
    {
        using var n = new NativeScratch();
        var local = n.Address(2, "/run/vnc.sock", null);
        var remote = n.Address(9, null, null); // a family newer than libvirt 9.0
        var subject = n.Alloc<VirDomainEventGraphicsSubject>(); // no identities yet (before authentication)

        var info = DomainEventSource.ReadGraphics(7, local, remote, n.Text("none"), subject);

        Assert.Equal(DomainGraphicsAddressFamily.Unix, info.Local!.Family);
        Assert.Equal("/run/vnc.sock", info.Local.Node);
        Assert.Null(info.Local.Service);
        Assert.Equal("9", info.Remote!.Family.ToString());
        Assert.Null(info.Remote.Node);
        Assert.Equal("7", info.Phase.ToString());
        Assert.Empty(info.Subject);
        Assert.Equal("7 local[Unix /run/vnc.sock] remote[9] none", info.ToString());

        var bare = DomainEventSource.ReadGraphics(2, null, null, null, null);
        Assert.Equal(DomainGraphicsPhase.Disconnect, bare.Phase);
        Assert.Null(bare.Local);
        Assert.Null(bare.Remote);
        Assert.Null(bare.AuthScheme);
        Assert.Empty(bare.Subject);
    }

    [Fact]
    public void Tunable_and_job_parameters_read_in_libvirt_order_with_their_types()
    {
        // An array as libvirt builds one (virTypedParamsAdd*), names deliberately out of alphabetical order.
        using var list = new TypedParameterList()
            .AddString("blkdeviotune.disk", "vda")
            .AddULLong("blkdeviotune.total_bytes_sec", 1_000_000UL)
            .AddUInt("cputune.vcpupin0", 0)
            .AddInt("operation", 9)
            .AddLLong("cputune.vcpu_quota", -1)
            .AddDouble("compression.ratio", 0.5)
            .AddBoolean("success", true)
            .AddString("cputune.emulatorpin", "0-1");

        var values = TypedParameters.Read(list.Pointer, list.Count);

        Assert.Equal(new[] { "blkdeviotune.disk", "blkdeviotune.total_bytes_sec", "cputune.vcpupin0", "operation", "cputune.vcpu_quota", "compression.ratio", "success", "cputune.emulatorpin" }, values.Keys);
        Assert.Equal(new object[] { "vda", 1_000_000UL, 0u, 9, -1L, 0.5, true, "0-1" }, values.Values);
        Assert.Equal(new[] { typeof(string), typeof(ulong), typeof(uint), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(string) }, values.Values.Select(v => v.GetType()));
    }

    [Fact]
    public void Every_domain_event_id_of_libvirt_is_offered_and_libvirt_accepts_each_callback()
    {
        Assert.Equal((int)VirDomainEventID.VIR_DOMAIN_EVENT_ID_LAST, DomainEventSource.Supported.Count);
        Assert.Equal(Enumerable.Range(0, (int)VirDomainEventID.VIR_DOMAIN_EVENT_ID_LAST), DomainEventSource.Supported.Select(t => (int)t).OrderBy(i => i));
        using var c = LibvirtConnection.Open("test:///default");
        // One registration per id; libvirt checks the id (not the signature), so this proves each maps to a callback.
        using var source = DomainEventSource.Create(c, null, null, DomainEventSource.Supported);
        Assert.NotNull(source);
    }
}
