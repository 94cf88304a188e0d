using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>How many connections a cmdlet reads at once (a listing's -ThrottleLimit).</summary>
    private protected int FanOutLimit { get; set; } = 16;

    /// <summary>How long one host may take to answer a listing, in seconds (its -HostTimeout); 0 waits for its keepalive.</summary>
    private protected int FanOutTimeoutSeconds { get; set; }

    /// <summary>
    /// Runs <paramref name="read"/> for every host at once (at most <see cref="FanOutLimit"/> at a time) and hands each
    /// result back on the pipeline thread as its host answers, so that a slow or dead host delays no other. Calling a
    /// result gives the value or throws what the read threw (inside TryInvoke it becomes the host's non-terminating
    /// error). One host is read on the pipeline thread, as before. Ctrl+C stops the wait at once; reads already in
    /// libvirt finish in the background. With <see cref="FanOutTimeoutSeconds"/> a host that has not answered in time is
    /// given up (a HostTimeout error of its own) and its worker takes the next host; the abandoned read ends in the
    /// background when libvirt answers or the keepalive gives the connection up.
    /// </summary>
    private protected IEnumerable<(Hypervisor Host, Func<T> Result)> FanOut<T>(IReadOnlyList<Hypervisor> hosts, Func<Hypervisor, T> read)
    {
        if (hosts.Count <= 1 && FanOutTimeoutSeconds == 0)
        {
            foreach (var h in hosts) yield return (h, () => read(h));
            yield break;
        }
        // A few workers take the hosts in the order given: at most FanOutLimit reads at once, started in that order.
        var done = new BlockingCollection<(Hypervisor, Func<T>)>();
        int next = -1;
        // Threads of their own, not the pool's: each read blocks in libvirt (Core.BlockingWork says why).
        for (int w = Math.Min(FanOutLimit, hosts.Count); w > 0; w--)
        {
            _ = Core.BlockingWork.Start(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < hosts.Count)
                {
                    var h = hosts[i];
                    done.Add((h, ReadOne(h, read)));
                }
            });
        }
        for (int i = 0; i < hosts.Count; i++)
        {
            (Hypervisor, Func<T>) answered;
            try { answered = done.Take(Stopping); }
            catch (OperationCanceledException) { throw new PipelineStoppedException(); }
            yield return answered;
        }
    }

    private Func<T> ReadOne<T>(Hypervisor h, Func<Hypervisor, T> read)
    {
        try
        {
            T value;
            if (FanOutTimeoutSeconds == 0) value = read(h);
            else
            {
                var reading = Core.BlockingWork.Start(() => read(h));
                if (!reading.Wait(TimeSpan.FromSeconds(FanOutTimeoutSeconds)))
                {
                    _ = reading.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed, never reported
                    var late = new WorkErrorException(
                        new TimeoutException($"The connection '{h.Name}' ({h.Uri}) did not answer within {FanOutTimeoutSeconds} s (-HostTimeout): its objects are left out."),
                        "HostTimeout", ErrorCategory.OperationTimeout, h);
                    return () => throw late;
                }
                value = reading.GetAwaiter().GetResult();
            }
            return () => value;
        }
        catch (Exception e)
        {
            var failure = ExceptionDispatchInfo.Capture(e);
            return () => { failure.Throw(); return default!; };
        }
    }
}
