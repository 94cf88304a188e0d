namespace PSLibvirt.Core;

/// <summary>Reads a listed domain's title, description and maximum vCPU count on first use, from the connection it was listed on.</summary>
internal sealed class DomainMetadataReader : IDomainMetadataSource
{
    // One reader per connection, so a listing of thousands of domains allocates none per domain.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LibvirtConnection, DomainMetadataReader> Readers = new();

    private readonly LibvirtConnection _connection;

    private DomainMetadataReader(LibvirtConnection connection) => _connection = connection;

    public static DomainMetadataReader For(LibvirtConnection connection) => Readers.GetValue(connection, static c => new DomainMetadataReader(c));

    public (string? Title, string? Description) ReadMetadata(Guid uuid)
    {
        using var h = DomainApi.LookupByUuid(_connection, uuid);
        return DomainApi.GetMetadata(h);
    }

    public int? ReadMaxVCpus(Guid uuid)
    {
        using var h = DomainApi.LookupByUuid(_connection, uuid);
        return DomainApi.GetMaxVCpus(h);
    }
}
