using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Defines a network filter from XML (virsh nwfilter-define --validate); an existing name is an error (Set-NetworkFilter changes one).</summary>
[Cmdlet(VerbsCommon.New, "NetworkFilter", SupportsShouldProcess = true)]
[OutputType(typeof(NetworkFilter))]
[ConnectionParameter]
public sealed partial class NewNetworkFilterCommand : LibvirtCmdlet
{
    /// <summary>The filter's XML definition (as virsh nwfilter-define takes it).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    protected override void ProcessRecord()
    {
        if (DefinitionXml(Xml, () => Xml, null, "InvalidNetworkFilterDefinition") is not var (xml, name)) return;
        ForEachConnection(Connection, h =>
        {
            string target = $"'{name}' on '{h.Name}'";
            if (name != "(unnamed)" && NetworkFilterApi.TryLookupByName(h.Connection, name) is { } existing)
            {
                existing.Dispose();
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"A network filter named '{name}' already exists on '{h.Name}'. Change it with Set-NetworkFilter, remove it first (Remove-NetworkFilter), or choose another name."),
                    "NetworkFilterExists", ErrorCategory.ResourceExists, name));
                return;
            }
            if (!ShouldProcess($"Define network filter {target} from this XML:\n{xml}", $"Are you sure you want to define network filter {target}?", "Define network filter")) return;
            using var f = NetworkFilterApi.Define(h.Connection, xml);
            WriteObject(NetworkFilterApi.Snapshot(f, h));
        });
    }
}
