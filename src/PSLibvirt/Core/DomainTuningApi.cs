using System.Globalization;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>The groups of a domain's resource tuning, each read and written as libvirt's typed parameters.</summary>
internal enum DomainTuningArea
{
    /// <summary>virsh memtune: hard_limit, soft_limit, swap_hard_limit, min_guarantee (KiB).</summary>
    Memory,
    /// <summary>virsh schedinfo: the scheduler's parameters (QEMU: cpu_shares, vcpu_period, vcpu_quota, ...).</summary>
    Scheduler,
    /// <summary>virsh blkiotune: weight, device_weight, device_read_iops_sec, ...</summary>
    BlockIO,
    /// <summary>virsh blkdeviotune: one disk's throttling (total_bytes_sec, read_iops_sec, ...).</summary>
    DiskIO,
    /// <summary>virsh numatune: numa_mode, numa_nodeset.</summary>
    Numa,
    /// <summary>virsh perf: which perf events are counted (cmt, cpu_cycles, ...).</summary>
    Perf,
}

/// <summary>
/// A domain's resource tuning (virsh memtune, schedinfo, blkiotune, blkdeviotune, numatune, perf) as libvirt's typed
/// parameters: read per area, and written by name with each value converted to the type libvirt reports for it.
/// </summary>
internal static unsafe class DomainTuningApi
{
    /// <summary>The perf events libvirt 9.0 knows (VIR_PERF_PARAM_*), for completion.</summary>
    public static readonly string[] PerfEventNames =
    {
        "cmt", "mbmt", "mbml", "cpu_cycles", "instructions", "cache_references", "cache_misses", "branch_instructions", "branch_misses",
        "bus_cycles", "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles", "cpu_clock", "task_clock", "page_faults",
        "context_switches", "cpu_migrations", "page_faults_min", "page_faults_maj", "alignment_faults", "emulation_faults",
    };

    private const uint StringOkay = (uint)VirTypedParameterFlags.VIR_TYPED_PARAM_STRING_OKAY;

    /// <summary>The area's parameters of the running domain (<see cref="DomainScope.Live"/>), the configuration (<see cref="DomainScope.Config"/>) or whichever applies (Current).</summary>
    public static IReadOnlyDictionary<string, object> Get(DomainHandle h, DomainTuningArea area, DomainScope scope, string? disk = null)
    {
        uint flags = (uint)scope;
        switch (area)
        {
            case DomainTuningArea.Memory:
                return TypedParameters.GetWithCount((p, n) => Vir.DomainGetMemoryParameters(h, p, n, flags | StringOkay));
            case DomainTuningArea.Scheduler:
                // As virsh schedinfo: without a scope, the call without flags (libvirt adds STRING_OKAY to the Flags
                // call, which some drivers, the test driver among them, refuse).
                return TypedParameters.GetWithCount(n => { Vir.DomainGetSchedulerType(h, n); return 0; },
                    (p, n) => flags == 0 ? Vir.DomainGetSchedulerParameters(h, p, n) : Vir.DomainGetSchedulerParametersFlags(h, p, n, flags));
            case DomainTuningArea.BlockIO:
                return TypedParameters.GetWithCount((p, n) => Vir.DomainGetBlkioParameters(h, p, n, flags | StringOkay));
            case DomainTuningArea.DiskIO:
                ArgumentException.ThrowIfNullOrEmpty(disk);
                return TypedParameters.GetWithCount((p, n) => Vir.DomainGetBlockIoTune(h, disk, p, n, flags | StringOkay));
            case DomainTuningArea.Numa:
                return TypedParameters.GetWithCount((p, n) => Vir.DomainGetNumaParameters(h, p, n, flags | StringOkay));
            case DomainTuningArea.Perf:
            {
                VirTypedParameter* p = null;
                int n = 0;
                Vir.DomainGetPerfEvents(h, &p, &n, flags);
                return TypedParameters.ReadAndFree(p, n);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(area));
        }
    }

    /// <summary>The scheduler's name (virsh schedinfo "Scheduler": posix for QEMU, fair for the test driver).</summary>
    public static string SchedulerType(DomainHandle h)
    {
        int n = 0;
        return Vir.DomainGetSchedulerType(h, &n);
    }

