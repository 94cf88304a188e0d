namespace PSLibvirt;

/// <summary>
/// A domain's migration settings (Get-DomainMigrationParameter): what its next (or running) migration may use. A
/// setting the driver does not keep, or not in the domain's state, is null.
/// </summary>
public sealed class DomainMigrationParameters
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>How long the guest may be paused at the switch-over, in milliseconds (migrate-getmaxdowntime).</summary>
    public ulong? MaxDowntimeMs { get; init; }
    /// <summary>The bandwidth limit of the pre-copy phase, in MiB/s (migrate-getspeed; a huge number: no limit).</summary>
    public ulong? BandwidthMiBps { get; init; }
    /// <summary>The bandwidth limit of the post-copy phase, in MiB/s (migrate-getspeed --postcopy).</summary>
    public ulong? PostCopyBandwidthMiBps { get; init; }
    /// <summary>The XBZRLE compression cache, in bytes (migrate-compcache).</summary>
    public ulong? CompressionCacheBytes { get; init; }

    public override string ToString() => Name;
}
