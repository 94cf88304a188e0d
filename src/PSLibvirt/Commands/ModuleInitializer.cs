using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Sets libvirt up when the module is imported, so the event loop exists before any connection. A missing
/// libvirt does not fail the import: the first cmdlet reports it with the package to install.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        try { LibvirtRuntime.EnsureInitialized(); }
        catch (System.DllNotFoundException) { }
    }

    public void OnRemove(PSModuleInfo module)
    {
        // Binary modules stay loaded; close the connections so a re-import starts clean.
        foreach (var h in HypervisorSession.Connections)
        {
            HypervisorSession.Remove(h);
            h.Connection.Dispose();
        }
    }
}
