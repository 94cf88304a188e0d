using System;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.NetworkFilterBinding;

/// <summary>NetworkFilterBindingApi.Parse: libvirt's &lt;filterbinding&gt; XML (as nwfilter-binding-dumpxml writes it) into the model; the descriptor.</summary>
public class NetworkFilterBindingParseTests
{
    [Fact]
    public void ReadsOwnerPortMacFilterAndParameters()
    {
        var b = NetworkFilterBindingApi.Parse("""
            <filterbinding>
              <owner>
                <name>vm1</name>
                <uuid>d54df46f-1ab5-4a22-8618-4560ef5fac2c</uuid>
              </owner>
              <portdev name='vnet0'/>
              <mac address='52:54:00:aa:bb:cc'/>
              <filterref filter='clean-traffic'>
                <parameter name='IP' value='10.0.0.1'/>
                <parameter name='IP' value='10.0.0.2'/>
                <parameter name='IP' value='10.0.0.3'/>
                <parameter name='MAC' value='52:54:00:aa:bb:cc'/>
              </filterref>
            </filterbinding>
            """, null);
        Assert.Equal("vnet0", b.Name);
        Assert.Equal("vnet0", b.PortDevice);
        Assert.Equal("52:54:00:aa:bb:cc", b.MacAddress);
        Assert.Equal("vm1", b.OwnerName);
        Assert.Equal(Guid.Parse("d54df46f-1ab5-4a22-8618-4560ef5fac2c"), b.OwnerUuid);
        Assert.Equal("clean-traffic", b.FilterName);
        Assert.Equal(new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3" }, (string[])b.Parameters["IP"]!);
        Assert.Equal("52:54:00:aa:bb:cc", b.Parameters["MAC"]);
        Assert.Equal(new object[] { "IP", "MAC" }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Cast<object>(b.Parameters.Keys)));
        Assert.Equal("vnet0", b.ToString());
    }

    [Fact]
    public void ABindingWithoutParametersOrOwnerUuid()
    {
        var b = NetworkFilterBindingApi.Parse("<filterbinding><owner><name>x</name></owner><portdev name='tap1'/><filterref filter='f'/></filterbinding>", null);
        Assert.Equal("tap1", b.PortDevice);
        Assert.Null(b.MacAddress);
        Assert.Null(b.OwnerUuid);
        Assert.Empty(b.Parameters);
    }

    [Fact]
    public void RefusesAnotherRoot() =>
        Assert.Throws<FormatException>(() => NetworkFilterBindingApi.Parse("<filter name='x'/>", null));

    [Fact]
    public void TheDescriptorKeysByPortDevice()
    {
        var k = ObjectKinds.NetworkFilterBinding;
        Assert.Equal("Get-NetworkFilterBinding", k.ListCommand);
        Assert.Equal("filterbinding", k.XmlRoot);
        Assert.Null(k.TryLookupByUuid);
        Assert.Contains(k, ObjectKinds.All);
    }
}
