namespace PSLibvirt;

/// <summary>
/// What a hypervisor can give a domain of one emulator, architecture, machine type and virt type (virsh domcapabilities):
/// the XML, plus its parts parsed. Lists are empty, and Supported flags false, where the XML says nothing.
/// </summary>
public sealed class DomainCapability
{
    /// <summary>The XML as libvirt wrote it (text, as every Get-*Xml cmdlet writes XML; cast with [xml] to navigate).</summary>
    public string Xml { get; init; } = "";
    /// <summary>The emulator's path.</summary>
    public string? Path { get; init; }
    /// <summary>The virt type (qemu, kvm, ...).</summary>
    public string? DomainType { get; init; }
    public string? Machine { get; init; }
    public string? Architecture { get; init; }
    public int? MaxVcpus { get; init; }
    public bool IOThreads { get; init; }

    /// <summary>The firmware kinds os/@firmware takes (efi, bios).</summary>
    public IReadOnlyList<string> FirmwareKinds { get; init; } = new List<string>();
    public bool LoaderSupported { get; init; }
    /// <summary>Loader images the hypervisor knows (paths).</summary>
    public IReadOnlyList<string> LoaderPaths { get; init; } = new List<string>();
    /// <summary>Loader types (rom, pflash).</summary>
    public IReadOnlyList<string> LoaderTypes { get; init; } = new List<string>();
    /// <summary>Values the loader's readonly attribute takes (yes, no).</summary>
    public IReadOnlyList<string> LoaderReadOnly { get; init; } = new List<string>();
    /// <summary>Values the loader's secure attribute takes (yes, no): "yes" means Secure Boot loaders exist.</summary>
    public IReadOnlyList<string> LoaderSecure { get; init; } = new List<string>();

    /// <summary>The CPU modes supported (host-passthrough, maximum, host-model, custom).</summary>
    public IReadOnlyList<string> CpuModes { get; init; } = new List<string>();
    public bool HostPassthrough { get; init; }
    /// <summary>The CPU a host-model guest gets; null when host-model is not supported.</summary>
    public CpuDefinition? HostModel { get; init; }
    /// <summary>The custom CPU models, usable or not on this host.</summary>
    public IReadOnlyList<DomainCapabilityCpuModel> CustomModels { get; init; } = new List<DomainCapabilityCpuModel>();
    /// <summary>The custom models' names that are usable here.</summary>
    public IReadOnlyList<string> UsableModels => CustomModels.Where(m => m.Usable == true).Select(m => m.Name).ToList();

    public IReadOnlyList<string> MemoryBackingSourceTypes { get; init; } = new List<string>();

    /// <summary>Every device element under devices, with its enums.</summary>
    public IReadOnlyList<DomainCapabilityItem> Devices { get; init; } = new List<DomainCapabilityItem>();
    /// <summary>Every element under features, with its enums and values.</summary>
    public IReadOnlyList<DomainCapabilityItem> Features { get; init; } = new List<DomainCapabilityItem>();
    /// <summary>The names of the supported features (gic, vmcoreinfo, genid, backingStoreInput, backup, sev, sgx, hyperv, ...).</summary>
    public IReadOnlyList<string> SupportedFeatures => Features.Where(f => f.Supported).Select(f => f.Name).ToList();

    public IReadOnlyList<string> DiskDevices => DeviceEnum("disk", "diskDevice");
    public IReadOnlyList<string> DiskBuses => DeviceEnum("disk", "bus");
    public IReadOnlyList<string> GraphicsTypes => DeviceEnum("graphics", "type");
    public IReadOnlyList<string> VideoModels => DeviceEnum("video", "modelType");
    public IReadOnlyList<string> HostdevModes => DeviceEnum("hostdev", "mode");
    public IReadOnlyList<string> HostdevSubsystemTypes => DeviceEnum("hostdev", "subsysType");
    public IReadOnlyList<string> RngModels => DeviceEnum("rng", "model");
    public IReadOnlyList<string> TpmModels => DeviceEnum("tpm", "model");
    public IReadOnlyList<string> FilesystemDriverTypes => DeviceEnum("filesystem", "driverType");
    public IReadOnlyList<string> RedirdevBuses => DeviceEnum("redirdev", "bus");
    public IReadOnlyList<string> ChannelTypes => DeviceEnum("channel", "type");

    public Hypervisor? Hypervisor { get; init; }

    /// <summary>The values of enum <paramref name="enumName"/> of device <paramref name="device"/>; empty when either is absent.</summary>
    public IReadOnlyList<string> DeviceEnum(string device, string enumName) =>
        Devices.FirstOrDefault(d => d.Name == device)?.Enum(enumName) ?? new List<string>();

    /// <summary>The feature named <paramref name="name"/> (e.g. sev), or null.</summary>
    public DomainCapabilityItem? Feature(string name) => Features.FirstOrDefault(f => f.Name == name);

    public override string ToString() => $"{DomainType}/{Architecture}/{Machine}";
}

/// <summary>A custom CPU model of domain capabilities.</summary>
public sealed class DomainCapabilityCpuModel
{
    public string Name { get; init; } = "";
    /// <summary>yes/no from libvirt; null when it does not know.</summary>
    public bool? Usable { get; init; }
    public string? Vendor { get; init; }
    public bool Deprecated { get; init; }
    public override string ToString() => Name;
}

/// <summary>A device or feature of domain capabilities: supported or not, its enums (name to values) and its other child values (sev's cbitpos...).</summary>
public sealed class DomainCapabilityItem
{
    public string Name { get; init; } = "";
    public bool Supported { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Enums { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Child elements with text that are not enums (sev: cbitpos, reducedPhysBits, maxGuests...).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Enum(string name) => Enums.TryGetValue(name, out var v) ? v : new List<string>();
    public override string ToString() => Name;
}
