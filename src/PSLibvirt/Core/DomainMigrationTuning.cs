using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// A domain's migration settings (virsh migrate-getmaxdowntime/-setmaxdowntime, migrate-getspeed/-setspeed,
/// migrate-compcache, migrate-postcopy). Each is read on its own: what the driver does not keep is null.
/// </summary>
internal static class DomainMigrationTuning
{
    /// <summary>What the driver reports of <paramref name="h"/>'s settings; a setting it does not support is null.</summary>
    public static DomainMigrationParameters Get(DomainHandle h) => new()
    {
        MaxDowntimeMs = Optional(() => MaxDowntime(h)),
        BandwidthMiBps = Optional(() => MaxSpeed(h, 0)),
        PostCopyBandwidthMiBps = Optional(() => MaxSpeed(h, VirDomainMigrateMaxSpeedFlags.VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY)),
        CompressionCacheBytes = Optional(() => CompressionCache(h)),
    };

    private static unsafe ulong MaxDowntime(DomainHandle h)
    {
        ulong v = 0;
        Vir.DomainMigrateGetMaxDowntime(h, &v);
        return v;
    }

    private static unsafe ulong MaxSpeed(DomainHandle h, VirDomainMigrateMaxSpeedFlags flags)
    {
        CULong v = default;
        Vir.DomainMigrateGetMaxSpeed(h, &v, flags);
        return (ulong)v.Value;
    }

    private static unsafe ulong CompressionCache(DomainHandle h)
    {
        ulong v = 0;
        Vir.DomainMigrateGetCompressionCache(h, &v);
        return v;
    }

    /// <summary>Sets what is given (null: left as it is), in this order; the first refusal throws and the rest is not set.</summary>
    public static void Set(DomainHandle h, ulong? maxDowntimeMs, ulong? bandwidthMiBps, ulong? postCopyBandwidthMiBps, ulong? compressionCacheBytes)
    {
        if (maxDowntimeMs is ulong d) Vir.DomainMigrateSetMaxDowntime(h, d);
        if (bandwidthMiBps is ulong b) Vir.DomainMigrateSetMaxSpeed(h, new CULong((nuint)b));
        if (postCopyBandwidthMiBps is ulong p) Vir.DomainMigrateSetMaxSpeed(h, new CULong((nuint)p), VirDomainMigrateMaxSpeedFlags.VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY);
        if (compressionCacheBytes is ulong c) Vir.DomainMigrateSetCompressionCache(h, c);
    }

    /// <summary>Switches the domain's running migration (started with post-copy allowed) to post-copy (virsh migrate-postcopy).</summary>
    public static void StartPostCopy(DomainHandle h) => Vir.DomainMigrateStartPostCopy(h);

    /// <summary>The value, or null when the driver does not support the setting (or not in the domain's state).</summary>
    private static ulong? Optional(Func<ulong> read)
    {
        try { return read(); }
        catch (LibvirtException e) when (e is not ConnectionLostException &&
            e.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT or VirErrorNumber.VIR_ERR_OPERATION_INVALID or VirErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED or VirErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED)
        {
            return null;
        }
    }
}
