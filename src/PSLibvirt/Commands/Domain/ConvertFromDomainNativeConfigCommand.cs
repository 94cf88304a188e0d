using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Turns a hypervisor's native configuration into domain XML (virsh domxml-from-native): for QEMU a command line
/// (qemu-argv), for Xen a configuration file's text.
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "DomainNativeConfig")]
[OutputType(typeof(string))]
[ConnectionParameter]
public sealed partial class ConvertFromDomainNativeConfigCommand : LibvirtCmdlet
{
    /// <summary>The native configuration: a QEMU command line, or the text of a Xen or VMware configuration file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string? Config { get; set; }

    /// <summary>The native format: qemu-argv (QEMU), xen-xl, xen-xm, xen-sxpr (Xen), vmware-vmx, bhyve-argv.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(Completers.NativeConfigFormatCompleter))]
    [ValidateNotNullOrEmpty]
    public string Format { get; set; } = "qemu-argv";

    protected override void ProcessRecord()
    {
        foreach (var h in TargetConnections(Connection))
            TryInvoke(Config!, () => WriteObject(DomainDefinitionApi.FromNative(h.Connection, Format, Config!)));
    }
}

