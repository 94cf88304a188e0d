using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Which configuration a change applies to (VIR_DOMAIN_AFFECT_*): both flags may be set.</summary>
[Flags]
internal enum DomainScope : uint
{
    /// <summary>The running domain if it is active, else its persistent configuration.</summary>
    Current = 0,
    Live = 1,
    Config = 2,
}

/// <summary>What Remove-Domain removes along with the definition (VIR_DOMAIN_UNDEFINE_*).</summary>
[Flags]
internal enum DomainUndefineOptions : uint
{
    None = 0,
    ManagedSave = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
    Snapshots = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
    Checkpoints = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
    Nvram = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_NVRAM,
}

/// <summary>Defining, creating, undefining and reconfiguring domains (virsh define/create/undefine/dumpxml/setvcpus/setmem/...).</summary>
internal static class DomainDefinitionApi
{
    /// <summary>
    /// The hypervisor's native configuration for a domain XML (virsh domxml-to-native), in <paramref name="format"/>
    /// (QEMU: qemu-argv; Xen: xen-xl, xen-xm, xen-sxpr; VMware: vmware-vmx; bhyve: bhyve-argv).
    /// </summary>
    /// <summary>The native formats libvirt's drivers convert to and from (each driver knows its own).</summary>
    public static readonly IReadOnlyList<string> NativeFormats = ["qemu-argv", "xen-xl", "xen-xm", "xen-sxpr", "vmware-vmx", "bhyve-argv"];

    public static string ToNative(LibvirtConnection connection, string format, string xml) =>
        Vir.ConnectDomainXMLToNative(connection.Handle, format, xml);

    /// <summary>The domain XML for a native configuration (virsh domxml-from-native).</summary>
    public static string FromNative(LibvirtConnection connection, string format, string config) =>
        Vir.ConnectDomainXMLFromNative(connection.Handle, format, config);

    /// <summary>
    /// Defines a persistent domain; with <paramref name="validate"/> libvirt first checks the XML against its schema
    /// (VIR_DOMAIN_DEFINE_VALIDATE, virsh define --validate), without it only its parser does (virsh define).
    /// </summary>
    public static DomainHandle Define(LibvirtConnection connection, string xml, bool validate = true) =>
        Definitions.Parse(() => Vir.DomainDefineXMLFlags(connection.Handle, xml, validate ? VirDomainDefineFlags.VIR_DOMAIN_DEFINE_VALIDATE : 0));

    /// <summary>Creates and starts a transient domain, validating its XML (VIR_DOMAIN_START_VALIDATE) unless told not to.</summary>
    public static DomainHandle CreateTransient(LibvirtConnection connection, string xml, bool paused = false, bool validate = true)
    {
        var flags = validate ? VirDomainCreateFlags.VIR_DOMAIN_START_VALIDATE : 0;
        if (paused) flags |= VirDomainCreateFlags.VIR_DOMAIN_START_PAUSED;
        return Definitions.Parse(() => Vir.DomainCreateXML(connection.Handle, xml, flags));
    }

    public static void Start(DomainHandle domain) => Vir.DomainCreateWithFlags(domain);

    public static bool IsActive(DomainHandle domain) => Vir.DomainIsActive(domain) == 1;

    public static bool IsPersistent(DomainHandle domain) => Vir.DomainIsPersistent(domain) == 1;

    /// <summary>The domain's XML (virsh dumpxml).</summary>
    public static string GetXml(DomainHandle domain, bool inactive = false, bool secure = false, bool migratable = false)
    {
        VirDomainXMLFlags flags = 0;
        if (inactive) flags |= VirDomainXMLFlags.VIR_DOMAIN_XML_INACTIVE;
        if (secure) flags |= VirDomainXMLFlags.VIR_DOMAIN_XML_SECURE;
        if (migratable) flags |= VirDomainXMLFlags.VIR_DOMAIN_XML_MIGRATABLE;
        return Vir.DomainGetXMLDesc(domain, flags);
    }

    /// <summary>Removes the persistent definition (a running domain becomes transient).</summary>
    public static void Undefine(DomainHandle domain, DomainUndefineOptions options) =>
        Vir.DomainUndefineFlags(domain, (VirDomainUndefineFlagsValues)options);

    /// <summary>Undoes a define that was just made (used when a following step fails); never throws.</summary>
    public static void UndefineQuietly(DomainHandle domain)
    {
        try { Vir.DomainUndefineFlags(domain); }
        catch (LibvirtException) { }
    }

    /// <summary>Stops a domain hard; never throws (used to undo a start).</summary>
    public static void DestroyQuietly(DomainHandle domain)
    {
        try { Vir.DomainDestroy(domain); }
        catch (LibvirtException) { }
    }

    public static void SetVcpus(DomainHandle domain, uint count, DomainScope scope, bool maximum = false)
    {
        var flags = (VirDomainVcpuFlags)scope;
        if (maximum) flags |= VirDomainVcpuFlags.VIR_DOMAIN_VCPU_MAXIMUM;
        Vir.DomainSetVcpusFlags(domain, count, flags);
    }

    /// <summary>Sets the current (balloon) memory, or with <paramref name="maximum"/> the maximum memory, in KiB.</summary>
    public static void SetMemoryKiB(DomainHandle domain, ulong kib, DomainScope scope, bool maximum = false)
    {
        var flags = (VirDomainMemoryModFlags)scope;
        if (maximum) flags |= VirDomainMemoryModFlags.VIR_DOMAIN_MEM_MAXIMUM;
        Vir.DomainSetMemoryFlags(domain, new System.Runtime.InteropServices.CULong((nuint)kib), flags);
    }

    public static void SetAutostart(DomainHandle domain, bool autostart) =>
        Vir.DomainSetAutostart(domain, autostart ? 1 : 0);

    /// <summary>Sets the title (one line) or the description; an empty string removes it.</summary>
    public static void SetMetadata(DomainHandle domain, bool title, string text, DomainScope scope)
    {
        int type = title ? (int)VirDomainMetadataType.VIR_DOMAIN_METADATA_TITLE : (int)VirDomainMetadataType.VIR_DOMAIN_METADATA_DESCRIPTION;
        Vir.DomainSetMetadata(domain, type, text.Length == 0 ? null : text, null, null, (VirDomainModificationImpact)scope);
    }

    public static void Rename(DomainHandle domain, string newName) =>
        Vir.DomainRename(domain, newName);

    /// <summary>The storage volume at a path, or null when no pool of the hypervisor holds it.</summary>
    public static StorageVolHandle? TryLookupVolumeByPath(LibvirtConnection connection, string path) =>
        Vir.TryStorageVolLookupByPath(connection.Handle, path);

    public static void DeleteVolume(StorageVolHandle volume) => Vir.StorageVolDelete(volume);

    /// <summary>The maximum vCPU count of the persistent configuration (the text of &lt;vcpu&gt;).</summary>
    public static uint ConfiguredMaxVcpus(DomainHandle domain)
    {
        var doc = LibvirtXml.Load(GetXml(domain, inactive: true));
        return uint.TryParse(doc.SelectSingleNode("/domain/vcpu")?.InnerText.Trim(), out uint n) ? n : 0;
    }
}
