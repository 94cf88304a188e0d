using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Changes a domain: its whole definition (-Xml, like virsh edit, validated by libvirt before it replaces the old
/// one), vCPUs, memory, maximum memory, autostart, title, description, name.
/// </summary>
[Cmdlet(VerbsCommon.Set, "Domain", SupportsShouldProcess = true, DefaultParameterSetName = "Domain")]
[OutputType(typeof(Domain))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SetDomainCommand : LibvirtCmdlet
{
    /// <summary>A complete new definition (string or XmlDocument) for the same domain (same name and UUID).</summary>
    [Parameter]
    [XmlTextTransformation]
    [ValidateNotNullOrEmpty]
    public string? Xml { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int VCpu { get; set; }

    [Parameter]
    [ValidateRange(1, 1L << 40)]
    public long MemoryMB { get; set; }

    [Parameter]
    [ValidateRange(1, 1L << 40)]
    public long MaxMemoryMB { get; set; }

    /// <summary>Change the running domain.</summary>
    [Parameter] public SwitchParameter Live { get; set; }

    /// <summary>Change the persistent configuration (used at the next start).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    [Parameter] public bool Autostart { get; set; }

    [Parameter] public string? Title { get; set; }

    [Parameter] public string? Description { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    /// <summary>With -Xml: leaves out libvirt's schema check (virsh define without --validate).</summary>
    [Parameter] public SwitchParameter SkipValidation { get; set; }

    private bool Has(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    private DomainScope Scope => (Live ? DomainScope.Live : 0) | (Config ? DomainScope.Config : 0);

    protected override void BeginProcessing()
    {
        var others = new List<string>();
        foreach (var p in new[] { "VCpu", "MemoryMB", "MaxMemoryMB", "Autostart", "Title", "Description", "NewName", "Live", "Config" })
            if (Has(p)) others.Add("-" + p);
        if (Has("Xml") && others.Count > 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Xml replaces the whole definition and cannot be combined with {string.Join(", ", others)}."),
                "XmlWithOtherChanges", ErrorCategory.InvalidArgument, null));
        if (Has("SkipValidation") && !Has("Xml"))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-SkipValidation applies to -Xml only: the other changes are not XML."),
                "SkipValidationWithoutXml", ErrorCategory.InvalidArgument, null));
        if (Has("Title") && Title is not null && Title.Contains('\n'))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("A title is one line: use -Description for longer text."),
                "InvalidTitle", ErrorCategory.InvalidArgument, Title));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (Has("Xml")) Redefine(t);
        else Change(t);
    });

    private void Redefine(Target<DomainHandle> t)
    {
        string xml;
        try
        {
            var (name, uuid) = DomainXmlBuilder.ReadIdentity(Xml!);
            if (name is not null && name != t.Name)
                throw new ArgumentException($"The XML names the domain '{name}', not '{t.Name}'. Rename with -NewName; New-Domain defines a new domain.");
            if (uuid is { } u && u != t.Uuid!.Value)
                throw new ArgumentException($"The XML has UUID {u}, but '{t.Name}' has {t.Uuid}. Remove the <uuid> element or use the domain's own.");
            xml = DomainXmlBuilder.WithUuid(Xml!, t.Uuid!.Value);
        }
        catch (XmlException ex)
        {
            WriteError(new ErrorRecord(new ArgumentException($"The domain XML is not well-formed: {ex.Message}", ex), "InvalidXml", ErrorCategory.InvalidArgument, t.Input));
            return;
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "IncompatibleDomainXml", ErrorCategory.InvalidArgument, t.Input));
            return;
        }
        WriteVerbose($"New XML for '{t.Name}':\n{xml}");
        if (!ShouldProcess($"Replace the definition of domain '{t.Description}' with this XML:\n{xml}", $"Replace the definition of domain '{t.Description}'?", "Set-Domain"))
            return;
        // libvirt validates the whole document (against its schema too, unless -SkipValidation) before it replaces anything.
        try { DomainDefinitionApi.Define(t.Connection, xml, validate: !SkipValidation).Dispose(); }
        catch (LibvirtException ex)
        {
            WriteLibvirtError(ex, t.Input);
            return;
        }
        WritePassThru(t, PassThru);
    }

    private void Change(Target<DomainHandle> t)
    {
        var changes = new List<string>();
        if (Has("MaxMemoryMB")) changes.Add($"maximum memory {MaxMemoryMB} MiB");
        if (Has("MemoryMB")) changes.Add($"memory {MemoryMB} MiB");
        if (Has("VCpu")) changes.Add($"{VCpu} vCPUs");
        if (Has("Title")) changes.Add(string.IsNullOrEmpty(Title) ? "no title" : $"title '{Title}'");
        if (Has("Description")) changes.Add("description");
        if (Has("Autostart")) changes.Add($"autostart {(Autostart ? "on" : "off")}");
        if (Has("NewName")) changes.Add($"name '{NewName}'");
        if (changes.Count == 0)
        {
            WritePassThru(t, PassThru);
            return;
        }
        string scope = ScopeText(Scope);
        if (!ShouldProcess(t.Description, $"Set {string.Join(", ", changes)}{scope}")) return;

        if (Has("MaxMemoryMB")) DomainDefinitionApi.SetMemoryKiB(t.Handle, (ulong)MaxMemoryMB * 1024, Scope, maximum: true);
        if (Has("MemoryMB")) DomainDefinitionApi.SetMemoryKiB(t.Handle, (ulong)MemoryMB * 1024, Scope);
        if (Has("VCpu"))
        {
            // Raising vCPUs in the configuration above its maximum raises the maximum first (virsh setvcpus --maximum).
            bool touchesConfig = Config || (!Live && !DomainDefinitionApi.IsActive(t.Handle));
            if (touchesConfig && DomainDefinitionApi.IsPersistent(t.Handle) && (uint)VCpu > DomainDefinitionApi.ConfiguredMaxVcpus(t.Handle))
                DomainDefinitionApi.SetVcpus(t.Handle, (uint)VCpu, DomainScope.Config, maximum: true);
            DomainDefinitionApi.SetVcpus(t.Handle, (uint)VCpu, Scope);
        }
        if (Has("Title")) DomainDefinitionApi.SetMetadata(t.Handle, title: true, Title ?? "", Scope);
        if (Has("Description")) DomainDefinitionApi.SetMetadata(t.Handle, title: false, Description ?? "", Scope);
        if (Has("Autostart")) DomainDefinitionApi.SetAutostart(t.Handle, Autostart);
        if (Has("NewName"))
        {
            DomainDefinitionApi.Rename(t.Handle, NewName!);
            // The handle keeps the old name (libvirt caches it client-side): snapshot a fresh lookup.
            if (PassThru)
            {
                using var renamed = DomainApi.LookupByUuid(t.Connection, t.Uuid!.Value);
                WriteObject(DomainApi.GetDomain(renamed, t.Connection, t.Hypervisor));
            }
            return;
        }
        WritePassThru(t, PassThru);
    }
}
