using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Creates a port on active virtual networks (virsh net-port-create): from XML, or from the owner's name and UUID
/// with a MAC address (generated in QEMU's 52:54:00 range when omitted). libvirt plugs it in at once.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetworkPort", DefaultParameterSetName = "NetworkName", SupportsShouldProcess = true)]
[OutputType(typeof(NetworkPort))]
[Targets(typeof(Network), typeof(NetworkHandle), KeyParameter = "NetworkName")]
public sealed partial class NewNetworkPortCommand : LibvirtCmdlet
{
    /// <summary>The port's XML (&lt;networkport&gt;), as virsh net-port-create takes it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? Xml { get; set; }

    /// <summary>The name of the domain (or other consumer) that owns the port.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OwnerName { get; set; }

    /// <summary>The UUID of the owner.</summary>
    [Parameter]
    public Guid OwnerUuid { get; set; }

    /// <summary>The port's MAC address; default: a random one in QEMU's range (52:54:00:xx:xx:xx).</summary>
    [Parameter]
    [ValidatePattern("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    public string? MacAddress { get; set; }

    /// <summary>The port's UUID; default: a new one.</summary>
    [Parameter]
    public Guid PortUuid { get; set; }

    /// <summary>The network's port group to put the port in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PortGroup { get; set; }

    protected override void BeginProcessing()
    {
        bool fromXml = Xml is not null;
        bool fromParts = OwnerName is not null || MyInvocation.BoundParameters.ContainsKey(nameof(OwnerUuid));
        if (fromXml == fromParts || (fromParts && (OwnerName is null || !MyInvocation.BoundParameters.ContainsKey(nameof(OwnerUuid)))))
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Give either -Xml, or -OwnerName and -OwnerUuid (with -MacAddress, -PortUuid and -PortGroup if wanted)."),
                "XmlOrOwner", ErrorCategory.InvalidArgument, null));
        if (fromXml && (MacAddress ?? PortGroup) is not null || fromXml && MyInvocation.BoundParameters.ContainsKey(nameof(PortUuid)))
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-MacAddress, -PortUuid and -PortGroup build the XML: with -Xml, put them in the XML."),
                "XmlOrOwner", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), n =>
    {
        string xml = Xml ?? NetworkPortApi.BuildXml(
            MyInvocation.BoundParameters.ContainsKey(nameof(PortUuid)) ? PortUuid : Guid.NewGuid(),
            OwnerName!, OwnerUuid, MacAddress ?? RandomMac(), PortGroup);
        if (!ShouldProcess(n.Description, $"Create a network port: {xml}")) return;
        using var port = NetworkPortApi.Create(n.Handle, xml);
        WriteObject(NetworkPortApi.Snapshot(port, n.Hypervisor));
    });

    /// <summary>A locally administered unicast address in QEMU's range, as libvirt picks for a new interface.</summary>
    private static string RandomMac()
    {
        Span<byte> b = stackalloc byte[3];
        System.Security.Cryptography.RandomNumberGenerator.Fill(b);
        return $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
    }
}
