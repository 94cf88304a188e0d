using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Defines a domain from XML or from parameters (virsh define / virsh create / virt-install). The parameter set
/// writes the XML for the connection's hypervisor from its capabilities; -WhatIf shows that XML.
/// </summary>
[Cmdlet(VerbsCommon.New, "Domain", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(Domain))]
[ConnectionParameter]
public sealed partial class NewDomainCommand : LibvirtCmdlet
{
    private const string XmlSet = "Xml";
    private const string ParametersSet = "Parameters";
    private readonly List<string> _volumes = new();

    /// <summary>The domain XML (a string or an XmlDocument).</summary>
    [Parameter(Mandatory = true, ParameterSetName = XmlSet, ValueFromPipeline = true)]
    [XmlTextTransformation]
    [ValidateNotNullOrEmpty]
    public string? Xml { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, 1L << 40)]
    public long MemoryMB { get; set; } = 1024;

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, 4096)]
    public int VCpu { get; set; } = 1;

    /// <summary>Disk image files or block devices on the hypervisor's host.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string[]? DiskPath { get; set; }

    /// <summary>Paths of storage volumes; takes objects with a Path property (storage volumes) from the pipeline.</summary>
    [Parameter(ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string[]? Volume { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NetworkNameCompleter))]
    public string[]? Network { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Bridge { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? CdromPath { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.OSTypeCompleter))]
    public string? OSType { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ArchitectureCompleter))]
    public string? Arch { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.MachineCompleter))]
    public string? Machine { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateSet("vnc", "spice", "none", IgnoreCase = true)]
    public string Graphics { get; set; } = "none";

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateSet("hd", "cdrom", "network", "fd", IgnoreCase = true)]
    public string[]? BootOrder { get; set; }

    /// <summary>Start the domain once it is defined.</summary>
    [Parameter] public SwitchParameter Start { get; set; }

    /// <summary>Create and start a transient domain (virsh create): nothing is defined, it vanishes when it stops.</summary>
    [Parameter] public SwitchParameter Transient { get; set; }

    /// <summary>Leaves out libvirt's schema check (virsh define without --validate): only its parser judges the XML.</summary>
    [Parameter] public SwitchParameter SkipValidation { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == XmlSet)
        {
            ForEachConnection(Connection, h => Create(h, Xml!, null));
            return;
        }
        if (Volume is not null) _volumes.AddRange(Volume);
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != ParametersSet) return;
        var spec = new DomainSpec
        {
            Name = Name!,
            MemoryMiB = MemoryMB,
            VCpus = VCpu,
            DiskPaths = (DiskPath ?? Array.Empty<string>()).Concat(_volumes).Distinct().ToList(),
            Networks = (Network ?? Array.Empty<string>()).ToList(),
            Bridges = (Bridge ?? Array.Empty<string>()).ToList(),
            CdromPath = CdromPath,
            OSType = OSType,
            Arch = Arch,
            Machine = Machine,
            Graphics = Enum.Parse<DomainGraphics>(Graphics, ignoreCase: true),
            BootOrder = (BootOrder ?? Array.Empty<string>()).ToList(),
        };
        ForEachConnection(Connection, h => Create(h, null, spec));
    }

    private void Create(Hypervisor h, string? xml, DomainSpec? spec)
    {
        // XML written by the user goes to libvirt as it is: libvirt's driver decides what it accepts and says why it
        // refuses. Only the XML this cmdlet writes is fitted to the hypervisor's capabilities.
        (string? Name, Guid? Uuid) identity;
        try
        {
            if (spec is not null) xml = DomainXmlBuilder.Build(spec, HostApi.GetCapabilities(h.Connection, h));
            identity = DomainXmlBuilder.ReadIdentity(xml!);
        }
        catch (XmlException ex)
        {
            WriteError(new ErrorRecord(new ArgumentException($"The domain XML is not well-formed: {ex.Message}", ex), "InvalidXml", ErrorCategory.InvalidArgument, xml));
            return;
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(new ArgumentException($"{ex.Message} (connection '{h.Name}', {h.Uri})", ex), "InvalidDomainParameter", ErrorCategory.InvalidArgument, (object?)spec?.Name ?? xml));
            return;
        }

        var (name, uuid) = identity;
        if (!CheckNotExisting(h, name, uuid)) return;

        string what = Transient ? "Create and start transient domain" : Start ? "Define and start domain" : "Define domain";
        WriteVerbose($"Domain XML for '{name}' on '{h.Name}':\n{xml}");
        if (!ShouldProcess($"{what} '{name}' on '{h.Name}' ({h.Uri}) with this XML:\n{xml}",
                           $"{what} '{name}' on '{h.Name}'?", "New-Domain"))
            return;

        try { Define(h, xml!); }
        catch (LibvirtException ex) { WriteLibvirtError(ex, name ?? (object)xml!); }
    }

    private void Define(Hypervisor h, string xml)
    {
        var conn = h.Connection;
        DomainHandle dom;
        if (Transient)
        {
            dom = DomainDefinitionApi.CreateTransient(conn, xml, validate: !SkipValidation);
        }
        else
        {
            dom = DomainDefinitionApi.Define(conn, xml, validate: !SkipValidation);
            if (Start)
            {
                try { DomainDefinitionApi.Start(dom); }
                catch (LibvirtException)
                {
                    // Nothing half-done: the definition was new (checked above), so remove it again.
                    DomainDefinitionApi.UndefineQuietly(dom);
                    dom.Dispose();
                    throw;
                }
            }
        }
        using (dom) WriteObject(DomainApi.GetDomain(dom, conn, h));
    }

    private bool CheckNotExisting(Hypervisor h, string? name, Guid? uuid)
    {
        DomainHandle? existing = null;
        if (name is not null) existing = DomainApi.TryLookupByName(h.Connection, name);
        if (existing is null && uuid is { } u) existing = DomainApi.TryLookupByUuid(h.Connection, u);
        if (existing is null) return true;
        using (existing)
        {
            string existingName = DomainApi.GetName(existing);
            WriteError(new ErrorRecord(
                new InvalidOperationException($"A domain named '{existingName}' with this name or UUID already exists on '{h.Name}' ({h.Uri}). New-Domain never replaces a definition: use Set-Domain -Xml to change it, or Remove-Domain first."),
                "DomainExists", ErrorCategory.ResourceExists, name));
        }
        return false;
    }
}
