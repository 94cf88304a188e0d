using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Turns the counting of perf events of a domain on or off (virsh perf --enable, --disable).</summary>
[Cmdlet(VerbsCommon.Set, "DomainPerfEvent", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainPerfEvents))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainPerfEventCommand : LibvirtCmdlet
{
    /// <summary>The events to count (cmt, cpu_cycles, instructions, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.PerfEventCompleter))]
    public string[]? Enable { get; set; }

    /// <summary>The events to stop counting.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.PerfEventCompleter))]
    public string[]? Disable { get; set; }

    /// <summary>Write the events afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;
    private List<KeyValuePair<string, object>> _values = new();

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        var both = (Enable ?? Array.Empty<string>()).Intersect(Disable ?? Array.Empty<string>(), StringComparer.Ordinal).ToArray();
        if (both.Length > 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Enable and -Disable both name {string.Join(", ", both)}."), "EnableAndDisable", ErrorCategory.InvalidArgument, both[0]));
        var values = new System.Collections.Hashtable();
        foreach (var e in Enable ?? Array.Empty<string>()) values[e] = true;
        foreach (var d in Disable ?? Array.Empty<string>()) values[d] = false;
        _values = TuningValues(Array.Empty<(string, string, object)>(), values);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        SetTuning(t, DomainTuningArea.Perf, "perf event", _values, _scope, PassThru));
}
