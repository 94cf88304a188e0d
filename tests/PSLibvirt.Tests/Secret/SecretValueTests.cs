using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Xml.Linq;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Secret;

/// <summary>The value's buffers: copied out of libvirt's buffer, which is zeroed; decoded and encoded without strings left behind.</summary>
public class SecretValueTests
{
    private static string Plain(SecureString s) => new NetworkCredential("", s).Password;

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (char c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    [Theory]
    [InlineData("AAH+/0FR", new byte[] { 0x00, 0x01, 0xfe, 0xff, 0x41, 0x51 })]
    [InlineData(" AAH+\n/0FR\n", new byte[] { 0x00, 0x01, 0xfe, 0xff, 0x41, 0x51 })]
    [InlineData("CQgH", new byte[] { 9, 8, 7 })]
    [InlineData("", new byte[0])]
    public void FromBase64DecodesTheTextIgnoringWhiteSpace(string text, byte[] expected) =>
        Assert.Equal(expected, SecretApi.FromBase64(Secure(text)));

    [Fact]
    public void FromBase64RejectsOtherTextWithoutShowingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => SecretApi.FromBase64(Secure("hunter2 is not base64!")));
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Contains("base64", e.Message);
    }

    [Fact]
    public unsafe void CopyAndZeroCopiesTheBytesAndZeroesTheNativeBuffer()
    {
        byte[] value = { 0x73, 0x33, 0x63, 0x72, 0x00, 0xff, 0x80, 0x01 };
        byte* native = (byte*)NativeMemory.Alloc((nuint)value.Length);
        try
        {
            value.CopyTo(new Span<byte>(native, value.Length));
            byte[] copy = SecretApi.CopyAndZero(native, (nuint)value.Length);
            Assert.Equal(value, copy);
            Assert.True(new ReadOnlySpan<byte>(native, value.Length).IndexOfAnyExcept((byte)0) < 0, "the native buffer must be all zero");
            SecretApi.Wipe(copy);
            Assert.All(copy, b => Assert.Equal(0, b));
        }
        finally { NativeMemory.Free(native); }
    }

    [Fact]
    public unsafe void CopyAndZeroOfAnEmptyValueIsAnEmptyArray()
    {
        byte* native = (byte*)NativeMemory.Alloc(1);
        try { Assert.Empty(SecretApi.CopyAndZero(native, 0)); }
        finally { NativeMemory.Free(native); }
    }

    [Fact]
    public void Utf8RoundTripsThroughAReadOnlySecureString()
    {
        const string text = "Grüße-€-𝄞 pass";
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        using var s = SecretApi.ToSecureString(utf8);
        Assert.True(s.IsReadOnly());
        Assert.Equal(text.Length, s.Length);
        Assert.Equal(text, Plain(s));
        byte[] back = SecretApi.ToUtf8Bytes(s);
        Assert.Equal(utf8, back);
    }

    [Fact]
    public void AnEmptyValueIsAnEmptySecureString()
    {
        using var s = SecretApi.ToSecureString(ReadOnlySpan<byte>.Empty);
        Assert.Equal(0, s.Length);
        Assert.Empty(SecretApi.ToUtf8Bytes(s));
    }

    [Fact]
    public void InvalidUtf8IsAnArgumentExceptionThatDoesNotShowTheBytes()
    {
        byte[] binary = { 0x41, 0x42, 0xff, 0xfe, 0x43 };
        var ex = Assert.Throws<ArgumentException>(() => SecretApi.ToSecureString(binary));
        Assert.Contains("AsByteArray", ex.Message);
        Assert.DoesNotContain("AB", ex.ToString());
        Assert.DoesNotContain("FF", ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(SecretUsageType.Volume, "volume", "/var/lib/libvirt/images/a.img")]
    [InlineData(SecretUsageType.Ceph, "name", "client.admin")]
    [InlineData(SecretUsageType.Iscsi, "target", "libvirtiscsi")]
    [InlineData(SecretUsageType.Tls, "name", "tls-x")]
    [InlineData(SecretUsageType.Vtpm, "name", "vtpm-x")]
    public void BuildXmlWritesTheUsageElementOfEachType(SecretUsageType type, string element, string id)
    {
        var x = XElement.Parse(SecretApi.BuildXml(type, id, "d", ephemeral: true, @private: false));
        Assert.Equal("yes", (string?)x.Attribute("ephemeral"));
        Assert.Equal("no", (string?)x.Attribute("private"));
        Assert.Equal("d", (string?)x.Element("description"));
        Assert.Equal(type.ToString().ToLowerInvariant(), (string?)x.Element("usage")?.Attribute("type"));
        Assert.Equal(id, (string?)x.Element("usage")?.Element(element));
        var facts = SecretApi.ParseXml(x.ToString());
        Assert.Equal(new SecretApi.SecretXmlFacts("d", true, false), facts);
    }

    [Fact]
    public void BuildXmlChecksUsageIdAgainstUsageType()
    {
        Assert.Throws<ArgumentException>(() => SecretApi.BuildXml(SecretUsageType.Volume, null, null, false, false));
        Assert.Throws<ArgumentException>(() => SecretApi.BuildXml(SecretUsageType.None, "x", null, false, false));
        var none = XElement.Parse(SecretApi.BuildXml(SecretUsageType.None, null, null, false, true));
        Assert.Null(none.Element("usage"));
        Assert.Equal(new SecretApi.SecretXmlFacts(null, false, true), SecretApi.ParseXml(none.ToString()));
    }
}
