using System.Diagnostics;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The IP addresses of domains' interfaces, one object per address (virsh domifaddr).</summary>
[Cmdlet(VerbsCommon.Get, "DomainIPAddress", DefaultParameterSetName = "Domain")]
[OutputType(typeof(GuestIPAddress))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainIPAddressCommand : LibvirtCmdlet
{
    /// <summary>Where to read them: DHCP leases of libvirt's networks (default), the guest agent, or the host's ARP table.</summary>
    [Parameter]
    public GuestAddressSource Source { get; set; } = GuestAddressSource.Lease;

    /// <summary>Waits until the domain has an address (ignoring loopback addresses) instead of writing none.</summary>
    [Parameter] public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait, seconds to wait at most (default 60).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int Timeout { get; set; } = 60;

    protected override void BeginProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && !Wait)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Timeout is for -Wait: give -Wait too."),
                "TimeoutWithoutWait", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var addresses = Wait ? WaitForAddress(t) : GuestInfoApi.InterfaceAddresses(t.Handle, Source);
        if (addresses is null) return;
        Guid uuid = t.DomainUuid();
        foreach (var a in addresses)
        {
            WriteObject(new GuestIPAddress
            {
                Domain = t.Name, DomainUuid = uuid, Hypervisor = t.Hypervisor, Interface = a.Interface, MacAddress = a.MacAddress,
                Address = a.Address, PrefixLength = a.PrefixLength, Family = a.Family, Source = Source,
            });
        }
    });

    /// <summary>Polls until an address other than loopback appears; null (after a timeout error) when none does in time.</summary>
    private List<GuestInfoApi.InterfaceAddress>? WaitForAddress(Target<DomainHandle> t)
    {
        var progress = new ProgressRecord(1, $"Waiting for an IP address of {t.Name}", $"source {Source}");
        var watch = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                List<GuestInfoApi.InterfaceAddress> found;
                try { found = GuestInfoApi.InterfaceAddresses(t.Handle, Source); }
                // The agent may not be up yet (the guest still boots): wait for it as for the address.
                catch (LibvirtException e) when (e.Code == Native.VirErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE) { found = []; }
                if (found.Exists(a => !IsLoopback(a.Address))) return found;
                if (watch.Elapsed.TotalSeconds >= Timeout)
                {
                    WriteError(new ErrorRecord(
                        new TimeoutException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' had no IP address from {Source} within {Timeout} s."),
                        "AddressTimeout", ErrorCategory.OperationTimeout, t.Input));
                    return null;
                }
                progress.StatusDescription = $"No address from {Source} yet, {watch.Elapsed.TotalSeconds:0} s of {Timeout} s";
                progress.PercentComplete = Timeout > 0 ? (int)Math.Min(99, watch.Elapsed.TotalSeconds * 100 / Timeout) : 99;
                WriteProgress(progress);
                if (Stopping.WaitHandle.WaitOne(250)) throw new PipelineStoppedException();
            }
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private static bool IsLoopback(string address) =>
        System.Net.IPAddress.TryParse(address, out var ip) && System.Net.IPAddress.IsLoopback(ip);
}
