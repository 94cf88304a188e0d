using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PSLibvirt.Native;

/// <summary>Locates libvirt's shared libraries on each platform and turns a missing library into one clear error.</summary>
public static class LibvirtLibrary
{
    public const string Name = "libvirt";
    public const string QemuName = "libvirt-qemu";

    private static readonly object Gate = new();
    private static bool _resolverInstalled;
    private static string? _loadError;

    /// <summary>Installs the resolver (once per process: SetDllImportResolver may be set only once per assembly) and loads libvirt.</summary>
    /// <exception cref="LibvirtNotFoundException">libvirt is not installed.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (!_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(LibvirtLibrary).Assembly, Resolve);
                _resolverInstalled = true;
            }
            if (_loadError is not null) throw new LibvirtNotFoundException(_loadError);
        }
    }

    /// <summary>The file names tried for a logical library name, in order, on the current platform.</summary>
    public static string[] CandidateFileNames(string logicalName)
    {
        if (OperatingSystem.IsWindows()) return new[] { logicalName + "-0.dll", logicalName + ".dll" };
        if (OperatingSystem.IsMacOS()) return new[] { logicalName + ".0.dylib", logicalName + ".dylib" };
        return new[] { logicalName + ".so.0", logicalName + ".so" };
    }

    /// <summary>The message a user sees when a library cannot be loaded: it names what to install.</summary>
    public static string MissingLibraryMessage(string logicalName, string? detail)
    {
        string package = logicalName == QemuName ? "libvirt0 (Debian/Ubuntu) or libvirt-libs (Fedora/RHEL)" : "libvirt0 (Debian/Ubuntu: apt-get install libvirt0) or libvirt-libs (Fedora/RHEL)";
        string hint = OperatingSystem.IsWindows() ? "the libvirt client DLLs (e.g. from MSYS2 mingw-w64-libvirt) on PATH"
                    : OperatingSystem.IsMacOS() ? "libvirt (brew install libvirt)"
                    : package;
        return $"The libvirt client library ({string.Join(" or ", CandidateFileNames(logicalName))}) could not be loaded. Install {hint}." +
               (string.IsNullOrEmpty(detail) ? "" : " " + detail);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Name && libraryName != QemuName) return IntPtr.Zero;
        string? lastError = null;
        foreach (string file in CandidateFileNames(libraryName))
        {
            try
            {
                if (NativeLibrary.TryLoad(file, assembly, searchPath, out IntPtr handle)) return handle;
            }
            catch (Exception e) when (e is BadImageFormatException or IOException)
            {
                lastError = e.Message;
            }
        }
        string message = MissingLibraryMessage(libraryName, lastError);
        if (libraryName == Name) lock (Gate) _loadError = message;
        throw new LibvirtNotFoundException(message);
    }
}

/// <summary>libvirt's shared library is not installed or cannot be loaded.</summary>
public sealed class LibvirtNotFoundException : DllNotFoundException
{
    public LibvirtNotFoundException(string message) : base(message) { }
}
