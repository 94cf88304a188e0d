using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The vCPUs of domains as their guests see them: online, offlinable (virsh guestvcpus).</summary>
[Cmdlet(VerbsCommon.Get, "DomainGuestVCpu", DefaultParameterSetName = "Domain")]
[OutputType(typeof(GuestVCpu))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainGuestVCpuCommand : LibvirtCmdlet
{
    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        foreach (var (id, online, offlinable) in GuestInfoApi.GuestVCpus(t.Handle))
            WriteObject(new GuestVCpu { Domain = t.Name, Hypervisor = t.Hypervisor, Id = id, Online = online, Offlinable = offlinable });
    });
}
