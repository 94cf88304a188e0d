using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PSLibvirt.Native;

/// <summary>
/// Which libvirt entry points exist on this host. The binding covers the libvirt version it was generated from
/// (<see cref="GeneratedFromVersionNumber"/>); LibraryImport binds lazily, so a function newer than the installed
/// libvirt only fails (EntryPointNotFoundException) when called. Core code calls <see cref="Require"/> first to turn
/// that into a <see cref="LibvirtFeatureNotAvailableException"/> that names the versions.
/// </summary>
public static partial class LibvirtApi
{
    private static readonly ConcurrentDictionary<string, bool> Availability = new(StringComparer.Ordinal);
    private static string? _hostVersion;

    /// <summary>True when <paramref name="functionName"/> is exported by the installed libvirt (or libvirt-qemu).</summary>
    /// <exception cref="ArgumentException">The name is not a libvirt function known to the binding.</exception>
    public static bool IsAvailable(string functionName)
    {
        if (!Functions.TryGetValue(functionName, out var entry))
            throw new ArgumentException($"'{functionName}' is not a libvirt function known to PSLibvirt.", nameof(functionName));
        return Availability.GetOrAdd(functionName, static (name, qemu) =>
        {
            LibvirtLibrary.EnsureLoaded();
            try
            {
                nint lib = NativeLibrary.Load(qemu ? LibvirtLibrary.QemuName : LibvirtLibrary.Name, typeof(LibvirtApi).Assembly, null);
                return NativeLibrary.TryGetExport(lib, name, out _);
            }
            catch (DllNotFoundException)
            {
                return false;
            }
        }, entry.Qemu);
    }

    /// <summary>The libvirt version ("X.Y.Z") that introduced <paramref name="functionName"/>, from libvirt-api.xml.</summary>
    public static string RequiredVersion(string functionName) =>
        Functions.TryGetValue(functionName, out var entry) ? entry.Version
            : throw new ArgumentException($"'{functionName}' is not a libvirt function known to PSLibvirt.", nameof(functionName));

    /// <summary>All function names of the binding (both libraries).</summary>
    public static System.Collections.Generic.IEnumerable<string> FunctionNames => Functions.Keys;

    /// <summary>Throws <see cref="LibvirtFeatureNotAvailableException"/> unless <paramref name="functionName"/> exists on this host.</summary>
    public static void Require(string functionName)
    {
        if (!IsAvailable(functionName))
            throw new LibvirtFeatureNotAvailableException(functionName, RequiredVersion(functionName), HostVersion);
    }

    /// <summary>The installed libvirt library version as "A.B.C" (virGetVersion), or "unknown".</summary>
    public static unsafe string HostVersion
    {
        get
        {
            if (_hostVersion is not null) return _hostVersion;
            LibvirtLibrary.EnsureLoaded();
            CULong v = default;
            string result = Libvirt.virGetVersion(&v, null, null) == 0 ? FormatVersion((ulong)v.Value) : "unknown";
            return _hostVersion = result;
        }
    }

    /// <summary>Formats a libvirt version number (major * 1,000,000 + minor * 1,000 + micro) as "major.minor.micro".</summary>
    public static string FormatVersion(ulong number) => $"{number / 1000000}.{number / 1000 % 1000}.{number % 1000}";

    /// <summary>The address of libvirt's <c>virConnectAuthPtrDefault</c> (a <c>virConnectAuthPtr</c> variable), for virConnectOpenAuth.</summary>
    public static unsafe VirConnectAuth* ConnectAuthPtrDefault
    {
        get
        {
            LibvirtLibrary.EnsureLoaded();
            nint lib = NativeLibrary.Load(LibvirtLibrary.Name, typeof(LibvirtApi).Assembly, null);
            return NativeLibrary.TryGetExport(lib, "virConnectAuthPtrDefault", out nint p) ? *(VirConnectAuth**)p : null;
        }
    }
}

/// <summary>The installed libvirt is older than the version that introduced a function.</summary>
public sealed class LibvirtFeatureNotAvailableException : NotSupportedException
{
    public LibvirtFeatureNotAvailableException(string functionName, string requiredVersion, string hostVersion)
        : base($"{functionName} needs libvirt >= {requiredVersion}; this host has {hostVersion}")
    {
        FunctionName = functionName;
        RequiredVersion = requiredVersion;
        HostVersion = hostVersion;
    }

    public string FunctionName { get; }
    public string RequiredVersion { get; }
    public string HostVersion { get; }
}
