using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// A domain's virtual CPUs: counts (virsh vcpucount, setvcpus), per-vCPU state (vcpuinfo, setvcpu), pinning
/// (vcpupin) and the emulator threads' pinning (emulatorpin).
/// </summary>
internal static unsafe class DomainVCpuApi
{
    /// <summary>The host's CPU count, as virsh counts it for CPU maps (virNodeGetCPUMap; every CPU present, online or not).</summary>
    public static int HostCpuCount(LibvirtConnection c) => Vir.NodeGetCPUMap(c.Handle, null, null);

    /// <summary>One vCPU count (virDomainGetVcpusFlags), or null where it does not apply (not running, transient, unsupported).</summary>
    public static int? TryGetCount(DomainHandle h, DomainScope scope, bool maximum)
    {
        var flags = (VirDomainVcpuFlags)scope;
        if (maximum) flags |= VirDomainVcpuFlags.VIR_DOMAIN_VCPU_MAXIMUM;
        try { return Vir.DomainGetVcpusFlags(h, flags); }
        catch (LibvirtException e) when (e is not ConnectionLostException && IsNotApplicable(e)) { return null; }
    }

    /// <summary>The four counts of virsh vcpucount.</summary>
    public static DomainVCpuCount GetCounts(DomainHandle h, string name, Guid uuid, Hypervisor? hv)
    {
        bool active = DomainDefinitionApi.IsActive(h);
        bool persistent = DomainDefinitionApi.IsPersistent(h);
        return new DomainVCpuCount
        {
            Name = name,
            Uuid = uuid,
            ConfigMaximum = persistent ? TryGetCount(h, DomainScope.Config, maximum: true) : null,
            ConfigCurrent = persistent ? TryGetCount(h, DomainScope.Config, maximum: false) : null,
            LiveMaximum = active ? TryGetCount(h, DomainScope.Live, maximum: true) : null,
            LiveCurrent = active ? TryGetCount(h, DomainScope.Live, maximum: false) : null,
            Hypervisor = hv,
        };
    }

    /// <summary>
    /// Every vCPU up to the maximum: of the running domain (state, CPU time, host CPU and live pinning) unless
    /// <paramref name="config"/> or the domain is not running, then the configured pinning alone.
    /// </summary>
    public static IReadOnlyList<DomainVCpu> GetVCpus(DomainHandle h, LibvirtConnection c, string name, Guid uuid, Hypervisor? hv, bool config)
    {
        int hostCpus = HostCpuCount(c);
        bool live = !config && DomainDefinitionApi.IsActive(h);
        var scope = live ? DomainScope.Live : DomainScope.Config;
        int max = Vir.DomainGetVcpusFlags(h, (VirDomainVcpuFlags)scope | VirDomainVcpuFlags.VIR_DOMAIN_VCPU_MAXIMUM);
        int mapLen = CpuSet.MapLength(hostCpus);
        var maps = new byte[Math.Max(1, max * mapLen)];
        int pinned;
        fixed (byte* p = maps) pinned = Vir.DomainGetVcpuPinInfo(h, max, p, mapLen, (VirDomainModificationImpact)scope);

        var infos = new Dictionary<int, VirVcpuInfo>();
        if (live)
        {
            var info = new VirVcpuInfo[Math.Max(1, max)];
            int n;
            fixed (VirVcpuInfo* ip = info) n = Vir.DomainGetVcpus(h, ip, max, null, 0);
            for (int i = 0; i < n; i++) infos[(int)info[i].number] = info[i];
        }

        var result = new List<DomainVCpu>(pinned);
        for (int v = 0; v < pinned; v++)
        {
            var affinity = CpuSet.FromMap(maps.AsSpan(v * mapLen, mapLen), hostCpus);
            bool online = infos.TryGetValue(v, out var i);
            result.Add(new DomainVCpu
            {
                Name = name,
                Uuid = uuid,
                Number = v,
                State = !live ? null : online ? (DomainVCpuState)i.state : DomainVCpuState.Offline,
                CpuTime = live && online ? TimeSpan.FromTicks((long)(i.cpuTime / 100)) : null,
                HostCpu = live && online && i.cpu >= 0 ? i.cpu : null,
                Affinity = affinity,
                Config = !live,
                Hypervisor = hv,
            });
        }
        return result;
    }

    /// <summary>
    /// Sets the number of vCPUs (virsh setvcpus): the current count, or with <paramref name="maximum"/> the maximum
    /// (configuration only); <paramref name="guest"/> asks the guest agent to online or offline them inside the guest;
    /// <paramref name="hotpluggable"/> makes the added vCPUs hot-unpluggable.
    /// </summary>
    public static void SetCount(DomainHandle h, uint count, DomainScope scope, bool maximum, bool guest, bool hotpluggable)
    {
        var flags = (VirDomainVcpuFlags)scope;
        if (maximum) flags |= VirDomainVcpuFlags.VIR_DOMAIN_VCPU_MAXIMUM;
        if (guest) flags |= VirDomainVcpuFlags.VIR_DOMAIN_VCPU_GUEST;
        if (hotpluggable) flags |= VirDomainVcpuFlags.VIR_DOMAIN_VCPU_HOTPLUGGABLE;
        Vir.DomainSetVcpusFlags(h, count, flags);
    }

