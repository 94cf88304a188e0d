namespace PSLibvirt;

/// <summary>What a virtual CPU is doing (virVcpuState); Offline for a vCPU the guest has not been given (hot-unplugged, above the current count).</summary>
public enum DomainVCpuState
{
    Offline = 0,
    Running = 1,
    Blocked = 2,
}

/// <summary>
/// One virtual CPU of a domain (virsh vcpuinfo and vcpupin): its state, CPU time and host CPU while the domain runs,
/// and the host CPUs it may run on. Every vCPU up to the maximum is listed; of a domain that is not running (or with
/// Get-DomainVCpu -Config) only the configured affinity is known, and State, CpuTime and HostCpu are null.
/// </summary>
public sealed class DomainVCpu
{
    /// <summary>The domain's name.</summary>
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>The vCPU's number (0 and up).</summary>
    public int Number { get; init; }
    public DomainVCpuState? State { get; init; }
    /// <summary>CPU time the vCPU has used since the domain started.</summary>
    public TimeSpan? CpuTime { get; init; }
    /// <summary>The host CPU it runs on now; null when it is offline or the domain is not running.</summary>
    public int? HostCpu { get; init; }
    /// <summary>The host CPUs it may run on (its pinning), in order.</summary>
    public int[] Affinity { get; init; } = Array.Empty<int>();
    /// <summary>The affinity in libvirt's list syntax ("0-1,3"), as Set-DomainVCpuPin -CpuSet takes it.</summary>
    public string CpuSet => Core.CpuSet.Format(Affinity);
    /// <summary>True when read from the persistent configuration (not the running domain).</summary>
    public bool Config { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => $"{Name}/{Number}";
}

/// <summary>
/// A domain's vCPU counts (virsh vcpucount): the maximum and the current number, of the running domain (Live*) and of
/// its persistent configuration (Config*). A count that does not apply (Live* of a domain that is not running,
/// Config* of a transient one) is null.
/// </summary>
public sealed class DomainVCpuCount
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public int? ConfigMaximum { get; init; }
    public int? LiveMaximum { get; init; }
    public int? ConfigCurrent { get; init; }
    public int? LiveCurrent { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Name;
}

/// <summary>The host CPUs a domain's emulator threads (QEMU's own, not its vCPUs) may run on (virsh emulatorpin).</summary>
public sealed class DomainEmulatorPin
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>The host CPUs, in order.</summary>
    public int[] Affinity { get; init; } = Array.Empty<int>();
    /// <summary>The affinity in libvirt's list syntax ("0-1,3"), as Set-DomainEmulatorPin -CpuSet takes it.</summary>
    public string CpuSet => Core.CpuSet.Format(Affinity);
    /// <summary>True when read from the persistent configuration (not the running domain).</summary>
    public bool Config { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Name;
}

/// <summary>One I/O thread of a domain (virsh iothreadinfo): its id and the host CPUs it may run on.</summary>
public sealed class DomainIOThread
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    /// <summary>The I/O thread's id (1 and up), as disks name it (&lt;driver iothread='1'/&gt;).</summary>
    public uint Id { get; init; }
    /// <summary>The host CPUs it may run on, in order.</summary>
    public int[] Affinity { get; init; } = Array.Empty<int>();
    /// <summary>The affinity in libvirt's list syntax ("0-1,3"), as Set-DomainIOThread -CpuSet takes it.</summary>
    public string CpuSet => Core.CpuSet.Format(Affinity);
    /// <summary>True when read from the persistent configuration (not the running domain).</summary>
    public bool Config { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => $"{Name}/{Id}";
}
