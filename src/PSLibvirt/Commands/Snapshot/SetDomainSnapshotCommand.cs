using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Changes a snapshot's description, makes it the domain's current snapshot, or replaces its XML (virsh snapshot-edit,
/// snapshot-current): libvirt's metadata of the snapshot is redefined, its data is untouched.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainSnapshot", DefaultParameterSetName = "Snapshot", SupportsShouldProcess = true)]
[OutputType(typeof(DomainSnapshot))]
public sealed class SetDomainSnapshotCommand : DomainSnapshotTargetCmdlet
{
    /// <summary>The new description; an empty string removes it.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Description { get; set; }

    /// <summary>Make the snapshot the domain's current snapshot (virsh snapshot-current domain name).</summary>
    [Parameter] public SwitchParameter Current { get; set; }

    /// <summary>The snapshot's whole new &lt;domainsnapshot&gt; XML (as Get-DomainSnapshotXml -Secure writes it, edited); its name must stay.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? Xml { get; set; }

    /// <summary>Write the changed snapshot.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private string? _xmlName;

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Xml is not null, Description is not null, "Xml", "Description", "the description is part of the XML");
        if (Xml is null && Description is null && !Current)
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Give -Description, -Current or -Xml: there is nothing to change."),
                "NothingToChange", ErrorCategory.InvalidArgument, null));
        if (Xml is not null)
        {
            try { _xmlName = DomainSnapshotApi.XmlName(Xml); }
            catch (XmlException ex)
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Xml is not a <domainsnapshot> document: {ex.Message}", ex),
                    "InvalidSnapshotXml", ErrorCategory.InvalidArgument, Xml));
            }
            if (string.IsNullOrEmpty(_xmlName))
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Xml has no <name>: it must name the snapshot it redefines."),
                    "InvalidSnapshotXml", ErrorCategory.InvalidArgument, Xml));
        }
    }

    protected override void ProcessRecord() => ForEachSnapshot(t =>
    {
        if (_xmlName is not null && _xmlName != t.Name)
        {
            WriteError(new ErrorRecord(new InvalidOperationException(
                $"-Xml names the snapshot '{_xmlName}', not '{t.Name}': a snapshot cannot be renamed by redefining it. " +
                $"Keep <name>{t.Name}</name> in the XML."),
                "SnapshotRenameRefused", ErrorCategory.InvalidArgument, t.Input));
            return;
        }
        var changes = new List<string>();
        if (Xml is not null) changes.Add("replace its XML");
        if (Description is not null) changes.Add(Description.Length == 0 ? "remove its description" : $"set its description to '{Description}'");
        if (Current) changes.Add("make it the current snapshot");
        if (!ShouldProcess(t.Description, "Change the snapshot: " + string.Join(", ", changes))) return;

        bool current = Current || DomainSnapshotApi.IsCurrent(t.Handle);
        string xml = Xml ?? DomainSnapshotApi.GetXml(t.Handle, secure: true);
        if (Description is not null) xml = DomainSnapshotApi.WithDescription(xml, Description);
        using var changed = DomainSnapshotApi.Redefine(t.Handle, xml, current);
        if (PassThru) WriteObject(DomainSnapshotApi.Snapshot(changed, t.Hypervisor));
    });
}
