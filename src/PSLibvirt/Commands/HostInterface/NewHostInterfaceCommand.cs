using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Defines a host interface from XML (virsh iface-define), optionally bringing it up (iface-start).</summary>
[Cmdlet(VerbsCommon.New, "HostInterface", SupportsShouldProcess = true)]
[OutputType(typeof(HostInterface))]
[ConnectionParameter]
public sealed partial class NewHostInterfaceCommand : LibvirtCmdlet
{
    /// <summary>The interface's XML definition (as virsh iface-define takes it).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Xml { get; set; } = "";

    /// <summary>Brings the interface up once defined.</summary>
    [Parameter] public SwitchParameter Start { get; set; }

    protected override void ProcessRecord()
    {
        if (DefinitionXml(Xml, () => Xml, null, "InvalidHostInterfaceDefinition") is not var (xml, name)) return;
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
