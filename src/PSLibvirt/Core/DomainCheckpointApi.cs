using System.Globalization;
using System.Text;
using System.Xml;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Domain checkpoints (virsh checkpoint-*): listing, lookup, XML, create (also redefine), delete. A checkpoint marks a
/// point in time of a domain's disks (a dirty bitmap per disk) from which an incremental backup can start.
/// </summary>
internal static class DomainCheckpointApi
{
    /// <summary>Handles to the domain's checkpoints (virDomainListAllCheckpoints), parents before children. Dispose them.</summary>
    public static unsafe List<DomainCheckpointHandle> ListAll(DomainHandle domain, VirDomainCheckpointListFlags flags = VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)
    {
        nint raw = 0;
        int n = Vir.DomainListAllCheckpoints(domain, &raw, flags);
        return LibvirtHandle.TakeArray<DomainCheckpointHandle>((nint*)raw, n);
    }

    /// <summary>Handles to a checkpoint's children (with <paramref name="descendants"/>, all its descendants). Dispose them.</summary>
    public static unsafe List<DomainCheckpointHandle> ListChildren(DomainCheckpointHandle checkpoint, bool descendants)
    {
        nint raw = 0;
        var flags = VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL
            | (descendants ? VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS : 0);
        int n = Vir.DomainCheckpointListAllChildren(checkpoint, &raw, flags);
        return LibvirtHandle.TakeArray<DomainCheckpointHandle>((nint*)raw, n);
    }

    /// <summary>The number of direct children (virDomainCheckpointListAllChildren without a list).</summary>
    public static unsafe int CountChildren(DomainCheckpointHandle checkpoint, bool descendants = false) =>
        Vir.DomainCheckpointListAllChildren(checkpoint, null, descendants ? VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS : 0);

    /// <summary>Every checkpoint of the domain as models, oldest first (parents before children of the same second, then by name).</summary>
    public static List<DomainCheckpoint> List(DomainHandle domain, string domainName, Guid domainUuid, Hypervisor? hypervisor,
        VirDomainCheckpointListFlags filter = 0) =>
        Models(ListAll(domain, VirDomainCheckpointListFlags.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL | filter), domainName, domainUuid, hypervisor);

    /// <summary>Models of the handles (which are disposed), ordered as <see cref="List"/>; a checkpoint deleted meanwhile is left out.</summary>
    public static List<DomainCheckpoint> Models(List<DomainCheckpointHandle> handles, string domainName, Guid domainUuid, Hypervisor? hypervisor) =>
        DomainHistory.Models(handles, h => Checkpoint(h, domainName, domainUuid, hypervisor), VirErrorNumber.VIR_ERR_NO_DOMAIN_CHECKPOINT,
            c => c.Name, c => c.Parent, c => c.CreationTime);

    public static DomainCheckpointHandle LookupByName(DomainHandle domain, string name) => Vir.DomainCheckpointLookupByName(domain, name);

    /// <summary>Like LookupByName but null when the domain has no such checkpoint (other failures still throw).</summary>
    public static DomainCheckpointHandle? TryLookupByName(DomainHandle domain, string name) => Vir.TryDomainCheckpointLookupByName(domain, name);

    /// <summary>The parent of a checkpoint; null for a root checkpoint.</summary>
    public static DomainCheckpointHandle? Parent(DomainCheckpointHandle checkpoint) => Vir.TryDomainCheckpointGetParent(checkpoint);

    public static string GetName(DomainCheckpointHandle checkpoint) => Vir.DomainCheckpointGetName(checkpoint);

    public static VirDomainCheckpointXMLFlags XmlFlags(bool secure, bool noDomain, bool size)
    {
        VirDomainCheckpointXMLFlags f = 0;
        if (secure) f |= VirDomainCheckpointXMLFlags.VIR_DOMAIN_CHECKPOINT_XML_SECURE;
        if (noDomain) f |= VirDomainCheckpointXMLFlags.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN;
        if (size) f |= VirDomainCheckpointXMLFlags.VIR_DOMAIN_CHECKPOINT_XML_SIZE;
        return f;
    }

    /// <summary>The checkpoint's XML description (virsh checkpoint-dumpxml).</summary>
    public static string GetXml(DomainCheckpointHandle checkpoint, VirDomainCheckpointXMLFlags flags = 0) =>
        Vir.DomainCheckpointGetXMLDesc(checkpoint, flags);

    /// <summary>A Model checkpoint: its XML (without the saved domain definition) and its child count.</summary>
    public static DomainCheckpoint Checkpoint(DomainCheckpointHandle h, string domainName, Guid domainUuid, Hypervisor? hypervisor)
    {
        string xml = GetXml(h, VirDomainCheckpointXMLFlags.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);
        int children = CountChildren(h);
        return Parse(xml, domainName, domainUuid, children, hypervisor);
    }

    /// <summary>A Model checkpoint, its domain's name and UUID read from the handle's domain.</summary>
    public static DomainCheckpoint Checkpoint(DomainCheckpointHandle h, Hypervisor? hypervisor)
    {
        using var domain = LibvirtHandle.Cursor<DomainHandle>(); // virDomainCheckpointGetDomain's pointer is borrowed
        domain.MoveTo(Vir.DomainCheckpointGetDomain(h));
        return Checkpoint(h, DomainApi.GetName(domain), DomainApi.GetUuid(domain), hypervisor);
    }

