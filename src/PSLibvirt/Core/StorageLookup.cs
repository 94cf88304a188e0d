using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Lookups of pools and volumes that answer null for "there is none" (the kinds' TryLookup) and list-all as handles.</summary>
public static class StorageLookup
{
    public static unsafe List<StoragePoolHandle> ListAllPools(LibvirtConnection connection)
    {
        nint* array = null;
        int n = LibvirtException.Check(Libvirt.virConnectListAllStoragePools(connection.Handle, (nint*)&array, 0));
        return LibvirtHandle.TakeArray<StoragePoolHandle>(array, n);
    }

    /// <summary>The volumes of a pool; an inactive pool has none to list (libvirt refuses to), so it answers an empty list.</summary>
    public static unsafe List<StorageVolHandle> ListAllVolumes(StoragePoolHandle pool)
    {
        if (!StorageApi.IsActive(pool)) return new List<StorageVolHandle>();
        nint* array = null;
        int n = LibvirtException.Check(Libvirt.virStoragePoolListAllVolumes(pool, (nint*)&array, 0));
        return LibvirtHandle.TakeArray<StorageVolHandle>(array, n);
    }

    public static string PoolName(StoragePoolHandle h) => LibvirtException.Check(Libvirt.virStoragePoolGetName(h));

    public static unsafe Guid PoolUuid(StoragePoolHandle h)
    {
        byte* raw = stackalloc byte[16];
        LibvirtException.Check(Libvirt.virStoragePoolGetUUID(h, raw));
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    public static StoragePoolHandle? TryLookupPool(LibvirtConnection c, string name) =>
        NullWhen(Libvirt.virStoragePoolLookupByName(c.Handle, name), VirErrorNumber.VIR_ERR_NO_STORAGE_POOL);

    public static StoragePoolHandle? TryLookupPoolByUuid(LibvirtConnection c, Guid uuid) =>
        NullWhen(Libvirt.virStoragePoolLookupByUUIDString(c.Handle, uuid.ToString("D")), VirErrorNumber.VIR_ERR_NO_STORAGE_POOL);

    public static StorageVolHandle? TryLookupVolume(StoragePoolHandle pool, string name) =>
        NullWhen(Libvirt.virStorageVolLookupByName(pool, name), VirErrorNumber.VIR_ERR_NO_STORAGE_VOL);

    /// <summary>A volume by its key, else by its path (a volume given as text), or null when neither finds one.</summary>
    public static StorageVolHandle? TryLookupVolumeByKeyOrPath(LibvirtConnection c, string text) =>
        NullWhen(Libvirt.virStorageVolLookupByKey(c.Handle, text), VirErrorNumber.VIR_ERR_NO_STORAGE_VOL)
        ?? NullWhen(Libvirt.virStorageVolLookupByPath(c.Handle, text), VirErrorNumber.VIR_ERR_NO_STORAGE_VOL);

    /// <summary>Defines (or redefines) a persistent pool; libvirt validates the XML against its schema first.</summary>
    public static StoragePoolHandle DefinePool(LibvirtConnection c, string xml) =>
        LibvirtException.Check(Libvirt.virStoragePoolDefineXML(c.Handle, xml, (uint)VirStoragePoolDefineFlags.VIR_STORAGE_POOL_DEFINE_VALIDATE));

    /// <summary>The handle, or null when libvirt's error is <paramref name="missing"/> (the error is read before the handle is released).</summary>
    private static T? NullWhen<T>(T h, VirErrorNumber missing) where T : LibvirtHandle
    {
        if (!h.IsInvalid) return h;
        var ex = LibvirtException.FromLastError();
        h.Dispose();
        if (ex.Code == missing) return null;
        throw ex;
    }
}
