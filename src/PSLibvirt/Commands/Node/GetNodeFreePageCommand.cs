using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Free memory pages by size and NUMA cell (virsh freepages).</summary>
[Cmdlet(VerbsCommon.Get, "NodeFreePage")]
[OutputType(typeof(NodeFreePage))]
public sealed class GetNodeFreePageCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The NUMA cells (default: every cell).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int[]? Cell { get; set; }

    /// <summary>The page sizes in KiB (default: every size the host supports).</summary>
    [Parameter]
    [ValidateRange(1, uint.MaxValue)]
    public uint[]? PageSizeKiB { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h =>
        {
            var sizes = PageSizeKiB ?? NodePagesApi.PageSizes(h.Connection).ToArray();
            int cells = NodeMemoryApi.GetCellCount(h.Connection);
            foreach (int cell in Cell ?? Enumerable.Range(0, cells).ToArray())
            {
                if (cell >= cells)
                {
                    WriteError($"The host of connection '{h.Name}' has no NUMA cell {cell} (it has {cells}).", "NodeCellNotFound", ErrorCategory.ObjectNotFound, cell);
                    continue;
                }
                TryInvoke(cell, () => WriteObject(NodePagesApi.GetFreePages(h.Connection, sizes, cell, 1, h), enumerateCollection: true));
            }
        });
}
