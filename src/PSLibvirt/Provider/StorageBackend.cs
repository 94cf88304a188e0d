using System;
using System.Collections.Generic;

namespace PSLibvirt.Provider;

/// <summary>The StoragePools folder. Empty until the storage work's Core API is merged.</summary>
internal static class StorageBackend
{
    public static IReadOnlyList<string> PoolNames(Hypervisor h) => Array.Empty<string>();
    public static IReadOnlyList<object> ListPools(Hypervisor h) => Array.Empty<object>();
    public static IReadOnlyList<string> VolumeNames(Hypervisor h, string pool) => Array.Empty<string>();
    public static IReadOnlyList<object> ListVolumes(Hypervisor h, string pool) => Array.Empty<object>();
    public static object GetPool(Hypervisor h, string pool) => throw NotYet();
    public static object GetVolume(Hypervisor h, string pool, string volume) => throw NotYet();
    public static string GetPoolXml(Hypervisor h, string pool) => throw NotYet();
    public static string GetVolumeXml(Hypervisor h, string pool, string volume) => throw NotYet();
    public static object RedefinePool(Hypervisor h, string pool, string xml) => throw NotYet();
    public static object DefinePool(Hypervisor h, string pool, string xml) => throw NotYet();
    public static object CreateVolume(Hypervisor h, string pool, string name, string format, long capacity) => throw NotYet();
    public static object CloneVolume(Hypervisor h, string pool, string volume, string targetPool, string newName) => throw NotYet();
    public static bool IsPoolActive(Hypervisor h, string pool) => throw NotYet();
    public static void RemovePool(Hypervisor h, string pool) => throw NotYet();
    public static void DeleteVolume(Hypervisor h, string pool, string volume) => throw NotYet();
    public static IDictionary<string, object?> GetPoolProperties(Hypervisor h, string pool) => throw NotYet();
    public static void SetPoolProperty(Hypervisor h, string pool, string property, object? value, Func<object?, Type, object> convert) => throw NotYet();

    private static Exception NotYet() => new NotSupportedException("Storage pools are not available in this build yet.");
}
