using System;

namespace PSLibvirt;

/// <summary>A snapshot of one virtual network, keyed by <see cref="Uuid"/> and the <see cref="Hypervisor"/> it came from.</summary>
public sealed class Network
{
    public string Name { get; init; } = "";
    public Guid Uuid { get; init; }
    public bool Active { get; init; }
    public bool Persistent { get; init; }
    public bool Autostart { get; init; }
    /// <summary>The host bridge device, or null when the network has none (or is inactive).</summary>
    public string? Bridge { get; init; }
    public Hypervisor? Hypervisor { get; init; }
    public string? Hostname => Hypervisor?.Hostname;

    public override string ToString() => Name;
}
