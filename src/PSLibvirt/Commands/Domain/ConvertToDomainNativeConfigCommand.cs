using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Turns domain XML into the hypervisor's native configuration (virsh domxml-to-native): for QEMU the command line
/// libvirt would run.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "DomainNativeConfig")]
[OutputType(typeof(string))]
[ConnectionParameter]
public sealed partial class ConvertToDomainNativeConfigCommand : LibvirtCmdlet
{
    /// <summary>The domain XML (string or XmlDocument), for example from Get-DomainXml.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [XmlTextTransformation]
    [ValidateNotNullOrEmpty]
    public string? Xml { get; set; }

    /// <summary>The native format: qemu-argv (QEMU), xen-xl, xen-xm, xen-sxpr (Xen), vmware-vmx, bhyve-argv.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(Completers.NativeConfigFormatCompleter))]
    [ValidateNotNullOrEmpty]
    public string Format { get; set; } = "qemu-argv";

    protected override void ProcessRecord()
    {
        foreach (var h in TargetConnections(Connection))
            TryInvoke(Xml!, () => WriteObject(DomainDefinitionApi.ToNative(h.Connection, Format, Xml!)));
    }
}
