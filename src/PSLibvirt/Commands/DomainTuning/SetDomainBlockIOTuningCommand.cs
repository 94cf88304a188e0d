using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Changes a domain's block I/O weight and per-device limits (virsh blkiotune).</summary>
[Cmdlet(VerbsCommon.Set, "DomainBlockIOTuning", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainBlockIOTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainBlockIOTuningCommand : LibvirtCmdlet
{
    /// <summary>weight: the domain's share of block I/O.</summary>
    [Parameter] public uint Weight { get; set; }

    /// <summary>device_weight: per host device weights, "/dev/sda,500[,/dev/sdb,300]".</summary>
    [Parameter] [ValidateNotNull] public string? DeviceWeight { get; set; }

    /// <summary>device_read_iops_sec: per host device read operations per second, "/dev/sda,1000".</summary>
    [Parameter] [ValidateNotNull] public string? DeviceReadIopsPerSecond { get; set; }

    /// <summary>device_write_iops_sec: per host device write operations per second, "/dev/sda,1000".</summary>
    [Parameter] [ValidateNotNull] public string? DeviceWriteIopsPerSecond { get; set; }

    /// <summary>device_read_bytes_sec: per host device read bytes per second, "/dev/sda,10485760".</summary>
    [Parameter] [ValidateNotNull] public string? DeviceReadBytesPerSecond { get; set; }

    /// <summary>device_write_bytes_sec: per host device write bytes per second, "/dev/sda,10485760".</summary>
    [Parameter] [ValidateNotNull] public string? DeviceWriteBytesPerSecond { get; set; }

    /// <summary>Other parameters by libvirt's own names (e.g. @{ name = value }), converted to the types libvirt reports for them.</summary>
    [Parameter]
    public System.Collections.Hashtable? Parameter { get; set; }

    /// <summary>Write the values afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private DomainScope _scope;
    private List<KeyValuePair<string, object>> _values = new();

    protected override void BeginProcessing()
    {
        _scope = ChangeScope();
        _values = TuningValues(new (string, string, object)[]
        {
            (nameof(Weight), LibvirtConstants.VIR_DOMAIN_BLKIO_WEIGHT, Weight),
            (nameof(DeviceWeight), LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, DeviceWeight ?? ""),
            (nameof(DeviceReadIopsPerSecond), LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, DeviceReadIopsPerSecond ?? ""),
            (nameof(DeviceWriteIopsPerSecond), LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, DeviceWriteIopsPerSecond ?? ""),
            (nameof(DeviceReadBytesPerSecond), LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, DeviceReadBytesPerSecond ?? ""),
            (nameof(DeviceWriteBytesPerSecond), LibvirtConstants.VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, DeviceWriteBytesPerSecond ?? ""),
        }, Parameter);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        SetTuning(t, DomainTuningArea.BlockIO, "block I/O", _values, _scope, PassThru));
}
