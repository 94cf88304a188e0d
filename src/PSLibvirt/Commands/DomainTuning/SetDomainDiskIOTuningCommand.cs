using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Commands;

/// <summary>Changes the I/O throttling of one disk of a domain (virsh blkdeviotune); 0 removes a limit.</summary>
[Cmdlet(VerbsCommon.Set, "DomainDiskIOTuning", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainDiskIOTuning))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainDiskIOTuningCommand : LibvirtCmdlet
{
    /// <summary>The disk's target name (vda, sdb, ...).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>total_bytes_sec: bytes per second, reads and writes together (0: no limit).</summary>
    [Parameter] public ulong TotalBytesPerSecond { get; set; }

    /// <summary>read_bytes_sec: bytes read per second (0: no limit).</summary>
    [Parameter] public ulong ReadBytesPerSecond { get; set; }

    /// <summary>write_bytes_sec: bytes written per second (0: no limit).</summary>
    [Parameter] public ulong WriteBytesPerSecond { get; set; }

    /// <summary>total_iops_sec: operations per second, reads and writes together (0: no limit).</summary>
    [Parameter] public ulong TotalIopsPerSecond { get; set; }

    /// <summary>read_iops_sec: reads per second (0: no limit).</summary>
    [Parameter] public ulong ReadIopsPerSecond { get; set; }

    /// <summary>write_iops_sec: writes per second (0: no limit).</summary>
    [Parameter] public ulong WriteIopsPerSecond { get; set; }

    /// <summary>group_name: a throttle group whose limits the disk shares with the group's other disks.</summary>
    [Parameter] [ValidateNotNull] public string? GroupName { get; set; }

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
            (nameof(TotalBytesPerSecond), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC, TotalBytesPerSecond),
            (nameof(ReadBytesPerSecond), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC, ReadBytesPerSecond),
            (nameof(WriteBytesPerSecond), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC, WriteBytesPerSecond),
            (nameof(TotalIopsPerSecond), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC, TotalIopsPerSecond),
            (nameof(ReadIopsPerSecond), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC, ReadIopsPerSecond),
            (nameof(WriteIopsPerSecond), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC, WriteIopsPerSecond),
            (nameof(GroupName), LibvirtConstants.VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, GroupName ?? ""),
        }, Parameter);
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        SetTuning(t, DomainTuningArea.DiskIO, "disk I/O", _values, _scope, PassThru, Disk));
}
