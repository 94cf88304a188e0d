using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>Names given where objects are taken: ObjectKind.Reference, which target resolution looks up as a name.</summary>
public class ObjectReferenceTests
{
    public static TheoryData<string> ConnectionKinds()
    {
        var data = new TheoryData<string>();
        foreach (var k in ObjectKinds.All.Where(k => k.Parent is null)) data.Add(k.TypeName);
        return data;
    }

    [Theory]
    [MemberData(nameof(ConnectionKinds))]
    public void Every_connection_level_kind_makes_a_reference_holding_only_its_key(string typeName)
    {
        var kind = ObjectKinds.All.Single(k => k.TypeName == typeName);
        string key = kind.KeyType == ObjectKeyType.Uuid ? "6695eb01-f6a4-8304-79aa-97f2502e193f" : "web1";
        var reference = kind.Reference(key);

        Assert.IsType(kind.ModelType, reference);
        Assert.True(ObjectKind.IsReference(reference, out string? given));
        Assert.Equal(key, given);
        Assert.Equal(key, kind.IdentityOf(reference).Key);
        Assert.Null(kind.IdentityOf(reference).Hypervisor);
    }

    [Fact]
    public void An_object_that_was_not_made_as_a_reference_is_not_one()
    {
        Assert.False(ObjectKind.IsReference(new PSLibvirt.Network { Name = "web1" }, out _));
    }

    [Fact]
    public void A_key_that_is_not_a_uuid_for_a_kind_keyed_by_uuid_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => ObjectKinds.Secret.Reference("not-a-uuid"));
    }
}
