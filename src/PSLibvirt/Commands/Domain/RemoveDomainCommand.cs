using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Removes a domain's definition (virsh undefine), optionally with its storage volumes.</summary>
[Cmdlet(VerbsCommon.Remove, "Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Domain")]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class RemoveDomainCommand : LibvirtCmdlet
{
    /// <summary>Also delete the storage volumes of its disks (only for a domain that is not running).</summary>
    [Parameter] public SwitchParameter RemoveStorage { get; set; }

    /// <summary>Also remove snapshot metadata (otherwise a domain with snapshots cannot be removed).</summary>
    [Parameter] public SwitchParameter Snapshots { get; set; }

    /// <summary>Also remove a managed save image (otherwise a domain with one cannot be removed).</summary>
    [Parameter] public SwitchParameter ManagedSave { get; set; }

    /// <summary>Also remove the UEFI NVRAM file.</summary>
    [Parameter] public SwitchParameter Nvram { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), Remove);

    private void Remove(Target<DomainHandle> t)
    {
        bool active = DomainDefinitionApi.IsActive(t.Handle);
        bool persistent = DomainDefinitionApi.IsPersistent(t.Handle);
        if (!persistent)
        {
            WriteError($"Domain '{t.Name}' on '{t.Hypervisor.Name}' is transient: it has no definition to remove and disappears when it stops. Stop it with Stop-Domain -Force.",
                "DomainIsTransient", ErrorCategory.InvalidOperation, t.Input);
            return;
        }
        if (RemoveStorage && active)
        {
            WriteError($"Domain '{t.Name}' on '{t.Hypervisor.Name}' is running: its storage cannot be deleted. Stop it first (Stop-Domain), then Remove-Domain -RemoveStorage.",
                "DomainIsActive", ErrorCategory.InvalidOperation, t.Input);
            return;
        }

        var volumes = new List<(string Path, StorageVolHandle Handle)>();
        try
        {
            if (RemoveStorage)
            {
                foreach (var path in DomainXmlBuilder.DiskSourcePaths(DomainDefinitionApi.GetXml(t.Handle, inactive: true)))
                {
                    var v = DomainDefinitionApi.TryLookupVolumeByPath(t.Connection, path);
                    if (v is null) WriteWarning($"'{path}' (a disk of '{t.Name}') is not a volume of any storage pool on '{t.Hypervisor.Name}': it is left in place.");
                    else volumes.Add((path, v));
                }
            }

            var options = DomainUndefineOptions.None;
            if (ManagedSave) options |= DomainUndefineOptions.ManagedSave;
            if (Snapshots) options |= DomainUndefineOptions.Snapshots;
            if (Nvram) options |= DomainUndefineOptions.Nvram;

            string action = volumes.Count == 0
                ? "Remove domain definition"
                : $"Remove domain definition and delete storage volumes {string.Join(", ", volumes.Select(v => v.Path))}";
            if (!ShouldProcess(t.Description, action)) return;

            DomainDefinitionApi.Undefine(t.Handle, options);
            if (active)
                WriteWarning($"Domain '{t.Name}' on '{t.Hypervisor.Name}' is still running: it is now transient and disappears when it stops. Stop-Domain -Force stops it now.");

            foreach (var (path, handle) in volumes)
            {
                WriteVerbose($"Deleting storage volume '{path}'.");
                try { DomainDefinitionApi.DeleteVolume(handle); }
                catch (LibvirtException ex) { WriteLibvirtError(ex, path); }
            }
        }
        finally
        {
            foreach (var v in volumes) v.Handle.Dispose();
        }
    }
}
