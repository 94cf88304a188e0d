using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>LibvirtClientConfig.ParseUriAliases: the uri_aliases list of libvirt.conf, as libvirt's own sample writes it.</summary>
public class LibvirtClientConfigTests
{
    [Fact]
    public void ReadsAMultiLineListWithComments()
    {
        var aliases = LibvirtClientConfig.ParseUriAliases("""
            # This can be used to prevent probing of the hypervisor
            #uri_default = "qemu:///system"
            uri_aliases = [
              "hail=qemu+ssh://root@hail.cloud.example.com/system",   # the big one
              "sleet=qemu+ssh://root@sleet.cloud.example.com/system",
              # "old=qemu:///system",
              "bad name=qemu:///system",
              "noequals",
              "lab.2=test:///default",
            ]
            """);
        Assert.Equal(new[]
        {
            ("hail", "qemu+ssh://root@hail.cloud.example.com/system"),
            ("sleet", "qemu+ssh://root@sleet.cloud.example.com/system"),
            ("lab.2", "test:///default"),
        }, aliases);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#uri_aliases = [ \"a=qemu:///system\" ]")]
    [InlineData("uri_default = \"qemu:///system\"")]
    public void FindsNothingWhereThereIsNoList(string text) => Assert.Empty(LibvirtClientConfig.ParseUriAliases(text));

    [Fact]
    public void KeepsAHashInsideAQuotedUri() =>
        Assert.Equal(new[] { ("x", "qemu+ssh://h/system?keyfile=/k#1") }, LibvirtClientConfig.ParseUriAliases("uri_aliases = [ \"x=qemu+ssh://h/system?keyfile=/k#1\" ]"));
}
