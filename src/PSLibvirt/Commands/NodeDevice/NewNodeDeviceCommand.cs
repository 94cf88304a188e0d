using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Defines a persistent node device from XML (virsh nodedev-define: a mediated device), optionally starting it
/// (nodedev-start); with -Transient creates and starts a transient one instead (nodedev-create: an NPIV vHBA, an mdev).
/// </summary>
[Cmdlet(VerbsCommon.New, "NodeDevice", SupportsShouldProcess = true)]
[OutputType(typeof(NodeDevice))]
[ConnectionParameter]
public sealed partial class NewNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>The device's XML description (as virsh nodedev-define and nodedev-create take it).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    /// <summary>Starts the device once defined.</summary>
    [Parameter] public SwitchParameter Start { get; set; }

    /// <summary>Creates a transient device (started now, gone once stopped) instead of defining a persistent one.</summary>
    [Parameter] public SwitchParameter Transient { get; set; }

    protected override void BeginProcessing() =>
        ExcludeEachOther(Start, Transient, "Start", "Transient", "a transient device is always started");

    protected override void ProcessRecord()
    {
        if (DefinitionXml(Xml, () => Xml, null, "InvalidNodeDeviceDefinition") is not var (xml, _)) return;
        ForEachConnection(Connection, h =>
        {
            string action = Transient ? "Create transient node device" : Start ? "Define and start node device" : "Define node device";
            if (!ShouldProcess($"{action} on '{h.Name}' from this XML:\n{xml}", $"Are you sure you want to {action.ToLowerInvariant()} on '{h.Name}'?", action)) return;
            if (Transient)
            {
                using var created = NodeDeviceApi.Create(h.Connection, xml);
                WriteObject(NodeDeviceApi.Snapshot(created, h));
                return;
            }
            using var d = NodeDeviceApi.Define(h.Connection, xml);
            if (Start)
            {
                // Nothing half-done: a device that was defined but would not start is undefined again.
                try { NodeDeviceApi.Start(d); }
                catch (LibvirtException)
                {
                    try { NodeDeviceApi.Undefine(d); } catch (LibvirtException) { }
                    throw;
                }
            }
            WriteObject(NodeDeviceApi.Snapshot(d, h));
        });
    }
}
