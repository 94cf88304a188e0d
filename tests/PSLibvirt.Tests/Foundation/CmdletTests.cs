using System.Management.Automation;
using PSLibvirt.Services;
using PSLibvirt.Commands;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

[Collection(SessionCollection.Name)]
public class CmdletTests : IDisposable
{
    private readonly InProcessShell _shell = new();

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Connect_MakesTheNewestConnectionTheDefault()
    {
        var (output, errors) = _shell.Run("Connect-Hypervisor test:///default -Name a; Connect-Hypervisor test:///default -Name b; (Get-Hypervisor -Default).Name");
        Assert.Empty(errors);
        Assert.Equal("b", output.Last().BaseObject);
        var (after, _) = _shell.Run("Disconnect-Hypervisor -Name b; (Get-Hypervisor -Default).Name");
        Assert.Equal("a", after.Single().BaseObject);
    }

    [Fact]
    public void NoConnection_IsATerminatingConnectionError()
    {
        var (_, errors) = _shell.Run("Get-NodeInfo");
        var e = Assert.Single(errors);
        Assert.True(e.CategoryInfo.Category == ErrorCategory.ConnectionError, e.FullyQualifiedErrorId + " " + e);
        Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
        Assert.StartsWith("NoConnection,", e.FullyQualifiedErrorId);
    }

    [Fact]
    public void BadUris_AreNonTerminating_AndTheNextInputStillConnects()
    {
        var (output, errors) = _shell.Run("'nosuch:///x', 'test:///no/such.xml', 'test:///default' | Connect-Hypervisor");
        // The URIs are opened in parallel: the errors come in the order the hosts answer.
        Assert.Equal(2, errors.Count);
        var bad = Assert.Single(errors, e => Equals(e.TargetObject, "nosuch:///x"));
        Assert.Equal(ErrorCategory.ConnectionError, bad.CategoryInfo.Category);
        var missing = Assert.Single(errors, e => Equals(e.TargetObject, "test:///no/such.xml"));
        Assert.Equal("FileNotFound,PSLibvirt.Commands.ConnectHypervisorCommand", missing.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Assert.IsType<Hypervisor>(Assert.Single(output).BaseObject);
    }

    [Fact]
    public void ClosedConnectionUnderACmdlet_IsAClearConnectionLostError()
    {
        var (_, errors) = _shell.Run("$h = Connect-Hypervisor test:///default -Name gone; $h.Connection.Dispose(); Get-NodeInfo -Connection $h");
        var e = Assert.Single(errors);
        Assert.Equal("ConnectionLost,PSLibvirt.Commands.GetNodeInfoCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
        Assert.Equal("gone", ((Hypervisor)e.TargetObject).Name);
    }

    [Fact]
    public void DuplicateName_IsResourceExists()
    {
        var (_, errors) = _shell.Run("Connect-Hypervisor test:///default -Name dup | Out-Null; Connect-Hypervisor test:///default -Name dup");
        var e = Assert.Single(errors);
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
    }

    [Fact]
    public void ConnectionParameter_AcceptsNames()
    {
        var (output, errors) = _shell.Run("Connect-Hypervisor test:///default -Name byname | Out-Null; (Get-NodeInfo -Connection byname).Hypervisor.Name");
        Assert.Empty(errors);
        Assert.Equal("byname", output.Single().BaseObject);
    }

    [Theory]
    [InlineData("qemu:///system", "localhost")]
    [InlineData("test:///default", "test")]
    [InlineData("qemu+ssh://root@kvm1.example.com/system", "kvm1")]
    [InlineData("qemu+tcp://10.0.0.5:16509/system", "10.0.0.5")]
    [InlineData("qemu+tls://[fe80::1]/system", "fe80--1")]
    public void NamesComeFromTheHost(string uri, string name) => Assert.Equal(name, HypervisorSession.NameFromUri(uri));
}
