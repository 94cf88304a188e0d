using PSLibvirt.Handles;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Binding;

/// <summary>Helpers for tests on test:///default through the raw binding.</summary>
internal static unsafe class TestDriver
{
    public const string Uri = "test:///default";

    public static ConnectHandle Open()
    {
        var conn = Libvirt.virConnectOpen(Uri);
        Assert.False(conn.IsInvalid, "virConnectOpen failed: " + Libvirt.virGetLastErrorMessage());
        return conn;
    }

    public static DomainHandle Domain(ConnectHandle conn, string name = "test")
    {
        var dom = Libvirt.virDomainLookupByName(conn, name);
        Assert.False(dom.IsInvalid, Libvirt.virGetLastErrorMessage());
        return dom;
    }

    public delegate int ListAllCall(nint* array);

    /// <summary>Calls a virConnectListAll* style function and wraps each element (caller owns them); frees the array.</summary>
    public static List<T> ListAll<T>(ListAllCall call) where T : LibvirtHandle, new()
    {
        nint array = 0;
        int n = call(&array);
        Assert.True(n >= 0, "list-all failed: " + Libvirt.virGetLastErrorMessage());
        var result = new List<T>(n);
        for (int i = 0; i < n; i++) result.Add(LibvirtHandle.FromOwned<T>(((nint*)array)[i]));
        Utf8.Free((void*)array);
        return result;
    }

    public static string UuidString(Func<nint, int> call)
    {
        byte* buf = stackalloc byte[LibvirtConstants.VIR_UUID_STRING_BUFLEN];
        Assert.Equal(0, call((nint)buf));
        return Utf8.Read(buf)!;
    }

    public static void AssertLastError(VirErrorNumber expected)
    {
        VirError* err = Libvirt.virGetLastError();
        Assert.True(err != null, "no libvirt error set");
        Assert.Equal(expected, (VirErrorNumber)err->code);
    }
}
