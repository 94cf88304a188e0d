using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using System.Xml;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Domain snapshots (virsh snapshot-*): listing, lookup, create, revert, delete. Returns Model snapshots.</summary>
internal static class DomainSnapshotApi
{
    /// <summary>Handles to every snapshot of the domain (virDomainListAllSnapshots). Dispose them.</summary>
    public static unsafe List<DomainSnapshotHandle> ListAll(DomainHandle domain, VirDomainSnapshotListFlags flags = 0)
    {
        nint raw = 0;
        int n = Vir.DomainListAllSnapshots(domain, &raw, flags);
        return LibvirtHandle.TakeArray<DomainSnapshotHandle>((nint*)raw, n);
    }

    /// <summary>Every snapshot of the domain, oldest first (then by name), as virsh snapshot-list orders them.</summary>
    public static List<DomainSnapshot> List(DomainHandle domain, string domainName, Guid domainUuid, Hypervisor? hypervisor) =>
        DomainHistory.Models(ListAll(domain), h => Snapshot(h, domainName, domainUuid, hypervisor), VirErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT,
            s => s.Name, s => s.Parent, s => s.CreationTime);

    /// <summary>Oldest first; snapshots of the same second parents before children, then by name.</summary>
    internal static void Order(List<DomainSnapshot> snapshots) => DomainHistory.Order(snapshots, s => s.Name, s => s.Parent, s => s.CreationTime);

