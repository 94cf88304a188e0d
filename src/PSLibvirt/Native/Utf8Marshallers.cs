using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace PSLibvirt.Native;

/// <summary>A returned <c>char *</c> that the caller owns: copied into a string, then released with free().</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedOut, typeof(OwnedUtf8StringMarshaller))]
public static unsafe class OwnedUtf8StringMarshaller
{
    public static string? ConvertToManaged(byte* unmanaged) => Utf8.Read(unmanaged);
    public static void Free(byte* unmanaged) => Utf8.Free(unmanaged);
}

/// <summary>A returned <c>const char *</c> that libvirt keeps: copied, never freed.</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedOut, typeof(BorrowedUtf8StringMarshaller))]
public static unsafe class BorrowedUtf8StringMarshaller
{
    public static string? ConvertToManaged(byte* unmanaged) => Utf8.Read(unmanaged);
}

/// <summary>Helpers for C strings and memory that libvirt allocates or frees with the C allocator.</summary>
public static unsafe class Utf8
{
    public static string? Read(byte* p) => p == null ? null : Marshal.PtrToStringUTF8((IntPtr)p);
    public static string? Read(nint p) => Read((byte*)p);

    /// <summary>Reads and frees an owned string.</summary>
    public static string? ReadAndFree(nint p)
    {
        try { return Read(p); } finally { Free((void*)p); }
    }

    public static void Free(void* p)
    {
        if (p != null) NativeMemory.Free(p);
    }

    /// <summary>A malloc'ed, NUL-terminated copy of <paramref name="value"/>, for answers libvirt frees itself.</summary>
    public static byte* AllocCopy(ReadOnlySpan<char> value)
    {
        int len = System.Text.Encoding.UTF8.GetByteCount(value);
        byte* p = (byte*)NativeMemory.Alloc((nuint)len + 1);
        System.Text.Encoding.UTF8.GetBytes(value, new Span<byte>(p, len));
        p[len] = 0;
        return p;
    }
}
