using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>The XML description of storage pools (virsh pool-dumpxml).</summary>
[Cmdlet(VerbsCommon.Get, "StoragePoolXml", DefaultParameterSetName = "Name")]
[OutputType(typeof(string))]
public sealed class GetStoragePoolXmlCommand : LibvirtCmdlet
{
    /// <summary>Exact storage pool names (no wildcards: pipe from Get-StoragePool to act on many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [Alias("Pool")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(StoragePool))]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Storage pool objects, as Get-StoragePool writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "StoragePool", ValueFromPipeline = true)]
    [ValidateNotNull]
    public StoragePool[]? StoragePool { get; set; }

    /// <summary>The connections to look names up on (default: the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor[]? Connection { get; set; }

    /// <summary>The persistent definition of an active pool (pool-dumpxml --inactive).</summary>
    [Parameter]
    public SwitchParameter Inactive { get; set; }

    protected override void ProcessRecord() =>
        ForEachTarget(ResolvePools(Name, StoragePool, Connection), t => WriteObject(StorageApi.GetPoolXml(t.Handle, Inactive)));
}
