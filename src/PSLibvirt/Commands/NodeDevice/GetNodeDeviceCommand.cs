using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Lists the host's devices as libvirt's node-device driver sees them (virsh nodedev-list [--tree] [--cap]
/// [--inactive|--all], nodedev-dumpxml, nodedev-info); -Children and -Parent follow the device hierarchy.
/// </summary>
[Cmdlet(VerbsCommon.Get, "NodeDevice", DefaultParameterSetName = "Name")]
[OutputType(typeof(NodeDevice))]
[Lists(typeof(NodeDevice))]
public sealed partial class GetNodeDeviceCommand : LibvirtCmdlet
{
    /// <summary>The type name of devices written by -Tree: the tree view shows them indented (they are NodeDevice objects).</summary>
    public const string TreeTypeName = "PSLibvirt.NodeDevice#Tree";

    /// <summary>Only devices with one of these capabilities (pci, usb_device, net, scsi_host, storage, mdev, ...), as virsh nodedev-list --cap.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NodeDeviceCapabilityCompleter))]
    public string[]? Capability { get; set; }

    /// <summary>Only devices that exist now (virsh nodedev-list's default).</summary>
    [Parameter] public SwitchParameter Active { get; set; }

    /// <summary>Only defined devices that are not started (virsh nodedev-list --inactive).</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    /// <summary>The devices as a tree (virsh nodedev-list --tree): parents before children, with Depth and TreeLine properties; with -Name, the named devices' subtrees.</summary>
    [Parameter] public SwitchParameter Tree { get; set; }

    /// <summary>The children of the named or piped devices instead of the devices themselves.</summary>
    [Parameter] public SwitchParameter Children { get; set; }

    /// <summary>The parent of the named or piped devices instead of the devices themselves.</summary>
    [Parameter] public SwitchParameter Parent { get; set; }

    private readonly Dictionary<Hypervisor, IReadOnlyList<NodeDevice>> _listed = new();

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Active, Inactive, "Active", "Inactive", "a device is one or the other. Use neither to list both");
        ExcludeEachOther(Children, Parent, "Children", "Parent", "follow the hierarchy one way at a time");
        ExcludeEachOther(Tree, Parent, "Tree", "Parent", "-Tree shows the named devices' subtrees; use -Parent alone for their parents");
    }

    /// <summary>Every device of a host, sorted by name, read once per command (the relations need them all).</summary>
    private IReadOnlyList<NodeDevice> All(Hypervisor h)
    {
        // Called for several hosts at once when they are listed in parallel.
        lock (_listed)
        {
            if (_listed.TryGetValue(h, out var all)) return all;
        }
        var listed = ObjectKinds.NodeDevice.List(h).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        lock (_listed) _listed[h] = listed;
        return listed;
    }

    private bool Keep(NodeDevice d) =>
        (!Active || d.Active) && (!Inactive || !d.Active) &&
        (Capability is not { Length: > 0 } || d.Capabilities.Any(c => Capability.Contains(c, StringComparer.OrdinalIgnoreCase)));

    protected override void ProcessRecord()
    {
        var hosts = ListedConnections();
        bool related = Tree || Children || Parent;
        // An exact name alone is looked up, not listed, unless its relatives are asked for.
        bool lookupOnly = !related && Name is { Length: 1 } && !WildcardPattern.ContainsWildcardCharacters(Name[0]);
        var matched = ListMatching(ObjectKinds.NodeDevice, Name, hosts, lookupOnly ? null : All).ToList();
        if (!related)
        {
            foreach (var d in matched) if (Keep(d)) WriteObject(d);
            return;
        }
        foreach (var byHost in matched.GroupBy(d => d.Hypervisor!))
        {
            var all = All(byHost.Key);
            if (Parent)
            {
                var parents = byHost.Select(d => d.Parent).OfType<string>().Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
                foreach (var d in all) if (parents.Contains(d.Name) && Keep(d)) WriteObject(d);
                continue;
            }
            if (Children && !Tree)
            {
                var names = byHost.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var d in all) if (d.Parent is { } p && names.Contains(p) && Keep(d)) WriteObject(d);
                continue;
            }
            // -Tree: the whole forest, or the named devices' subtrees (with -Children, without the named devices themselves).
            IEnumerable<NodeDevice> set = Name is { Length: > 0 }
                ? (Children ? Enumerable.Empty<NodeDevice>() : byHost).Concat(byHost.SelectMany(d => NodeDeviceTree.Descendants(d, all)))
                : all;
            foreach (var line in NodeDeviceTree.Order(set.Where(Keep)))
            {
                var o = new PSObject(line.Device);
                o.TypeNames.Insert(0, TreeTypeName);
                o.Properties.Add(new PSNoteProperty("Depth", line.Depth));
                o.Properties.Add(new PSNoteProperty("TreeLine", line.Line));
                WriteObject(o);
            }
        }
    }
}
