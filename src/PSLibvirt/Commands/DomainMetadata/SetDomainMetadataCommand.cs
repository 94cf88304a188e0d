using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Sets an application's element in domains' &lt;metadata&gt; (virsh metadata --uri --key --set), replacing what the
/// namespace URI held; in the running domain and the persistent definition by default (-Live, -Config, -Current choose).
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainMetadata", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainMetadataElement))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class SetDomainMetadataCommand : LibvirtCmdlet
{
    /// <summary>The element's namespace URI: what identifies it.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainMetadataUriCompleter))]
    public string Uri { get; set; } = "";

    /// <summary>The element: one XML element without a namespace (libvirt puts it in -Uri's), as text or an XmlDocument.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [XmlTextTransformation]
    [ValidateNotNullOrEmpty]
    public string Xml { get; set; } = "";

    /// <summary>The namespace prefix to store the element with (virsh --key); the first letters of the element's name by default.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    public string? Key { get; set; }

    /// <summary>Write the element as the domain now has it.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private string _key = "";

    protected override void BeginProcessing()
    {
        _ = ChangeScope();
        try { _key = Key ?? DomainMetadataApi.DefaultKey(Xml); }
        catch (XmlException e)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The metadata XML does not parse as one element: {e.Message}", e),
                "InvalidXml", ErrorCategory.InvalidArgument, Xml));
        }
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var scope = ResolveScope(t.Handle);
        if (!ShouldProcess(t.Description, $"Set the metadata element of {Uri} (prefix {_key}) in {DomainDeviceApi.Describe(scope)}")) return;
        DomainMetadataApi.Set(t.Handle, Uri, _key, Xml, scope);
        if (!PassThru) return;
        bool inactive = (scope & DomainScope.Live) == 0 && scope != DomainScope.Current;
        WriteObject(DomainMetadataApi.List(t.Handle, DomainDeviceApi.Owner(t.Handle, t.Name, t.Uuid, t.Hypervisor, inactive), Uri), enumerateCollection: true);
    });
}
