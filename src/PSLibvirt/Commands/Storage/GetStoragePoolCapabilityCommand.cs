using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The storage pool types the connection's storage driver knows, and the formats each takes (virsh pool-capabilities).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePoolCapability")]
[OutputType(typeof(StoragePoolCapability))]
public sealed class GetStoragePoolCapabilityCommand : LibvirtCmdlet
{
    /// <summary>Pool types to keep (wildcards).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Type { get; set; }

    /// <summary>Only the pool types the driver supports.</summary>
    [Parameter] public SwitchParameter Supported { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    private List<WildcardPattern>? _patterns;

    protected override void BeginProcessing() => _patterns = FilterPatterns(Type);

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        if (_patterns is { Count: 0 }) return;
        foreach (var pool in StoragePoolCapabilityParser.Get(h.Connection, h))
        {
            if ((_patterns is null || _patterns.Any(p => p.IsMatch(pool.Type))) && (!Supported || pool.Supported)) WriteObject(pool);
        }
    });
}
