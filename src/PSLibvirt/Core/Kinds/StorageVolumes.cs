namespace PSLibvirt.Core;

/// <summary>Creating and cloning volumes by name, as the drive's New-Item and Copy-Item do.</summary>
internal static class StorageVolumes
{
    /// <summary>A volume of <paramref name="size"/> bytes (a number, or text such as '10G') in the format <paramref name="format"/> (raw when null).</summary>
    public static object Create(Hypervisor h, string pool, string name, string? format, object? size)
    {
        if (size is null) throw new ArgumentException("Give the volume's size with -Value (e.g. -Value 10GB).");
        long capacity = size is string s ? SizeParser.Parse(s) : Convert.ToInt64(size, System.Globalization.CultureInfo.InvariantCulture);
        if (capacity <= 0) throw new ArgumentException($"A volume's size must be positive; '{capacity}' is not.");
        using var p = StorageApi.LookupPool(h.Connection, pool);
        string xml = StorageXml.BuildVolume(name, (ulong)capacity, null, string.IsNullOrEmpty(format) ? "raw" : format, null, null);
        using var v = StorageApi.CreateVolume(p, xml, preallocateMetadata: false);
        return StorageApi.SnapshotVolume(v, pool, h);
    }

    public static object Clone(Hypervisor h, string pool, string volume, string targetPool, string newName)
    {
        using var sp = StorageApi.LookupPool(h.Connection, pool);
        using var sv = StorageApi.LookupVolume(sp, volume);
        using var tp = StorageApi.LookupPool(h.Connection, targetPool);
        string xml = StorageXml.BuildClone(StorageApi.GetVolumeXml(sv), newName, null);
        using var nv = StorageApi.CloneVolume(tp, xml, sv);
        return StorageApi.SnapshotVolume(nv, targetPool, h);
    }
}
