using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// One resolved input of a cmdlet: a live handle to an object of some kind on one connection, with what the user
/// passed (the target of its error records). Dispose it.
/// </summary>
internal sealed class Target<THandle> : IDisposable where THandle : LibvirtHandle
{
    internal Target(ObjectKind kind, Hypervisor hypervisor, THandle handle, string key, Guid? uuid, object input, string? parentKey = null, Guid? parentUuid = null)
    {
        Kind = kind;
        Hypervisor = hypervisor;
        Handle = handle;
        Key = key;
        Uuid = uuid;
        Input = input;
        ParentKey = parentKey;
        ParentUuid = parentUuid;
    }

    public ObjectKind Kind { get; }
    public Hypervisor Hypervisor { get; }
    public THandle Handle { get; }
    /// <summary>The object's key: its name (or, for secrets, its UUID as text).</summary>
    public string Key { get; }
    /// <summary>The object's name (the key of kinds keyed by name).</summary>
    public string Name => Key;
    public Guid? Uuid { get; }
    /// <summary>The key of the object it lives in (the pool of a volume, the domain of a snapshot), or null.</summary>
    public string? ParentKey { get; }
    public Guid? ParentUuid { get; }
    /// <summary>What the user passed (an object from a Get- cmdlet, or a name): the target of error records.</summary>
    public object Input { get; }
    public LibvirtConnection Connection => Hypervisor.Connection;

    /// <summary>"domain 'web' on 'lab1'", "storage volume 'a.qcow2' in storage pool 'default' on 'lab1'": for ShouldProcess and messages.</summary>
    public string Description =>
        $"{Kind.Noun} '{Key}'" + (ParentKey is null ? "" : $" {(Kind.Parent?.Noun == "domain" ? "of" : "in")} {Kind.Parent?.Noun} '{ParentKey}'") + $" on '{Hypervisor.Name}'";

    public void Dispose() => Handle.Dispose();
}

internal static class DomainTargets
{
    /// <summary>
    /// The domain's UUID, for the objects cmdlets write about it. Resolution reads it with the handle, so this reads
    /// libvirt only for a target made without one.
    /// </summary>
    public static Guid DomainUuid(this Target<DomainHandle> t) => t.Uuid ?? DomainApi.GetUuid(t.Handle);
}
