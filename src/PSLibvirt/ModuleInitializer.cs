using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt;

/// <summary>
/// Sets libvirt up when the module is imported, so the event loop exists before any connection. A missing
/// libvirt does not fail the import: the first cmdlet reports it with the package to install.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        // Loading libvirt and starting its event loop takes ~20 ms: it runs on a pool thread while PowerShell
        // loads the rest of the module (and while a user types), and the first connection waits for it under
        // EnsureInitialized's lock if it is not done yet. A failure (no libvirt installed) is not lost: the first
        // cmdlet that needs libvirt calls EnsureInitialized again and reports it with the package to install.
        // The import resolver itself is installed here, at once: no P/Invoke may run before it.
        Services.ConnectionHooks.Opened = Provider.LibvirtProvider.AddDriveFor;
        Services.ConnectionHooks.Closed = Provider.LibvirtProvider.RemoveDrivesFor;
        try { PSLibvirt.Native.LibvirtLibrary.EnsureLoaded(); }
        catch (System.Exception) { }
        System.Threading.Tasks.Task.Run(() =>
        {
            try { LibvirtRuntime.EnsureInitialized(); }
            catch (System.Exception) { }
        });
    }

    public void OnRemove(PSModuleInfo module)
    {
        // Binary modules stay loaded; close the connections so a re-import starts clean.
        foreach (var h in Services.HypervisorSession.Connections)
        {
            Services.HypervisorSession.Remove(h);
            h.Connection.Dispose();
        }
    }
}
