namespace PSLibvirt;

/// <summary>One storage pool type and what the connection's storage driver supports of it (virsh pool-capabilities).</summary>
public sealed class StoragePoolCapability
{
    public string Type { get; init; } = "";
    public bool Supported { get; init; }
    /// <summary>The pool's default source format (poolOptions/defaultFormat), if it has source formats.</summary>
    public string? DefaultPoolFormat { get; init; }
    /// <summary>The source formats the pool takes (poolOptions, sourceFormatType).</summary>
    public IReadOnlyList<string> PoolFormats { get; init; } = new List<string>();
    /// <summary>The default volume format (volOptions/defaultFormat).</summary>
    public string? DefaultVolumeFormat { get; init; }
    /// <summary>The volume formats the pool takes (volOptions, targetFormatType).</summary>
    public IReadOnlyList<string> VolumeFormats { get; init; } = new List<string>();
    public Hypervisor? Hypervisor { get; init; }
    public override string ToString() => Type;
}
