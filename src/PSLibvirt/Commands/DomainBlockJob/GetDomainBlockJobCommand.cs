using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The block jobs running on a domain's disks (virsh blockjob --info): nothing for a disk without one.</summary>
[Cmdlet(VerbsCommon.Get, "DomainBlockJob", DefaultParameterSetName = "Name")]
[OutputType(typeof(DomainBlockJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainBlockJobCommand : LibvirtCmdlet
{
    /// <summary>Only these disks (targets: vda, sdb); every disk of the domain when omitted.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string[]? Disk { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        IEnumerable<string> disks;
        if (Disk is null) disks = DomainDeviceXml.DiskTargets(DomainDefinitionApi.GetXml(t.Handle)).ToList();
        else
        {
            var found = new List<string>();
            foreach (var d in Disk)
                TryInvoke(t.Input, () => { RequireBlockDisk(t, d); found.Add(d); });
            disks = found;
        }
        Guid uuid = t.DomainUuid();
        // A driver without block jobs fails the same way for every disk: the first failure is the domain's one error.
        foreach (var d in disks)
            if (DomainBlockJobApi.TryGet(t.Handle, d, t.Name, uuid, t.Hypervisor) is { } job) WriteObject(job);
    });
}
