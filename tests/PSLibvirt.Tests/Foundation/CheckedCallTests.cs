using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>
/// The generated checked layer (PSLibvirt.Core.Vir, Native/Generated/Checked.g.cs): a failed call is a
/// LibvirtException carrying libvirt's own code and message, read on the calling thread before anything else.
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed unsafe class CheckedCallTests
{
    private static VirErrorNumber? LastError()
    {
        VirError* e = Libvirt.virGetLastError();
        return e == null ? null : (VirErrorNumber)e->code;
    }

    [Fact]
    public void AFailedHandleCall_ThrowsLibvirtsCodeAndMessage()
    {
        using var c = LibvirtConnection.Open("test:///default");
        // What libvirt itself reports for the raw call.
        using (var raw = Libvirt.virDomainLookupByName(c.Handle, "no-such-domain")) Assert.True(raw.IsInvalid);
        var expectedCode = (VirErrorNumber)Libvirt.virGetLastErrorCode();
        string? expectedMessage = Libvirt.virGetLastErrorMessage();
        Libvirt.virResetLastError();

        var ex = Assert.Throws<LibvirtException>(() => Vir.DomainLookupByName(c.Handle, "no-such-domain"));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_DOMAIN, expectedCode);
        Assert.Equal(expectedCode, ex.Code);
        Assert.Equal(expectedMessage, ex.Message);
        Assert.Equal(VirErrorDomain.VIR_FROM_TEST, ex.ErrorDomain);
        Assert.Null(LastError()); // copied, then cleared
    }

    [Fact]
    public void AFailedIntCall_Throws()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var test = Vir.DomainLookupByName(c.Handle, "test"); // the test driver's running domain
        // Starting it again fails; what libvirt itself reports for the raw call:
        Assert.Equal(-1, Libvirt.virDomainCreateWithFlags(test, 0));
        var expectedCode = (VirErrorNumber)Libvirt.virGetLastErrorCode();
        string? expectedMessage = Libvirt.virGetLastErrorMessage();
        Libvirt.virResetLastError();

        var ex = Assert.Throws<LibvirtException>(() => Vir.DomainCreateWithFlags(test));
        Assert.NotEqual(VirErrorNumber.VIR_ERR_OK, expectedCode);
        Assert.Equal(expectedCode, ex.Code);
        Assert.Equal(expectedMessage, ex.Message);
        Assert.Null(LastError());
    }

    [Fact]
    public void AFailedStringCall_Throws_AndFlagsAreTheGeneratedEnum()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var test = Vir.DomainLookupByName(c.Handle, "test");
        Assert.Contains("<name>test</name>", Vir.DomainGetXMLDesc(test, VirDomainXMLFlags.VIR_DOMAIN_XML_INACTIVE));
        var ex = Assert.Throws<LibvirtException>(() => Vir.DomainGetXMLDesc(test, (VirDomainXMLFlags)0x40000000));
        Assert.Equal(VirErrorNumber.VIR_ERR_INVALID_ARG, ex.Code);
        Assert.Contains("flags", ex.Message);
    }

    [Fact]
    public void ATryLookupOfAMissingObject_IsNull_AndLeavesNoError()
    {
        using var c = LibvirtConnection.Open("test:///default");
        Assert.Null(Vir.TryDomainLookupByName(c.Handle, "no-such-domain"));
        Assert.Null(LastError());
        Assert.Null(Vir.TryNetworkLookupByName(c.Handle, "no-such-network"));
        Assert.Null(LastError());
        Assert.Null(Vir.TryDomainLookupByUUIDString(c.Handle, Guid.NewGuid().ToString("D")));
        Assert.Null(LastError());
        Assert.Null(Vir.TryInterfaceLookupByName(c.Handle, "no-such-interface"));
        Assert.Null(LastError());
        Assert.Null(Vir.TryStorageVolLookupByPath(c.Handle, "/no/such/volume"));
        Assert.Null(LastError());
        Assert.Null(Vir.TryStoragePoolLookupByName(c.Handle, "no-such-pool"));
        Assert.Null(LastError());

        using var test = Vir.TryDomainLookupByName(c.Handle, "test");
        Assert.NotNull(test);
        Assert.Equal("test", Vir.DomainGetName(test!));
        // No title: VIR_ERR_NO_DOMAIN_METADATA is "none", not a failure.
        Assert.Null(Vir.TryDomainGetMetadata(test!, (int)VirDomainMetadataType.VIR_DOMAIN_METADATA_TITLE, null));
        Assert.Null(LastError());
        Assert.Null(Vir.TryDomainSnapshotCurrent(test!));
        Assert.Null(LastError());
    }

    [Fact]
    public void ATryLookup_StillThrowsForOtherErrors()
    {
        using var noConnection = new ConnectHandle(); // NULL: libvirt's VIR_ERR_INVALID_CONN, not "no such domain"
        var ex = Assert.Throws<LibvirtException>(() => Vir.TryDomainLookupByName(noConnection, "test"));
        Assert.Equal(VirErrorNumber.VIR_ERR_INVALID_CONN, ex.Code);
        Assert.Null(LastError());
    }

    [Fact]
    public void AnAmbiguousSentinel_ThrowsOnlyWithAnError()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var d = Vir.DomainDefineXMLFlags(c.Handle,
            "<domain type='test'><name>checked-inactive</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        Assert.Equal(uint.MaxValue, Vir.DomainGetID(d)); // inactive: (unsigned)-1 without an error
        using var none = new DomainHandle();
        var ex = Assert.Throws<LibvirtException>(() => Vir.DomainGetID(none));
        Assert.Equal(VirErrorNumber.VIR_ERR_INVALID_DOMAIN, ex.Code);
    }

    /// <summary>An always-invalid handle that records libvirt's error at the moment it is disposed.</summary>
    private sealed class ProbeHandle : SafeHandle
    {
        public ProbeHandle() : base(IntPtr.Zero, ownsHandle: true) { }
        public override bool IsInvalid => true;
        public bool Disposed;
        public VirErrorNumber? ErrorWhenDisposed;
        protected override bool ReleaseHandle() => true;
        protected override void Dispose(bool disposing)
        {
            if (disposing && !Disposed)
            {
                Disposed = true;
                ErrorWhenDisposed = LastError();
            }
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void AFailedHandleCall_ReadsTheErrorBeforeDisposingTheHandle()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using (var raw = Libvirt.virDomainLookupByName(c.Handle, "no-such-domain")) Assert.True(raw.IsInvalid);
        var probe = new ProbeHandle();
        var ex = Vir.Failed(probe, null, null);
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_DOMAIN, ex.Code); // the error was copied ...
        Assert.True(probe.Disposed);                            // ... the handle disposed ...
        Assert.Null(probe.ErrorWhenDisposed);                   // ... after the copy (which clears it), not before
    }

    [Fact]
    public void EveryGeneratedHandleWrapper_ReadsTheErrorBeforeItDisposes()
    {
        string source = File.ReadAllText(Path.Combine(LibvirtFixture.RepoRoot, "src", "PSLibvirt", "Native", "Generated", "Checked.g.cs"));
        // The only Dispose in the layer is the one in Failed, after FromLastError.
        Assert.Single(Regex.Matches(source, @"\.Dispose\("));
        Assert.Matches(@"var ex = Failed\(fallbackMessage, on\);\s*invalid\.Dispose\(\);", source);
        int invalid = Regex.Matches(source, @"r\.IsInvalid\)").Count;
        int failed = Regex.Matches(source, @"if \(r\.IsInvalid\) throw Failed\(r, ""vir\w+ failed without reporting an error\."", \w+\);|if \(!r\.IsInvalid\) return r;\s*var ex = Failed\(r, ""vir\w+ failed without reporting an error\."", \w+\);").Count;
        Assert.True(invalid > 50);
        Assert.Equal(invalid, failed);
    }

    [Fact]
    public void CoreCallsLibvirtOnlyThroughTheCheckedLayer()
    {
        string core = Path.Combine(LibvirtFixture.RepoRoot, "src", "PSLibvirt", "Core");
        // LibvirtException reads the error for the layer; TypedParameters.GetWithCount checks delegates its callers pass in.
        foreach (string path in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(path) is "LibvirtException.cs" or "TypedParameters.cs") continue;
            string text = File.ReadAllText(path);
            Assert.DoesNotContain("LibvirtException.Check(", text);
            Assert.DoesNotContain("FromLastError", text);
            Assert.DoesNotContain("virResetLastError", text);
        }
    }
}
