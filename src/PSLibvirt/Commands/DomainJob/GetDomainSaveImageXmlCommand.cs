using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The domain XML kept in a file written by Save-Domain (virsh save-image-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "DomainSaveImageXml")]
[OutputType(typeof(string), typeof(XmlDocument))]
[XmlOutput]
[ConnectionParameter]
public sealed partial class GetDomainSaveImageXmlCommand : LibvirtCmdlet
{
    /// <summary>The save file (on the host of the connection).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Include security-sensitive values such as VNC/SPICE passwords.</summary>
    [Parameter] public SwitchParameter Secure { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var p in Path!)
        {
            string path = GetUnresolvedProviderPathFromPSPath(p);
            foreach (var h in TargetConnections(Connection))
                TryInvoke(path, () => WriteXml(DomainSaveImageApi.GetSaveImageXml(h.Connection, path, Secure)));
        }
    }
}
