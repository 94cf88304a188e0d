using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Adds an I/O thread to domains (virsh iothreadadd).</summary>
[Cmdlet(VerbsCommon.Add, "DomainIOThread", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainIOThread))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class AddDomainIOThreadCommand : LibvirtCmdlet
{
    /// <summary>The new I/O thread's id (1 and up).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, uint.MaxValue)]
    public uint Id { get; set; }

    /// <summary>Write the new I/O thread.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;

    protected override void BeginProcessing() => _scope = ChangeScope();

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Add I/O thread {Id}{ScopeText(_scope)}")) return;
        DomainIOThreadApi.Add(t.Handle, Id, _scope);
        if (PassThru) WriteIOThread(t, Id, _scope);
    });
}
