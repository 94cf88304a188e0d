namespace PSLibvirt;

/// <summary>A console of a running domain and its host path (Get-DomainConsole; virsh ttyconsole).</summary>
public sealed class DomainConsoleDevice
{
    /// <summary>The domain's name.</summary>
    public string Domain { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>The device alias (serial0, console1, ...), the name Open-DomainConsole -Device takes; null when libvirt gives none.</summary>
    public string? Name { get; init; }
    /// <summary>The host side's type: pty, unix, file, ...</summary>
    public string Type { get; init; } = "";
    /// <summary>The guest side: serial, virtio, ...</summary>
    public string? TargetType { get; init; }
    /// <summary>The target port, or null.</summary>
    public int? Port { get; init; }
    /// <summary>The host path: /dev/pts/N for a pty (what virsh ttyconsole prints), a socket or file path otherwise.</summary>
    public string? Path { get; init; }

    public override string ToString() => Path ?? "";
}