    /// <summary>
    /// Converts each value to the type libvirt reports for that name in <paramref name="current"/> (as virsh does): an
    /// unknown name, or a value that does not fit the type (a negative number for an unsigned one), is an
    /// <see cref="ArgumentException"/> naming it; nothing is set then.
    /// </summary>
    public static List<KeyValuePair<string, object>> Coerce(IReadOnlyDictionary<string, object> current, IEnumerable<KeyValuePair<string, object>> values, string areaText)
    {
        var result = new List<KeyValuePair<string, object>>();
        foreach (var (name, value) in values)
        {
            if (!current.TryGetValue(name, out var existing))
                throw new ArgumentException($"'{name}' is not one of the {areaText} parameters libvirt reports here ({string.Join(", ", current.Keys.OrderBy(k => k, StringComparer.Ordinal))}).");
            result.Add(new(name, Convert(name, value, existing.GetType())));
        }
        return result;
    }

    private static object Convert(string name, object value, Type type)
    {
        try
        {
            if (type == typeof(bool) && value is string s) return s.Trim().ToLowerInvariant() switch
            {
                "true" or "yes" or "1" or "on" or "enabled" => true,
                "false" or "no" or "0" or "off" or "disabled" => false,
                _ => throw new FormatException(),
            };
            if (type != typeof(string) && type != typeof(bool) && value is double or float or decimal &&
                System.Convert.ToDouble(value, CultureInfo.InvariantCulture) is var d && type != typeof(double) && d != Math.Floor(d))
                throw new FormatException();
            return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"The value '{System.Convert.ToString(value, CultureInfo.InvariantCulture)}' does not fit parameter '{name}', which takes {TypeText(type)}.", e);
        }
    }

    private static string TypeText(Type t) =>
        t == typeof(int) ? "an integer" : t == typeof(uint) ? "an unsigned integer (0 to 4294967295)" : t == typeof(long) ? "a 64-bit integer"
        : t == typeof(ulong) ? "an unsigned 64-bit integer (0 and up)" : t == typeof(double) ? "a number" : t == typeof(bool) ? "true or false" : "text";

    /// <summary>Sets <paramref name="values"/> (already of libvirt's types) in one call, as virsh does; libvirt checks them together.</summary>
    public static void Set(DomainHandle h, DomainTuningArea area, IEnumerable<KeyValuePair<string, object>> values, DomainScope scope, string? disk = null)
    {
        using var list = TypedParameters.Build(values);
        if (list.Count == 0) return;
        var impact = (VirDomainModificationImpact)scope;
        switch (area)
        {
            case DomainTuningArea.Memory: Vir.DomainSetMemoryParameters(h, list.Pointer, list.Count, impact); break;
            case DomainTuningArea.Scheduler:
                if (scope == DomainScope.Current) Vir.DomainSetSchedulerParameters(h, list.Pointer, list.Count);
                else Vir.DomainSetSchedulerParametersFlags(h, list.Pointer, list.Count, impact);
                break;
            case DomainTuningArea.BlockIO: Vir.DomainSetBlkioParameters(h, list.Pointer, list.Count, impact); break;
            case DomainTuningArea.DiskIO:
                ArgumentException.ThrowIfNullOrEmpty(disk);
                Vir.DomainSetBlockIoTune(h, disk, list.Pointer, list.Count, impact);
                break;
            case DomainTuningArea.Numa: Vir.DomainSetNumaParameters(h, list.Pointer, list.Count, impact); break;
            case DomainTuningArea.Perf: Vir.DomainSetPerfEvents(h, list.Pointer, list.Count, impact); break;
            default: throw new ArgumentOutOfRangeException(nameof(area));
        }
    }

    /// <summary>The target names of the domain's disks (vda, sdb, ...), from its XML, in order.</summary>
    public static IReadOnlyList<string> DiskTargets(DomainHandle h, bool inactive)
    {
        var doc = LibvirtXml.Load(DomainDefinitionApi.GetXml(h, inactive));
        var result = new List<string>();
        foreach (System.Xml.XmlNode n in doc.SelectNodes("/domain/devices/disk/target/@dev")!)
            if (!string.IsNullOrEmpty(n.Value)) result.Add(n.Value);
        return result;
    }

    /// <summary>A memory limit in KiB as libvirt reports it, in bytes; null for "unlimited" (VIR_DOMAIN_MEMORY_PARAM_UNLIMITED).</summary>
    public static long? LimitBytes(IReadOnlyDictionary<string, object> v, string name)
    {
        if (!v.TryGetValue(name, out var x)) return null;
        ulong kib = System.Convert.ToUInt64(x, CultureInfo.InvariantCulture);
        return kib >= (ulong)LibvirtConstants.VIR_DOMAIN_MEMORY_PARAM_UNLIMITED ? null : checked((long)kib * 1024);
    }

    /// <summary>A limit given in bytes (-1: unlimited) as the KiB libvirt takes, rounded up as virsh rounds scaled sizes.</summary>
    public static ulong LimitKiB(long bytes) =>
        bytes < 0 ? (ulong)LibvirtConstants.VIR_DOMAIN_MEMORY_PARAM_UNLIMITED : (ulong)(bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1));
}

