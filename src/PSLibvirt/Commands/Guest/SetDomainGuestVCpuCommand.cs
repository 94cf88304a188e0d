using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Takes vCPUs of domains' guests online or offline through the guest agent (virsh setguestvcpus).</summary>
[Cmdlet(VerbsCommon.Set, "DomainGuestVCpu", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(GuestVCpu))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainGuestVCpuCommand : LibvirtCmdlet
{
    /// <summary>The guest's vCPU numbers.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(0, 65535)]
    public int[] Id { get; set; } = [];

    /// <summary>$true: online; $false: offline.</summary>
    [Parameter(Mandatory = true)]
    public bool Online { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!ShouldProcess(t.Description, $"Take guest vCPUs {string.Join(",", Id)} {(Online ? "online" : "offline")}")) return;
        GuestInfoApi.SetGuestVCpus(t.Handle, Id, Online);
        if (PassThru)
            foreach (var (id, online, offlinable) in GuestInfoApi.GuestVCpus(t.Handle))
                WriteObject(new GuestVCpu { Domain = t.Name, Hypervisor = t.Hypervisor, Id = id, Online = online, Offlinable = offlinable });
    });
}
