using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sends a non-maskable interrupt to running domains (virsh inject-nmi), e.g. to make a hung guest write a crash dump.</summary>
[Cmdlet(VerbsCommunications.Send, "DomainNmi", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SendDomainNmiCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, "Inject a non-maskable interrupt")) return;
        DomainJobApi.InjectNmi(t.Handle);
    });
}
