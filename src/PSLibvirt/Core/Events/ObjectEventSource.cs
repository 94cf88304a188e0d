namespace PSLibvirt.Core;

/// <summary>
/// The events of one kind of object (network, storage pool, node device, secret) on a connection: every object's, or
/// one's, told apart by its key (its name, or a secret's UUID). Each kind only says how its events are registered
/// and read (NetworkEvents, StoragePoolEvents, NodeDeviceEvents, SecretEvents).
/// </summary>
internal sealed class ObjectEventSource<TEvent> : LibvirtEventSource<TEvent> where TEvent : LibvirtEvent
{
    private readonly string? _key;
    private readonly Func<TEvent, string> _keyOf;

    private ObjectEventSource(Hypervisor? hypervisor, string? key, Func<TEvent, string> keyOf) : base(hypervisor)
    {
        _key = key;
        _keyOf = keyOf;
    }

    /// <summary>
    /// Receives the events of <paramref name="registrations"/>, of every object or of the one whose key is
    /// <paramref name="key"/>. Throws when the event loop is not running or libvirt refuses (and registers nothing).
    /// </summary>
    internal static ObjectEventSource<TEvent> Create(LibvirtConnection connection, Hypervisor? hypervisor, string? key, Func<TEvent, string> keyOf, IEnumerable<EventRegistration> registrations)
    {
        var source = new ObjectEventSource<TEvent>(hypervisor, key, keyOf);
        source.JoinAll(connection, registrations);
        return source;
    }

    private protected override bool Accept(TEvent e) => _key is null || string.Equals(_key, _keyOf(e), StringComparison.Ordinal);
}
