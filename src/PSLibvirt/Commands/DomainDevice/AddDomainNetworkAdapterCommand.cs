using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Attaches a network adapter to domains (virsh attach-interface): on a libvirt network (-Network), a host bridge
/// (-Bridge) or user-mode networking (-User), with a MAC address generated in 52:54:00:xx:xx:xx when not given.
/// </summary>
[Cmdlet(VerbsCommon.Add, "DomainNetworkAdapter", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainNetworkAdapter))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class AddDomainNetworkAdapterCommand : LibvirtCmdlet
{
    /// <summary>The libvirt network to connect to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string? Network { get; set; }

    /// <summary>The host bridge to connect to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Bridge { get; set; }

    /// <summary>User-mode networking (QEMU's SLIRP: outbound connections only, no host setup needed).</summary>
    [Parameter] public SwitchParameter User { get; set; }

    /// <summary>The MAC address; default: a random one in 52:54:00:xx:xx:xx. With several domains, give none (each gets its own).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    /// <summary>The emulated model (virtio, e1000, rtl8139, ...); default: the hypervisor's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern("^[A-Za-z0-9_.-]+$")]
    public string? Model { get; set; }

    /// <summary>Write the attached adapter.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private string? _mac;

    protected override void BeginProcessing()
    {
        _ = ChangeScope();
        if ((Network is null ? 0 : 1) + (Bridge is null ? 0 : 1) + (User ? 1 : 0) != 1)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Say what the adapter connects to: give one of -Network, -Bridge and -User."),
                "NetworkSourceRequired", ErrorCategory.InvalidArgument, null));
        if (MacAddress is not null)
        {
            try { _mac = DomainDeviceXml.NormalizeMac(MacAddress); }
            catch (ArgumentException e) { ThrowTerminatingError(new ErrorRecord(e, "InvalidMacAddress", ErrorCategory.InvalidArgument, MacAddress)); }
        }
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var scope = ResolveScope(t.Handle);
        string mac = _mac ?? DomainDeviceXml.RandomMac();
        foreach (bool inactive in new[] { false, true })
        {
            if (inactive && !(DomainDefinitionApi.IsActive(t.Handle) && DomainDefinitionApi.IsPersistent(t.Handle))) continue;
            if (DomainDeviceXml.FindInterface(DomainDefinitionApi.GetXml(t.Handle, inactive), mac) is not null)
                throw new WorkErrorException(new InvalidOperationException(
                    $"Domain '{t.Name}' on '{t.Hypervisor.Name}' already has a network adapter with MAC address {mac}. Get-DomainNetworkAdapter lists them."),
                    "MacAddressInUse", ErrorCategory.ResourceExists, t.Input);
        }
        var spec = new InterfaceSpec
        {
            Type = Network is not null ? "network" : Bridge is not null ? "bridge" : "user",
            Source = Network ?? Bridge,
            MacAddress = mac,
            Model = Model,
        };
        string xml = DomainDeviceXml.InterfaceXml(spec);
        string on = spec.Type == "user" ? "user-mode networking" : $"{spec.Type} '{spec.Source}'";
        if (!ShouldProcess(t.Description, $"Attach a network adapter {mac} on {on} to {DomainDeviceApi.Describe(scope)}")) return;
        DomainDeviceApi.Attach(t.Handle, xml, scope);
        if (PassThru && ReadBackDevice(t, scope, xml) is { } d) WriteObject(d);
    });
}
