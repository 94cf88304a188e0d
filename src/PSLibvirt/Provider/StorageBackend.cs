using System;
using System.Collections.Generic;
using System.Linq;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Provider;

/// <summary>The StoragePools folder over the storage work's Core API (StorageApi, StorageXml).</summary>
internal static class StorageBackend
{
    public static IReadOnlyList<string> PoolNames(Hypervisor h) => ListPools(h).Select(p => p.Name).ToList();

    public static IReadOnlyList<StoragePool> ListPools(Hypervisor h) => StorageApi.ListPools(h.Connection, h);

    public static IReadOnlyList<string> VolumeNames(Hypervisor h, string pool) => ListVolumes(h, pool).Select(v => v.Name).ToList();

    /// <summary>An inactive pool lists no volumes (libvirt refuses to: the folder is shown empty).</summary>
    public static IReadOnlyList<StorageVolume> ListVolumes(Hypervisor h, string pool)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        if (!StorageApi.IsActive(p)) return Array.Empty<StorageVolume>();
        return StorageApi.ListVolumes(p, pool, h);
    }

    public static StoragePool GetPool(Hypervisor h, string pool) => StorageApi.GetPool(h.Connection, pool, h);

    public static StorageVolume GetVolume(Hypervisor h, string pool, string volume)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        using var v = StorageApi.LookupVolume(p, volume);
        return StorageApi.SnapshotVolume(v, pool, h);
    }

    public static string GetPoolXml(Hypervisor h, string pool)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        if (StorageApi.IsPersistent(p))
        {
            try { return StorageApi.GetPoolXml(p, inactive: true); }
            catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_INVALID_ARG or VirErrorNumber.VIR_ERR_NO_SUPPORT)
            {
                // Drivers without separate configurations (the test driver) reject the flag.
            }
        }
        return StorageApi.GetPoolXml(p, inactive: false);
    }

    public static string GetVolumeXml(Hypervisor h, string pool, string volume)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        using var v = StorageApi.LookupVolume(p, volume);
        return StorageApi.GetVolumeXml(v);
    }

    public static StoragePool RedefinePool(Hypervisor h, string pool, string xml)
    {
        Guid uuid;
        using (var p = StorageApi.LookupPool(h.Connection, pool)) uuid = StorageApi.SnapshotPool(p, h).Uuid;
        var doc = XmlDefinition.Load(xml, "pool");
        XmlDefinition.RequireName(doc, "pool", pool);
        XmlDefinition.RequireUuid(doc, "pool", uuid);
        using var np = LibvirtException.Check(Libvirt.virStoragePoolDefineXML(h.Connection.Handle, doc.OuterXml,
            (uint)VirStoragePoolDefineFlags.VIR_STORAGE_POOL_DEFINE_VALIDATE));
        return StorageApi.SnapshotPool(np, h);
    }

    public static StoragePool DefinePool(Hypervisor h, string pool, string xml)
    {
        var doc = XmlDefinition.Load(xml, "pool");
        XmlDefinition.EnsureName(doc, "pool", pool);
        if (PoolNames(h).Contains(pool, StringComparer.Ordinal)) throw new ItemExistsException($"A storage pool named '{pool}' already exists.");
        return StorageApi.NewPool(h.Connection, doc.OuterXml, build: false, start: false, autostart: false, transient: false, h);
    }

    public static StorageVolume CreateVolume(Hypervisor h, string pool, string name, string format, long capacity)
    {
        if (capacity <= 0) throw new ArgumentException($"A volume's size must be positive; '{capacity}' is not.");
        using var p = StorageApi.LookupPool(h.Connection, pool);
        string xml = StorageXml.BuildVolume(name, (ulong)capacity, null, format, null, null);
        using var v = StorageApi.CreateVolume(p, xml, preallocateMetadata: false);
        return StorageApi.SnapshotVolume(v, pool, h);
    }

    public static StorageVolume CloneVolume(Hypervisor h, string pool, string volume, string targetPool, string newName)
    {
        using var sp = StorageApi.LookupPool(h.Connection, pool);
        using var sv = StorageApi.LookupVolume(sp, volume);
        using var tp = StorageApi.LookupPool(h.Connection, targetPool);
        string xml = StorageXml.BuildClone(StorageApi.GetVolumeXml(sv), newName, null);
        using var nv = StorageApi.CloneVolume(tp, xml, sv);
        return StorageApi.SnapshotVolume(nv, targetPool, h);
    }

    public static bool IsPoolActive(Hypervisor h, string pool)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        return StorageApi.IsActive(p);
    }

    /// <summary>Stops (when active) and undefines the pool; its volumes stay on disk.</summary>
    public static void RemovePool(Hypervisor h, string pool)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        StorageApi.RemovePool(p, deleteStorage: false);
    }

    public static void DeleteVolume(Hypervisor h, string pool, string volume)
    {
        using var p = StorageApi.LookupPool(h.Connection, pool);
        using var v = StorageApi.LookupVolume(p, volume);
        StorageApi.DeleteVolume(v);
    }

    public static IDictionary<string, object?> GetPoolProperties(Hypervisor h, string pool) =>
        new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Autostart"] = GetPool(h, pool).Autostart };

    public static void SetPoolProperty(Hypervisor h, string pool, string property, object? value, Func<object?, Type, object> convert)
    {
        if (!property.Equals("Autostart", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Storage pools have no settable property '{property}'. Settable: Autostart.", nameof(property));
        using var p = StorageApi.LookupPool(h.Connection, pool);
        StorageApi.SetAutostart(p, (bool)convert(value, typeof(bool)));
    }
}
