using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>The host's memory-sharing (KSM) parameters and its SEV facts, both as libvirt's typed parameters.</summary>
internal static unsafe class NodeTuningApi
{
    /// <summary>virNodeGetMemoryParameters (virsh node-memory-tune): shm_pages_to_scan, shm_sleep_millisecs, ...</summary>
    public static IReadOnlyDictionary<string, object> GetMemoryParameters(LibvirtConnection c) =>
        TypedParameters.GetWithCount((p, n) => Vir.NodeGetMemoryParameters(c.Handle, p, n, (uint)VirTypedParameterFlags.VIR_TYPED_PARAM_STRING_OKAY));

    /// <summary>virNodeGetSEVInfo (virsh nodesevinfo): pdh, cert-chain, cbitpos, reduced-phys-bits, max-guests, ...</summary>
    public static IReadOnlyDictionary<string, object> GetSevInfo(LibvirtConnection c)
    {
        VirTypedParameter* p = null;
        int n = 0;
        Vir.NodeGetSEVInfo(c.Handle, &p, &n);
        return TypedParameters.ReadAndFree(p, n);
    }

    public static NodeMemoryParameters ToMemoryParameters(IReadOnlyDictionary<string, object> v, Hypervisor? h)
    {
        long? L(string k) => v.TryGetValue(k, out var x) ? Convert.ToInt64(x, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new NodeMemoryParameters
        {
            PagesToScan = L("shm_pages_to_scan"),
            SleepMilliseconds = L("shm_sleep_millisecs"),
            MergeAcrossNodes = L("shm_merge_across_nodes") is long m ? m != 0 : null,
            PagesShared = L("shm_pages_shared"),
            PagesSharing = L("shm_pages_sharing"),
            PagesUnshared = L("shm_pages_unshared"),
            PagesVolatile = L("shm_pages_volatile"),
            FullScans = L("shm_full_scans"),
            Values = v,
            Hypervisor = h,
        };
    }

    public static NodeSecurityInfo ToSecurityInfo(IReadOnlyDictionary<string, object> v, Hypervisor? h)
    {
        long? L(string k) => v.TryGetValue(k, out var x) ? Convert.ToInt64(x, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new NodeSecurityInfo
        {
            Values = v,
            CBitPosition = L("cbitpos"),
            ReducedPhysicalBits = L("reduced-phys-bits"),
            MaxGuests = L("max-guests"),
            MaxEsGuests = L("max-es-guests"),
            Hypervisor = h,
        };
    }

    /// <summary>
    /// Suspends the host for <paramref name="seconds"/> (its RTC wakes it; 0: until something else does) to memory (0),
    /// disk (1) or both (2) (virNodeSuspendForDuration, virsh nodesuspend).
    /// </summary>
    public static void Suspend(LibvirtConnection c, int target, ulong seconds) => Vir.NodeSuspendForDuration(c.Handle, (uint)target, seconds);
}

/// <summary>Changing the host's memory-sharing (KSM) parameters.</summary>
internal static unsafe class NodeMemoryTuning
{
    /// <summary>virNodeSetMemoryParameters (virsh node-memory-tune --shm-*): only the values given are changed.</summary>
    public static void Set(LibvirtConnection c, uint? pagesToScan, uint? sleepMilliseconds, bool? mergeAcrossNodes)
    {
        using var list = new TypedParameterList();
        if (pagesToScan is uint p) list.AddUInt("shm_pages_to_scan", p);
        if (sleepMilliseconds is uint s) list.AddUInt("shm_sleep_millisecs", s);
        if (mergeAcrossNodes is bool m) list.AddUInt("shm_merge_across_nodes", m ? 1u : 0u);
        if (list.Count == 0) return;
        Vir.NodeSetMemoryParameters(c.Handle, list.Pointer, list.Count);
    }
}
