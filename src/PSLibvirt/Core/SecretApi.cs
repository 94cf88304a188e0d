using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Xml.Linq;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Secrets (virsh secret-*): list, look up by UUID or usage, define, XML, undefine, and the value. The value never
/// becomes a string: it is read into a SecureString (or a pinned byte[] that the caller wipes), and every
/// intermediate buffer, native or managed, is zeroed before it is released.
/// </summary>
internal static class SecretApi
{
    /// <summary>virConnectListAllSecrets: every secret's handle (the caller disposes them).</summary>
    public static unsafe List<SecretHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = Vir.ConnectListAllSecrets(connection.Handle, (nint*)&array);
        return LibvirtHandle.TakeArray<SecretHandle>(array, n);
    }

    public static List<Secret> List(LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var handles = ListAll(connection);
        try
        {
            var result = new List<Secret>(handles.Count);
            foreach (var h in handles) result.Add(Snapshot(h, hypervisor));
            return result;
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    public static unsafe Guid GetUuid(SecretHandle h)
    {
        byte* raw = stackalloc byte[16];
        Vir.SecretGetUUID(h, raw);
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    public static Secret Snapshot(SecretHandle h, Hypervisor? hypervisor)
    {
        int usage = Vir.SecretGetUsageType(h);
        string? usageId = null;
        if (usage != 0)
        {
            try { usageId = Vir.SecretGetUsageID(h); }
            catch (LibvirtException) { } // No usage ID: shown as none.
        }
        var facts = ParseXml(GetXml(h));
        return new Secret
        {
            Uuid = GetUuid(h),
            UsageType = (SecretUsageType)usage,
            UsageId = usageId,
            Description = facts.Description,
            Ephemeral = facts.Ephemeral,
            Private = facts.Private,
            Hypervisor = hypervisor,
        };
    }

    /// <summary>What a secret's XML tells beyond virSecretGet*: description, ephemeral, private.</summary>
    public readonly record struct SecretXmlFacts(string? Description, bool Ephemeral, bool Private);

    public static SecretXmlFacts ParseXml(string xml)
    {
        var root = LibvirtXml.Parse(xml).Root ?? throw new ArgumentException("The secret XML has no root element.", nameof(xml));
        static bool Yes(XAttribute? a) => string.Equals((string?)a, "yes", StringComparison.Ordinal);
        string? description = (string?)root.Element("description");
        return new SecretXmlFacts(string.IsNullOrEmpty(description) ? null : description, Yes(root.Attribute("ephemeral")), Yes(root.Attribute("private")));
    }

    /// <summary>The element under &lt;usage&gt; that names the usage: &lt;volume&gt; (a path), &lt;target&gt; (iSCSI), else &lt;name&gt; (Ceph, TLS, vTPM).</summary>
    public static string UsageElement(SecretUsageType type) => type switch
    {
        SecretUsageType.Volume => "volume",
        SecretUsageType.Iscsi => "target",
        SecretUsageType.Ceph or SecretUsageType.Tls or SecretUsageType.Vtpm => "name",
        _ => throw new ArgumentException($"A secret of usage type {type} has no usage ID.", nameof(type)),
    };

    /// <summary>Secret XML from its parts (what virsh secret-define takes). The value is never part of it.</summary>
    public static string BuildXml(SecretUsageType usageType, string? usageId, string? description, bool ephemeral, bool @private, Guid? uuid = null)
    {
        var root = new XElement("secret",
            new XAttribute("ephemeral", ephemeral ? "yes" : "no"),
            new XAttribute("private", @private ? "yes" : "no"));
        if (uuid is Guid u) root.Add(new XElement("uuid", u.ToString("D")));
        if (!string.IsNullOrEmpty(description)) root.Add(new XElement("description", description));
        if (usageType != SecretUsageType.None)
        {
            if (string.IsNullOrEmpty(usageId))
                throw new ArgumentException($"A secret of usage type {usageType} needs a usage ID (-UsageId).", nameof(usageId));
            root.Add(new XElement("usage", new XAttribute("type", usageType.ToString().ToLowerInvariant()),
                new XElement(UsageElement(usageType), usageId)));
        }
        else if (!string.IsNullOrEmpty(usageId))
            throw new ArgumentException("A secret without a usage type (None) has no usage ID: give -UsageType too.", nameof(usageId));
        return root.ToString(SaveOptions.None);
    }

    /// <summary>The secret with <paramref name="uuid"/>, or null when there is none.</summary>
    public static SecretHandle? TryLookupByUuid(LibvirtConnection c, Guid uuid) => Vir.TrySecretLookupByUUIDString(c.Handle, uuid.ToString("D"));

    /// <summary>virSecretLookupByUsage: the secret of this usage, or null when there is none.</summary>
    public static SecretHandle? TryLookupByUsage(LibvirtConnection c, SecretUsageType type, string usageId) =>
        Vir.TrySecretLookupByUsage(c.Handle, (int)type, usageId);

    /// <summary>Defines (or redefines) a secret; libvirt validates the XML against its schema first (virsh secret-define --validate).</summary>
    public static SecretHandle Define(LibvirtConnection c, string xml) => Definitions.Parse(() => Vir.SecretDefineXML(c.Handle, xml, VirSecretDefineFlags.VIR_SECRET_DEFINE_VALIDATE));

    public static string GetXml(SecretHandle h) => Vir.SecretGetXMLDesc(h);

    public static void Undefine(SecretHandle h) => Vir.SecretUndefine(h);

    // ------------------------------------------------------------------ the value

    /// <summary>
    /// virSecretGetValue into a pinned byte[] (so the GC never leaves a copy behind); the native buffer is zeroed and
    /// freed. The caller owns the array and must wipe it (<see cref="Wipe(byte[])"/>) when done.
    /// </summary>
    public static unsafe byte[] GetValueBytes(SecretHandle h)
    {
        nuint size = 0;
        byte* value = Vir.SecretGetValue(h, &size);
        try { return CopyAndZero(value, size); }
        finally { Utf8.Free(value); }
    }

    /// <summary>The value as a SecureString of its UTF-8 text; a value that is not valid UTF-8 is an ArgumentException (read it as bytes).</summary>
    public static SecureString GetValue(SecretHandle h)
    {
        byte[] bytes = GetValueBytes(h);
        try { return ToSecureString(bytes); }
        finally { Wipe(bytes); }
    }

    /// <summary>virSecretSetValue with these bytes.</summary>
    public static unsafe void SetValue(SecretHandle h, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            byte dummy = 0;
            Vir.SecretSetValue(h, p == null ? &dummy : p, (nuint)value.Length);
        }
    }

    /// <summary>
    /// virSecretSetValue with the UTF-8 text of <paramref name="value"/>, or with <paramref name="base64"/> the bytes
    /// that text decodes to (binary keys, such as Ceph's, travel as base64); the intermediate bytes are wiped.
    /// </summary>
    public static void SetValue(SecretHandle h, SecureString value, bool base64 = false)
    {
        byte[] bytes = base64 ? FromBase64(value) : ToUtf8Bytes(value);
        try { SetValue(h, bytes); }
        finally { Wipe(bytes); }
    }

    /// <summary>
    /// The bytes a SecureString's base64 text decodes to (white space ignored), in a pinned array that the caller
    /// wipes. Text that is not base64 is an ArgumentException whose message does not include it.
    /// </summary>
    public static unsafe byte[] FromBase64(SecureString value)
    {
        nint bstr = Marshal.SecureStringToGlobalAllocUnicode(value);
        byte[] buffer = GC.AllocateUninitializedArray<byte>((value.Length * 3 + 3) / 4, pinned: true);
        try
        {
            var chars = new ReadOnlySpan<char>((void*)bstr, value.Length);
            if (!Convert.TryFromBase64Chars(chars, buffer, out int written))
                throw new ArgumentException("The value is not base64 text (-Base64 decodes it to the bytes to store); without -Base64 its UTF-8 bytes are stored.");
            byte[] result = GC.AllocateUninitializedArray<byte>(written, pinned: true);
            buffer.AsSpan(0, written).CopyTo(result);
            return result;
        }
        finally
        {
            Wipe(buffer);
            Marshal.ZeroFreeGlobalAllocUnicode(bstr);
        }
    }

    /// <summary>Copies <paramref name="size"/> native bytes into a new pinned array, then zeroes the native buffer (it does not free it).</summary>
    internal static unsafe byte[] CopyAndZero(byte* native, nuint size)
    {
        var span = new Span<byte>(native, checked((int)size));
        byte[] copy = GC.AllocateUninitializedArray<byte>(span.Length, pinned: true);
        span.CopyTo(copy);
        CryptographicClear(span);
        return copy;
    }

    /// <summary>Zeroes an array (the compiler cannot drop it as a dead store).</summary>
    public static void Wipe(byte[]? bytes)
    {
        if (bytes is not null) CryptographicClear(bytes);
    }

    private static void CryptographicClear(Span<byte> span) =>
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(span);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A read-only SecureString of the UTF-8 text in <paramref name="utf8"/>, decoded through a pinned char buffer that
    /// is zeroed afterwards. Invalid UTF-8 is an ArgumentException whose message does not include the bytes.
    /// </summary>
    public static unsafe SecureString ToSecureString(ReadOnlySpan<byte> utf8)
    {
        int count;
        try { count = StrictUtf8.GetCharCount(utf8); }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException("The secret's value is not UTF-8 text, so it cannot be a SecureString: read it with -AsByteArray.");
        }
        char[] chars = GC.AllocateUninitializedArray<char>(count, pinned: true);
        try
        {
            StrictUtf8.GetChars(utf8, chars);
            fixed (char* p = chars)
            {
                var s = count == 0 ? new SecureString() : new SecureString(p, count);
                s.MakeReadOnly();
                return s;
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chars.AsSpan()));
        }
    }

    /// <summary>The UTF-8 bytes of a SecureString's text in a pinned array that the caller wipes; the unmanaged UTF-16 copy is zeroed and freed.</summary>
    public static unsafe byte[] ToUtf8Bytes(SecureString value)
    {
        nint bstr = Marshal.SecureStringToGlobalAllocUnicode(value);
        try
        {
            var chars = new ReadOnlySpan<char>((void*)bstr, value.Length);
            byte[] bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetByteCount(chars), pinned: true);
            Encoding.UTF8.GetBytes(chars, bytes);
            return bytes;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(bstr);
        }
    }
}
