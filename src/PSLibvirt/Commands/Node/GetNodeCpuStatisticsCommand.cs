using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's CPU time, whole or of one CPU (virsh nodecpustats [cpu] [--percent]).</summary>
[Cmdlet(VerbsCommon.Get, "NodeCpuStatistics", DefaultParameterSetName = "Counters")]
[OutputType(typeof(NodeCpuStatistics), ParameterSetName = new[] { "Counters" })]
[OutputType(typeof(NodeCpuUsage), ParameterSetName = new[] { "Percent" })]
public sealed class GetNodeCpuStatisticsCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>One CPU (from 0); the whole host when not given.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, int.MaxValue)]
    public int Cpu { get; set; }

    /// <summary>Percentages over -Interval instead of the counters since boot.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Percent")] public SwitchParameter Percent { get; set; }

    /// <summary>With -Percent: seconds between the two samples (virsh uses 1).</summary>
    [Parameter(ParameterSetName = "Percent")]
    [ValidateRange(0.1, 3600)]
    public double Interval { get; set; } = 1;

    private readonly CancellationTokenSource _stop = new();

    protected override void StopProcessing() => _stop.Cancel();

    protected override void ProcessRecord()
    {
        int cpu = MyInvocation.BoundParameters.ContainsKey(nameof(Cpu)) ? Cpu : NodeCpuStatsApi.AllCpus;
        var hosts = TargetConnections(Connection);
        if (!Percent)
        {
            ForEachConnection(Connection, h => WriteObject(NodeCpuStatsApi.ToModel(NodeCpuStatsApi.Get(h.Connection, cpu), cpu, h)));
            return;
        }
        // One interval for all connections: sample each, wait once, sample each again.
        var first = new Dictionary<Hypervisor, Dictionary<string, ulong>>();
        foreach (var h in hosts) TryInvoke(h, () => first[h] = NodeCpuStatsApi.Get(h.Connection, cpu));
        if (first.Count == 0) return;
        var interval = TimeSpan.FromSeconds(Interval);
        if (_stop.Token.WaitHandle.WaitOne(interval)) throw new PipelineStoppedException();
        foreach (var (h, before) in first)
            TryInvoke(h, () => WriteObject(NodeCpuStatsApi.Usage(before, NodeCpuStatsApi.Get(h.Connection, cpu), cpu, interval, h)));
    }
}
