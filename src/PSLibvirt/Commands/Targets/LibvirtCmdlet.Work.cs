using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// For each target, asks <paramref name="prepare"/> here in the foreground (state checks that fail fast,
    /// ShouldProcess; it writes its own error, or declines, by returning null) for the input's work, and hands that to
    /// <see cref="RunWork"/>: run at once, or with -AsJob as a child job that owns the target (its handle is disposed
    /// there). The work reads no cmdlet state (copy parameters to locals in prepare) and writes only through its
    /// IWorkContext; an error of its own is thrown as a <see cref="WorkErrorException"/>.
    /// </summary>
    private protected void ForEachTargetWork<TH>(IEnumerable<Target<TH>> targets, Func<Target<TH>, Action<IWorkContext>?> prepare)
        where TH : LibvirtHandle
    {
        foreach (var t in targets)
        {
            Action<IWorkContext>? work = null;
            try
            {
                if (!TryInvoke(t.Input, () => work = prepare(t)) || work is null) continue;
            }
            finally
            {
                if (work is null) t.Dispose();
            }
            RunWork(t.Input, t.Hypervisor, t.Key, work, t);
        }
    }
}
