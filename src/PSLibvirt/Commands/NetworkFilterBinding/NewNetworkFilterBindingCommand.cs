using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Creates a network filter binding from XML (virsh nwfilter-binding-create --validate); a port device that has one is an error.</summary>
[Cmdlet(VerbsCommon.New, "NetworkFilterBinding", SupportsShouldProcess = true)]
[OutputType(typeof(NetworkFilterBinding))]
[ConnectionParameter]
public sealed partial class NewNetworkFilterBindingCommand : LibvirtCmdlet
{
    /// <summary>The binding's XML (&lt;filterbinding&gt;, as virsh nwfilter-binding-create takes it).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    protected override void ProcessRecord()
    {
        if (DefinitionXml(Xml, () => Xml, null, "InvalidNetworkFilterBindingDefinition") is not var (xml, _)) return;
        // The binding is named by <portdev name='...'/>, not by <name> or a name attribute.
        string portDev = LibvirtXml.Load(xml).DocumentElement?["portdev"]?.GetAttribute("name") is { Length: > 0 } dev ? dev : "(no port device)";
        ForEachConnection(Connection, h =>
        {
            string target = $"'{portDev}' on '{h.Name}'";
            if (!ShouldProcess($"Create network filter binding {target} from this XML:\n{xml}", $"Are you sure you want to create network filter binding {target}?", "Create network filter binding")) return;
            using var b = NetworkFilterBindingApi.Create(h.Connection, xml);
            WriteObject(NetworkFilterBindingApi.Snapshot(b, h));
        });
    }
}
