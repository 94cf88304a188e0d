using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Storage pools and volumes: listing (bulk calls), lookup, life cycle. Returns Model snapshots.</summary>
public static class StorageApi
{
    // ---------------------------------------------------------------- pools

    /// <summary>All pools of the connection (virConnectListAllStoragePools), optionally only active or inactive ones.</summary>
    public static unsafe List<StoragePool> ListPools(LibvirtConnection connection, Hypervisor? hypervisor, bool? active = null)
    {
        uint flags = active switch
        {
            true => (uint)VirConnectListAllStoragePoolsFlags.VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE,
            false => (uint)VirConnectListAllStoragePoolsFlags.VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE,
            null => 0u,
        };
        nint raw = 0;
        int n = LibvirtException.Check(Libvirt.virConnectListAllStoragePools(connection.Handle, &raw, flags));
        var handles = LibvirtHandle.TakeArray<StoragePoolHandle>((nint*)raw, n);
        var result = new List<StoragePool>(n);
        try
        {
            foreach (var h in handles)
            {
                try { result.Add(SnapshotPool(h, hypervisor)); }
                catch (LibvirtException e) when (e.Code is VirErrorNumber.VIR_ERR_NO_STORAGE_POOL) { /* removed meanwhile */ }
            }
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    public static StoragePoolHandle LookupPool(LibvirtConnection connection, string name) =>
        LibvirtException.Check(Libvirt.virStoragePoolLookupByName(connection.Handle, name));

    /// <summary>A handle to the pool an object or reference names: by UUID when known, else by name.</summary>
    public static StoragePoolHandle OpenPool(LibvirtConnection connection, StoragePool pool) =>
        pool.Uuid != Guid.Empty
            ? LibvirtException.Check(Libvirt.virStoragePoolLookupByUUIDString(connection.Handle, pool.Uuid.ToString()))
            : LookupPool(connection, pool.Name);

    public static StoragePool GetPool(LibvirtConnection connection, string name, Hypervisor? hypervisor)
    {
        using var h = LookupPool(connection, name);
        return SnapshotPool(h, hypervisor);
    }

    public static unsafe StoragePool SnapshotPool(StoragePoolHandle h, Hypervisor? hypervisor)
    {
        string xml = LibvirtException.Check(Libvirt.virStoragePoolGetXMLDesc(h, 0));
        VirStoragePoolInfo info;
        LibvirtException.Check(Libvirt.virStoragePoolGetInfo(h, &info));
        int autostart = 0;
        LibvirtException.Check(Libvirt.virStoragePoolGetAutostart(h, &autostart));
        int persistent = LibvirtException.Check(Libvirt.virStoragePoolIsPersistent(h));
        return ParsePool(xml, info.state, info.capacity, info.allocation, info.available, autostart != 0, persistent == 1, hypervisor);
    }

    internal static StoragePool ParsePool(string xml, int state, ulong capacity, ulong allocation, ulong available,
        bool autostart, bool persistent, Hypervisor? hypervisor)
    {
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement!;
        string? path = root.SelectSingleNode("target/path")?.InnerText;
        return new StoragePool
        {
            Name = root.SelectSingleNode("name")?.InnerText ?? "",
            Uuid = Guid.TryParse(root.SelectSingleNode("uuid")?.InnerText, out var g) ? g : Guid.Empty,
            Type = root.GetAttribute("type"),
            State = PoolStateName(state),
            CapacityBytes = (long)capacity,
            AllocationBytes = (long)allocation,
            AvailableBytes = (long)available,
            Autostart = autostart,
            Persistent = persistent,
            Path = string.IsNullOrEmpty(path) ? null : path,
            Hypervisor = hypervisor,
        };
    }

    public static string PoolStateName(int state) => (VirStoragePoolState)state switch
    {
        VirStoragePoolState.VIR_STORAGE_POOL_INACTIVE => "inactive",
        VirStoragePoolState.VIR_STORAGE_POOL_BUILDING => "building",
        VirStoragePoolState.VIR_STORAGE_POOL_RUNNING => "running",
        VirStoragePoolState.VIR_STORAGE_POOL_DEGRADED => "degraded",
        VirStoragePoolState.VIR_STORAGE_POOL_INACCESSIBLE => "inaccessible",
        _ => "unknown",
    };

    /// <summary>
    /// Defines (or, transient, creates) a pool from XML, then builds, starts and marks it autostart as asked.
    /// A pool this call defined is undefined again when a later step fails: nothing is left half-done.
    /// </summary>
    public static StoragePool NewPool(LibvirtConnection connection, string xml, bool build, bool start, bool autostart,
        bool transient, Hypervisor? hypervisor)
    {
        var c = connection.Handle;
        if (transient)
        {
            if (autostart) throw new ArgumentException("A transient pool cannot be marked autostart.", nameof(autostart));
            uint flags = build ? (uint)VirStoragePoolCreateFlags.VIR_STORAGE_POOL_CREATE_WITH_BUILD : 0u;
            using var t = LibvirtException.Check(Libvirt.virStoragePoolCreateXML(c, xml, flags));
            return SnapshotPool(t, hypervisor);
        }

        // Validated against libvirt's schema, as the drive's New-Item does (one rule: StorageLookup.DefinePool).
        using var h = StorageLookup.DefinePool(connection, xml);
        try
        {
            if (build) LibvirtException.Check(Libvirt.virStoragePoolBuild(h, 0));
            if (start) LibvirtException.Check(Libvirt.virStoragePoolCreate(h, 0));
            if (autostart) LibvirtException.Check(Libvirt.virStoragePoolSetAutostart(h, 1));
            return SnapshotPool(h, hypervisor);
        }
        catch
        {
            if (Libvirt.virStoragePoolIsActive(h) == 1 && Libvirt.virStoragePoolDestroy(h) < 0) Libvirt.virResetLastError();
            if (Libvirt.virStoragePoolUndefine(h) < 0) Libvirt.virResetLastError();
            throw;
        }
    }

    public static void StartPool(StoragePoolHandle h, bool build) =>
        LibvirtException.Check(Libvirt.virStoragePoolCreate(h, build ? (uint)VirStoragePoolCreateFlags.VIR_STORAGE_POOL_CREATE_WITH_BUILD : 0u));

    public static void BuildPool(StoragePoolHandle h, bool overwrite) =>
        LibvirtException.Check(Libvirt.virStoragePoolBuild(h, overwrite ? (uint)VirStoragePoolBuildFlags.VIR_STORAGE_POOL_BUILD_OVERWRITE : 0u));

    public static void StopPool(StoragePoolHandle h) => LibvirtException.Check(Libvirt.virStoragePoolDestroy(h));

    public static bool IsActive(StoragePoolHandle h) => LibvirtException.Check(Libvirt.virStoragePoolIsActive(h)) == 1;

    public static bool IsPersistent(StoragePoolHandle h) => LibvirtException.Check(Libvirt.virStoragePoolIsPersistent(h)) == 1;

    /// <summary>Undefines the pool; with <paramref name="deleteStorage"/> first deletes its storage (virStoragePoolDelete).</summary>
    public static void RemovePool(StoragePoolHandle h, bool deleteStorage)
    {
        if (IsActive(h)) StopPool(h);
        if (deleteStorage) LibvirtException.Check(Libvirt.virStoragePoolDelete(h, 0));
        if (IsPersistent(h)) LibvirtException.Check(Libvirt.virStoragePoolUndefine(h));
    }

    public static void RefreshPool(StoragePoolHandle h) => LibvirtException.Check(Libvirt.virStoragePoolRefresh(h, 0));

    public static void SetAutostart(StoragePoolHandle h, bool autostart) =>
        LibvirtException.Check(Libvirt.virStoragePoolSetAutostart(h, autostart ? 1 : 0));

    public static string GetPoolXml(StoragePoolHandle h, bool inactive) =>
        LibvirtException.Check(Libvirt.virStoragePoolGetXMLDesc(h, inactive ? (uint)VirStorageXMLFlags.VIR_STORAGE_XML_INACTIVE : 0u));

    /// <summary>A pool's definition: the persistent configuration of a persistent pool where the driver tells it apart, else the live one.</summary>
    public static string GetPoolDefinitionXml(StoragePoolHandle h)
    {
        if (IsPersistent(h))
        {
            try { return GetPoolXml(h, inactive: true); }
            catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_INVALID_ARG or VirErrorNumber.VIR_ERR_NO_SUPPORT)
            {
                // Drivers without separate configurations (the test driver) reject the flag.
            }
        }
        return GetPoolXml(h, inactive: false);
    }

    /// <summary>virConnectFindStoragePoolSources: the XML document of the sources found.</summary>
    public static string FindPoolSources(LibvirtConnection connection, string type, string? sourceSpecXml) =>
        LibvirtException.Check(Libvirt.virConnectFindStoragePoolSources(connection.Handle, type, sourceSpecXml, 0));

    /// <summary>The &lt;source&gt; elements of a virConnectFindStoragePoolSources result.</summary>
    public static List<StoragePoolSource> ParseSources(string xml, string type, Hypervisor? hypervisor)
    {
        var list = new List<StoragePoolSource>();
        foreach (XmlElement s in LibvirtXml.Load(xml).SelectNodes("/sources/source")!)
        {
            var devices = new List<string>();
            foreach (XmlElement d in s.SelectNodes("device")!) devices.Add(d.GetAttribute("path"));
            list.Add(new StoragePoolSource
            {
                Type = type,
                Name = s.SelectSingleNode("name")?.InnerText,
                Host = (s.SelectSingleNode("host") as XmlElement)?.GetAttribute("name"),
                Directory = (s.SelectSingleNode("dir") as XmlElement)?.GetAttribute("path"),
                Devices = devices.ToArray(),
                Format = (s.SelectSingleNode("format") as XmlElement)?.GetAttribute("type"),
                Xml = s.OuterXml,
                Hypervisor = hypervisor,
            });
        }
        return list;
    }

    // ---------------------------------------------------------------- volumes

    /// <summary>All volumes of a pool (virStoragePoolListAllVolumes) with one XML description each.</summary>
    public static unsafe List<StorageVolume> ListVolumes(StoragePoolHandle pool, string poolName, Hypervisor? hypervisor)
    {
        nint raw = 0;
        int n = LibvirtException.Check(Libvirt.virStoragePoolListAllVolumes(pool, &raw, 0));
        var handles = LibvirtHandle.TakeArray<StorageVolHandle>((nint*)raw, n);
        var result = new List<StorageVolume>(n);
        try
        {
            foreach (var h in handles)
            {
                try { result.Add(SnapshotVolume(h, poolName, hypervisor)); }
                catch (LibvirtException e) when (e.Code is VirErrorNumber.VIR_ERR_NO_STORAGE_VOL) { /* deleted meanwhile */ }
            }
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    public static StorageVolHandle LookupVolume(StoragePoolHandle pool, string name) =>
        LibvirtException.Check(Libvirt.virStorageVolLookupByName(pool, name));

    public static StorageVolHandle LookupVolumeByPath(LibvirtConnection connection, string path) =>
        LibvirtException.Check(Libvirt.virStorageVolLookupByPath(connection.Handle, path));

    public static StorageVolHandle LookupVolumeByKey(LibvirtConnection connection, string key) =>
        LibvirtException.Check(Libvirt.virStorageVolLookupByKey(connection.Handle, key));

    /// <summary>A handle to the volume a snapshot describes: by key (unique per host), else by pool and name.</summary>
    public static StorageVolHandle OpenVolume(LibvirtConnection connection, StorageVolume volume)
    {
        if (!string.IsNullOrEmpty(volume.Key))
        {
            var h = Libvirt.virStorageVolLookupByKey(connection.Handle, volume.Key);
            if (!h.IsInvalid) return h;
            h.Dispose();
            var ex = LibvirtException.FromLastError();
            if (string.IsNullOrEmpty(volume.Pool)) throw ex;
        }
        using var pool = LookupPool(connection, volume.Pool);
        return LookupVolume(pool, volume.Name);
    }

    /// <summary>The name of the pool that holds a volume.</summary>
    public static string PoolNameOf(StorageVolHandle vol)
    {
        using var pool = LibvirtException.Check(Libvirt.virStoragePoolLookupByVolume(vol));
        return LibvirtException.Check(Libvirt.virStoragePoolGetName(pool));
    }

    public static StorageVolume SnapshotVolume(StorageVolHandle h, string? poolName, Hypervisor? hypervisor)
    {
        string xml = LibvirtException.Check(Libvirt.virStorageVolGetXMLDesc(h, 0));
        return ParseVolume(xml, poolName ?? PoolNameOf(h), hypervisor);
    }

    internal static StorageVolume ParseVolume(string xml, string poolName, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Load(xml).DocumentElement!;
        string? format = (root.SelectSingleNode("target/format") as XmlElement)?.GetAttribute("type");
        return new StorageVolume
        {
            Name = root.SelectSingleNode("name")?.InnerText ?? "",
            Pool = poolName,
            Key = root.SelectSingleNode("key")?.InnerText ?? "",
            Path = root.SelectSingleNode("target/path")?.InnerText ?? "",
            Type = root.HasAttribute("type") ? root.GetAttribute("type") : "file",
            Format = string.IsNullOrEmpty(format) ? null : format,
            CapacityBytes = ReadBytes(root.SelectSingleNode("capacity") as XmlElement),
            AllocationBytes = ReadBytes(root.SelectSingleNode("allocation") as XmlElement),
            Hypervisor = hypervisor,
        };
    }

    public static StorageVolHandle CreateVolume(StoragePoolHandle pool, string xml, bool preallocateMetadata) =>
        LibvirtException.Check(Libvirt.virStorageVolCreateXML(pool, xml,
            preallocateMetadata ? (uint)VirStorageVolCreateFlags.VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA : 0u));

    public static StorageVolHandle CloneVolume(StoragePoolHandle targetPool, string xml, StorageVolHandle source) =>
        LibvirtException.Check(Libvirt.virStorageVolCreateXMLFrom(targetPool, xml, source, 0));

    public static void ResizeVolume(StorageVolHandle vol, ulong capacity, bool allocate, bool delta, bool shrink)
    {
        uint flags = 0;
        if (allocate) flags |= (uint)VirStorageVolResizeFlags.VIR_STORAGE_VOL_RESIZE_ALLOCATE;
        if (delta) flags |= (uint)VirStorageVolResizeFlags.VIR_STORAGE_VOL_RESIZE_DELTA;
        if (shrink) flags |= (uint)VirStorageVolResizeFlags.VIR_STORAGE_VOL_RESIZE_SHRINK;
        LibvirtException.Check(Libvirt.virStorageVolResize(vol, capacity, flags));
    }

    public static void WipeVolume(StorageVolHandle vol, VirStorageVolWipeAlgorithm algorithm) =>
        LibvirtException.Check(algorithm == VirStorageVolWipeAlgorithm.VIR_STORAGE_VOL_WIPE_ALG_ZERO
            ? Libvirt.virStorageVolWipe(vol, 0)
            : Libvirt.virStorageVolWipePattern(vol, (uint)algorithm, 0));

    public static void DeleteVolume(StorageVolHandle vol) => LibvirtException.Check(Libvirt.virStorageVolDelete(vol, 0));

    public static string GetVolumeXml(StorageVolHandle vol) => LibvirtException.Check(Libvirt.virStorageVolGetXMLDesc(vol, 0));

    public static string GetVolumeName(StorageVolHandle vol) => LibvirtException.Check(Libvirt.virStorageVolGetName(vol));

    public static unsafe ulong GetVolumeCapacity(StorageVolHandle vol)
    {
        VirStorageVolInfo info;
        LibvirtException.Check(Libvirt.virStorageVolGetInfo(vol, &info));
        return info.capacity;
    }

    // ---------------------------------------------------------------- helpers

    private static long ReadBytes(XmlElement? e)
    {
        if (e is null || !ulong.TryParse(e.InnerText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) return 0;
        string unit = e.GetAttribute("unit");
        ulong scale = string.IsNullOrEmpty(unit) ? 1 : StorageXml.UnitScale(unit);
        return (long)(v * scale);
    }
}