/// <summary>Tuning snapshots (the Model objects) of one area.</summary>
internal static class DomainTuningSnapshot
{
    /// <summary>Reads <paramref name="area"/> of the running domain (or, with <paramref name="config"/> or when it is not running, of its configuration) into its model.</summary>
    public static DomainTuningParameters Read(DomainHandle h, DomainTuningArea area, bool config, string name, Guid uuid, Hypervisor? hv, string? disk = null)
    {
        bool fromConfig = config || !DomainDefinitionApi.IsActive(h);
        var v = DomainTuningApi.Get(h, area, config ? DomainScope.Config : DomainScope.Current, disk);
        ulong? U(string k) => v.TryGetValue(k, out var x) ? Convert.ToUInt64(x, CultureInfo.InvariantCulture) : null;
        string? S(string k) => v.TryGetValue(k, out var x) ? Convert.ToString(x, CultureInfo.InvariantCulture) : null;
        return area switch
        {
            DomainTuningArea.Memory => new DomainMemoryTuning
            {
                Name = name, Uuid = uuid, Config = fromConfig, Values = v, Hypervisor = hv,
                HardLimitBytes = DomainTuningApi.LimitBytes(v, LibvirtConstants.VIR_DOMAIN_MEMORY_HARD_LIMIT),
                SoftLimitBytes = DomainTuningApi.LimitBytes(v, LibvirtConstants.VIR_DOMAIN_MEMORY_SOFT_LIMIT),
                SwapHardLimitBytes = DomainTuningApi.LimitBytes(v, LibvirtConstants.VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT),
                MinGuaranteeBytes = DomainTuningApi.LimitBytes(v, LibvirtConstants.VIR_DOMAIN_MEMORY_MIN_GUARANTEE),
            },
            DomainTuningArea.Scheduler => new DomainSchedulerParameters
            {
                Name = name, Uuid = uuid, Config = fromConfig, Values = v, Hypervisor = hv, SchedulerType = DomainTuningApi.SchedulerType(h),
            },
            DomainTuningArea.BlockIO => new DomainBlockIOTuning
            {
                Name = name, Uuid = uuid, Config = fromConfig, Values = v, Hypervisor = hv,
                Weight = U(LibvirtConstants.VIR_DOMAIN_BLKIO_WEIGHT) is ulong w ? (uint)w : null,
                DeviceWeight = S(LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_WEIGHT),
            },
            DomainTuningArea.DiskIO => new DomainDiskIOTuning
            {
                Name = name, Uuid = uuid, Config = fromConfig, Values = v, Hypervisor = hv, Disk = disk ?? "",
                TotalBytesPerSecond = U(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC),
                ReadBytesPerSecond = U(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC),
                WriteBytesPerSecond = U(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC),
                TotalIopsPerSecond = U(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC),
                ReadIopsPerSecond = U(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC),
                WriteIopsPerSecond = U(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC),
                GroupName = S(LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME),
            },
            DomainTuningArea.Numa => new DomainNumaTuning
            {
                Name = name, Uuid = uuid, Config = fromConfig, Values = v, Hypervisor = hv,
                Mode = v.TryGetValue(LibvirtConstants.VIR_DOMAIN_NUMA_MODE, out var m) ? (DomainNumaMode)Convert.ToInt32(m, CultureInfo.InvariantCulture) : null,
                NodeSet = S(LibvirtConstants.VIR_DOMAIN_NUMA_NODESET),
            },
            DomainTuningArea.Perf => new DomainPerfEvents
            {
                Name = name, Uuid = uuid, Config = fromConfig, Values = v, Hypervisor = hv,
                Enabled = v.Where(kv => kv.Value is true).Select(kv => kv.Key).ToArray(),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(area)),
        };
    }
}
