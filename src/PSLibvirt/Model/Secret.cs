namespace PSLibvirt;

/// <summary>What a libvirt secret is for (the &lt;usage type&gt; of its XML; VIR_SECRET_USAGE_TYPE_*).</summary>
public enum SecretUsageType
{
    None = 0,
    Volume = 1,
    Ceph = 2,
    Iscsi = 3,
    Tls = 4,
    Vtpm = 5,
}

/// <summary>
/// A snapshot of one libvirt secret's definition (virsh secret-list, secret-dumpxml). It never holds the secret's
/// value: Get-LibvirtSecretValue reads that, as a SecureString.
/// </summary>
public sealed class Secret
{
    public Guid Uuid { get; init; }
    public SecretUsageType UsageType { get; init; }
    /// <summary>What the usage names: the volume path, Ceph or iSCSI usage name, TLS name or vTPM name; null for None.</summary>
    public string? UsageId { get; init; }
    public string? Description { get; init; }
    /// <summary>The secret is kept in memory only, never stored on disk by libvirt.</summary>
    public bool Ephemeral { get; init; }
    /// <summary>libvirt never reveals the value to clients (virSecretGetValue fails).</summary>
    public bool Private { get; init; }
    public Hypervisor? Hypervisor { get; init; }

    public override string ToString() => Uuid.ToString("D");
}
