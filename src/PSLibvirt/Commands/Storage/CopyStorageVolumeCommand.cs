using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Clones a volume, in its pool or into another one (virsh vol-clone, vol-create-from).</summary>
[Cmdlet(VerbsCommon.Copy, "StorageVolume", SupportsShouldProcess = true, DefaultParameterSetName = "StorageVolume")]
[OutputType(typeof(StorageVolume), typeof(LibvirtJob))]
public sealed class CopyStorageVolumeCommand : StorageVolumeTargetCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    /// <summary>The pool to create the copy in (a name, or a StoragePool object); default: the source volume's pool. It must be on the volume's connection.</summary>
    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(Completers.StoragePoolNameCompleter))]
    public object? DestinationPool { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Completers.VolumeFormatCompleter))]
    public string? Format { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void ProcessRecord()
    {
        string? destination = null;
        Hypervisor? destinationHost = null;
        if (DestinationPool is not null)
        {
            // A name is looked up on the connection of each volume: a clone stays on one host.
            var given = DestinationPool is PSObject p ? p.BaseObject : DestinationPool;
            destination = given is StoragePool pool ? pool.Name : given.ToString();
            destinationHost = (given as StoragePool)?.Hypervisor;
        }
        string newName = NewName;
        string? format = Format; // the work may run in a job: it reads no cmdlet state
        ForEachTargetWork(ResolveTargets(), t =>
        {
            string poolName = destination ?? t.ParentKey!;
            if (destinationHost is { } dh && !ReferenceEquals(dh, t.Hypervisor))
                throw new System.ArgumentException($"The destination pool '{poolName}' is on connection '{dh.Name}', the volume on '{t.Hypervisor.Name}': a clone stays on one host. Use Export-StorageVolume and Import-StorageVolume to move data between hosts.");
            if (!ShouldProcess(t.Description, $"Clone to '{newName}' in storage pool '{poolName}'")) return null;
            // Found now, in the foreground: a destination that does not exist is an error before any job starts.
            using (var check = StorageLookup.TryLookupPool(t.Connection, poolName))
                if (check is null) throw new ObjectNotFoundException(ObjectKinds.StoragePool, poolName, t.Hypervisor);
            return context =>
            {
                using var ph = StorageApi.LookupPool(t.Connection, poolName);
                using var clone = StorageApi.CloneVolume(ph, StorageXml.BuildClone(StorageApi.GetVolumeXml(t.Handle), newName, format), t.Handle);
                context.WriteObject(StorageApi.SnapshotVolume(clone, poolName, t.Hypervisor));
            };
        });
    }
}
