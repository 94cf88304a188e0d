namespace PSLibvirt;

/// <summary>The hypervisor's capabilities: the XML, plus the guest kinds it can run, parsed.</summary>
public sealed class HypervisorCapability
{
    /// <summary>The XML as libvirt wrote it (text, as every Get-*Xml cmdlet writes XML; cast with [xml] to navigate).</summary>
    public string Xml { get; init; } = "";
    public string? HostArchitecture { get; init; }
    public string? HostCpuModel { get; init; }
    public IReadOnlyList<GuestCapability> Guests { get; init; } = new List<GuestCapability>();
    public Hypervisor? Hypervisor { get; init; }
}

/// <summary>One guest kind: an OS type on an architecture, with the domain types and machine types it offers.</summary>
public sealed class GuestCapability
{
    public string OSType { get; init; } = "";
    public string Architecture { get; init; } = "";
    public int? WordSize { get; init; }
    public string? Emulator { get; init; }
    public IReadOnlyList<string> DomainTypes { get; init; } = new List<string>();
    public IReadOnlyList<string> Machines { get; init; } = new List<string>();
    public override string ToString() => $"{OSType}/{Architecture} ({string.Join(",", DomainTypes)})";
}