    /// <summary>The names of the domain's snapshots (for completion).</summary>
    public static List<string> ListNames(DomainHandle domain)
    {
        var names = new List<string>();
        foreach (var h in ListAll(domain))
        {
            using (h) names.Add(Vir.DomainSnapshotGetName(h));
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public static DomainSnapshotHandle LookupByName(DomainHandle domain, string name) => Vir.DomainSnapshotLookupByName(domain, name);

    /// <summary>Like LookupByName but null when the domain has no such snapshot (other failures still throw).</summary>
    public static DomainSnapshotHandle? TryLookupByName(DomainHandle domain, string name) => Vir.TryDomainSnapshotLookupByName(domain, name);

    /// <summary>The domain's current snapshot; null when it has none (also when it was deleted meanwhile).</summary>
    public static DomainSnapshotHandle? Current(DomainHandle domain) =>
        Vir.DomainHasCurrentSnapshot(domain) == 0 ? null : Vir.TryDomainSnapshotCurrent(domain);

    /// <summary>The parent of a snapshot; null for a root snapshot.</summary>
    public static DomainSnapshotHandle? Parent(DomainSnapshotHandle snapshot) => Vir.TryDomainSnapshotGetParent(snapshot);

    public static string GetName(DomainSnapshotHandle snapshot) => Vir.DomainSnapshotGetName(snapshot);

    /// <summary>The snapshot's XML description (with <paramref name="secure"/>, security-sensitive values too).</summary>
    public static string GetXml(DomainSnapshotHandle snapshot, bool secure = false) =>
        Vir.DomainSnapshotGetXMLDesc(snapshot, secure ? VirDomainSnapshotXMLFlags.VIR_DOMAIN_SNAPSHOT_XML_SECURE : 0);

    /// <summary>A Model snapshot of the snapshot: its XML, whether it is current, has metadata, and its child count.</summary>
    public static DomainSnapshot Snapshot(DomainSnapshotHandle h, string domainName, Guid domainUuid, Hypervisor? hypervisor)
    {
        string xml = GetXml(h);
        bool current = Vir.DomainSnapshotIsCurrent(h) == 1;
        bool metadata = Vir.DomainSnapshotHasMetadata(h) == 1;
        int children = Vir.DomainSnapshotNumChildren(h);
        return Parse(xml, domainName, domainUuid, current, metadata, children, hypervisor);
    }

    /// <summary>A Model snapshot of the snapshot, its domain's name and UUID read from the handle's domain.</summary>
    public static DomainSnapshot Snapshot(DomainSnapshotHandle h, Hypervisor? hypervisor)
    {
        using var domain = LibvirtHandle.Cursor<DomainHandle>(); // virDomainSnapshotGetDomain's pointer is borrowed
        domain.MoveTo(Vir.DomainSnapshotGetDomain(h));
        return Snapshot(h, DomainApi.GetName(domain), DomainApi.GetUuid(domain), hypervisor);
    }

    /// <summary>Reads a &lt;domainsnapshot&gt; document; the domain's name and UUID come from the caller.</summary>
    internal static DomainSnapshot Parse(string xml, string domainName, Guid domainUuid, bool isCurrent, bool hasMetadata,
        int children, Hypervisor? hypervisor)
    {
        var doc = LibvirtXml.Load(xml);
        var root = doc.DocumentElement!;
        if (root.Name != "domainsnapshot") throw new XmlException($"Expected a <domainsnapshot> document, not <{root.Name}>.");
        DateTime created = default;
        if (long.TryParse(root.SelectSingleNode("creationTime")?.InnerText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long secs))
            created = DateTimeOffset.FromUnixTimeSeconds(secs).LocalDateTime;
        string? description = root.SelectSingleNode("description")?.InnerText;
        string? memory = (root.SelectSingleNode("memory") as XmlElement)?.GetAttribute("snapshot");
        return new DomainSnapshot
        {
            Name = root.SelectSingleNode("name")?.InnerText ?? "",
            Domain = domainName,
            DomainUuid = domainUuid,
            Description = string.IsNullOrEmpty(description) ? null : description,
            CreationTime = created,
            State = SnapshotState(root.SelectSingleNode("state")?.InnerText.Trim()),
            Parent = root.SelectSingleNode("parent/name")?.InnerText is { Length: > 0 } p ? p : null,
            IsCurrent = isCurrent,
            HasMetadata = hasMetadata,
            Children = children,
            Memory = string.IsNullOrEmpty(memory) ? null : memory,
            Hypervisor = hypervisor,
        };
    }

    /// <summary>The &lt;domainsnapshot&gt; XML of a new snapshot with an optional name and description.</summary>
    public static string BuildXml(string? name, string? description)
    {
        var sb = new System.Text.StringBuilder("<domainsnapshot>");
        if (!string.IsNullOrEmpty(name)) sb.Append("<name>").Append(LibvirtXml.Escape(name)).Append("</name>");
        if (!string.IsNullOrEmpty(description)) sb.Append("<description>").Append(LibvirtXml.Escape(description)).Append("</description>");
        return sb.Append("</domainsnapshot>").ToString();
    }

    public static VirDomainSnapshotCreateFlags CreateFlags(bool diskOnly, bool quiesce, bool atomic)
    {
        VirDomainSnapshotCreateFlags f = 0;
        if (diskOnly) f |= VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
        if (quiesce) f |= VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE;
        if (atomic) f |= VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC;
        return f;
    }

    /// <summary>Takes a snapshot from a &lt;domainsnapshot&gt; document (virDomainSnapshotCreateXML).</summary>
    public static DomainSnapshotHandle Create(DomainHandle domain, string xml, VirDomainSnapshotCreateFlags flags) =>
        Vir.DomainSnapshotCreateXML(domain, xml, flags);

    public static VirDomainSnapshotRevertFlags RevertFlags(bool running, bool paused, bool force)
    {
        VirDomainSnapshotRevertFlags f = 0;
        if (running) f |= VirDomainSnapshotRevertFlags.VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING;
        if (paused) f |= VirDomainSnapshotRevertFlags.VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;
        if (force) f |= VirDomainSnapshotRevertFlags.VIR_DOMAIN_SNAPSHOT_REVERT_FORCE;
        return f;
    }

    /// <summary>Reverts the domain to the snapshot (virDomainRevertToSnapshot): the domain's current state is lost.</summary>
    public static void Revert(DomainSnapshotHandle snapshot, VirDomainSnapshotRevertFlags flags) =>
        Vir.DomainRevertToSnapshot(snapshot, flags);

    public static VirDomainSnapshotDeleteFlags DeleteFlags(bool children, bool childrenOnly, bool metadataOnly)
    {
        if (children && childrenOnly) throw new ArgumentException("Children and ChildrenOnly cannot be combined: ChildrenOnly deletes the descendants and keeps the snapshot, Children deletes both.");
        VirDomainSnapshotDeleteFlags f = 0;
        if (children) f |= VirDomainSnapshotDeleteFlags.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN;
        if (childrenOnly) f |= VirDomainSnapshotDeleteFlags.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY;
        if (metadataOnly) f |= VirDomainSnapshotDeleteFlags.VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY;
        return f;
    }

    /// <summary>Deletes the snapshot (virDomainSnapshotDelete), with its descendants or only them as the flags say.</summary>
    public static void Delete(DomainSnapshotHandle snapshot, VirDomainSnapshotDeleteFlags flags) =>
        Vir.DomainSnapshotDelete(snapshot, flags);

    /// <summary>
    /// <paramref name="xml"/> (a snapshot's full XML, as GetXml gives it) with its &lt;description&gt; replaced by
    /// <paramref name="description"/>, or removed when that is empty; the element goes after &lt;name&gt; where libvirt writes it.
    /// </summary>
    public static string WithDescription(string xml, string description)
    {
        var doc = LibvirtXml.Parse(xml);
        var root = doc.Root;
        if (root is null || root.Name.LocalName != "domainsnapshot") throw new XmlException("Expected a <domainsnapshot> document.");
        var existing = root.Element("description");
        if (description.Length == 0) existing?.Remove();
        else if (existing is not null) existing.Value = description;
        else
        {
            var element = new System.Xml.Linq.XElement("description", description);
            if (root.Element("name") is { } name) name.AddAfterSelf(element); else root.AddFirst(element);
        }
        return doc.Root!.ToString();
    }

    /// <summary>The &lt;name&gt; of a &lt;domainsnapshot&gt; document; XmlException when it is not one, null when it names none.</summary>
    public static string? XmlName(string xml)
    {
        var root = LibvirtXml.Root(xml);
        if (root.Name.LocalName != "domainsnapshot") throw new XmlException($"Expected a <domainsnapshot> document, not <{root.Name.LocalName}>.");
        return root.Element("name")?.Value;
    }

    /// <summary>
    /// Redefines a snapshot from its XML (virDomainSnapshotCreateXML with VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE, as virsh
    /// snapshot-edit and snapshot-current do): libvirt's metadata changes, the snapshot's data does not. With
    /// <paramref name="current"/> it becomes the domain's current snapshot.
    /// </summary>
    public static DomainSnapshotHandle Redefine(DomainSnapshotHandle snapshot, string xml, bool current)
    {
        using var domain = LibvirtHandle.Cursor<DomainHandle>(); // virDomainSnapshotGetDomain's pointer is borrowed
        domain.MoveTo(Vir.DomainSnapshotGetDomain(snapshot));
        var flags = VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
        if (current) flags |= VirDomainSnapshotCreateFlags.VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
        return Vir.DomainSnapshotCreateXML(domain, xml, flags);
    }

    public static bool IsCurrent(DomainSnapshotHandle snapshot) => Vir.DomainSnapshotIsCurrent(snapshot) == 1;

    /// <summary>
    /// What of a snapshot is external, from its XML: "memory" when the memory state went to a file
    /// (&lt;memory snapshot='external'&gt;), and each disk whose state is an overlay file (&lt;disk snapshot='external'&gt;,
    /// by its name, vda). Empty for an internal snapshot.
    /// </summary>
    public static IReadOnlyList<string> ExternalParts(string xml)
    {
        var root = LibvirtXml.Root(xml);
        var parts = new List<string>();
        if ((string?)root.Element("memory")?.Attribute("snapshot") == "external") parts.Add("memory");
        foreach (var disk in root.Element("disks")?.Elements("disk") ?? [])
            if ((string?)disk.Attribute("snapshot") == "external") parts.Add("disk " + ((string?)disk.Attribute("name") ?? "?"));
        return parts;
    }

    /// <summary>The first libvirt that reverts to external snapshots (9.7.0); older daemons refuse ("not supported yet").</summary>
    public static readonly Version ExternalRevertSince = new(9, 7, 0);

    /// <summary>The libvirt version of the daemon behind <paramref name="connection"/> (virConnectGetLibVersion).</summary>
    public static unsafe Version DaemonVersion(LibvirtConnection connection)
    {
        CULong lib;
        Vir.ConnectGetLibVersion(connection.Handle, &lib);
        return Versions.FromLibvirt((ulong)lib.Value);
    }

    /// <summary>The snapshot XML's state text (running, shutoff, disk-snapshot, pmsuspended, ...) as the enum; NoState when absent or unknown.</summary>
    internal static DomainSnapshotState SnapshotState(string? text) =>
        Enum.TryParse<DomainSnapshotState>((text ?? "").Replace("-", ""), ignoreCase: true, out var state) && Enum.IsDefined(state) ? state : DomainSnapshotState.NoState;
}
