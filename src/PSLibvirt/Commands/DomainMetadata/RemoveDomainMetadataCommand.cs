using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Removes an application's element from domains' &lt;metadata&gt; (virsh metadata --uri --remove); from the running
/// domain and the persistent definition by default (-Live, -Config, -Current choose).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DomainMetadata", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
[DomainScopeParameters]
public sealed partial class RemoveDomainMetadataCommand : LibvirtCmdlet
{
    /// <summary>The element's namespace URI.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainMetadataUriCompleter))]
    public string Uri { get; set; } = "";

    protected override void BeginProcessing() => _ = ChangeScope();

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var scope = ResolveScope(t.Handle);
        if (!ShouldProcess(t.Description, $"Remove the metadata element of {Uri} from {DomainDeviceApi.Describe(scope)}")) return;
        DomainMetadataApi.Remove(t.Handle, Uri, scope);
    });
}
