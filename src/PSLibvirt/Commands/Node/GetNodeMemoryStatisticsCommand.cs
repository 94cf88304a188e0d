using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's memory counters, whole or of one NUMA cell (virsh nodememstats [--cell]).</summary>
[Cmdlet(VerbsCommon.Get, "NodeMemoryStatistics")]
[OutputType(typeof(NodeMemoryStatistics))]
public sealed class GetNodeMemoryStatisticsCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The NUMA cell; the whole host when not given.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Cell { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h =>
        {
            bool oneCell = MyInvocation.BoundParameters.ContainsKey(nameof(Cell));
            try { WriteObject(NodeMemoryStatsApi.Get(h.Connection, oneCell ? Cell : NodeMemoryStatsApi.AllCells, h)); }
            catch (LibvirtException ex) when (oneCell && Cell >= NodeMemoryApi.GetCellCount(h.Connection))
            {
                // qemu says "cellNum in virHostMemGetStats must be less than or equal to 0" (an invalid argument).
                WriteError($"The host of connection '{h.Name}' has no NUMA cell {Cell}: {ex.Message}",
                    "NodeCellNotFound", ErrorCategory.ObjectNotFound, Cell);
            }
        });
}
