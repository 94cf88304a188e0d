using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>The link state of a network adapter.</summary>
public enum NetworkLinkState
{
    Up,
    Down,
}

/// <summary>
/// Changes network adapters of domains: the link state (virsh domif-setlink, through virDomainUpdateDeviceFlags) and the
/// bandwidth limits (virsh domiftune, virDomainSetInterfaceParameters).
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainNetworkAdapter", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainNetworkAdapter))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainNetworkAdapterCommand : LibvirtCmdlet
{
    /// <summary>Network adapters, as Get-DomainNetworkAdapter writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "NetworkAdapter", ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainNetworkAdapter[]? NetworkAdapter { get; set; }

    /// <summary>The MAC addresses of the adapters to change.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [Parameter(Mandatory = true, ParameterSetName = "Domain")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainNetworkAdapterMacCompleter))]
    public string[]? MacAddress { get; set; }

    /// <summary>Up or Down: as if the cable were plugged in or pulled out.</summary>
    [Parameter] public NetworkLinkState LinkState { get; set; }

    /// <summary>Inbound (to the guest) average rate limit, KiB/s; 0 removes the inbound limits.</summary>
    [Parameter] public uint InboundAverage { get; set; }
    /// <summary>Inbound peak rate, KiB/s.</summary>
    [Parameter] public uint InboundPeak { get; set; }
    /// <summary>Inbound burst, KiB.</summary>
    [Parameter] public uint InboundBurst { get; set; }
    /// <summary>Inbound guaranteed floor, KiB/s (adapters on a network with QoS only).</summary>
    [Parameter] public uint InboundFloor { get; set; }
    /// <summary>Outbound (from the guest) average rate limit, KiB/s; 0 removes the outbound limits.</summary>
    [Parameter] public uint OutboundAverage { get; set; }
    /// <summary>Outbound peak rate, KiB/s.</summary>
    [Parameter] public uint OutboundPeak { get; set; }
    /// <summary>Outbound burst, KiB.</summary>
    [Parameter] public uint OutboundBurst { get; set; }

    /// <summary>Write the adapter as it is afterwards.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private readonly Dictionary<string, uint> _bandwidth = new(StringComparer.Ordinal);

    protected override void BeginProcessing()
    {
        _ = ChangeScope();
        var given = MyInvocation.BoundParameters;
        foreach (var (param, name) in new[] { (nameof(InboundAverage), "inbound.average"), (nameof(InboundPeak), "inbound.peak"),
            (nameof(InboundBurst), "inbound.burst"), (nameof(InboundFloor), "inbound.floor"), (nameof(OutboundAverage), "outbound.average"),
            (nameof(OutboundPeak), "outbound.peak"), (nameof(OutboundBurst), "outbound.burst") })
            if (given.TryGetValue(param, out var v)) _bandwidth[name] = (uint)v;
        if (!given.ContainsKey(nameof(LinkState)) && _bandwidth.Count == 0)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Give -LinkState, or bandwidth limits (-InboundAverage, -InboundPeak, -InboundBurst, -InboundFloor, -OutboundAverage, -OutboundPeak, -OutboundBurst)."),
                "NothingToSet", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord()
    {
        if (NetworkAdapter is not null)
        {
            ForEachDevice(ResolveDeviceDomains(NetworkAdapter, Connection), (t, n) => Change(t, n.MacAddress, n));
            return;
        }
        ForEachTarget(ResolveTargets(), t =>
        {
            foreach (var mac in MacAddress!) TryInvoke(mac, () => Change(t, DomainDeviceXml.NormalizeMac(mac), mac));
        });
    }

    private void Change(Target<DomainHandle> t, string mac, object input)
    {
        var scope = ResolveScope(t.Handle);
        var nic = FindDeviceInScope(t, scope, xml => DomainDeviceXml.FindInterface(xml, mac), $"a network adapter with MAC address {mac}", "Get-DomainNetworkAdapter", "NetworkAdapterNotFound", input);
        bool link = MyInvocation.BoundParameters.ContainsKey(nameof(LinkState));
        var changes = new List<string>();
        if (link) changes.Add("link " + LinkState.ToString().ToLowerInvariant());
        changes.AddRange(_bandwidth.Select(kv => $"{kv.Key} {kv.Value}"));
        if (!ShouldProcess(t.Description, $"Set network adapter {mac}: {string.Join(", ", changes)} ({DomainDeviceApi.Describe(scope)})")) return;
        string xml = nic.ToString();
        if (link)
        {
            xml = DomainDeviceXml.WithLinkState(xml, LinkState.ToString().ToLowerInvariant());
            DomainDeviceApi.Update(t.Handle, xml, scope);
        }
        if (_bandwidth.Count > 0) DomainDeviceApi.SetBandwidth(t.Handle, mac, _bandwidth, scope);
        if (PassThru && ReadBackDevice(t, scope, xml) is { } d) WriteObject(d);
    }
}
