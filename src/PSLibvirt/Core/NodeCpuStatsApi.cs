using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>virNodeGetCPUStats: the host's CPU time counters (virsh nodecpustats), whole or of one CPU.</summary>
internal static class NodeCpuStatsApi
{
    /// <summary>libvirt's VIR_NODE_CPU_STATS_ALL_CPUS: the whole host.</summary>
    public const int AllCpus = -1;

    /// <summary>The counters by libvirt's names (kernel, user, idle, iowait; utilization on some hosts), in nanoseconds.</summary>
    public static unsafe Dictionary<string, ulong> Get(LibvirtConnection connection, int cpu)
    {
        int n = 0;
        Vir.NodeGetCPUStats(connection.Handle, cpu, null, &n);
        var fields = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        if (n <= 0) return fields;
        var stats = new VirNodeCPUStats[n];
        fixed (VirNodeCPUStats* p = stats)
        {
            Vir.NodeGetCPUStats(connection.Handle, cpu, p, &n);
            for (int i = 0; i < n; i++) fields[Utf8.Read(p[i].field) ?? ""] = p[i].value;
        }
        return fields;
    }

    public static NodeCpuStatistics ToModel(Dictionary<string, ulong> fields, int cpu, Hypervisor? hypervisor)
    {
        long? Field(string name) => fields.TryGetValue(name, out var v) ? (long)v : null;
        return new NodeCpuStatistics
        {
            Cpu = cpu == AllCpus ? null : cpu,
            KernelNs = Field("kernel"), UserNs = Field("user"), IdleNs = Field("idle"), IOWaitNs = Field("iowait"),
            Fields = fields.ToDictionary(f => f.Key, f => (long)f.Value, StringComparer.OrdinalIgnoreCase),
            Hypervisor = hypervisor,
        };
    }

    /// <summary>
    /// Percentages of the time between two samples, as virsh nodecpustats --percent computes them: each counter's
    /// growth over the growth of their sum; usage is everything but idle. All null when no time passed (a driver
    /// whose counters do not move, as the test driver's).
    /// </summary>
    public static NodeCpuUsage Usage(Dictionary<string, ulong> before, Dictionary<string, ulong> after, int cpu, TimeSpan interval, Hypervisor? hypervisor)
    {
        string[] counted = { "kernel", "user", "idle", "iowait" };
        double Delta(string n) => after.TryGetValue(n, out var a) && before.TryGetValue(n, out var b) && a >= b ? a - b : 0;
        double total = counted.Sum(Delta);
        double? Percent(string n) => total > 0 ? Math.Round(100 * Delta(n) / total, 1) : null;
        return new NodeCpuUsage
        {
            Cpu = cpu == AllCpus ? null : cpu,
            Interval = interval,
            Usage = total > 0 ? Math.Round(100 * (total - Delta("idle")) / total, 1) : null,
            User = Percent("user"), System = Percent("kernel"), Idle = Percent("idle"), IOWait = Percent("iowait"),
            Hypervisor = hypervisor,
        };
    }
}
