using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Removes an I/O thread from domains (virsh iothreaddel); a disk still using it keeps it (libvirt refuses).</summary>
[Cmdlet(VerbsCommon.Remove, "DomainIOThread", DefaultParameterSetName = "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class RemoveDomainIOThreadCommand : LibvirtCmdlet
{
    /// <summary>The I/O thread's id.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, uint.MaxValue)]
    public uint Id { get; set; }

    private DomainScope _scope;

    protected override void BeginProcessing() => _scope = ChangeScope();

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Remove I/O thread {Id}{ScopeText(_scope)}")) return;
        DomainIOThreadApi.Remove(t.Handle, Id, _scope);
    });
}
