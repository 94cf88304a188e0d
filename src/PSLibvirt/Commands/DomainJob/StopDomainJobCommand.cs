using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Aborts a domain's background job (virsh domjobabort).</summary>
[Cmdlet(VerbsLifecycle.Stop, "DomainJob", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class StopDomainJobCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Abort the current job")) return;
        DomainJobApi.Abort(t.Handle);
    });
}
