using System.Runtime.InteropServices;

namespace PSLibvirt.Native;

/// <summary>
/// The calls the module makes into libxml2 (which libvirt links). libxml2 builds two global tables on first use and
/// without a lock: the XML Schema datatypes (xmlSchemaInitTypes) and the RelaxNG type libraries that look names up in
/// them (xmlRelaxNGInitTypes). Threads doing their first schema parse at once can see either half-built ("Unable to
/// parse RNG ...: Error type 'unsignedInt' is not exported by type library"). libvirt parses its schemas to validate
/// XML, in the calling thread for local drivers (test:///), so runspaces defining objects in parallel could fail.
/// Building both tables once, before any libvirt call, closes that window. xmlRelaxNGInitTypes alone does not: it
/// leaves the datatypes to the first lookup (libxml2 2.9.14, Debian 12).
/// </summary>
public static unsafe class LibXml2
{
    public const string LibraryName = "libxml2.so.2";

    public static void InitSchemaTypes()
    {
        if (!NativeLibrary.TryLoad(LibraryName, typeof(LibXml2).Assembly, null, out var lib)) return;
        // The datatypes first: the RelaxNG libraries refer to them.
        if (NativeLibrary.TryGetExport(lib, "xmlSchemaInitTypes", out var schema))
            ((delegate* unmanaged[Cdecl]<void>)schema)();
        if (NativeLibrary.TryGetExport(lib, "xmlRelaxNGInitTypes", out var relaxng))
            ((delegate* unmanaged[Cdecl]<int>)relaxng)();
    }
}
