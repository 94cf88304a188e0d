using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What a device removal did to the running domain.</summary>
internal enum DeviceRemoval
{
    /// <summary>The device is gone from every definition the removal affected.</summary>
    Done,
    /// <summary>
    /// libvirt asked the guest to release the device and returned, but the device is still in the live definition: the
    /// guest has not acknowledged the unplug (a PCI device of a guest without an OS that handles it never is).
    /// </summary>
    LivePending,
}

/// <summary>
/// A domain's devices: read from its XML (disks with virDomainGetBlockInfo and virDomainGetDiskErrors, interfaces with
/// their bandwidth), attached, detached (by XML or alias) and updated (virsh attach-device, detach-device,
/// detach-device-alias, update-device, change-media, domblkinfo, domblkerror, domiftune).
/// </summary>
internal static class DomainDeviceApi
{
    /// <summary>
    /// The scope of a change: what was asked for, or by default (nothing asked) what virsh's --persistent does: the live
    /// domain when it runs, plus the persistent definition when it has one.
    /// </summary>
    public static DomainScope ResolveScope(DomainHandle h, bool live, bool config, bool current)
    {
        if (current) return DomainScope.Current;
        if (live || config) return (live ? DomainScope.Live : 0) | (config ? DomainScope.Config : 0);
        var scope = DomainDefinitionApi.IsActive(h) ? DomainScope.Live : 0;
        if (DomainDefinitionApi.IsPersistent(h)) scope |= DomainScope.Config;
        return scope;
    }

    /// <summary>"the live domain and its persistent definition", for ShouldProcess and messages.</summary>
    public static string Describe(DomainScope scope) => scope switch
    {
        DomainScope.Current => "the domain's current definition",
        DomainScope.Live => "the running domain",
        DomainScope.Config => "the persistent definition",
        _ => "the running domain and its persistent definition",
    };

    private static VirDomainDeviceModifyFlags Flags(DomainScope scope, bool force = false) =>
        (VirDomainDeviceModifyFlags)(uint)scope | (force ? VirDomainDeviceModifyFlags.VIR_DOMAIN_DEVICE_MODIFY_FORCE : 0);

    /// <summary>True when a change of <paramref name="scope"/> affects the running domain.</summary>
    public static bool AffectsLive(DomainHandle h, DomainScope scope) =>
        (scope & DomainScope.Live) != 0 || (scope == DomainScope.Current && DomainDefinitionApi.IsActive(h));

    /// <summary>The XML to read devices from for a change of <paramref name="scope"/>: the live one when it affects the running domain.</summary>
    public static string XmlFor(DomainHandle h, DomainScope scope) => DomainDefinitionApi.GetXml(h, inactive: !AffectsLive(h, scope));

    /// <summary>The owner of a domain's devices, for the models.</summary>
    public static DeviceOwner Owner(DomainHandle h, string name, Guid? uuid, Hypervisor? hypervisor, bool inactive) =>
        new(name, uuid ?? DomainApi.GetUuid(h), hypervisor, inactive);

    /// <summary>
    /// The domain's disks from its live XML (or, <paramref name="inactive"/>, its persistent definition); for a running
    /// domain read live, each disk with a medium also gets its sizes (virsh domblkinfo) and the I/O errors (domblkerror).
    /// </summary>
    public static List<DomainDisk> ListDisks(DomainHandle h, DeviceOwner owner)
    {
        string xml = DomainDefinitionApi.GetXml(h, inactive: owner.Inactive);
        if (owner.Inactive || !DomainDefinitionApi.IsActive(h)) return DomainDeviceXml.ParseDisks(xml, owner);
        var errors = DiskErrors(h);
        var result = new List<DomainDisk>();
        foreach (var e in DomainDeviceXml.Devices(xml).Where(e => e.Name.LocalName == "disk"))
        {
            string? target = (string?)e.Element("target")?.Attribute("dev");
            BlockFacts? facts = null;
            if (target is not null)
            {
                var info = e.Element("source") is null ? null : TryBlockInfo(h, target);
                facts = new BlockFacts(info?.capacity, info?.allocation, info?.physical, errors.TryGetValue(target, out var err) ? err : null);
            }
            result.Add(DomainDeviceXml.ParseDisk(e, owner, facts));
        }
        return result;
    }

