using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>How many connections a cmdlet reads at once.</summary>
    private const int FanOutLimit = 16;

    /// <summary>
    /// Runs <paramref name="read"/> for every host at once (at most <see cref="FanOutLimit"/> at a time) and hands each
    /// result back on the pipeline thread as its host answers, so that a slow or dead host delays no other. Calling a
    /// result gives the value or throws what the read threw (inside TryInvoke it becomes the host's non-terminating
    /// error). One host is read on the pipeline thread, as before. Ctrl+C stops the wait at once; reads already in
    /// libvirt finish in the background.
    /// </summary>
    private protected IEnumerable<(Hypervisor Host, Func<T> Result)> FanOut<T>(IReadOnlyList<Hypervisor> hosts, Func<Hypervisor, T> read)
    {
        if (hosts.Count <= 1)
        {
            foreach (var h in hosts) yield return (h, () => read(h));
            yield break;
        }
        var gate = new SemaphoreSlim(FanOutLimit);
        var done = new BlockingCollection<(Hypervisor, Func<T>)>();
        foreach (var h in hosts)
        {
            _ = Task.Run(async () =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    var value = read(h);
                    done.Add((h, () => value));
                }
                catch (Exception e)
                {
                    var failure = ExceptionDispatchInfo.Capture(e);
                    done.Add((h, () => { failure.Throw(); return default!; }));
                }
                finally { gate.Release(); }
            });
        }
        for (int i = 0; i < hosts.Count; i++)
        {
            (Hypervisor, Func<T>) next;
            try { next = done.Take(Stopping); }
            catch (OperationCanceledException) { throw new PipelineStoppedException(); }
            yield return next;
        }
    }
}
