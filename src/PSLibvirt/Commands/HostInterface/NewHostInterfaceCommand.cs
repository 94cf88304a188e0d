using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Defines a host interface (virsh iface-define), from XML or from parameters for the common Ethernet, bridge, bond
/// and VLAN cases, optionally bringing it up (iface-start).
/// </summary>
[Cmdlet(VerbsCommon.New, "HostInterface", SupportsShouldProcess = true, DefaultParameterSetName = "Xml")]
[OutputType(typeof(HostInterface))]
[ConnectionParameter]
public sealed partial class NewHostInterfaceCommand : LibvirtCmdlet
{
    /// <summary>The interface's XML definition (as virsh iface-define takes it).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Xml")]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>The interface's name on the host (eth0, br0, bond0, eth0.10).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Type")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Ethernet, Bridge, Bond or Vlan.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Type")]
    public HostInterfaceType Type { get; set; }

    /// <summary>When the host brings it up: OnBoot (default), Hotplug or None.</summary>
    [Parameter(ParameterSetName = "Type")]
    public HostInterfaceStartMode StartMode { get; set; } = HostInterfaceStartMode.OnBoot;

    /// <summary>Ethernet: the MAC address of the device.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    [Parameter(ParameterSetName = "Type")]
    [ValidateRange(68, 65535)]
    public int? Mtu { get; set; }

    /// <summary>Static addresses as address/prefix (IPv4 and IPv6).</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateNotNullOrEmpty]
    public string[]? IPAddress { get; set; }

    /// <summary>The default gateway, at most one per address family.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateNotNullOrEmpty]
    public string[]? Gateway { get; set; }

    /// <summary>Takes an IPv4 address by DHCP.</summary>
    [Parameter(ParameterSetName = "Type")] public SwitchParameter Dhcp { get; set; }

    /// <summary>Bridge and bond: the Ethernet interfaces they take in.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.HostInterfaceNameCompleter))]
    public string[]? Member { get; set; }

    /// <summary>Bridge: turns the spanning tree protocol on ($true) or off ($false).</summary>
    [Parameter(ParameterSetName = "Type")]
    public bool? Stp { get; set; }

    /// <summary>Bridge: the forward delay in seconds.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateRange(0, 3600)]
    public double? Delay { get; set; }

    /// <summary>Bond: how traffic is spread over the members.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateSet("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb")]
    public string? BondMode { get; set; }

    /// <summary>Bond: how often the members' links are checked, in milliseconds (miimon).</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateRange(0, int.MaxValue)]
    public int? MiiMonitor { get; set; }

    /// <summary>VLAN: the tag, 0 to 4095.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateRange(0, 4095)]
    public int? VlanTag { get; set; }

    /// <summary>VLAN: the device it runs over.</summary>
    [Parameter(ParameterSetName = "Type")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.HostInterfaceNameCompleter))]
    public string? VlanParent { get; set; }

    /// <summary>Brings the interface up once defined.</summary>
    [Parameter] public SwitchParameter Start { get; set; }

    private string Build() => InterfaceXml.Build(new InterfaceDefinition
    {
        Name = Name, Type = Type, StartMode = StartMode, MacAddress = MacAddress, Mtu = Mtu,
        IPAddress = IPAddress ?? Array.Empty<string>(), Gateway = Gateway ?? Array.Empty<string>(), Dhcp = Dhcp,
        Member = Member ?? Array.Empty<string>(), Stp = Stp, Delay = Delay, BondMode = BondMode, MiiMonitorMilliseconds = MiiMonitor,
        VlanTag = VlanTag, VlanParent = VlanParent,
    });

    protected override void ProcessRecord()
    {
        bool fromXml = ParameterSetName == "Xml";
        if (DefinitionXml(fromXml ? Xml : null, Build, fromXml ? null : Name, "InvalidHostInterfaceDefinition") is not var (xml, name)) return;
        ForEachConnection(Connection, h =>
        {
            string action = Start ? "Define and start host interface" : "Define host interface";
            string target = $"'{name}' on '{h.Name}'";
            if (name != "(unnamed)" && InterfaceApi.TryLookupByName(h.Connection, name) is { } existing)
            {
                existing.Dispose();
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"A host interface named '{name}' already exists on '{h.Name}'. Remove it first (Remove-HostInterface), or choose another name."),
                    "HostInterfaceExists", ErrorCategory.ResourceExists, name));
                return;
            }
            if (!ShouldProcess($"{action} {target} from this XML:\n{xml}", $"Are you sure you want to {action.ToLowerInvariant()} {target}?", action)) return;
            using var i = InterfaceApi.Define(h.Connection, xml);
            if (Start) InterfaceApi.Start(i);
            WriteObject(InterfaceApi.Snapshot(i, h));
        });
    }
}