    /// <summary>virDomainGetBlockInfo of a disk; null when the driver cannot tell (an empty drive, a network disk it does not probe).</summary>
    public static unsafe VirDomainBlockInfo? TryBlockInfo(DomainHandle h, string target)
    {
        VirDomainBlockInfo info;
        try { Vir.DomainGetBlockInfo(h, target, &info); }
        catch (LibvirtException e) when (e is not ConnectionLostException) { return null; }
        return info;
    }

    /// <summary>The disks with an I/O error (virDomainGetDiskErrors): target to Unspecified or NoSpace. Empty when the driver does not report them.</summary>
    public static unsafe Dictionary<string, string> DiskErrors(DomainHandle h)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int count;
        try { count = Vir.DomainGetDiskErrors(h, null, 0); }
        catch (LibvirtException e) when (e is not ConnectionLostException &&
            e.Code is VirErrorNumber.VIR_ERR_NO_SUPPORT or VirErrorNumber.VIR_ERR_OPERATION_INVALID) { return result; }
        if (count <= 0) return result;
        var array = (VirDomainDiskError*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(VirDomainDiskError));
        int filled = 0;
        try
        {
            filled = Vir.DomainGetDiskErrors(h, array, (uint)count);
            for (int i = 0; i < filled; i++)
            {
                string? disk = Utf8.Read(array[i].disk);
                if (disk is null) continue;
                result[disk] = (VirDomainDiskErrorCode)array[i].error switch
                {
                    VirDomainDiskErrorCode.VIR_DOMAIN_DISK_ERROR_NONE => "None",
                    VirDomainDiskErrorCode.VIR_DOMAIN_DISK_ERROR_NO_SPACE => "NoSpace",
                    _ => "Unspecified",
                };
            }
        }
        finally
        {
            for (int i = 0; i < count; i++) Utf8.Free(array[i].disk);
            NativeMemory.Free(array);
        }
        foreach (var k in result.Where(kv => kv.Value == "None").Select(kv => kv.Key).ToList()) result.Remove(k);
        return result;
    }

    /// <summary>The domain's network adapters from its live XML (or the persistent definition).</summary>
    public static List<DomainNetworkAdapter> ListInterfaces(DomainHandle h, DeviceOwner owner) =>
        DomainDeviceXml.ParseInterfaces(DomainDefinitionApi.GetXml(h, inactive: owner.Inactive), owner);

    /// <summary>Every device of the domain (disks and interfaces as DomainDisk and DomainNetworkAdapter when <paramref name="typed"/>).</summary>
    public static List<DomainDevice> ListDevices(DomainHandle h, DeviceOwner owner, bool typed = true) =>
        DomainDeviceXml.ParseDevices(DomainDefinitionApi.GetXml(h, inactive: owner.Inactive), owner, typed);

    /// <summary>Attaches the device (virDomainAttachDeviceFlags): libvirt changes the live domain and the definition together or not at all.</summary>
    public static void Attach(DomainHandle h, string deviceXml, DomainScope scope) => Vir.DomainAttachDeviceFlags(h, deviceXml, Flags(scope));

    /// <summary>Updates the device (virDomainUpdateDeviceFlags): a CD-ROM's medium, an interface's link state, ...</summary>
    public static void Update(DomainHandle h, string deviceXml, DomainScope scope, bool force = false) =>
        Vir.DomainUpdateDeviceFlags(h, ForScope(deviceXml, scope), Flags(scope, force));

    /// <summary>Device XML read from the live definition, made to match in the persistent one too when the change affects it (no live alias or address).</summary>
    public static string ForScope(string deviceXml, DomainScope scope) =>
        (scope & DomainScope.Config) != 0 ? DomainDeviceXml.WithoutLiveIdentity(deviceXml) : deviceXml;

    /// <summary>
    /// Detaches the device <paramref name="deviceXml"/> describes (virDomainDetachDeviceFlags). libvirt returns once the
    /// hypervisor was asked and, for devices the guest must release (PCI), after waiting a few seconds for it: the live
    /// XML is read again to say whether the device is really gone from the running domain.
    /// </summary>
    public static DeviceRemoval Detach(DomainHandle h, string deviceXml, DomainScope scope)
    {
        var (element, key) = DomainDeviceXml.Identify(deviceXml);
        bool live = AffectsLive(h, scope);
        int before = live ? DomainDeviceXml.Count(DomainDefinitionApi.GetXml(h), element, key) : 0;
        Vir.DomainDetachDeviceFlags(h, ForScope(deviceXml, scope), Flags(scope));
        if (!live) return DeviceRemoval.Done;
        int after = DomainDeviceXml.Count(DomainDefinitionApi.GetXml(h), element, key);
        return after < before || (key is not null && after == 0) ? DeviceRemoval.Done : DeviceRemoval.LivePending;
    }

    /// <summary>How long a removal by alias waits for the device to leave the running domain: as long as libvirt's own detach waits.</summary>
    public static readonly TimeSpan AliasRemovalWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Detaches the device with alias <paramref name="alias"/> (virDomainDetachDeviceAlias). That call only asks the
    /// hypervisor and returns at once, so this waits (at most <see cref="AliasRemovalWait"/>, polling the live XML; Ctrl+C
    /// stops the wait) for the device to leave the running domain, and says whether it did.
    /// </summary>
    public static DeviceRemoval DetachAlias(DomainHandle h, string alias, DomainScope scope, CancellationToken cancel = default)
    {
        bool live = AffectsLive(h, scope);
        Vir.DomainDetachDeviceAlias(h, alias, Flags(scope));
        if (!live) return DeviceRemoval.Done;
        var deadline = DateTime.UtcNow + AliasRemovalWait;
        while (DomainDeviceXml.FindByAlias(DomainDefinitionApi.GetXml(h), alias) is not null)
        {
            if (DateTime.UtcNow >= deadline) return DeviceRemoval.LivePending;
            cancel.WaitHandle.WaitOne(50);
            cancel.ThrowIfCancellationRequested();
        }
        return DeviceRemoval.Done;
    }

    /// <summary>The names libvirt gives an interface's bandwidth settings (virsh domiftune), in the model's order.</summary>
    public static readonly string[] BandwidthParameters =
    {
        "inbound.average", "inbound.peak", "inbound.burst", "inbound.floor", "outbound.average", "outbound.peak", "outbound.burst",
    };

    /// <summary>An interface's bandwidth settings (virDomainGetInterfaceParameters; <paramref name="device"/>: its MAC address or host device).</summary>
    public static unsafe IReadOnlyDictionary<string, object> GetBandwidth(DomainHandle h, string device, DomainScope scope) =>
        TypedParameters.GetWithCount((p, n) => Vir.DomainGetInterfaceParameters(h, device, p, n, (uint)scope));

    /// <summary>Sets the given bandwidth settings (name from <see cref="BandwidthParameters"/> to KiB/s or KiB; 0 removes a limit) of an interface (virDomainSetInterfaceParameters).</summary>
    public static unsafe void SetBandwidth(DomainHandle h, string device, IReadOnlyDictionary<string, uint> values, DomainScope scope)
    {
        using var list = new TypedParameterList();
        foreach (var (name, value) in values) list.Add(name, value);
        Vir.DomainSetInterfaceParameters(h, device, list.Pointer, list.Count, (VirDomainModificationImpact)(uint)scope);
    }
}
