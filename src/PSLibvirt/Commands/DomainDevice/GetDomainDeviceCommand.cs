using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// A domain's devices of any kind, as its XML lists them (virsh dumpxml's &lt;devices&gt;): controllers, graphics,
/// serial ports, consoles, channels, inputs, host devices, video, sound, RNG, watchdog, balloon, ... Each is a
/// DomainDevice (disks and interfaces too: Get-DomainDisk and Get-DomainNetworkAdapter give their details).
/// </summary>
[Cmdlet(VerbsCommon.Get, "DomainDevice", DefaultParameterSetName = "Name")]
[OutputType(typeof(DomainDevice))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainDeviceCommand : LibvirtCmdlet
{
    /// <summary>Only devices of these kinds (the element names: controller, graphics, serial, console, channel, input, hostdev, video, sound, rng, watchdog, memballoon, disk, interface, ...; wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainDeviceTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>Only the device with these aliases (wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.DomainDeviceAliasCompleter))]
    public string[]? Alias { get; set; }

    /// <summary>Read the persistent definition instead of the running domain's.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord()
    {
        var types = FilterPatterns(Type);
        var aliases = FilterPatterns(Alias);
        ForEachTarget(ResolveTargets(), t =>
        {
            var all = DomainDeviceApi.ListDevices(t.Handle, DomainDeviceApi.Owner(t.Handle, t.Name, t.Uuid, t.Hypervisor, Inactive), typed: false);
            WriteObject(all.Where(d => (types is null || types.Any(p => p.IsMatch(d.Type))) &&
                                       (aliases is null || (d.Alias is { } a && aliases.Any(p => p.IsMatch(a))))), enumerateCollection: true);
        });
    }
}
