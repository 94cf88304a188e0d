using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// The base of the cmdlets that act on existing storage volumes named the usual way (Clear-, Copy-, Export-, Resize-, Remove-StorageVolume and Get-StorageVolumeXml): it declares the
/// parameters that say which storage volumes (written once here, not in each of those cmdlets), and nothing else. A cmdlet
/// whose storage volumes are named otherwise derives from LibvirtCmdlet and declares its own. Nothing here is virtual: a
/// cmdlet adds parameters, it never overrides these.
/// </summary>
[ConnectionParameter]
public abstract partial class StorageVolumeTargetCmdlet : LibvirtCmdlet
{
    /// <summary>Storage volume objects, as Get-StorageVolume writes them.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "StorageVolume", ValueFromPipeline = true)]
    [Alias("Volume")]
    [ValidateNotNull]
    public StorageVolume[]? StorageVolume { get; set; }

    /// <summary>Exact volume names in the pools of -PoolName or -StoragePool (no wildcards: pipe from Get-StorageVolume to act on many).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "PoolName")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "StoragePool")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.StorageVolumeNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Exact names of the pools that hold the volumes named by -Name (from the pipeline too, as snapshot cmdlets take domain names).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "PoolName")]
    [Alias("Pool")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(StoragePool), ObjectsAsNames = true)]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public string[]? PoolName { get; set; }

    /// <summary>Storage pool objects (Get-StoragePool) that hold the volumes named by -Name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "StoragePool", ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(StoragePool))]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public StoragePool[]? StoragePool { get; set; }

    /// <summary>Volume paths or keys (unique on a host), looked up on every target connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>This record's storage volumes, by the one rule (about_PSLibvirt, "Which objects a cmdlet acts on").</summary>
    private protected List<Target<StorageVolHandle>> ResolveTargets() => ResolveVolumes(Name, PoolName, StoragePool, StorageVolume, Path, Connection);
}
