using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Changes the host's memory-sharing (KSM) parameters (virsh node-memory-tune --shm-*); only those given change.</summary>
[Cmdlet(VerbsCommon.Set, "NodeMemoryParameter", SupportsShouldProcess = true)]
[OutputType(typeof(NodeMemoryParameters))]
public sealed class SetNodeMemoryParameterCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Pages to scan before the shared-memory service sleeps (shm_pages_to_scan).</summary>
    [Parameter]
    public uint PagesToScan { get; set; }

    /// <summary>Milliseconds it sleeps between scans (shm_sleep_millisecs).</summary>
    [Parameter]
    public uint SleepMilliseconds { get; set; }

    /// <summary>Whether pages of different NUMA nodes may be merged (shm_merge_across_nodes).</summary>
    [Parameter]
    public bool MergeAcrossNodes { get; set; }

    /// <summary>Write the parameters afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (!Given(nameof(PagesToScan)) && !Given(nameof(SleepMilliseconds)) && !Given(nameof(MergeAcrossNodes)))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give at least one of -PagesToScan, -SleepMilliseconds and -MergeAcrossNodes."),
                "NothingToSet", ErrorCategory.InvalidArgument, null));
    }

    private bool Given(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    protected override void ProcessRecord() =>
        ForEachConnection(Connection, h =>
        {
            var changes = new List<string>();
            if (Given(nameof(PagesToScan))) changes.Add($"shm_pages_to_scan={PagesToScan}");
            if (Given(nameof(SleepMilliseconds))) changes.Add($"shm_sleep_millisecs={SleepMilliseconds}");
            if (Given(nameof(MergeAcrossNodes))) changes.Add($"shm_merge_across_nodes={(MergeAcrossNodes ? 1 : 0)}");
            if (!ShouldProcess($"host '{h.Name}'", "Set " + string.Join(", ", changes))) return;
            NodeMemoryTuning.Set(h.Connection, Given(nameof(PagesToScan)) ? PagesToScan : null,
                Given(nameof(SleepMilliseconds)) ? SleepMilliseconds : null, Given(nameof(MergeAcrossNodes)) ? MergeAcrossNodes : null);
            if (PassThru) WriteObject(NodeTuningApi.ToMemoryParameters(NodeTuningApi.GetMemoryParameters(h.Connection), h));
        });
}
