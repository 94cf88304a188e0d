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

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        var patterns = (Type ?? new[] { "*" }).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var pool in StoragePoolCapabilityParser.Get(h.Connection, h))
        {
            if (patterns.Any(p => p.IsMatch(pool.Type)) && (!Supported || pool.Supported)) WriteObject(pool);
        }
    });
}
