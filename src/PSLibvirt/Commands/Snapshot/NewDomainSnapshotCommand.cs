using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Takes snapshots of domains (virsh snapshot-create, snapshot-create-as).</summary>
[Cmdlet(VerbsCommon.New, "DomainSnapshot", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainSnapshot), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle), KeyParameter = "DomainName", KeyPosition = -1)]
public sealed partial class NewDomainSnapshotCommand : LibvirtCmdlet
{
    /// <summary>The snapshot's name; libvirt names it after the time (seconds since the epoch) when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = "Domain")]
    [Parameter(Position = 0, ParameterSetName = "DomainName")]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, 1)]
    public string[]? Name { get; set; }

    [Parameter] public string? Description { get; set; }

    /// <summary>Snapshot the disks only, not the memory (VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY).</summary>
    [Parameter] public SwitchParameter DiskOnly { get; set; }

    /// <summary>Freeze the guest's file systems through the guest agent while the snapshot is taken.</summary>
    [Parameter] public SwitchParameter Quiesce { get; set; }

    /// <summary>Either every disk is snapshotted or none is.</summary>
    [Parameter] public SwitchParameter Atomic { get; set; }

    /// <summary>A &lt;domainsnapshot&gt; document; -Name and -Description, when given, replace its name and description.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? Xml { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    /// <summary>Takes the snapshots in a background job (a snapshot with memory of a large guest takes a while).</summary>
    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        string? name = Name is { Length: 1 } ? Name[0] : null;
        var flags = DomainSnapshotApi.CreateFlags(DiskOnly, Quiesce, Atomic);
        bool passThru = PassThru;
        // The XML and the confirmation are settled in the session; the snapshot itself is the work.
        ForEachTargetWork(ResolveTargets(), d =>
        {
            string xml = ComposeXml(Xml, name, Description);
            if (!ShouldProcess(d.Description, name is null ? "Take a snapshot" : $"Take snapshot '{name}'")) return null;
            return context =>
            {
                using var sh = DomainSnapshotApi.Create(d.Handle, xml, flags);
                if (passThru) context.WriteObject(DomainSnapshotApi.Snapshot(sh, d.Name, d.Uuid!.Value, d.Hypervisor));
            };
        });
    }

    /// <summary>The XML to create from: -Xml with -Name/-Description put in, or a document of just those.</summary>
    private static string ComposeXml(string? xml, string? name, string? description)
    {
        if (xml is null) return DomainSnapshotApi.BuildXml(name, description);
        if (name is null && description is null) return xml;
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement!;
        if (root.Name != "domainsnapshot") throw new XmlException($"-Xml must be a <domainsnapshot> document, not <{root.Name}>.");
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
