using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Creates checkpoints of domains (virsh checkpoint-create, checkpoint-create-as), or restores a checkpoint's metadata (-Redefine).</summary>
[Cmdlet(VerbsCommon.New, "DomainCheckpoint", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainCheckpoint))]
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public sealed partial class NewDomainCheckpointCommand : LibvirtCmdlet
{
    /// <summary>The checkpoint's name; libvirt names it after the time (seconds since the epoch) when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = "Domain")]
    [Parameter(Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, 1)]
    public string[]? Name { get; set; }

    [Parameter] public string? Description { get; set; }

    /// <summary>Track only these disks (their targets: vda, vdb); the domain's other disks are left out. Default: every disk libvirt can track.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string[]? Disk { get; set; }

    /// <summary>A &lt;domaincheckpoint&gt; document; -Name and -Description, when given, replace its name and description.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? Xml { get; set; }

    /// <summary>Restore the metadata of a checkpoint that exists on the disks (from -Xml, as Get-DomainCheckpointXml wrote it) instead of creating one.</summary>
    [Parameter] public SwitchParameter Redefine { get; set; }

    /// <summary>Freeze the guest's file systems through the guest agent while the checkpoint is created.</summary>
    [Parameter] public SwitchParameter Quiesce { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (Redefine && Xml is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Redefine restores a checkpoint from its XML: give -Xml (Get-DomainCheckpointXml's output)."),
                "RedefineNeedsXml", ErrorCategory.InvalidArgument, null));
        if (Xml is not null && Disk is not null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Disk builds the XML's <disks>: with -Xml, put the disks in the XML."),
                "XmlAndDisk", ErrorCategory.InvalidArgument, null));
        ExcludeEachOther(Redefine, Quiesce, "Redefine", "Quiesce", "a redefined checkpoint already exists on the disks");
    }

    protected override void ProcessRecord()
    {
        string? name = Name is { Length: 1 } ? Name[0] : null;
        var flags = DomainCheckpointApi.CreateFlags(Redefine, Quiesce);
        ForEachTarget(ResolveTargets(), d =>
        {
            List<string>? allDisks = null;
            if (Disk is not null)
            {
                allDisks = DomainDeviceXml.DiskTargets(DomainDefinitionApi.GetXml(d.Handle)).ToList();
                var unknown = Disk.Where(x => !allDisks.Contains(x, StringComparer.Ordinal)).ToList();
                if (unknown.Count > 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"Domain '{d.Name}' has no disk {string.Join(", ", unknown.Select(x => $"'{x}'"))}; its disks are {string.Join(", ", allDisks)}."),
                        "DiskNotFound", ErrorCategory.ObjectNotFound, d.Input));
                    return;
                }
            }
            string xml = Xml is not null ? ComposeXml(Xml, name, Description) : DomainCheckpointApi.BuildXml(name, Description, Disk, allDisks);
            string action = Redefine ? $"Redefine checkpoint '{CheckpointName(xml) ?? "?"}'" : name is null ? "Create a checkpoint" : $"Create checkpoint '{name}'";
            string? wanted = Redefine ? null : name ?? (Xml is null ? null : CheckpointName(xml));
            if (wanted is not null)
            {
                using var existing = DomainCheckpointApi.TryLookupByName(d.Handle, wanted);
                if (existing is not null)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"Domain '{d.Name}' on '{d.Hypervisor.Name}' already has a checkpoint named '{wanted}'; remove it first or choose another -Name."),
                        "DomainCheckpointExists", ErrorCategory.ResourceExists, d.Input));
                    return;
                }
            }
            if (!ShouldProcess(d.Description, action)) return;
            using var ch = DomainCheckpointApi.Create(d.Handle, xml, flags);
            if (PassThru) WriteObject(DomainCheckpointApi.Checkpoint(ch, d.Name, d.Uuid!.Value, d.Hypervisor));
        });
    }

    private static string? CheckpointName(string xml) => LibvirtXml.Load(xml).DocumentElement!.SelectSingleNode("name")?.InnerText;

    /// <summary>-Xml with -Name/-Description put in.</summary>
    internal static string ComposeXml(string xml, string? name, string? description)
    {
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement!;
        if (root.Name != "domaincheckpoint") throw new XmlException($"-Xml must be a <domaincheckpoint> document, not <{root.Name}>.");
        if (name is null && description is null) return xml;
        void Set(string element, string? value)
        {
            if (value is null) return;
            var e = root.SelectSingleNode(element) ?? root.PrependChild(doc.CreateElement(element))!;
            e.InnerText = value;
        }
        Set("description", description);
        Set("name", name);
        return doc.OuterXml;
    }
}
