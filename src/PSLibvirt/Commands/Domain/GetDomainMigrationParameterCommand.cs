using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's migration settings (virsh migrate-getmaxdowntime, migrate-getspeed [--postcopy], migrate-compcache).</summary>
[Cmdlet(VerbsCommon.Get, "DomainMigrationParameter", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainMigrationParameters))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainMigrationParameterCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t => WriteObject(Read(t)));

    /// <summary>The settings of a target, as Get- and Set- -PassThru write them.</summary>
    internal static DomainMigrationParameters Read(Target<DomainHandle> t)
    {
        var p = DomainMigrationTuning.Get(t.Handle);
        return new DomainMigrationParameters
        {
            Name = t.Name,
            Uuid = t.DomainUuid(),
            Hypervisor = t.Hypervisor,
            MaxDowntimeMs = p.MaxDowntimeMs,
            BandwidthMiBps = p.BandwidthMiBps,
            PostCopyBandwidthMiBps = p.PostCopyBandwidthMiBps,
            CompressionCacheBytes = p.CompressionCacheBytes,
        };
    }
}
