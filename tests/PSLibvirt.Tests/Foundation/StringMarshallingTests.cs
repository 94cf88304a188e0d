using System;
using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>
/// Every string argument of a libvirt call goes through LibvirtStringMarshaller: a NUL inside it is refused before
/// the call (C would read "test\0junk" as "test" and act on another object), and the message never repeats the value.
/// </summary>
public class StringMarshallingTests
{
    [Fact]
    public void ANameWithANulIsRefusedBeforeLibvirtSeesIt()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var e = Assert.Throws<NulCharacterException>(() => Vir.TryDomainLookupByName(c.Handle, "test\0junk"));
        Assert.Contains("position 4", e.Message);
        Assert.DoesNotContain("junk", e.Message);
        Assert.IsAssignableFrom<ArgumentException>(e);
        // The same name without the NUL part is the real domain: it was not the one looked up.
        using var test = Vir.TryDomainLookupByName(c.Handle, "test");
        Assert.NotNull(test);
    }

    [Fact]
    public void EveryStringArgumentTakesTheSameWay()
    {
        using var c = LibvirtConnection.Open("test:///default");
        Assert.Throws<NulCharacterException>(() => Vir.TryNetworkLookupByName(c.Handle, "default\0"));
        Assert.Throws<NulCharacterException>(() => Vir.NetworkDefineXML(c.Handle, "<network><name>n</name></network>\0<junk/>"));
        Assert.Throws<NulCharacterException>(() => LibvirtConnection.Open("test:///default\0?x"));
        // A password handed to libvirt's auth callback is copied the same way, and its value never shows.
        var e = Assert.Throws<NulCharacterException>(() => { unsafe { Utf8.AllocCopy("s3cr\0t"); } });
        Assert.DoesNotContain("s3cr", e.Message);
    }

    [Fact]
    public void OrdinaryStringsStillPassIncludingLongAndNonAscii()
    {
        using var c = LibvirtConnection.Open("test:///default");
        Assert.Null(Vir.TryDomainLookupByName(c.Handle, "dömäin-" + new string('x', 1000)));
    }
}
