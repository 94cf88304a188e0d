using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What the drive's Get-ItemProperty/Set-ItemProperty show and change on a domain, and how a domain is undefined.</summary>
internal static class DomainProperties
{
    public static readonly string[] Names = { "Autostart", "Title", "Description", "MemoryBytes", "MaxMemoryBytes", "VCpus" };

    public static IDictionary<string, object?> Get(Domain d) => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Autostart"] = d.Autostart,
        ["Title"] = d.Title,
        ["Description"] = d.Description,
        ["MemoryBytes"] = d.MemoryBytes,
        ["MaxMemoryBytes"] = d.MaxMemoryBytes,
        ["VCpus"] = d.VCpus,
    };

    /// <summary>Applies one setting: to the running domain when it is active, else to its configuration (virsh's default).</summary>
    public static void Set(DomainHandle d, string property, object? value, Func<object?, Type, object> convert)
    {
        const DomainScope scope = DomainScope.Current;
        switch (property.ToLowerInvariant())
        {
            case "autostart":
                DomainDefinitionApi.SetAutostart(d, (bool)convert(value, typeof(bool)));
                break;
            case "title":
                DomainDefinitionApi.SetMetadata(d, title: true, value?.ToString() ?? "", scope);
                break;
            case "description":
                DomainDefinitionApi.SetMetadata(d, title: false, value?.ToString() ?? "", scope);
                break;
            case "memory":
            case "memorybytes":
                DomainDefinitionApi.SetMemoryKiB(d, checked((ulong)(long)convert(value, typeof(long)) / 1024), scope);
                break;
            case "maxmemory":
            case "maxmemorybytes":
                DomainDefinitionApi.SetMemoryKiB(d, checked((ulong)(long)convert(value, typeof(long)) / 1024), DomainScope.Config, maximum: true);
                break;
            case "vcpus":
            case "vcpu":
                DomainDefinitionApi.SetVcpus(d, (uint)convert(value, typeof(uint)), scope);
                break;
            default:
                throw new ArgumentException($"Domains have no settable property '{property}'. Settable: {string.Join(", ", Names)}.", nameof(property));
        }
    }

    /// <summary>Undefines a domain with its managed-save image and snapshot metadata (its disks stay).</summary>
    public static void Undefine(DomainHandle d)
    {
        try
        {
            DomainDefinitionApi.Undefine(d, DomainUndefineOptions.ManagedSave | DomainUndefineOptions.Snapshots);
        }
        catch (LibvirtException ex) when (ex.Code is VirErrorNumber.VIR_ERR_INVALID_ARG or VirErrorNumber.VIR_ERR_NO_SUPPORT)
        {
            // Drivers without snapshot metadata flags reject them: undefine with what they know.
            DomainDefinitionApi.Undefine(d, DomainUndefineOptions.ManagedSave);
        }
    }

    /// <summary>Autostart, the one property of networks and pools the drive changes.</summary>
    public static IDictionary<string, object?> Autostart(bool autostart) =>
        new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Autostart"] = autostart };

    public static void SetAutostartOnly<T>(T handle, string property, object? value, Func<object?, Type, object> convert, string nouns, Action<T, bool> set)
    {
        if (!property.Equals("Autostart", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{nouns} have no settable property '{property}'. Settable: Autostart.", nameof(property));
        set(handle, (bool)convert(value, typeof(bool)));
    }
}