    /// <summary>Enables or disables individual vCPUs (virsh setvcpu); <paramref name="vcpus"/> in libvirt's list syntax.</summary>
    public static void SetState(DomainHandle h, IEnumerable<int> vcpus, bool enable, DomainScope scope) =>
        Vir.DomainSetVcpu(h, CpuSet.Format(vcpus), enable ? 1 : 0, (VirDomainModificationImpact)scope);

    /// <summary>Pins one vCPU to <paramref name="cpus"/> (virsh vcpupin).</summary>
    public static void PinVCpu(DomainHandle h, int vcpu, IEnumerable<int> cpus, int hostCpus, DomainScope scope)
    {
        var map = CpuSet.ToMap(cpus, hostCpus);
        fixed (byte* p = map) Vir.DomainPinVcpuFlags(h, (uint)vcpu, p, map.Length, (VirDomainModificationImpact)scope);
    }

    /// <summary>The emulator threads' affinity (virsh emulatorpin): of the running domain, or with <paramref name="config"/> (or when it is not running) of its configuration.</summary>
    public static DomainEmulatorPin GetEmulatorPin(DomainHandle h, LibvirtConnection c, string name, Guid uuid, Hypervisor? hv, bool config)
    {
        int hostCpus = HostCpuCount(c);
        bool live = !config && DomainDefinitionApi.IsActive(h);
        var map = new byte[CpuSet.MapLength(hostCpus)];
        fixed (byte* p = map)
            Vir.DomainGetEmulatorPinInfo(h, p, map.Length, live ? VirDomainModificationImpact.VIR_DOMAIN_AFFECT_LIVE : VirDomainModificationImpact.VIR_DOMAIN_AFFECT_CONFIG);
        return new DomainEmulatorPin { Name = name, Uuid = uuid, Affinity = CpuSet.FromMap(map, hostCpus), Config = !live, Hypervisor = hv };
    }

    /// <summary>Pins the emulator threads to <paramref name="cpus"/> (virsh emulatorpin with a CPU list).</summary>
    public static void PinEmulator(DomainHandle h, IEnumerable<int> cpus, int hostCpus, DomainScope scope)
    {
        var map = CpuSet.ToMap(cpus, hostCpus);
        fixed (byte* p = map) Vir.DomainPinEmulator(h, p, map.Length, (VirDomainModificationImpact)scope);
    }

    /// <summary>Errors that mean "this count does not apply here" rather than a failure.</summary>
    internal static bool IsNotApplicable(LibvirtException e) =>
        e.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT or VirErrorNumber.VIR_ERR_OPERATION_INVALID or
            VirErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED or VirErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED;
}

/// <summary>A domain's I/O threads (virsh iothreadinfo, iothreadadd, iothreaddel, iothreadpin, iothreadset).</summary>
internal static unsafe class DomainIOThreadApi
{
    /// <summary>The I/O threads of the running domain, or with <paramref name="config"/> (or when it is not running) of its configuration.</summary>
    public static IReadOnlyList<DomainIOThread> List(DomainHandle h, LibvirtConnection c, string name, Guid uuid, Hypervisor? hv, bool config)
    {
        int hostCpus = DomainVCpuApi.HostCpuCount(c);
        bool live = !config && DomainDefinitionApi.IsActive(h);
        VirDomainIOThreadInfo** info = null;
        int n = Vir.DomainGetIOThreadInfo(h, &info, live ? VirDomainModificationImpact.VIR_DOMAIN_AFFECT_LIVE : VirDomainModificationImpact.VIR_DOMAIN_AFFECT_CONFIG);
        var result = new List<DomainIOThread>(Math.Max(n, 0));
        try
        {
            for (int i = 0; i < n; i++)
            {
                var t = info[i];
                result.Add(new DomainIOThread
                {
                    Name = name, Uuid = uuid, Id = t->iothread_id, Config = !live, Hypervisor = hv,
                    Affinity = CpuSet.FromMap(new ReadOnlySpan<byte>(t->cpumap, t->cpumaplen), hostCpus),
                });
            }
        }
        finally
        {
            if (info != null)
            {
                for (int i = 0; i < n; i++) Libvirt.virDomainIOThreadInfoFree(info[i]);
                NativeMemory.Free(info);
            }
        }
        return result;
    }

    public static void Add(DomainHandle h, uint id, DomainScope scope) => Vir.DomainAddIOThread(h, id, (VirDomainModificationImpact)scope);

    public static void Remove(DomainHandle h, uint id, DomainScope scope) => Vir.DomainDelIOThread(h, id, (VirDomainModificationImpact)scope);

    /// <summary>Pins an I/O thread to <paramref name="cpus"/> (virsh iothreadpin).</summary>
    public static void Pin(DomainHandle h, uint id, IEnumerable<int> cpus, int hostCpus, DomainScope scope)
    {
        var map = CpuSet.ToMap(cpus, hostCpus);
        fixed (byte* p = map) Vir.DomainPinIOThread(h, id, p, map.Length, (VirDomainModificationImpact)scope);
    }

    /// <summary>Sets an I/O thread's polling and pool parameters (virsh iothreadset: poll_max_ns, poll_grow, ...).</summary>
    public static void SetParameters(DomainHandle h, uint id, IEnumerable<KeyValuePair<string, object>> values, DomainScope scope)
    {
        using var list = TypedParameters.Build(values);
        if (list.Count == 0) return;
        Vir.DomainSetIOThreadParams(h, id, list.Pointer, list.Count, (uint)scope);
    }
}
