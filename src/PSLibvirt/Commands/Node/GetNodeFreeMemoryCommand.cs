using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's free memory, whole, per NUMA cell or of one cell (virsh freecell).</summary>
[Cmdlet(VerbsCommon.Get, "NodeFreeMemory", DefaultParameterSetName = "Total")]
[OutputType(typeof(NodeFreeMemory))]
public sealed class GetNodeFreeMemoryCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "PerCell")]
    public SwitchParameter PerCell { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Cell")]
    [ValidateRange(0, int.MaxValue)]
    public int Cell { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h =>
        {
            switch (ParameterSetName)
            {
                case "PerCell":
                    int count = NodeMemoryApi.GetCellCount(h.Connection);
                    WriteObject(NodeMemoryApi.GetCellsFreeMemory(h.Connection, 0, count, h), enumerateCollection: true);
                    break;
                case "Cell":
                    try { WriteObject(NodeMemoryApi.GetCellsFreeMemory(h.Connection, Cell, 1, h), enumerateCollection: true); }
                    catch (LibvirtException ex) when (Cell >= NodeMemoryApi.GetCellCount(h.Connection))
                    {
                        // Drivers word a missing cell differently (test: invalid argument "Range exceeds available
                        // cells"; qemu: internal error "start cell 1 out of range (0-0)"), so the cell count decides;
                        // other failures (a lost connection) go to ForEachConnection's usual mapping.
                        WriteError($"The host of connection '{h.Name}' has no NUMA cell {Cell}: {ex.Message}",
                            "NodeCellNotFound", ErrorCategory.ObjectNotFound, Cell);
                    }
                    break;
                default:
                    WriteObject(NodeMemoryApi.GetFreeMemory(h.Connection, h));
                    break;
            }
        });
}
