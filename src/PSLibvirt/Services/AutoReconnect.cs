using PSLibvirt.Core;

namespace PSLibvirt.Services;

/// <summary>
/// Opens lost connections of Hypervisors with <see cref="Hypervisor.AutoReconnect"/> again in the background, as
/// Connect-Hypervisor -Reconnect would, after 1, 2, 4, 8 and then every 15 seconds until it works or the connection
/// is disconnected. Only the connection is reopened: a call that failed with ConnectionLost stays failed (whether
/// repeating a change is safe is the script's call), while event registrations come back by themselves.
/// </summary>
internal static class AutoReconnect
{
    private static int _watching;

    /// <summary>Starts watching for lost connections (once per process).</summary>
    public static void Watch()
    {
        if (Interlocked.Exchange(ref _watching, 1) == 0) LibvirtConnection.AnyLost += OnLost;
    }

    private static void OnLost(LibvirtConnection lost, string reason)
    {
        if (HypervisorSession.Connections.FirstOrDefault(h => h.AutoReconnect && ReferenceEquals(h.Connection, lost)) is { } h)
            _ = Task.Run(() => Reopen(h, lost));
    }

    /// <summary>The waits between attempts.</summary>
    internal static IEnumerable<TimeSpan> Delays()
    {
        foreach (int s in new[] { 1, 2, 4, 8 }) yield return TimeSpan.FromSeconds(s);
        while (true) yield return TimeSpan.FromSeconds(15);
    }

    private static async Task Reopen(Hypervisor h, LibvirtConnection lost)
    {
        foreach (var delay in Delays())
        {
            await Task.Delay(delay).ConfigureAwait(false);
            if (!h.AutoReconnect || !ReferenceEquals(h.Connection, lost) || !HypervisorSession.Connections.Contains(h)) return;
            LibvirtConnection? fresh = null;
            try
            {
                fresh = LibvirtConnection.Open(h.Uri, lost.ReadOnly, h.Credential, lost.KeepAliveInterval, lost.KeepAliveCount);
                var old = h.TryReattach(fresh, HostApi.GetIdentity(fresh), expected: lost);
                if (old is null) return; // Reconnected by hand meanwhile: keep that one.
                fresh = null;
                old.Dispose();
                return;
            }
            catch (Exception) { } // Not back yet (or not reachable): try again later.
            finally { fresh?.Dispose(); }
        }
    }
}
