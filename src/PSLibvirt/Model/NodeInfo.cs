namespace PSLibvirt;

/// <summary>The host's CPU and memory, as virsh nodeinfo shows them. Property names are a contract.</summary>
public sealed class NodeInfo
{
    public string Model { get; init; } = "";
    public int Cpus { get; init; }
    public int Mhz { get; init; }
    public int NumaNodes { get; init; }
    public int Sockets { get; init; }
    public int CoresPerSocket { get; init; }
    public int ThreadsPerCore { get; init; }
    public long MemoryBytes { get; init; }
    public long FreeMemoryBytes { get; init; }
    /// <summary>Memory in GiB, rounded to two places (for views and quick reading).</summary>
    public double MemoryGiB => Math.Round(MemoryBytes / (double)(1L << 30), 2);
    /// <summary>Free memory in GiB, rounded to two places.</summary>
    public double FreeMemoryGiB => Math.Round(FreeMemoryBytes / (double)(1L << 30), 2);
    public Hypervisor? Hypervisor { get; init; }
}
