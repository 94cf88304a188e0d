using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Lookups of pools and volumes that answer null for "there is none" (the kinds' TryLookup) and list-all as handles.</summary>
internal static class StorageLookup
{
    public static unsafe List<StoragePoolHandle> ListAllPools(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllStoragePools(connection.Handle, (nint*)&array, 0);
        return LibvirtHandle.TakeArray<StoragePoolHandle>(array, n);
    }

    /// <summary>The volumes of a pool; an inactive pool has none to list (libvirt refuses to), so it answers an empty list.</summary>
    public static unsafe List<StorageVolHandle> ListAllVolumes(StoragePoolHandle pool)
    {
        if (!StorageApi.IsActive(pool)) return new List<StorageVolHandle>();
        nint* array = null;
        int n = Vir.StoragePoolListAllVolumes(pool, (nint*)&array, 0);
        return LibvirtHandle.TakeArray<StorageVolHandle>(array, n);
    }

    public static string PoolName(StoragePoolHandle h) => Vir.StoragePoolGetName(h);

    public static unsafe Guid PoolUuid(StoragePoolHandle h)
    {
        byte* raw = stackalloc byte[16];
        Vir.StoragePoolGetUUID(h, raw);
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    public static StoragePoolHandle? TryLookupPool(LibvirtConnection c, string name) =>
        Vir.TryStoragePoolLookupByName(c.Handle, name);

    public static StoragePoolHandle? TryLookupPoolByUuid(LibvirtConnection c, Guid uuid) =>
        Vir.TryStoragePoolLookupByUUIDString(c.Handle, uuid.ToString("D"));

    public static StorageVolHandle? TryLookupVolume(StoragePoolHandle pool, string name) =>
        Vir.TryStorageVolLookupByName(pool, name);

    /// <summary>A volume by its key, else by its path (a volume given as text), or null when neither finds one.</summary>
    public static StorageVolHandle? TryLookupVolumeByKeyOrPath(LibvirtConnection c, string text) =>
        Vir.TryStorageVolLookupByKey(c.Handle, text) ?? Vir.TryStorageVolLookupByPath(c.Handle, text);

    /// <summary>Defines (or redefines) a persistent pool; libvirt validates the XML against its schema first.</summary>
    public static StoragePoolHandle DefinePool(LibvirtConnection c, string xml) =>
        Definitions.Parse(() => Vir.StoragePoolDefineXML(c.Handle, xml, VirStoragePoolDefineFlags.VIR_STORAGE_POOL_DEFINE_VALIDATE));
}
