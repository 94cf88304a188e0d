using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What libvirt tells of a domain's guest through its own calls (addresses, hostname, time, ...).</summary>
internal static class GuestInfoApi
{
    /// <summary>One address of an interface, as virDomainInterfaceAddresses reports it.</summary>
    public sealed record InterfaceAddress(string Interface, string? MacAddress, string Address, int PrefixLength, IPAddressFamily Family);

    /// <summary>The domain's interface addresses from <paramref name="source"/> (virsh domifaddr); an interface without addresses gives none.</summary>
    public static unsafe List<InterfaceAddress> InterfaceAddresses(DomainHandle h, GuestAddressSource source)
    {
        VirDomainInterface** ifaces = null;
        int n = Vir.DomainInterfaceAddresses(h, &ifaces, (uint)(source switch
        {
            GuestAddressSource.Agent => VirDomainInterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
            GuestAddressSource.Arp => VirDomainInterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
            _ => VirDomainInterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
        }));
        var result = new List<InterfaceAddress>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                var iface = ifaces[i];
                string name = Utf8.Read(iface->name) ?? "";
                string? mac = Utf8.Read(iface->hwaddr);
                for (uint j = 0; j < iface->naddrs; j++)
                {
                    var a = &iface->addrs[j];
                    result.Add(new InterfaceAddress(name, mac, Utf8.Read(a->addr) ?? "", (int)a->prefix,
                        a->type == (int)VirIPAddrType.VIR_IP_ADDR_TYPE_IPV6 ? IPAddressFamily.IPv6 : IPAddressFamily.IPv4));
                }
            }
        }
        finally
        {
            for (int i = 0; i < n; i++) Libvirt.virDomainInterfaceFree(ifaces[i]);
            Utf8.Free(ifaces);
        }
        return result;
    }

    // ---- virDomainGetGuestInfo ----

    /// <summary>What the guest agent reports (virsh guestinfo): every kind, or those in <paramref name="types"/> (0: all).</summary>
    public static unsafe IReadOnlyDictionary<string, object> GuestInfoParameters(DomainHandle h, VirDomainGuestInfoTypes types = 0)
    {
        VirTypedParameter* p = null;
        int n = 0;
        Vir.DomainGetGuestInfo(h, (uint)types, &p, &n);
        return TypedParameters.ReadAndFree(p, n);
    }

    /// <summary>The typed model of virDomainGetGuestInfo's parameters (user.N.*, os.*, timezone.*, hostname, fs.N.*, disk.N.*, if.N.*).</summary>
    public static GuestInfo ParseGuestInfo(IReadOnlyDictionary<string, object> p, string domain, Hypervisor? hypervisor)
    {
        string? S(string k) => p.TryGetValue(k, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        long? L(string k) => p.TryGetValue(k, out var v) ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        ulong? U(string k) => p.TryGetValue(k, out var v) ? Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        int Count(string k) => (int)(L(k + ".count") ?? 0);
        string[] List(string prefix, string field) =>
            Enumerable.Range(0, Count(prefix)).Select(i => S($"{prefix}.{i}.{field}")).Where(x => x is not null).Select(x => x!).ToArray();

        bool anyOs = p.Keys.Any(k => k.StartsWith("os.", StringComparison.Ordinal));
        return new GuestInfo
        {
            Domain = domain,
            Hypervisor = hypervisor,
            OS = anyOs ? new GuestOSInfo
            {
                Id = S("os.id"), Name = S("os.name"), PrettyName = S("os.pretty-name"), Version = S("os.version"), VersionId = S("os.version-id"),
                KernelRelease = S("os.kernel-release"), KernelVersion = S("os.kernel-version"), Machine = S("os.machine"),
                Variant = S("os.variant"), VariantId = S("os.variant-id"),
            } : null,
            Hostname = S("hostname"),
            TimeZone = S("timezone.name"),
            TimeZoneOffsetSeconds = L("timezone.offset") is long o ? (int)o : null,
            Users = Enumerable.Range(0, Count("user")).Select(i => new GuestUser
            {
                Name = S($"user.{i}.name") ?? "",
                Domain = S($"user.{i}.domain"),
                LoginTime = L($"user.{i}.login-time") is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            }).ToArray(),
            FileSystems = Enumerable.Range(0, Count("fs")).Select(i => new GuestFileSystem
            {
                MountPoint = S($"fs.{i}.mountpoint") ?? "",
                Name = S($"fs.{i}.name"),
                Type = S($"fs.{i}.fstype"),
                TotalBytes = U($"fs.{i}.total-bytes"),
                UsedBytes = U($"fs.{i}.used-bytes"),
                Disks = Enumerable.Range(0, Count($"fs.{i}.disk")).Select(j => S($"fs.{i}.disk.{j}.alias") ?? S($"fs.{i}.disk.{j}.serial") ?? S($"fs.{i}.disk.{j}.device") ?? "").ToArray(),
            }).ToArray(),
            Disks = Enumerable.Range(0, Count("disk")).Select(i => new GuestDisk
            {
                Name = S($"disk.{i}.name") ?? "",
                IsPartition = p.TryGetValue($"disk.{i}.partition", out var part) && part is true,
                Dependencies = List($"disk.{i}.dependency", "name"),
                Serial = S($"disk.{i}.serial"),
                Alias = S($"disk.{i}.alias"),
                GuestAlias = S($"disk.{i}.guest_alias"),
            }).ToArray(),
            Interfaces = Enumerable.Range(0, Count("if")).Select(i => new GuestInterface
            {
                Name = S($"if.{i}.name") ?? "",
                MacAddress = S($"if.{i}.hwaddr"),
                Addresses = Enumerable.Range(0, Count($"if.{i}.addr")).Select(j => new GuestInterfaceAddress
                {
                    Family = S($"if.{i}.addr.{j}.type") == "ipv6" ? IPAddressFamily.IPv6 : IPAddressFamily.IPv4,
                    Address = S($"if.{i}.addr.{j}.addr") ?? "",
                    PrefixLength = (int)(L($"if.{i}.addr.{j}.prefix") ?? 0),
                }).ToArray(),
            }).ToArray(),
        };
    }

    // ---- hostname, time, file systems, vCPUs, users ----

    /// <summary>The guest's hostname (virsh domhostname [--source agent|lease]); null source: the driver chooses.</summary>
    public static string Hostname(DomainHandle h, GuestAddressSource? source) => Vir.DomainGetHostname(h, source switch
    {
        GuestAddressSource.Agent => VirDomainGetHostnameFlags.VIR_DOMAIN_GET_HOSTNAME_AGENT,
        GuestAddressSource.Lease => VirDomainGetHostnameFlags.VIR_DOMAIN_GET_HOSTNAME_LEASE,
        _ => 0,
    });

    /// <summary>The guest's clock (virsh domtime), UTC.</summary>
    public static unsafe DateTimeOffset GetTime(DomainHandle h)
    {
        long seconds = 0;
        uint nanoseconds = 0;
        Vir.DomainGetTime(h, &seconds, &nanoseconds);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);
    }

    /// <summary>Sets the guest's clock to <paramref name="time"/>, or with <paramref name="time"/> null syncs it from the domain's RTC (virsh domtime --now/--time/--sync).</summary>
    public static void SetTime(DomainHandle h, DateTimeOffset? time)
    {
        if (time is DateTimeOffset t)
        {
            long ticks = t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            Vir.DomainSetTime(h, Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest), (uint)(rest * 100));
        }
        else Vir.DomainSetTime(h, 0, 0, VirDomainSetTimeFlags.VIR_DOMAIN_TIME_SYNC);
    }

    /// <summary>Freezes (<paramref name="freeze"/>) or thaws the guest's file systems (all, or the mount points given); returns how many.</summary>
    public static unsafe int FreezeOrThaw(DomainHandle h, IReadOnlyList<string>? mountPoints, bool freeze)
    {
        var strings = new List<nint>();
        try
        {
            foreach (var m in mountPoints ?? []) strings.Add((nint)Utf8.AllocCopy(m));
            var array = strings.ToArray();
            fixed (nint* a = array)
            {
                byte** list = strings.Count == 0 ? null : (byte**)a;
                return freeze ? Vir.DomainFSFreeze(h, list, (uint)strings.Count) : Vir.DomainFSThaw(h, list, (uint)strings.Count);
            }
        }
        finally { foreach (var p in strings) Utf8.Free((void*)p); }
    }

    /// <summary>Discards unused blocks of the guest's file systems (virsh domfstrim [--mountpoint] [--minimum]).</summary>
    public static void Trim(DomainHandle h, string? mountPoint, ulong minimumBytes) => Vir.DomainFSTrim(h, mountPoint, minimumBytes);

    /// <summary>The guest's vCPUs: present, online, offlinable (virsh guestvcpus).</summary>
    public static unsafe List<(int Id, bool Online, bool Offlinable)> GuestVCpus(DomainHandle h)
    {
        VirTypedParameter* p = null;
        uint n = 0;
        Vir.DomainGetGuestVcpus(h, &p, &n);
        var values = TypedParameters.ReadAndFree(p, (int)n);
        var present = ParseCpuList(values.TryGetValue("vcpus", out var v) ? v as string : null);
        var online = ParseCpuList(values.TryGetValue("online", out var o) ? o as string : null);
        var offlinable = ParseCpuList(values.TryGetValue("offlinable", out var f) ? f as string : null);
        return present.Select(id => (id, online.Contains(id), offlinable.Contains(id))).ToList();
    }

    /// <summary>"0-3,5,^2" -> {0,1,3,5} (libvirt's CPU list syntax, read by <see cref="CpuSet"/>); none for an empty list.</summary>
    public static SortedSet<int> ParseCpuList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? new SortedSet<int>() : new SortedSet<int>(CpuSet.Parse(text));

    /// <summary>Takes the guest vCPUs in <paramref name="ids"/> online or offline (virsh setguestvcpus).</summary>
    public static void SetGuestVCpus(DomainHandle h, IEnumerable<int> ids, bool online) =>
        Vir.DomainSetGuestVcpus(h, string.Join(",", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), online ? 1 : 0);

    /// <summary>Sets a guest user's password (virsh set-user-password); <paramref name="encrypted"/>: it is already crypt()ed.</summary>
    public static void SetUserPassword(DomainHandle h, string user, string password, bool encrypted) =>
        Vir.DomainSetUserPassword(h, user, password, encrypted ? VirDomainSetUserPasswordFlags.VIR_DOMAIN_PASSWORD_ENCRYPTED : 0);

    /// <summary>A guest user's authorized SSH keys (virsh get-user-sshkeys).</summary>
    public static unsafe List<string> GetSshKeys(DomainHandle h, string user)
    {
        byte** keys = null;
        int n = Vir.DomainAuthorizedSSHKeysGet(h, user, &keys);
        var result = new List<string>(n);
        try { for (int i = 0; i < n; i++) result.Add(Utf8.Read(keys[i]) ?? ""); }
        finally
        {
            for (int i = 0; i < n; i++) Utf8.Free(keys[i]);
            Utf8.Free(keys);
        }
        return result;
    }

    /// <summary>Adds (<paramref name="remove"/> false) or removes SSH keys of a guest user (virsh set-user-sshkeys [--remove]).</summary>
    public static unsafe void ChangeSshKeys(DomainHandle h, string user, IReadOnlyList<string> keys, bool remove)
    {
        var strings = new List<nint>();
        try
        {
            foreach (var k in keys) strings.Add((nint)Utf8.AllocCopy(k));
            var array = strings.ToArray();
            fixed (nint* a = array)
                Vir.DomainAuthorizedSSHKeysSet(h, user, (byte**)a, (uint)array.Length,
                    remove ? VirDomainAuthorizedSSHKeysSetFlags.VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE : VirDomainAuthorizedSSHKeysSetFlags.VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND);
        }
        finally { foreach (var p in strings) Utf8.Free((void*)p); }
    }

    /// <summary>How long libvirt waits for the agent of this domain (virsh guest-agent-timeout): seconds, -1 default, -2 block, 0 no wait.</summary>
    public static void SetAgentTimeout(DomainHandle h, int seconds) => Vir.DomainAgentSetResponseTimeout(h, seconds);
}
