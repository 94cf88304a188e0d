using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>Conventions every object the module writes keeps, checked over the whole model so new types are covered.</summary>
public class ModelConventionTests
{
    [Fact]
    public void Every_state_property_is_an_enum_with_PascalCase_names()
    {
        var states = typeof(PSLibvirt.Domain).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "PSLibvirt" && t.IsClass)
            .SelectMany(t => t.GetProperties().Where(p => p.Name == "State").Select(p => (Type: t, Property: p)))
            .ToList();
        Assert.NotEmpty(states);
        foreach (var (type, property) in states)
        {
            var enumType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(enumType.IsEnum, $"{type.Name}.State is {property.PropertyType.Name}, not an enum");
            foreach (var name in Enum.GetNames(enumType))
                Assert.True(char.IsUpper(name[0]) && !name.Contains('_'), $"{enumType.Name}.{name} is not PascalCase");
        }
    }

    [Theory]
    [InlineData("running", DomainSnapshotState.Running)]
    [InlineData("shutoff", DomainSnapshotState.ShutOff)]
    [InlineData("disk-snapshot", DomainSnapshotState.DiskSnapshot)]
    [InlineData("pmsuspended", DomainSnapshotState.PMSuspended)]
    [InlineData("nostate", DomainSnapshotState.NoState)]
    [InlineData(null, DomainSnapshotState.NoState)]
    [InlineData("something-new", DomainSnapshotState.NoState)]
    [InlineData("42", DomainSnapshotState.NoState)]
    public void A_snapshot_state_is_read_from_the_XML_text(string? text, DomainSnapshotState expected) =>
        Assert.Equal(expected, DomainSnapshotApi.SnapshotState(text));
}
