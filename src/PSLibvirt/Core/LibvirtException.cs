using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A libvirt call failed. Carries libvirt's error as it was right after the call.</summary>
public class LibvirtException : Exception
{
    public LibvirtException(VirErrorNumber code, VirErrorDomain errorDomain, VirErrorLevel level, string message)
        : base(message)
    {
        Code = code;
        ErrorDomain = errorDomain;
        Level = level;
    }

    public VirErrorNumber Code { get; }
    public VirErrorDomain ErrorDomain { get; }
    public VirErrorLevel Level { get; }

    /// <summary>
    /// For VIR_ERR_SYSTEM_ERROR, the errno of the failed system call (libvirt keeps it in the error's int1, and a
    /// daemon's error carries it over RPC); null for every other code.
    /// </summary>
    public int? SystemErrno { get; init; }

    /// <summary>A stable name for the code, e.g. <c>NoDomain</c> for VIR_ERR_NO_DOMAIN.</summary>
    public string CodeName => ErrorNames.Pascal(Code.ToString(), "VIR_ERR_", "VIR_WAR_");

    /// <summary>
    /// Copies libvirt's thread-local last error. Call it on the thread of the failed call, right after it and
    /// before any other libvirt call: every API call resets that error.
    /// </summary>
    public static unsafe LibvirtException FromLastError(string? fallbackMessage = null)
    {
        VirError* e = Libvirt.virGetLastError();
        if (e == null || e->code == 0)
            return new LibvirtException(VirErrorNumber.VIR_ERR_INTERNAL_ERROR, VirErrorDomain.VIR_FROM_NONE,
                VirErrorLevel.VIR_ERR_ERROR, fallbackMessage ?? "The libvirt call failed without reporting an error.");
        string message = Utf8.Read(e->message) ?? fallbackMessage ?? "Unknown libvirt error.";
        var ex = new LibvirtException((VirErrorNumber)e->code, (VirErrorDomain)e->domain, (VirErrorLevel)(int)e->level, message)
        {
            SystemErrno = e->code == (int)VirErrorNumber.VIR_ERR_SYSTEM_ERROR && e->int1 > 0 ? e->int1 : null,
        };
        Libvirt.virResetLastError();
        return ex;
    }

    // Core calls libvirt through the generated checked layer (Vir.DomainGetName, Vir.TryDomainLookupByName, ... in
    // Native/Generated/Checked.g.cs), which calls FromLastError inside each wrapper: there is no call-site check.
}

internal static partial class Vir
{
    /// <summary>
    /// The error of the failed call just made on <paramref name="on"/> (its first argument, when that is a libvirt
    /// object): libvirt's own error, or the <see cref="ConnectionLostException"/> it stands for when the transport
    /// under that object's connection has died ("client socket is closed", "End of file while reading data").
    /// </summary>
    internal static LibvirtException Failed(string? fallbackMessage, LibvirtHandle? on)
    {
        var ex = LibvirtException.FromLastError(fallbackMessage);
        return on is null ? ex : LibvirtConnection.Classify(ex, on);
    }
}

/// <summary>The connection closed under us (the daemon went away, keepalive timed out, or it was disconnected).</summary>
public sealed class ConnectionLostException : LibvirtException
{
    public ConnectionLostException(string uri, string reason)
        : base(VirErrorNumber.VIR_ERR_NO_CONNECT, VirErrorDomain.VIR_FROM_RPC, VirErrorLevel.VIR_ERR_ERROR,
               $"The connection to '{uri}' is no longer usable: {reason}. Connect again with Connect-Hypervisor.")
    {
        Uri = uri;
    }

    public string Uri { get; }
}

internal static class ErrorNames
{
    /// <summary>VIR_ERR_NO_DOMAIN -> NoDomain.</summary>
    public static string Pascal(string cName, params string[] prefixes)
    {
        foreach (var p in prefixes)
            if (cName.StartsWith(p, StringComparison.Ordinal)) { cName = cName.Substring(p.Length); break; }
        var sb = new System.Text.StringBuilder(cName.Length);
        foreach (var part in cName.Split('_', StringSplitOptions.RemoveEmptyEntries))
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.Substring(1).ToLowerInvariant());
        return sb.ToString();
    }
}

/// <summary>
/// libvirt refused a definition (define or create from XML) with an "internal error" that is in fact a fault of the
/// document ("range ... is not entirely within network", "Missing source path attribute for char device"): the
/// user's input, not libvirt's bug. Code, domain and message are libvirt's.
/// </summary>
public sealed class DefinitionRefusedException : LibvirtException
{
    public DefinitionRefusedException(LibvirtException inner)
        : base(inner.Code, inner.ErrorDomain, inner.Level, inner.Message) { }
}

/// <summary>Calls that hand libvirt a definition, so that its parser's refusals are <see cref="DefinitionRefusedException"/>.</summary>
internal static class Definitions
{
    public static T Parse<T>(Func<T> define)
    {
        try { return define(); }
        catch (LibvirtException ex) when (ex.Code == VirErrorNumber.VIR_ERR_INTERNAL_ERROR && ex is not ConnectionLostException)
        {
            throw new DefinitionRefusedException(ex);
        }
    }
}
