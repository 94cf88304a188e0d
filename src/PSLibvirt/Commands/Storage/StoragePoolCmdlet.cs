using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// A cmdlet that works on storage pools given as StoragePool objects (which carry their connection) or as names
/// (looked up on -Connection or the default connection, wildcards allowed).
/// </summary>
public abstract class StoragePoolCmdlet : HypervisorCmdlet
{
    /// <summary>
    /// Resolves pool arguments to (connection, snapshot) pairs. A name without wildcards that matches nothing is a
    /// non-terminating StoragePoolNotFound error; the others are still resolved.
    /// </summary>
    protected IEnumerable<(Hypervisor Hypervisor, StoragePool Pool)> ResolvePools(IEnumerable<StoragePool> pools)
    {
        foreach (var p in pools)
        {
            if (!p.IsReference && p.Hypervisor is not null)
            {
                yield return (p.Hypervisor, p);
                continue;
            }
            bool wildcard = WildcardPattern.ContainsWildcardCharacters(p.Name);
            var pattern = WildcardPattern.Get(p.Name, WildcardOptions.IgnoreCase);
            foreach (var h in TargetConnections)
            {
                List<StoragePool>? all = null;
                if (!TryInvoke(h, () => all = StorageApi.ListPools(h.Connection, h))) continue;
                var matches = all!.Where(x => wildcard ? pattern.IsMatch(x.Name) : x.Name == p.Name).ToList();
                if (matches.Count == 0 && !wildcard)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"There is no storage pool named '{p.Name}' on '{h.Name}'. Get-StoragePool lists the pools."),
                        "StoragePoolNotFound", ErrorCategory.ObjectNotFound, p.Name));
                }
                foreach (var m in matches) yield return (h, m);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> with a handle to each resolved pool; each failure is non-terminating.</summary>
    protected void ForEachPool(IEnumerable<StoragePool> pools, Action<Hypervisor, StoragePoolHandle, StoragePool> action)
    {
        foreach (var (h, pool) in ResolvePools(pools))
        {
            TryInvoke(pool, () =>
            {
                using var handle = StorageApi.OpenPool(h.Connection, pool);
                action(h, handle, pool);
            });
        }
    }

    /// <summary>A volume given as text: its key, else its path.</summary>
    protected static StorageVolume LookupByPathOrKey(Hypervisor h, string text)
    {
        var handle = Native.Libvirt.virStorageVolLookupByKey(h.Connection.Handle, text);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            Native.Libvirt.virResetLastError();
            handle = StorageApi.LookupVolumeByPath(h.Connection, text);
        }
        using (handle) return StorageApi.SnapshotVolume(handle, null, h);
    }

    /// <summary>Resolves exactly one pool (for -Pool of volume cmdlets); a terminating error otherwise.</summary>
    protected (Hypervisor Hypervisor, StoragePool Pool)? ResolveSinglePool(StoragePool pool)
    {
        var found = ResolvePools(new[] { pool }).ToList();
        if (found.Count > 1)
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{pool.Name}' matches {found.Count} storage pools; name one pool."),
                "AmbiguousStoragePool", ErrorCategory.InvalidArgument, pool.Name));
            return null;
        }
        return found.Count == 1 ? found[0] : null;
    }
}

