using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Starts (boots) defined domains (virsh start).</summary>
[Cmdlet(VerbsLifecycle.Start, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
public sealed class StartDomainCommand : LibvirtCmdlet
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

    [Parameter] public SwitchParameter Paused { get; set; }
    [Parameter] public SwitchParameter BypassCache { get; set; }
    [Parameter] public SwitchParameter ForceBoot { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord() => ForEachTargetWork(ResolveDomains(Name, Domain, Connection), t =>
    {
        if (!RequireState(t, "start", "DomainAlreadyRunning", "only a domain that is not running can be started", DomainState.ShutOff, DomainState.Crashed, DomainState.NoState)) return null;
        if (!ShouldProcess(t.Description, "Start domain")) return null;
        uint flags = DomainLifecycle.StartFlags(Paused, BypassCache, ForceBoot);
        bool passThru = PassThru;
        return context =>
        {
            DomainLifecycle.Start(t.Handle, flags);
            WritePassThru(context, t, passThru);
        };
    });
}
