using System.Runtime.InteropServices;

namespace PSLibvirt.Native;

/// <summary>
/// The one call the module makes into libxml2 (which libvirt links): libxml2 sets up its RelaxNG datatype library on
/// the first schema parse, and two threads doing that first parse at once can see it half-registered ("Unable to
/// parse RNG ...: type 'unsignedInt' is not exported"). libvirt parses its schemas to validate XML, in the calling
/// thread for local drivers, so runspaces defining objects in parallel could fail. Registering the types once, before
/// any libvirt call, closes that window.
/// </summary>
public static unsafe class LibXml2
{
    public static void InitRelaxNGTypes()
    {
        if (!NativeLibrary.TryLoad("libxml2.so.2", typeof(LibXml2).Assembly, null, out var lib)) return;
        if (NativeLibrary.TryGetExport(lib, "xmlRelaxNGInitTypes", out var init))
            ((delegate* unmanaged[Cdecl]<int>)init)();
    }
}
