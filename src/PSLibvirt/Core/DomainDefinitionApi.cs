using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Which configuration a change applies to (VIR_DOMAIN_AFFECT_*): both flags may be set.</summary>
[Flags]
public enum DomainScope : uint
{
    /// <summary>The running domain if it is active, else its persistent configuration.</summary>
    Current = 0,
    Live = 1,
    Config = 2,
}

/// <summary>What Remove-Domain removes along with the definition (VIR_DOMAIN_UNDEFINE_*).</summary>
[Flags]
public enum DomainUndefineOptions : uint
{
    None = 0,
    ManagedSave = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
    Snapshots = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
    Checkpoints = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
    Nvram = (uint)VirDomainUndefineFlagsValues.VIR_DOMAIN_UNDEFINE_NVRAM,
}

/// <summary>Defining, creating, undefining and reconfiguring domains (virsh define/create/undefine/dumpxml/setvcpus/setmem/...).</summary>
public static class DomainDefinitionApi
{
    /// <summary>Defines a persistent domain; libvirt validates the XML against its schema first (VIR_DOMAIN_DEFINE_VALIDATE).</summary>
    public static DomainHandle Define(LibvirtConnection connection, string xml) =>
        LibvirtException.Check(Libvirt.virDomainDefineXMLFlags(connection.Handle, xml, (uint)VirDomainDefineFlags.VIR_DOMAIN_DEFINE_VALIDATE));

    /// <summary>Creates and starts a transient domain, validating its XML (VIR_DOMAIN_START_VALIDATE).</summary>
    public static DomainHandle CreateTransient(LibvirtConnection connection, string xml, bool paused = false)
    {
        uint flags = (uint)VirDomainCreateFlags.VIR_DOMAIN_START_VALIDATE;
        if (paused) flags |= (uint)VirDomainCreateFlags.VIR_DOMAIN_START_PAUSED;
        return LibvirtException.Check(Libvirt.virDomainCreateXML(connection.Handle, xml, flags));
    }

    public static void Start(DomainHandle domain) => LibvirtException.Check(Libvirt.virDomainCreateWithFlags(domain, 0));

    public static bool IsActive(DomainHandle domain) => LibvirtException.Check(Libvirt.virDomainIsActive(domain)) == 1;

    public static bool IsPersistent(DomainHandle domain) => LibvirtException.Check(Libvirt.virDomainIsPersistent(domain)) == 1;

    /// <summary>The domain's XML (virsh dumpxml).</summary>
    public static string GetXml(DomainHandle domain, bool inactive = false, bool secure = false, bool migratable = false)
    {
        uint flags = 0;
        if (inactive) flags |= (uint)VirDomainXMLFlags.VIR_DOMAIN_XML_INACTIVE;
        if (secure) flags |= (uint)VirDomainXMLFlags.VIR_DOMAIN_XML_SECURE;
        if (migratable) flags |= (uint)VirDomainXMLFlags.VIR_DOMAIN_XML_MIGRATABLE;
        return LibvirtException.Check(Libvirt.virDomainGetXMLDesc(domain, flags));
    }

    /// <summary>Removes the persistent definition (a running domain becomes transient).</summary>
    public static void Undefine(DomainHandle domain, DomainUndefineOptions options) =>
        LibvirtException.Check(Libvirt.virDomainUndefineFlags(domain, (uint)options));

    /// <summary>Undoes a define that was just made (used when a following step fails); never throws.</summary>
    public static void UndefineQuietly(DomainHandle domain)
    {
        if (Libvirt.virDomainUndefineFlags(domain, 0) < 0) Libvirt.virResetLastError();
    }

    /// <summary>Stops a domain hard; never throws (used to undo a start).</summary>
    public static void DestroyQuietly(DomainHandle domain)
    {
        if (Libvirt.virDomainDestroy(domain) < 0) Libvirt.virResetLastError();
    }

    public static void SetVcpus(DomainHandle domain, uint count, DomainScope scope, bool maximum = false)
    {
        uint flags = (uint)scope;
        if (maximum) flags |= (uint)VirDomainVcpuFlags.VIR_DOMAIN_VCPU_MAXIMUM;
        LibvirtException.Check(Libvirt.virDomainSetVcpusFlags(domain, count, flags));
    }

    /// <summary>Sets the current (balloon) memory, or with <paramref name="maximum"/> the maximum memory, in KiB.</summary>
    public static void SetMemoryKiB(DomainHandle domain, ulong kib, DomainScope scope, bool maximum = false)
    {
        uint flags = (uint)scope;
        if (maximum) flags |= (uint)VirDomainMemoryModFlags.VIR_DOMAIN_MEM_MAXIMUM;
        LibvirtException.Check(Libvirt.virDomainSetMemoryFlags(domain, new System.Runtime.InteropServices.CULong((nuint)kib), flags));
    }

    public static void SetAutostart(DomainHandle domain, bool autostart) =>
        LibvirtException.Check(Libvirt.virDomainSetAutostart(domain, autostart ? 1 : 0));

    /// <summary>Sets the title (one line) or the description; an empty string removes it.</summary>
    public static void SetMetadata(DomainHandle domain, bool title, string text, DomainScope scope)
    {
        int type = title ? (int)VirDomainMetadataType.VIR_DOMAIN_METADATA_TITLE : (int)VirDomainMetadataType.VIR_DOMAIN_METADATA_DESCRIPTION;
        LibvirtException.Check(Libvirt.virDomainSetMetadata(domain, type, text.Length == 0 ? null : text, null, null, (uint)scope));
    }

    public static void Rename(DomainHandle domain, string newName) =>
        LibvirtException.Check(Libvirt.virDomainRename(domain, newName, 0));

    /// <summary>The storage volume at a path, or null when no pool of the hypervisor holds it.</summary>
    public static StorageVolHandle? TryLookupVolumeByPath(LibvirtConnection connection, string path)
    {
        var h = Libvirt.virStorageVolLookupByPath(connection.Handle, path);
        if (!h.IsInvalid) return h;
        var ex = LibvirtException.FromLastError();
        h.Dispose();
        if (ex.Code == VirErrorNumber.VIR_ERR_NO_STORAGE_VOL) return null;
        throw ex;
    }

    public static void DeleteVolume(StorageVolHandle volume) => LibvirtException.Check(Libvirt.virStorageVolDelete(volume, 0));

    /// <summary>The maximum vCPU count of the persistent configuration (the text of &lt;vcpu&gt;).</summary>
    public static uint ConfiguredMaxVcpus(DomainHandle domain)
    {
        var doc = LibvirtXml.Load(GetXml(domain, inactive: true));
        return uint.TryParse(doc.SelectSingleNode("/domain/vcpu")?.InnerText.Trim(), out uint n) ? n : 0;
    }
}
