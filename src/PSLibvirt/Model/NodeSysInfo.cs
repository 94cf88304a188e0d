namespace PSLibvirt;

/// <summary>One SMBIOS section of the host (bios, system, a processor, a memory device): its entries by name.</summary>
public sealed class NodeSysInfoSection
{
    public NodeSysInfoSection(string kind, IReadOnlyDictionary<string, string> entries)
    {
        Kind = kind;
        Entries = entries;
    }

    /// <summary>The section's element name (bios, system, baseBoard, chassis, processor, memory_device).</summary>
    public string Kind { get; }
    public IReadOnlyDictionary<string, string> Entries { get; }
    /// <summary>An entry's value, or null.</summary>
    public string? this[string name] => Entries.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => string.Join(", ", Entries.Select(e => $"{e.Key}={e.Value}"));
}

/// <summary>The host's system information (virsh sysinfo): SMBIOS on x86, read into typed sections.</summary>
public sealed class NodeSysInfo
{
    /// <summary>smbios on x86 (fwcfg or other types where the driver reports them).</summary>
    public string Type { get; init; } = "";
    public NodeSysInfoSection? Bios { get; init; }
    public NodeSysInfoSection? System { get; init; }
    public NodeSysInfoSection? Chassis { get; init; }
    public NodeSysInfoSection[] BaseBoard { get; init; } = Array.Empty<NodeSysInfoSection>();
    public NodeSysInfoSection[] Processor { get; init; } = Array.Empty<NodeSysInfoSection>();
    public NodeSysInfoSection[] MemoryDevice { get; init; } = Array.Empty<NodeSysInfoSection>();
    public string[] OemStrings { get; init; } = Array.Empty<string>();
    /// <summary>Sections of other kinds, kept by name.</summary>
    public NodeSysInfoSection[] Other { get; init; } = Array.Empty<NodeSysInfoSection>();
    /// <summary>The document libvirt returned.</summary>
    public string Xml { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
}
