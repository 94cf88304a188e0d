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
        if (value.Contains('\0')) throw new NulCharacterException(value);
        int len = System.Text.Encoding.UTF8.GetByteCount(value);
        byte* p = (byte*)NativeMemory.Alloc((nuint)len + 1);
        System.Text.Encoding.UTF8.GetBytes(value, new Span<byte>(p, len));
        p[len] = 0;
        return p;
    }
}

/// <summary>
/// Every string argument of a libvirt call: UTF-8 as usual, but a string with a NUL character in it is refused
/// before the call. C stops reading at the NUL, so "test\0junk" would otherwise name the domain "test" and a cmdlet
/// would act on an object the user did not name. Checking here covers every call, whatever cmdlet or provider path made it.
/// </summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(ManagedToUnmanagedIn))]
public static unsafe class LibvirtStringMarshaller
{
    public ref struct ManagedToUnmanagedIn
    {
        private Utf8StringMarshaller.ManagedToUnmanagedIn _utf8;

        public static int BufferSize => Utf8StringMarshaller.ManagedToUnmanagedIn.BufferSize;

        public void FromManaged(string? managed, Span<byte> buffer)
        {
            if (managed is not null && managed.Contains('\0')) throw new NulCharacterException(managed);
            _utf8.FromManaged(managed, buffer);
        }

        public byte* ToUnmanaged() => _utf8.ToUnmanaged();

        public void Free() => _utf8.Free();
    }
}

/// <summary>
/// A string meant for libvirt contains a NUL character (see <see cref="LibvirtStringMarshaller"/>). The message does
/// not repeat the string: it may be a password, and the caller's error record names what the user passed anyway.
/// </summary>
public sealed class NulCharacterException : ArgumentException
{
    public NulCharacterException(ReadOnlySpan<char> value)
        : base($"A string given to libvirt contains a NUL character ([char]0) at position {value.IndexOf('\0')}. libvirt reads a string only up to its first NUL, so it would act on something that was not named: nothing was done.") { }
}
