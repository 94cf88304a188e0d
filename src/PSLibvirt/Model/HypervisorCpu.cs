namespace PSLibvirt;

/// <summary>A CPU model the hypervisor knows for an architecture (virsh cpu-models).</summary>
public sealed class HypervisorCpuModel
{
    public string Name { get; init; } = "";
    public string Architecture { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    public override string ToString() => Name;
}

/// <summary>How a CPU definition compares with the host's CPU or with the CPU the hypervisor can give a guest.</summary>
public enum CpuCompareResult
{
    /// <summary>The CPU cannot run there: Reason says why.</summary>
    Incompatible = 0,
    /// <summary>The CPU there is the same.</summary>
    Identical = 1,
    /// <summary>The CPU there is a superset: a guest with this CPU runs there.</summary>
    Superset = 2,
}

/// <summary>What a CPU definition was compared with: the host's CPU (cpu-compare) or the hypervisor's (hypervisor-cpu-compare).</summary>
public enum CpuComparedWith
{
    Host,
    Hypervisor,
}

/// <summary>The answer of Compare-HypervisorCpu for one CPU definition.</summary>
public sealed class CpuComparison
{
    public CpuCompareResult Result { get; init; }
    /// <summary>True unless Incompatible.</summary>
    public bool IsCompatible => Result != CpuCompareResult.Incompatible;
    /// <summary>libvirt's reason when Incompatible (e.g. the features the host lacks); null otherwise.</summary>
    public string? Reason { get; init; }
    public CpuComparedWith ComparedWith { get; init; }
    /// <summary>Where the definition came from: a file, a domain's name, or "Xml".</summary>
    public string Source { get; init; } = "";
    /// <summary>The &lt;cpu&gt; element that was compared.</summary>
    public string CpuXml { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    public override string ToString() => Result.ToString();
}

/// <summary>One feature of a CPU definition with its policy (require, disable, force, optional, forbid; none in a host CPU).</summary>
public sealed class CpuFeature
{
    public string Name { get; init; } = "";
    public string? Policy { get; init; }
    public override string ToString() => Policy is null ? Name : $"{Policy}:{Name}";
}

/// <summary>A CPU definition (a &lt;cpu&gt; element): what Get-HypervisorCpuBaseline writes, and the host-model CPU of Get-DomainCapability.</summary>
public sealed class CpuDefinition
{
    public string? Mode { get; init; }
    public string? Match { get; init; }
    public string? Model { get; init; }
    /// <summary>The model's fallback attribute (allow, forbid).</summary>
    public string? Fallback { get; init; }
    public string? Vendor { get; init; }
    public string? Architecture { get; init; }
    public IReadOnlyList<CpuFeature> Features { get; init; } = new List<CpuFeature>();
    /// <summary>The &lt;cpu&gt; element as libvirt wrote it.</summary>
    public string Xml { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    public override string ToString() => Model ?? Mode ?? "cpu";
}
