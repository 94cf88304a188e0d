using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Starts defined, inactive networks (virsh net-start).</summary>
[Cmdlet(VerbsLifecycle.Start, "Network", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(Network))]
public sealed class StartNetworkCommand : NetworkCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachNetwork(t =>
    {
        if (NetworkApi.IsActive(t.Handle))
        {
            WriteError(new ErrorRecord(
                new System.InvalidOperationException($"The {t.Description} is already active."),
                "NetworkAlreadyActive", ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        if (!ShouldProcess(t.Description, "Start")) return;
        NetworkApi.Start(t.Handle);
        WritePassThru(t, PassThru);
    });
}
