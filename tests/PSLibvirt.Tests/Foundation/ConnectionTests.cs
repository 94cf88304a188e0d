using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

public class ConnectionTests
{
    [Fact]
    public void Open_TestDriver_ReportsCanonicalUriAndIdentity()
    {
        using var c = LibvirtConnection.Open("test:///default");
        Assert.Equal("test:///default", c.Uri);
        Assert.True(c.IsAlive);
        Assert.False(c.ReadOnly);
        var id = HostApi.GetIdentity(c);
        Assert.Equal("TEST", id.Type);
        Assert.Equal(RuntimeVersion(), id.LibvirtVersion);
    }

    [Fact]
    public void Open_ReadOnly_RefusesChanges()
    {
        using var c = LibvirtConnection.Open("test:///default", readOnly: true);
        Assert.True(c.ReadOnly);
        // A write through a read-only connection is refused by libvirt itself.
        int r = Libvirt.virNetworkCreateXML(c.Handle, "<network><name>ro</name></network>") is { IsInvalid: true } ? -1 : 0;
        var ex = LibvirtException.FromLastError();
        Assert.Equal(-1, r);
        Assert.Equal(VirErrorNumber.VIR_ERR_OPERATION_DENIED, ex.Code);
    }

    [Fact]
    public void Dispose_ClosesOnce_AndLaterUseFailsClearly()
    {
        var c = LibvirtConnection.Open("test:///default");
        c.Dispose();
        c.Dispose(); // idempotent
        Assert.True(c.IsClosed);
        Assert.False(c.IsAlive);
        var ex = Assert.Throws<ConnectionLostException>(() => c.Handle);
        Assert.Contains("test:///default", ex.Message);
    }

    [Fact]
    public void HandleRelease_DropsExactlyOneReference()
    {
        LibvirtRuntime.EnsureInitialized();
        using var handle = Libvirt.virConnectOpen("test:///default");
        nint raw = handle.Pointer;
        Assert.Equal(0, Libvirt.virConnectRef(handle)); // two references now
        handle.Dispose();                               // releases one
        Assert.True(handle.IsClosed);
        Assert.Equal(0, Libvirt.virConnectClose(raw));   // the last one: 0 references remain
    }

    [Fact]
    public void Open_MissingNodeFile_IsFileNotFound_WithoutCallingLibvirt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => LibvirtConnection.Open("test:///no/such/node.xml"));
        Assert.Equal("/no/such/node.xml", ex.FileName);
    }

    [Fact]
    public void Open_UnknownDriver_IsLibvirtConnectionError()
    {
        var ex = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open("nosuchdriver:///system"));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, PSLibvirt.Services.ErrorMapping.Category(ex.Code));
    }

    [Theory]
    [InlineData("qemu:///system", false)]
    [InlineData("test:///default", false)]
    [InlineData("qemu+ssh://root@kvm1/system", true)]
    [InlineData("qemu://kvm1/system", true)]
    [InlineData("test+tcp://127.0.0.1:1234/default", true)]
    public void IsRemote_RecognisesTransportsAndHosts(string uri, bool expected) =>
        Assert.Equal(expected, LibvirtConnection.IsRemote(uri));

    [Fact]
    public void NodeInfo_MatchesTheTestDriversFixedHost()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var n = HostApi.GetNodeInfo(c);
        Assert.Equal(16, n.Cpus);
        Assert.Equal(2, n.NumaNodes);
        Assert.Equal(3 * 1024L * 1024 * 1024, n.MemoryBytes);
        Assert.Equal(n.NumaNodes * n.Sockets * n.CoresPerSocket * n.ThreadsPerCore, n.Cpus);
    }

    [Fact]
    public void Capabilities_ParseGuests()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var caps = HostApi.GetCapabilities(c);
        Assert.Equal("i686", caps.HostArchitecture);
        Assert.Contains(caps.Guests, g => g.OSType == "hvm" && g.DomainTypes.Contains("test"));
    }

    private static Version RuntimeVersion() => LibvirtRuntime.LibraryVersion;
}
