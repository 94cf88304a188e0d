using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Native;

namespace PSLibvirt.Services;

/// <summary>The one table from libvirt error codes to PowerShell error categories.</summary>
internal static class ErrorMapping
{
    private static readonly Dictionary<VirErrorNumber, ErrorCategory> Table = new()
    {
        [VirErrorNumber.VIR_ERR_NO_DOMAIN] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_NETWORK] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_STORAGE_POOL] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_STORAGE_VOL] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_INTERFACE] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_NODE_DEVICE] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_SECRET] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_NWFILTER] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_NWFILTER_BINDING] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_DOMAIN_CHECKPOINT] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_NETWORK_PORT] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_DOMAIN_BACKUP] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_DOMAIN_METADATA] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_HOSTNAME] = ErrorCategory.ObjectNotFound,
        [VirErrorNumber.VIR_ERR_NO_SUPPORT] = ErrorCategory.NotImplemented,
        [VirErrorNumber.VIR_ERR_NO_CONNECT] = ErrorCategory.ConnectionError,
        [VirErrorNumber.VIR_ERR_RPC] = ErrorCategory.ConnectionError,
        [VirErrorNumber.VIR_ERR_SYSTEM_ERROR] = ErrorCategory.ConnectionError,
        [VirErrorNumber.VIR_ERR_INVALID_CONN] = ErrorCategory.ConnectionError,
        [VirErrorNumber.VIR_ERR_AUTH_FAILED] = ErrorCategory.SecurityError,
        [VirErrorNumber.VIR_ERR_AUTH_CANCELLED] = ErrorCategory.SecurityError,
        [VirErrorNumber.VIR_ERR_AUTH_UNAVAILABLE] = ErrorCategory.SecurityError,
        [VirErrorNumber.VIR_ERR_ACCESS_DENIED] = ErrorCategory.PermissionDenied,
        [VirErrorNumber.VIR_ERR_OPERATION_DENIED] = ErrorCategory.PermissionDenied,
        [VirErrorNumber.VIR_ERR_INVALID_ARG] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_XML_ERROR] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_XML_DETAIL] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_XML_INVALID_SCHEMA] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_CONFIG_UNSUPPORTED] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_INVALID_DOMAIN] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_INVALID_NETWORK] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_INVALID_STORAGE_POOL] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_INVALID_STORAGE_VOL] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_INVALID_SECRET] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_INVALID_MAC] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_NO_NAME] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_NO_OS] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_NO_DEVICE] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_UNKNOWN_HOST] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_OPERATION_INVALID] = ErrorCategory.InvalidOperation,
        [VirErrorNumber.VIR_ERR_OPERATION_FAILED] = ErrorCategory.InvalidOperation,
        [VirErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED] = ErrorCategory.NotImplemented,
        [VirErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED] = ErrorCategory.NotImplemented,
        [VirErrorNumber.VIR_ERR_OPERATION_ABORTED] = ErrorCategory.OperationStopped,
        [VirErrorNumber.VIR_ERR_OPERATION_TIMEOUT] = ErrorCategory.OperationTimeout,
        [VirErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE] = ErrorCategory.OperationTimeout,
        [VirErrorNumber.VIR_ERR_DOM_EXIST] = ErrorCategory.ResourceExists,
        [VirErrorNumber.VIR_ERR_NETWORK_EXIST] = ErrorCategory.ResourceExists,
        [VirErrorNumber.VIR_ERR_STORAGE_POOL_BUILT] = ErrorCategory.ResourceExists,
        [VirErrorNumber.VIR_ERR_RESOURCE_BUSY] = ErrorCategory.ResourceBusy,
        [VirErrorNumber.VIR_ERR_STORAGE_VOL_EXIST] = ErrorCategory.ResourceExists,
        [VirErrorNumber.VIR_ERR_MIGRATE_PERSIST_FAILED] = ErrorCategory.InvalidOperation,
        [VirErrorNumber.VIR_ERR_NO_MEMORY] = ErrorCategory.ResourceUnavailable,
        [VirErrorNumber.VIR_ERR_STORAGE_PROBE_FAILED] = ErrorCategory.ReadError,
        [VirErrorNumber.VIR_ERR_READ_FAILED] = ErrorCategory.ReadError,
        [VirErrorNumber.VIR_ERR_WRITE_FAILED] = ErrorCategory.WriteError,
        [VirErrorNumber.VIR_ERR_GET_FAILED] = ErrorCategory.ReadError,
        [VirErrorNumber.VIR_ERR_POST_FAILED] = ErrorCategory.WriteError,
        [VirErrorNumber.VIR_ERR_HTTP_ERROR] = ErrorCategory.ConnectionError,
        [VirErrorNumber.VIR_ERR_NO_SECURITY_MODEL] = ErrorCategory.NotImplemented,
        [VirErrorNumber.VIR_ERR_NO_SOURCE] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_NO_TARGET] = ErrorCategory.InvalidArgument,
        [VirErrorNumber.VIR_ERR_CPU_INCOMPATIBLE] = ErrorCategory.InvalidOperation,
        [VirErrorNumber.VIR_ERR_SNAPSHOT_REVERT_RISKY] = ErrorCategory.InvalidOperation,
        [VirErrorNumber.VIR_ERR_BLOCK_COPY_ACTIVE] = ErrorCategory.ResourceBusy,
        [VirErrorNumber.VIR_ERR_MULTIPLE_DOMAINS] = ErrorCategory.InvalidResult,
    };

    /// <summary>
    /// True for a failure to report as an error; false for the engine's own control flow (Ctrl+C, a stopped pipeline,
    /// -ErrorAction Stop), which must travel on untouched.
    /// </summary>
    public static bool IsReportable(Exception ex) =>
        ex is not (PipelineStoppedException or PipelineClosedException or OperationCanceledException or
                   ActionPreferenceStopException or HaltCommandException);

    public static ErrorCategory Category(VirErrorNumber code) =>
        Table.TryGetValue(code, out var c) ? c : ErrorCategory.NotSpecified;

    /// <summary>
    /// The category of a libvirt error. A system error (VIR_ERR_SYSTEM_ERROR, libvirt's report of a failed system
    /// call) says what failed by its errno: a missing file is ObjectNotFound, a refused one PermissionDenied. One
    /// raised by the transport (RPC, remote driver: a socket that is missing or refused) stays ConnectionError, as
    /// does a system error whose errno names nothing more specific.
    /// </summary>
    public static ErrorCategory Category(LibvirtException e)
    {
        if (e.Code != VirErrorNumber.VIR_ERR_SYSTEM_ERROR || e.SystemErrno is not int errno ||
            e.ErrorDomain is VirErrorDomain.VIR_FROM_RPC or VirErrorDomain.VIR_FROM_REMOTE or VirErrorDomain.VIR_FROM_SSH or VirErrorDomain.VIR_FROM_LIBSSH)
            return Category(e.Code);
        return SystemErrnoCategory(errno) ?? Category(e.Code);
    }

    /// <summary>Linux errno values (libvirt's hosts) with a more telling category than ConnectionError.</summary>
    internal static ErrorCategory? SystemErrnoCategory(int errno) => errno switch
    {
        2 or 20 => ErrorCategory.ObjectNotFound,           // ENOENT, ENOTDIR
        1 or 13 or 30 => ErrorCategory.PermissionDenied,   // EPERM, EACCES, EROFS
        17 => ErrorCategory.ResourceExists,                // EEXIST
        16 or 26 => ErrorCategory.ResourceBusy,            // EBUSY, ETXTBSY
        21 or 22 or 36 => ErrorCategory.InvalidArgument,   // EISDIR, EINVAL, ENAMETOOLONG
        28 or 122 => ErrorCategory.WriteError,             // ENOSPC, EDQUOT
        5 => ErrorCategory.ReadError,                      // EIO
        12 => ErrorCategory.ResourceUnavailable,           // ENOMEM
        110 => ErrorCategory.OperationTimeout,             // ETIMEDOUT
        _ => null,
    };

    /// <summary>An ErrorRecord for any exception a cmdlet catches; libvirt errors get their mapped category.</summary>
    public static ErrorRecord ToErrorRecord(Exception ex, object? target, string? errorId = null)
    {
        return ex switch
        {
            WorkErrorException we => we.ToErrorRecord(),
            ConnectionLostException cl => new ErrorRecord(cl, errorId ?? "ConnectionLost", ErrorCategory.ConnectionError, target),
            DefinitionRefusedException d => new ErrorRecord(d, errorId ?? "Libvirt" + d.CodeName, ErrorCategory.InvalidArgument, target),
            LibvirtException le => new ErrorRecord(le, errorId ?? "Libvirt" + le.CodeName, Category(le), target),
            Core.ObjectIsActiveException ia => new ErrorRecord(ia, errorId ?? ia.ErrorId, ErrorCategory.InvalidOperation, target),
            Core.ObjectNotFoundException of => new ErrorRecord(of, errorId ?? of.Kind.NotFoundId, ErrorCategory.ObjectNotFound, target),
            Native.LibvirtNotFoundException nf => new ErrorRecord(nf, errorId ?? "LibvirtNotInstalled", ErrorCategory.NotInstalled, target),
            System.IO.FileNotFoundException fe => new ErrorRecord(fe, errorId ?? "FileNotFound", ErrorCategory.ObjectNotFound, target),
            UnauthorizedAccessException ue => new ErrorRecord(ue, errorId ?? "AccessDenied", ErrorCategory.PermissionDenied, target),
            System.IO.IOException ie => new ErrorRecord(ie, errorId ?? "IOError", ErrorCategory.WriteError, target),
            InvalidUriException ue => new ErrorRecord(ue, errorId ?? "InvalidUri", ErrorCategory.InvalidArgument, target),
            // The id names the fault whatever the cmdlet was doing: no errorId of the caller replaces it.
            PSLibvirt.Native.NulCharacterException ne => new ErrorRecord(ne, "StringContainsNul", ErrorCategory.InvalidArgument, target),
            ArgumentException ae => new ErrorRecord(ae, errorId ?? "InvalidArgument", ErrorCategory.InvalidArgument, target),
            System.Xml.XmlException xe => new ErrorRecord(xe, errorId ?? "InvalidXml", ErrorCategory.InvalidArgument, target),
            TimeoutException te => new ErrorRecord(te, errorId ?? "Timeout", ErrorCategory.OperationTimeout, target),
            _ => new ErrorRecord(ex, errorId ?? ex.GetType().Name, ErrorCategory.NotSpecified, target),
        };
    }

    /// <summary>The terminating error of a cmdlet that needs a connection when none is open and none was given.</summary>
    public static ErrorRecord NoConnection() => new(
        new InvalidOperationException("There is no open hypervisor connection. Open one with Connect-Hypervisor (e.g. Connect-Hypervisor -Uri qemu:///system), or pass -Connection."),
        "NoConnection", ErrorCategory.ConnectionError, null);
}

/// <summary>
/// An error of the cmdlet's own (not libvirt's) raised by work that may run in a job, where it cannot call WriteError:
/// it carries the ErrorId, category and target that the cmdlet writes, and <see cref="ErrorMapping.ToErrorRecord"/>
/// turns it back into that record (with <see cref="Exception.InnerException"/> as its exception), inline or in the job.
/// </summary>
internal sealed class WorkErrorException : Exception
{
    public WorkErrorException(Exception error, string errorId, ErrorCategory category, object? target, string? details = null)
        : base(details ?? error.Message, error)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
        Details = details;
    }

    /// <summary>The message to show instead of the exception's, when the error says more than its cause (ErrorDetails).</summary>
    public string? Details { get; }

    public string ErrorId { get; }
    public ErrorCategory Category { get; }
    public object? Target { get; }

    public ErrorRecord ToErrorRecord()
    {
        var record = new ErrorRecord(InnerException!, ErrorId, Category, Target);
        if (Details is not null) record.ErrorDetails = new ErrorDetails(Details);
        return record;
    }

}
