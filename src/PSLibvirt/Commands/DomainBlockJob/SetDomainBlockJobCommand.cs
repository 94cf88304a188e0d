using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Changes the bandwidth of the block job running on a domain's disk (virsh blockjob --bandwidth --bytes): a copy,
/// commit or pull started slow can be sped up, or slowed down, while it runs. 0 removes the limit.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainBlockJob", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainBlockJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainBlockJobCommand : LibvirtCmdlet
{
    /// <summary>The disk (target: vda, sdb) whose job to change.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string? Disk { get; set; }

    /// <summary>The job's bandwidth limit in bytes per second (1MB works); 0 removes the limit.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public ulong BandwidthBytes { get; set; }

    /// <summary>Write the job as Get-DomainBlockJob reads it afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        RequireBlockDisk(t, Disk!);
        string change = BandwidthBytes == 0 ? $"Remove the bandwidth limit of the block job of disk '{Disk}'"
                                            : $"Limit the block job of disk '{Disk}' to {BandwidthBytes} bytes/s";
        if (!ShouldProcess(t.Description, change)) return;
        DomainBlockJobApi.SetSpeed(t.Handle, Disk!, BandwidthBytes);
        if (PassThru && DomainBlockJobApi.TryGet(t.Handle, Disk!, t.Name, t.DomainUuid(), t.Hypervisor) is { } job)
            WriteObject(job);
    });
}