    /// <summary>Reads a &lt;domaincheckpoint&gt; document; the domain's name and UUID come from the caller.</summary>
    internal static DomainCheckpoint Parse(string xml, string domainName, Guid domainUuid, int children, Hypervisor? hypervisor)
    {
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement!;
        if (root.Name != "domaincheckpoint") throw new XmlException($"Expected a <domaincheckpoint> document, not <{root.Name}>.");
        DateTime created = default;
        if (long.TryParse(root.SelectSingleNode("creationTime")?.InnerText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long secs))
            created = DateTimeOffset.FromUnixTimeSeconds(secs).LocalDateTime;
        string? description = root.SelectSingleNode("description")?.InnerText;
        var disks = new List<DomainCheckpointDisk>();
        foreach (XmlElement d in root.SelectNodes("disks/disk")!)
        {
            string mode = d.GetAttribute("checkpoint");
            disks.Add(new DomainCheckpointDisk
            {
                Name = d.GetAttribute("name"),
                Checkpoint = mode.Length == 0 ? "bitmap" : mode,
                Bitmap = d.GetAttribute("bitmap") is { Length: > 0 } b ? b : null,
                SizeBytes = ulong.TryParse(d.GetAttribute("size"), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong size) ? size : null,
            });
        }
        return new DomainCheckpoint
        {
            Name = root.SelectSingleNode("name")?.InnerText ?? "",
            Domain = domainName,
            DomainUuid = domainUuid,
            Description = string.IsNullOrEmpty(description) ? null : description,
            CreationTime = created,
            Parent = root.SelectSingleNode("parent/name")?.InnerText is { Length: > 0 } p ? p : null,
            Children = children,
            Disks = disks,
            Hypervisor = hypervisor,
        };
    }

    /// <summary>
    /// The &lt;domaincheckpoint&gt; XML of a new checkpoint (virsh checkpoint-create-as): an optional name and description,
    /// and with <paramref name="disks"/> a bitmap for those disks and none for the rest of <paramref name="allDisks"/>.
    /// </summary>
    public static string BuildXml(string? name, string? description, IReadOnlyCollection<string>? disks = null, IEnumerable<string>? allDisks = null)
    {
        var sb = new StringBuilder("<domaincheckpoint>");
        if (!string.IsNullOrEmpty(name)) sb.Append("<name>").Append(LibvirtXml.Escape(name)).Append("</name>");
        if (!string.IsNullOrEmpty(description)) sb.Append("<description>").Append(LibvirtXml.Escape(description)).Append("</description>");
        if (disks is { Count: > 0 })
        {
            sb.Append("<disks>");
            var listed = new HashSet<string>(disks, StringComparer.Ordinal);
            foreach (var d in disks) sb.Append("<disk name='").Append(LibvirtXml.Escape(d)).Append("' checkpoint='bitmap'/>");
            foreach (var d in allDisks ?? Array.Empty<string>())
                if (!listed.Contains(d)) sb.Append("<disk name='").Append(LibvirtXml.Escape(d)).Append("' checkpoint='no'/>");
            sb.Append("</disks>");
        }
        return sb.Append("</domaincheckpoint>").ToString();
    }

    public static VirDomainCheckpointCreateFlags CreateFlags(bool redefine, bool quiesce, bool validate = false)
    {
        VirDomainCheckpointCreateFlags f = 0;
        if (redefine) f |= VirDomainCheckpointCreateFlags.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
        if (quiesce) f |= VirDomainCheckpointCreateFlags.VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE;
        if (validate) f |= VirDomainCheckpointCreateFlags.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE;
        return f;
    }

    /// <summary>Creates (or with REDEFINE, restores the metadata of) a checkpoint from a &lt;domaincheckpoint&gt; document.</summary>
    public static DomainCheckpointHandle Create(DomainHandle domain, string xml, VirDomainCheckpointCreateFlags flags) =>
        Vir.DomainCheckpointCreateXML(domain, xml, flags);

    public static VirDomainCheckpointDeleteFlags DeleteFlags(bool children, bool childrenOnly, bool metadataOnly)
    {
        if (children && childrenOnly) throw new ArgumentException("Children and ChildrenOnly cannot be combined: ChildrenOnly deletes the descendants and keeps the checkpoint, Children deletes both.");
        VirDomainCheckpointDeleteFlags f = 0;
        if (children) f |= VirDomainCheckpointDeleteFlags.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN;
        if (childrenOnly) f |= VirDomainCheckpointDeleteFlags.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY;
        if (metadataOnly) f |= VirDomainCheckpointDeleteFlags.VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY;
        return f;
    }

    /// <summary>Deletes the checkpoint (virDomainCheckpointDelete), with its descendants or only them as the flags say.</summary>
    public static void Delete(DomainCheckpointHandle checkpoint, VirDomainCheckpointDeleteFlags flags) =>
        Vir.DomainCheckpointDelete(checkpoint, flags);
}
