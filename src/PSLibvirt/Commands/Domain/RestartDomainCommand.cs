using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Reboots domains (virsh reboot); -Force resets them like a reset button (virsh reset).</summary>
[Cmdlet(VerbsLifecycle.Restart, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
public sealed class RestartDomainCommand : LibvirtCmdlet
{
    /// <summary>Exact domain names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Domain objects, as Get-Domain writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Domain", ValueFromPipeline = true)]
    [ValidateNotNull]
    public Domain[]? Domain { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Hard reset (virDomainReset) instead of asking the guest to reboot; asks for confirmation.</summary>
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveDomains(Name, Domain, Connection), t =>
    {
        if (!RequireState(t, "restart", "DomainNotRunning", "only a running or paused domain can be restarted", DomainState.Running, DomainState.Paused, DomainState.Blocked)) return null;
        bool force = Force, passThru = PassThru;
        if (force ? !ShouldProcessHighImpact(t.Description, "Reset domain") : !ShouldProcess(t.Description, "Reboot domain")) return null;
        return context =>
        {
            if (force) DomainLifecycle.Reset(t.Handle);
            else DomainLifecycle.Reboot(t.Handle);
            WritePassThru(context, t, passThru);
        };
    });
}
