namespace PSLibvirt;

/// <summary>What a domain's guest agent reports of the guest (Get-DomainGuestInfo; virsh guestinfo). What it did not report is null or empty.</summary>
public sealed class GuestInfo
{
    /// <summary>The domain's name.</summary>
    public string Domain { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    public GuestOSInfo? OS { get; init; }
    public string? Hostname { get; init; }
    /// <summary>The guest's time zone name (e.g. UTC), or null.</summary>
    public string? TimeZone { get; init; }
    /// <summary>The time zone's offset from UTC, in seconds, or null.</summary>
    public int? TimeZoneOffsetSeconds { get; init; }
    public GuestUser[] Users { get; init; } = [];
    public GuestFileSystem[] FileSystems { get; init; } = [];
    public GuestDisk[] Disks { get; init; } = [];
    public GuestInterface[] Interfaces { get; init; } = [];

    public override string ToString() => Domain;
}

/// <summary>The guest's operating system (os.* of virsh guestinfo).</summary>
public sealed class GuestOSInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? PrettyName { get; init; }
    public string? Version { get; init; }
    public string? VersionId { get; init; }
    public string? KernelRelease { get; init; }
    public string? KernelVersion { get; init; }
    public string? Machine { get; init; }
    public string? Variant { get; init; }
    public string? VariantId { get; init; }

    public override string ToString() => PrettyName ?? Name ?? Id ?? "";
}

/// <summary>A user logged in to the guest.</summary>
public sealed class GuestUser
{
    public string Name { get; init; } = "";
    /// <summary>The user's domain (Windows guests), or null.</summary>
    public string? Domain { get; init; }
    public DateTimeOffset? LoginTime { get; init; }

    public override string ToString() => Name;
}

/// <summary>A mounted file system of the guest.</summary>
public sealed class GuestFileSystem
{
    public string MountPoint { get; init; } = "";
    /// <summary>The guest's device name (e.g. vda1).</summary>
    public string? Name { get; init; }
    public string? Type { get; init; }
    public ulong? TotalBytes { get; init; }
    public ulong? UsedBytes { get; init; }
    /// <summary>The domain's disks it lives on (their aliases or serials).</summary>
    public string[] Disks { get; init; } = [];

    public override string ToString() => MountPoint;
}

/// <summary>A disk of the guest, as the guest sees it.</summary>
public sealed class GuestDisk
{
    public string Name { get; init; } = "";
    public bool IsPartition { get; init; }
    public string[] Dependencies { get; init; } = [];
    public string? Serial { get; init; }
    /// <summary>The alias of the domain's disk it is.</summary>
    public string? Alias { get; init; }
    public string? GuestAlias { get; init; }

    public override string ToString() => Name;
}

/// <summary>A network interface of the guest with its addresses.</summary>
public sealed class GuestInterface
{
    public string Name { get; init; } = "";
    public string? MacAddress { get; init; }
    public GuestInterfaceAddress[] Addresses { get; init; } = [];

    public override string ToString() => Name;
}

/// <summary>An address of a guest interface.</summary>
public sealed class GuestInterfaceAddress
{
    public IPAddressFamily Family { get; init; }
    public string Address { get; init; } = "";
    public int PrefixLength { get; init; }

    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>A vCPU as the guest sees it (Get-DomainGuestVCpu; virsh guestvcpus).</summary>
public sealed class GuestVCpu
{
    public string Domain { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    public int Id { get; init; }
    public bool Online { get; init; }
    /// <summary>Whether the guest lets this vCPU be taken offline.</summary>
    public bool Offlinable { get; init; }

    public override string ToString() => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
