using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Replaces the domain XML kept in a file written by Save-Domain, or the state the domain is restored in
/// (virsh save-image-define, save-image-edit).
/// </summary>
[Cmdlet(VerbsCommon.Set, "DomainSaveImageXml", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[ConnectionParameter]
public sealed partial class SetDomainSaveImageXmlCommand : LibvirtCmdlet
{
    /// <summary>The save file (on the host of the connection).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>The new domain XML (string or XmlDocument): the same domain, with changes libvirt accepts for a restore (host-side paths, for example).</summary>
    [Parameter(Position = 1)]
    [XmlTextTransformation]
    [ValidateNotNullOrEmpty]
    public string? Xml { get; set; }

    /// <summary>Restore the domain running.</summary>
    [Parameter] public SwitchParameter Running { get; set; }

    /// <summary>Restore the domain paused.</summary>
    [Parameter] public SwitchParameter Paused { get; set; }

    protected override void BeginProcessing() => CheckSaveImageChange(Xml, Running, Paused);

    protected override void ProcessRecord()
    {
        foreach (var p in Path!)
        {
            string path = GetUnresolvedProviderPathFromPSPath(p);
            foreach (var h in TargetConnections(Connection))
            {
                if (!ShouldProcess($"{path} on {h.Name}", DescribeSaveImageChange(Xml, Running, Paused))) continue;
                TryInvoke(path, () => DomainSaveImageApi.DefineSaveImageXml(h.Connection, path, Xml, RunningState(Running, Paused)));
            }
        }
    }
}
