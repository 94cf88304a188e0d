using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The CPU models the hypervisor knows for an architecture (virsh cpu-models).</summary>
[Cmdlet(VerbsCommon.Get, "HypervisorCpuModel")]
[OutputType(typeof(HypervisorCpuModel))]
public sealed class GetHypervisorCpuModelCommand : LibvirtCmdlet
{
    /// <summary>The architecture (default: the host's, from the capabilities).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ArchitectureCompleter))]
    public string? Architecture { get; set; }

    /// <summary>Model names to keep (wildcards).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    private List<WildcardPattern>? _patterns;

    protected override void BeginProcessing() => _patterns = FilterPatterns(Name);

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        if (_patterns is { Count: 0 }) return;
        string arch = Architecture ?? HostApi.GetCapabilities(h.Connection).HostArchitecture
            ?? throw new InvalidOperationException($"The capabilities of '{h.Name}' name no host architecture: give -Architecture.");
        foreach (string model in CpuApi.GetModelNames(h.Connection, arch))
        {
            if (_patterns is null || _patterns.Any(p => p.IsMatch(model)))
                WriteObject(new HypervisorCpuModel { Name = model, Architecture = arch, Hypervisor = h });
        }
    });
}
