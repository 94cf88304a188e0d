using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Provider;

/// <summary>
/// Move-Item's parameters for a domain moved to another drive (a migration): Move-Domain's, but for -Persistent and
/// -UndefineSource, which a move implies (a persistent domain stays persistent and leaves the source).
/// </summary>
public sealed class DomainMoveParameters
{
    /// <summary>Live: the default for a running domain (a paused copy, Move-Domain -Live:$false, is not offered here).</summary>
    [Parameter] public SwitchParameter Live { get; set; }
    /// <summary>Move only the definition.</summary>
    [Parameter] public SwitchParameter Offline { get; set; }
    [Parameter] public MigrationStorageCopy CopyStorage { get; set; }
    [Parameter] public SwitchParameter Compressed { get; set; }
    [Parameter] public SwitchParameter AutoConverge { get; set; }
    [Parameter] public SwitchParameter PostCopy { get; set; }
    /// <summary>MiB/s.</summary>
    [Parameter] [ValidateRange(1, ulong.MaxValue)] public ulong Bandwidth { get; set; }
    /// <summary>Milliseconds.</summary>
    [Parameter] [ValidateRange(1, ulong.MaxValue)] public ulong MaxDowntime { get; set; }
    [Parameter] public SwitchParameter PeerToPeer { get; set; }
    [Parameter] public SwitchParameter Tunnelled { get; set; }
    [Parameter] public string? MigrationUri { get; set; }
    /// <summary>Seconds.</summary>
    [Parameter] [ValidateRange(1, 86400)] public int Timeout { get; set; }
    [Parameter] public MigrationTimeoutAction TimeoutAction { get; set; }

    /// <summary>The options of one move of a domain that is <paramref name="persistent"/> or not.</summary>
    internal MigrationOptions Options(bool persistent) => new()
    {
        Live = Live.IsPresent ? true : null,
        Offline = Offline,
        Persistent = persistent,
        UndefineSource = persistent,
        CopyStorage = CopyStorage,
        Compressed = Compressed,
        AutoConverge = AutoConverge,
        PostCopy = PostCopy,
        BandwidthMiBps = Bandwidth > 0 ? Bandwidth : null,
        MaxDowntimeMs = MaxDowntime > 0 ? MaxDowntime : null,
        PeerToPeer = PeerToPeer,
        Tunnelled = Tunnelled,
        MigrationUri = MigrationUri,
        Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null,
        TimeoutAction = TimeoutAction,
    };
}
