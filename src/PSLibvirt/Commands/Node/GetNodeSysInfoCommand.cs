using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The host's system information, SMBIOS on x86 (virsh sysinfo), read into sections; -Raw writes libvirt's XML.</summary>
[Cmdlet(VerbsCommon.Get, "NodeSysInfo")]
[OutputType(typeof(NodeSysInfo), typeof(string))]
public sealed class GetNodeSysInfoCommand : LibvirtCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>Writes the XML as libvirt returns it (virsh sysinfo) instead of the parsed object.</summary>
    [Parameter] public SwitchParameter Raw { get; set; }

    protected override void ProcessRecord() => ForEachConnection(Connection, h =>
    {
        string xml = SysInfoParser.GetXml(h.Connection);
        WriteObject(Raw ? xml : SysInfoParser.Parse(xml, h));
    });
}
