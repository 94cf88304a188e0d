using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Binding;

/// <summary>Loads libvirt once, installs a no-op error function so libvirt prints nothing to stderr, and builds libxml2's type tables.</summary>
public sealed unsafe class LibvirtFixture
{
    public LibvirtFixture()
    {
        LibvirtLibrary.EnsureLoaded();
        Libvirt.virInitialize();
        Libvirt.virSetErrorFunc(0, (nint)(delegate* unmanaged[Cdecl]<nint, VirError*, void>)&NoOpErrorFunc);
        // As the module's start-up does: tests in parallel may validate XML for the first time at once.
        LibXml2.InitSchemaTypes();
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void NoOpErrorFunc(nint userData, VirError* error) { }

    /// <summary>The directory that holds PSLibvirt.sln (the worktree root).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "src", "PSLibvirt", "Native", "skip-list.txt"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>tests/data/node.xml: a test-driver node (web1, db1, network lan, pool images); each open is an instance of its own.</summary>
    public static string NodeFile => Path.Combine(RepoRoot, "tests", "data", "node.xml");

    public const string ApiXml = "/usr/share/libvirt/api/libvirt-api.xml";
    public const string QemuApiXml = "/usr/share/libvirt/api/libvirt-qemu-api.xml";
}

[CollectionDefinition(Name)]
public sealed class LibvirtCollection : ICollectionFixture<LibvirtFixture>
{
    public const string Name = "libvirt";
}
