namespace PSLibvirt.Core;

/// <summary>
/// Work that blocks in libvirt (a call that waits for a daemon) started on a thread of its own. The thread pool grows
/// by about one thread a second once its threads (two on a two-core machine) are all blocked, so twenty listings in
/// parallel, each waiting on the pool for a side call, ran one after another (bench/ManyHosts.Bench.ps1).
/// </summary>
internal static class BlockingWork
{
    public static Task<T> Start<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task Start(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
