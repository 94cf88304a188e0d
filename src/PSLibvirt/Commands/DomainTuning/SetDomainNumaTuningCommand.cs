using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Changes a domain's NUMA memory placement (virsh numatune --mode, --nodeset).</summary>
[Cmdlet(VerbsCommon.Set, "DomainNumaTuning", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainNumaTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainNumaTuningCommand : LibvirtCmdlet
{
    /// <summary>numa_mode: how strictly the memory stays on the nodes.</summary>
    [Parameter] public DomainNumaMode Mode { get; set; }

    /// <summary>numa_nodeset: the host NUMA nodes, in libvirt's list syntax ("0", "0-1").</summary>
    [Parameter] [ValidateNotNullOrEmpty] public string? NodeSet { get; set; }

    /// <summary>Other parameters by libvirt's own names (e.g. @{ name = value }), converted to the types libvirt reports for them.</summary>
    [Parameter]
    public System.Collections.Hashtable? Parameter { get; set; }

    /// <summary>Write the values afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;
    private List<KeyValuePair<string, object>> _values = new();

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        string nodes = "";
        if (NodeSet is not null)
        {
            try { nodes = Core.CpuSet.Format(Core.CpuSet.Parse(NodeSet, what: "NUMA node")); }
            catch (FormatException e)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-NodeSet: " + e.Message, nameof(NodeSet), e), "InvalidNodeSet", ErrorCategory.InvalidArgument, NodeSet));
            }
        }
        _values = TuningValues(new (string, string, object)[]
        {
            (nameof(Mode), LibvirtConstants.VIR_DOMAIN_NUMA_MODE, (int)Mode),
            (nameof(NodeSet), LibvirtConstants.VIR_DOMAIN_NUMA_NODESET, nodes),
        }, Parameter);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        SetTuning(t, DomainTuningArea.Numa, "NUMA", _values, _scope, PassThru));
}
