using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Applications' elements in domains' &lt;metadata&gt; (virsh metadata --uri); every element when -Uri is omitted.</summary>
[Cmdlet(VerbsCommon.Get, "DomainMetadata", DefaultParameterSetName = "Name")]
[OutputType(typeof(DomainMetadataElement))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainMetadataCommand : LibvirtCmdlet
{
    /// <summary>The namespace URI of the element (virsh metadata --uri); all elements when omitted.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainMetadataUriCompleter))]
    public string? Uri { get; set; }

    /// <summary>Read the persistent definition instead of the running domain.</summary>
    [Parameter] public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
        WriteObject(DomainMetadataApi.List(t.Handle, DomainDeviceApi.Owner(t.Handle, t.Name, t.Uuid, t.Hypervisor, Inactive), Uri), enumerateCollection: true));
}
