using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Sets the size of the host's pool of pages of one size (virsh allocpages): how many huge pages are set aside, on
/// every NUMA cell or on some, or with -Add how many more.
/// </summary>
[Cmdlet(VerbsCommon.Set, "NodeFreePage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(NodeFreePage))]
public sealed class SetNodeFreePageCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The page size in KiB (2048, 1048576 on x86).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, uint.MaxValue)]
    public uint PageSizeKiB { get; set; }

    /// <summary>How many pages the pool holds (or with -Add, how many to add).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public ulong Count { get; set; }

    /// <summary>The NUMA cells whose pools to change (default: the host as a whole, as libvirt spreads them).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int[]? Cell { get; set; }

    /// <summary>Add -Count pages to the pool instead of setting it to -Count.</summary>
    [Parameter] public SwitchParameter Add { get; set; }

    /// <summary>Write the free pages of the size afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h =>
        {
            string what = Add ? $"Add {Count} pages of {PageSizeKiB} KiB" : $"Set the pool of {PageSizeKiB} KiB pages to {Count}";
            foreach (int? cell in Cell?.Select(c => (int?)c) ?? new int?[] { null })
            {
                string where = cell is int c ? $"NUMA cell {c} of '{h.Name}'" : $"host '{h.Name}'";
                if (!ShouldProcess(where, what)) continue;
                TryInvoke((object?)cell ?? h, () =>
                {
                    NodePagesApi.AllocPages(h.Connection, PageSizeKiB, Count, cell ?? -1, 1, Add); // -1 with one cell: the host as a whole (as virsh allocpages without --cellno).
                    if (PassThru)
                    {
                        int cells = NodeMemoryApi.GetCellCount(h.Connection);
                        WriteObject(NodePagesApi.GetFreePages(h.Connection, new[] { PageSizeKiB }, cell ?? 0, cell is null ? cells : 1, h), enumerateCollection: true);
                    }
                });
            }
        });
}
