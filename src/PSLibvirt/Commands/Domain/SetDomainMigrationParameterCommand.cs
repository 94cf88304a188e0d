using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Sets a domain's migration settings (virsh migrate-setmaxdowntime, migrate-setspeed [--postcopy], migrate-compcache
/// --size), for its next migration or the one running now.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainMigrationParameter", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainMigrationParameters))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainMigrationParameterCommand : LibvirtCmdlet
{
    /// <summary>Milliseconds the guest may be paused at the switch-over.</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong MaxDowntime { get; set; }

    /// <summary>The bandwidth limit of the (pre-copy) migration, in MiB/s.</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong Bandwidth { get; set; }

    /// <summary>The bandwidth limit of the post-copy phase, in MiB/s.</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong PostCopyBandwidth { get; set; }

    /// <summary>The XBZRLE compression cache, in bytes.</summary>
    [Parameter]
    [ValidateRange(1, ulong.MaxValue)]
    public ulong CompressionCacheBytes { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    private ulong? Given(string name, ulong value) => MyInvocation.BoundParameters.ContainsKey(name) ? value : null;

    protected override void BeginProcessing()
    {
        if (Given(nameof(MaxDowntime), 1) is null && Given(nameof(Bandwidth), 1) is null && Given(nameof(PostCopyBandwidth), 1) is null && Given(nameof(CompressionCacheBytes), 1) is null)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Give at least one of -MaxDowntime, -Bandwidth, -PostCopyBandwidth and -CompressionCacheBytes."),
                "NothingToSet", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var changes = new List<string>();
        if (Given(nameof(MaxDowntime), MaxDowntime) is ulong d) changes.Add($"maximum downtime {d} ms");
        if (Given(nameof(Bandwidth), Bandwidth) is ulong b) changes.Add($"bandwidth {b} MiB/s");
        if (Given(nameof(PostCopyBandwidth), PostCopyBandwidth) is ulong p) changes.Add($"post-copy bandwidth {p} MiB/s");
        if (Given(nameof(CompressionCacheBytes), CompressionCacheBytes) is ulong c) changes.Add($"compression cache {c} bytes");
        if (!ShouldProcess(t.Description, "Set migration " + string.Join(", ", changes))) return;
        DomainMigrationTuning.Set(t.Handle, Given(nameof(MaxDowntime), MaxDowntime), Given(nameof(Bandwidth), Bandwidth),
            Given(nameof(PostCopyBandwidth), PostCopyBandwidth), Given(nameof(CompressionCacheBytes), CompressionCacheBytes));
        if (PassThru) WriteObject(GetDomainMigrationParameterCommand.Read(t));
    });
}
