using System.Management.Automation;
using System.Xml.Linq;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Defines a network from XML or from a few parameters (virsh net-define), optionally starting it (net-start); with
/// -Transient creates a running transient network instead (net-create).
/// </summary>
[Cmdlet(VerbsCommon.New, "Network", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(Network))]
[ConnectionParameter]
public sealed partial class NewNetworkCommand : LibvirtCmdlet
{
    private const string XmlSet = "Xml";
    private const string ParametersSet = "Parameters";

    /// <summary>The network's XML definition (as virsh net-define takes it).</summary>
    [Parameter(ParameterSetName = XmlSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? Bridge { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? IPAddress { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, 128)]
    public int PrefixLength { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? DhcpStart { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? DhcpEnd { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateSet("nat", "route", "none")]
    public string ForwardMode { get; set; } = "nat";

    /// <summary>Starts the network once defined.</summary>
    [Parameter] public SwitchParameter Start { get; set; }

    /// <summary>Creates a transient network (running, gone once stopped) instead of defining a persistent one.</summary>
    [Parameter] public SwitchParameter Transient { get; set; }

    protected override void ProcessRecord()
    {
        if (DefinitionXml(ParameterSetName == XmlSet ? Xml : null, () => NetworkXml.Build(new NetworkDefinition
            {
                Name = Name, Bridge = Bridge, IPAddress = IPAddress, DhcpStart = DhcpStart, DhcpEnd = DhcpEnd, ForwardMode = ForwardMode,
                PrefixLength = MyInvocation.BoundParameters.ContainsKey(nameof(PrefixLength)) ? PrefixLength : null,
            }), Name, "InvalidNetworkDefinition") is not var (xml, name)) return;
        ForEachConnection(Connection, h =>
        {
            string action = Transient ? "Create transient network" : Start ? "Define and start network" : "Define network";
            string target = $"'{name}' on '{h.Name}'";
            if (name.Length > 0 && NetworkApi.TryLookupByName(h.Connection, name) is { } existing)
            {
                existing.Dispose();
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"A network named '{name}' already exists on '{h.Name}'. Remove it first (Remove-Network), or choose another name."),
                    "NetworkExists", ErrorCategory.ResourceExists, name));
                return;
            }
            if (!ShouldProcess($"{action} {target} from this XML:\n{xml}", $"Are you sure you want to {action.ToLowerInvariant()} {target}?", action)) return;
            if (Transient)
            {
                using var created = NetworkApi.CreateTransient(h.Connection, xml);
                WriteObject(NetworkApi.Snapshot(created, h));
                return;
            }
            using var n = NetworkApi.Define(h.Connection, xml);
            if (Start) NetworkApi.Start(n);
            WriteObject(NetworkApi.Snapshot(n, h));
        });
    }
}
