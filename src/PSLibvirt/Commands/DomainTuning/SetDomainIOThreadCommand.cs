using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Pins an I/O thread of domains to host CPUs (virsh iothreadpin) and sets its polling and pool parameters (virsh iothreadset).</summary>
[Cmdlet(VerbsCommon.Set, "DomainIOThread", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainIOThread))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainIOThreadCommand : LibvirtCmdlet
{
    /// <summary>The I/O thread's id.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, uint.MaxValue)]
    public uint Id { get; set; }

    /// <summary>The host CPUs it may run on, in libvirt's list syntax ("0-1", "0,2", "0-3,^2").</summary>
    [Parameter(Position = 2)]
    [ValidateNotNullOrEmpty]
    public string? CpuSet { get; set; }

    /// <summary>poll_max_ns: the longest it polls before it sleeps, in nanoseconds (0: no polling).</summary>
    [Parameter] public ulong PollMaxNs { get; set; }

    /// <summary>poll_grow: the factor by which the polling time grows.</summary>
    [Parameter] public uint PollGrow { get; set; }

    /// <summary>poll_shrink: the divisor by which the polling time shrinks.</summary>
    [Parameter] public uint PollShrink { get; set; }

    /// <summary>thread_pool_min: the fewest worker threads of its pool.</summary>
    [Parameter] [ValidateRange(0, int.MaxValue)] public int ThreadPoolMin { get; set; }

    /// <summary>thread_pool_max: the most worker threads of its pool.</summary>
    [Parameter] [ValidateRange(0, int.MaxValue)] public int ThreadPoolMax { get; set; }

    /// <summary>Write the I/O thread afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;
    private int[]? _cpus;
    private readonly List<KeyValuePair<string, object>> _values = new();

    private bool Has(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        if (CpuSet is not null) _cpus = ParseCpuSet(CpuSet, nameof(CpuSet));
        if (Has(nameof(PollMaxNs))) _values.Add(new("poll_max_ns", PollMaxNs));
        if (Has(nameof(PollGrow))) _values.Add(new("poll_grow", PollGrow));
        if (Has(nameof(PollShrink))) _values.Add(new("poll_shrink", PollShrink));
        if (Has(nameof(ThreadPoolMin))) _values.Add(new("thread_pool_min", ThreadPoolMin));
        if (Has(nameof(ThreadPoolMax))) _values.Add(new("thread_pool_max", ThreadPoolMax));
        if (_cpus is null && _values.Count == 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -CpuSet, or at least one of -PollMaxNs, -PollGrow, -PollShrink, -ThreadPoolMin and -ThreadPoolMax."),
                "NothingToSet", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        int hostCpus = _cpus is null ? 0 : HostCpus(t, _cpus, CpuSet!);
        var changes = new List<string>();
        if (_cpus is not null) changes.Add($"pin to host CPUs {Core.CpuSet.Format(_cpus)}");
        changes.AddRange(_values.Select(kv => $"{kv.Key}={kv.Value}"));
        if (!ShouldProcess(t.Description, $"I/O thread {Id}: {string.Join(", ", changes)}{ScopeText(_scope)}")) return;
        if (_cpus is not null) DomainIOThreadApi.Pin(t.Handle, Id, _cpus, hostCpus, _scope);
        DomainIOThreadApi.SetParameters(t.Handle, Id, _values, _scope);
        if (PassThru) WriteIOThread(t, Id, _scope);
    });
}
