using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Starts defined, inactive networks (virsh net-start).</summary>
[Cmdlet(VerbsLifecycle.Start, "Network", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(Network))]
public sealed class StartNetworkCommand : LibvirtCmdlet
{
    /// <summary>Exact network names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Network))]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Network objects, as Get-Network writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Network", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Network[]? Network { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(ObjectKinds.Network, Name, Network, Connection), t =>
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
        if (PassThru) WritePassThru(ObjectKinds.Network, t);
    });
}
