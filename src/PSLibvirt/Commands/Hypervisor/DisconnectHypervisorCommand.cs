using System.Management.Automation;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Closes connections and forgets them; the default falls back to the newest remaining one.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Hypervisor", SupportsShouldProcess = true, DefaultParameterSetName = "Connection")]
[OutputType(typeof(void))]
public sealed class DisconnectHypervisorCommand : LibvirtCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Connection")]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[] Connection { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public string[] Name { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Name")
        {
            foreach (var h in MatchConnections(Name, HypervisorSession.Connections)) Close(h);
            return;
        }
        foreach (var h in Connection) Close(h);
    }

    private void Close(Hypervisor h)
    {
        if (!ShouldProcess($"{h.Name} ({h.Uri})", "Disconnect")) return;
        TryInvoke(h, () =>
        {
            HypervisorSession.Remove(h);
            ConnectionHooks.Closed?.Invoke(this, h);
            h.Connection.Dispose();
        });
    }
}
