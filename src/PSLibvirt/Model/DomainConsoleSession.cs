using PSLibvirt.Core;

namespace PSLibvirt;

/// <summary>What a console session is doing.</summary>
public enum DomainConsoleState
{
    /// <summary>Reads and writes reach the guest.</summary>
    Open,
    /// <summary>The stream ended: the guest stopped, or another client took the console over with -Force. Close it.</summary>
    Ended,
    /// <summary>Closed (Close-DomainConsole, or the runspace that opened it closed).</summary>
    Closed,
}

/// <summary>
/// An open console of a domain (Open-DomainConsole), driven by Read-DomainConsole and Write-DomainConsole and ended by
/// Close-DomainConsole. A session made with the parameterless constructor was never opened: it is Closed.
/// </summary>
public sealed class DomainConsoleSession : IDisposable
{
    public DomainConsoleSession() { }

    internal DomainConsoleSession(DomainConsoleChannel channel, Hypervisor hypervisor)
    {
        Channel = channel;
        Domain = channel.Domain;
        Device = channel.Device;
        Hypervisor = hypervisor;
        Opened = DateTime.Now;
    }

    internal DomainConsoleChannel? Channel { get; }

    /// <summary>The domain's name.</summary>
    public string Domain { get; } = "";
    /// <summary>The console's alias as asked for (-Device), or null for the domain's first console.</summary>
    public string? Device { get; }
    public Hypervisor? Hypervisor { get; }
    public DateTime Opened { get; }

    public DomainConsoleState State =>
        Channel is null || Channel.IsClosed ? DomainConsoleState.Closed
        : Channel.EndOfStream ? DomainConsoleState.Ended
        : DomainConsoleState.Open;

    /// <summary>Why the stream ended, when libvirt said (e.g. after another client's -Force).</summary>
    public string? EndReason => Channel?.EndReason;

    public void Dispose() => Channel?.Dispose();

    public override string ToString() => $"console of {Domain}{(Device is null ? "" : $" ({Device})")}: {State}";
}