/// <summary>A cmdlet that works on volumes: -Volume objects (or paths/keys), or -Pool with -Name.</summary>
public abstract class StorageVolumeCmdlet : StoragePoolCmdlet
{
    /// <summary>The volumes: StorageVolume objects, or volume paths or keys.</summary>
    [Parameter(ParameterSetName = "Volume", Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [StorageVolumeTransformation]
    public StorageVolume[] Volume { get; set; } = Array.Empty<StorageVolume>();

    /// <summary>The pool that holds the volumes named by -Name.</summary>
    [Parameter(ParameterSetName = "Name", Mandatory = true)]
    [StoragePoolTransformation]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool? Pool { get; set; }

    /// <summary>Volume names in -Pool (wildcards allowed).</summary>
    [Parameter(ParameterSetName = "Name", Mandatory = true, Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.StorageVolumeNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Runs <paramref name="action"/> with a handle to each target volume; each failure is non-terminating.</summary>
    protected void ForEachVolume(Action<Hypervisor, StorageVolHandle, StorageVolume> action)
    {
        foreach (var (h, vol) in ResolveVolumes())
        {
            TryInvoke(vol, () =>
            {
                using var handle = StorageApi.OpenVolume(h.Connection, vol);
                action(h, handle, vol);
            });
        }
    }

    /// <summary>
    /// ForEachVolume for cmdlets with -AsJob. For each target volume, here in the foreground: opens it (a volume that
    /// is gone is an error now, not in the job) and asks <paramref name="confirm"/> (ShouldProcess and any other check;
    /// false skips the volume). Then <paramref name="work"/> runs with the open handle, at once or in the job
    /// (<see cref="LibvirtCmdlet.RunWork"/>), which closes the handle after it.
    /// </summary>
    private protected void ForEachVolumeWork(Func<Hypervisor, StorageVolume, bool> confirm,
        Action<IWorkContext, Hypervisor, StorageVolHandle, StorageVolume> work)
    {
        foreach (var (h, vol) in ResolveVolumes())
        {
            StorageVolHandle? handle = null;
            try
            {
                bool go = false;
                if (!TryInvoke(vol, () => handle = StorageApi.OpenVolume(h.Connection, vol))) continue;
                if (!TryInvoke(vol, () => go = confirm(h, vol)) || !go) continue;
                var owned = handle!;
                handle = null;
                RunWork(vol, h, vol.Name, context => work(context, h, owned, vol), owned);
            }
            finally
            {
                handle?.Dispose();
            }
        }
    }

    /// <summary>The ShouldProcess target text of a volume.</summary>
    protected static string Describe(Hypervisor h, StorageVolume vol) => $"volume '{vol.Name}' in storage pool '{vol.Pool}' on '{h.Name}'";

    protected IEnumerable<(Hypervisor Hypervisor, StorageVolume Volume)> ResolveVolumes()
    {
        if (ParameterSetName == "Name")
        {
            var target = ResolveSinglePool(Pool!);
            if (target is not { } t) yield break;
            List<StorageVolume>? all = null;
            if (!TryInvoke(t.Pool, () =>
            {
                using var ph = StorageApi.OpenPool(t.Hypervisor.Connection, t.Pool);
                all = StorageApi.ListVolumes(ph, t.Pool.Name, t.Hypervisor);
            })) yield break;
            foreach (var n in Name)
            {
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(n);
                var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
                var matches = all!.Where(v => wildcard ? pattern.IsMatch(v.Name) : v.Name == n).ToList();
                if (matches.Count == 0 && !wildcard)
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"There is no volume named '{n}' in storage pool '{t.Pool.Name}'. Get-StorageVolume -Pool {t.Pool.Name} lists them."),
                        "StorageVolumeNotFound", ErrorCategory.ObjectNotFound, n));
                foreach (var m in matches) yield return (t.Hypervisor, m);
            }
            yield break;
        }
        foreach (var v in Volume)
        {
            if (v.Hypervisor is not null) { yield return (v.Hypervisor, v); continue; }
            foreach (var h in TargetConnections)
            {
                StorageVolume? found = null;
                if (TryInvoke(v.Key, () => found = LookupByPathOrKey(h, v.Key))) yield return (h, found!);
            }
        }
    }
}

/// <summary>Lets pool parameters take names as well as StoragePool objects.</summary>
public sealed class StoragePoolTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        static object Convert(object? item)
        {
            item = item is PSObject pso ? pso.BaseObject : item;
            return item switch
            {
                string s => StoragePool.Reference(s),
                _ => item!,
            };
        }
        inputData = inputData is PSObject p ? p.BaseObject : inputData;
        if (inputData is System.Collections.IList list && inputData is not string)
        {
            var result = new object[list.Count];
            for (int i = 0; i < list.Count; i++) result[i] = Convert(list[i]);
            return result;
        }
        return Convert(inputData);
    }
}

/// <summary>Lets volume parameters take volume paths or keys as well as StorageVolume objects.</summary>
public sealed class StorageVolumeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        static object Convert(object? item)
        {
            item = item is PSObject pso ? pso.BaseObject : item;
            return item is string s ? new StorageVolume { Key = s, Path = s, Name = System.IO.Path.GetFileName(s) } : item!;
        }
        inputData = inputData is PSObject p ? p.BaseObject : inputData;
        if (inputData is System.Collections.IList list && inputData is not string)
        {
            var result = new object[list.Count];
            for (int i = 0; i < list.Count; i++) result[i] = Convert(list[i]);
            return result;
        }
        return Convert(inputData);
    }
}

/// <summary>
/// Sizes for -CapacityBytes and friends: numbers (PowerShell's 10GB literal is already a number) or text such as
/// '10G', '512MiB', '1.5GB' (binary units, as PowerShell's literals).
/// </summary>
public sealed class SizeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        inputData = inputData is PSObject p ? p.BaseObject : inputData;
        try
        {
            return inputData switch
            {
                null => throw new ArgumentTransformationMetadataException("A size cannot be null."),
                string s => SizeParser.Parse(s),
                long l => l,
                int i => (long)i,
                ulong u => checked((long)u),
                uint u => (long)u,
                double d when d >= 0 && d == Math.Floor(d) && d <= long.MaxValue => (long)d,
                decimal m when m >= 0 && m == decimal.Truncate(m) => (long)m,
                _ => throw new ArgumentTransformationMetadataException($"'{inputData}' is not a size. Use a number of bytes (10GB) or text such as '10G' or '512MiB'."),
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new ArgumentTransformationMetadataException($"'{inputData}' is too large for a size in bytes.", e);
        }
    }
}
