using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// The baseline CPU of several CPU definitions: the most capable CPU all of them can run (virsh cpu-baseline), or the
/// one the hypervisor can also give a guest (virsh hypervisor-cpu-baseline: -HypervisorCpu, -Emulator, -Architecture,
/// -Machine or -VirtType). Every input of the pipeline goes into the one baseline, computed when the input ends.
/// </summary>
[HypervisorCpuTargetParameters]
[Cmdlet(VerbsCommon.Get, "HypervisorCpuBaseline", DefaultParameterSetName = XmlSet)]
[OutputType(typeof(CpuDefinition))]
[ConnectionParameter]
public sealed partial class GetHypervisorCpuBaselineCommand : LibvirtCmdlet
{
    private const string XmlSet = "Xml";
    private const string PathSet = "Path";

    /// <summary>&lt;cpu&gt; elements, or domain, capabilities or domain capabilities documents holding them; a string may hold several.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = XmlSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation(EachElement = true)]
    public string[]? Xml { get; set; }

    /// <summary>Files holding such XML (wildcards allowed).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>List every feature of the baseline model, not only those added to or removed from it (VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES).</summary>
    [Parameter] public SwitchParameter Features { get; set; }

    /// <summary>Leave out the features that block migration (VIR_CONNECT_BASELINE_CPU_MIGRATABLE).</summary>
    [Parameter] public SwitchParameter Migratable { get; set; }

    /// <summary>Compute the baseline the hypervisor can give (hypervisor-cpu-baseline) rather than the plain one.</summary>
    [Parameter] public SwitchParameter HypervisorCpu { get; set; }

    private readonly List<string> _cpus = new();
    private bool _inputFailed;

    protected override void ProcessRecord()
    {
        var inputs = ReadCpuInputs(Xml, Path, out bool failed);
        _inputFailed |= failed;
        foreach (var input in inputs) _cpus.AddRange(input.Cpus);
    }

    protected override void EndProcessing()
    {
        // A baseline of fewer CPUs than given would answer another question: none is computed.
        if (_inputFailed || _cpus.Count == 0) return;
        var target = CpuTarget(HypervisorCpu, GuestTarget);
        ForEachConnection(Connection, h =>
            WriteObject(CpuApi.ParseCpu(CpuApi.Baseline(h.Connection, _cpus, target, Features, Migratable), h)));
    }
}
