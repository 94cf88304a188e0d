using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>A domain's network adapters with their link state and bandwidth limits (virsh domiflist, domif-getlink, domiftune).</summary>
[Cmdlet(VerbsCommon.Get, "DomainNetworkAdapter", DefaultParameterSetName = "Name")]
[OutputType(typeof(DomainNetworkAdapter))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainNetworkAdapterCommand : LibvirtCmdlet
{
    /// <summary>Only the adapters with these MAC addresses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNetworkAdapterMacCompleter))]
    public string[]? MacAddress { get; set; }

    /// <summary>Read the persistent definition (the adapters of the next start) instead of the running domain's.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord()
    {
        var macs = new List<string>();
        foreach (var m in MacAddress ?? Array.Empty<string>()) TryInvoke(m, () => macs.Add(DomainDeviceXml.NormalizeMac(m)), "InvalidMacAddress");
        if (MacAddress is not null && macs.Count == 0) return;
        ForEachTarget(ResolveTargets(), t =>
        {
            var all = DomainDeviceApi.ListInterfaces(t.Handle, DomainDeviceApi.Owner(t.Handle, t.Name, t.Uuid, t.Hypervisor, Inactive));
            WriteObject(all.Where(n => MacAddress is null || macs.Contains(n.MacAddress.ToLowerInvariant())), enumerateCollection: true);
        });
    }
}
