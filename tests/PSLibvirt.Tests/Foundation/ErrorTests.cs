using System.Management.Automation;
using PSLibvirt.Services;
using PSLibvirt.Commands;
using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

public class ErrorTests
{
    [Fact]
    public void FromLastError_CopiesTheErrorOfTheFailedCall()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var dom = Libvirt.virDomainLookupByName(c.Handle, "no-such-domain");
        Assert.True(dom.IsInvalid);
        var ex = LibvirtException.FromLastError();
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_DOMAIN, ex.Code);
        Assert.Equal("NoDomain", ex.CodeName);
        Assert.Contains("not found", ex.Message, StringComparison.OrdinalIgnoreCase);
        // Reading it reset it: a second read has nothing from libvirt.
        Assert.Equal(VirErrorNumber.VIR_ERR_INTERNAL_ERROR, LibvirtException.FromLastError("none").Code);
    }

    [Fact]
    public void CheckedLookup_ThrowsLibvirtsError()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var ex = Assert.Throws<LibvirtException>(() => Vir.NetworkLookupByName(c.Handle, "nope"));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_NETWORK, ex.Code);
    }

    [Theory]
    [InlineData(VirErrorNumber.VIR_ERR_NO_DOMAIN, ErrorCategory.ObjectNotFound)]
    [InlineData(VirErrorNumber.VIR_ERR_NO_STORAGE_POOL, ErrorCategory.ObjectNotFound)]
    [InlineData(VirErrorNumber.VIR_ERR_INVALID_ARG, ErrorCategory.InvalidArgument)]
    [InlineData(VirErrorNumber.VIR_ERR_XML_ERROR, ErrorCategory.InvalidArgument)]
    [InlineData(VirErrorNumber.VIR_ERR_AUTH_FAILED, ErrorCategory.SecurityError)]
    [InlineData(VirErrorNumber.VIR_ERR_ACCESS_DENIED, ErrorCategory.PermissionDenied)]
    [InlineData(VirErrorNumber.VIR_ERR_NO_CONNECT, ErrorCategory.ConnectionError)]
    [InlineData(VirErrorNumber.VIR_ERR_RPC, ErrorCategory.ConnectionError)]
    [InlineData(VirErrorNumber.VIR_ERR_OPERATION_INVALID, ErrorCategory.InvalidOperation)]
    [InlineData(VirErrorNumber.VIR_ERR_NO_SUPPORT, ErrorCategory.NotImplemented)]
    [InlineData(VirErrorNumber.VIR_ERR_DOM_EXIST, ErrorCategory.ResourceExists)]
    [InlineData(VirErrorNumber.VIR_ERR_OPERATION_TIMEOUT, ErrorCategory.OperationTimeout)]
    [InlineData(VirErrorNumber.VIR_ERR_INTERNAL_ERROR, ErrorCategory.NotSpecified)]
    public void Category_FollowsTheTable(VirErrorNumber code, ErrorCategory expected) =>
        Assert.Equal(expected, ErrorMapping.Category(code));

    [Fact]
    public void SystemError_CarriesItsErrno_AndAMissingFileIsObjectNotFound()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var ex = Assert.Throws<LibvirtException>(() => Vir.DomainSaveImageGetXMLDesc(c.Handle, "/nonexistent/pslibvirt.save"));
        Assert.Equal(VirErrorNumber.VIR_ERR_SYSTEM_ERROR, ex.Code);
        Assert.Equal(2, ex.SystemErrno); // ENOENT
        Assert.Equal(ErrorCategory.ObjectNotFound, ErrorMapping.ToErrorRecord(ex, "/nonexistent/pslibvirt.save").CategoryInfo.Category);
        Assert.Null(Assert.Throws<LibvirtException>(() => Vir.NetworkLookupByName(c.Handle, "nope")).SystemErrno);
    }

    [Theory]
    [InlineData(VirErrorDomain.VIR_FROM_NONE, 2, ErrorCategory.ObjectNotFound)]
    [InlineData(VirErrorDomain.VIR_FROM_STORAGE, 13, ErrorCategory.PermissionDenied)]
    [InlineData(VirErrorDomain.VIR_FROM_QEMU, 28, ErrorCategory.WriteError)]
    [InlineData(VirErrorDomain.VIR_FROM_QEMU, 17, ErrorCategory.ResourceExists)]
    [InlineData(VirErrorDomain.VIR_FROM_QEMU, 9999, ErrorCategory.ConnectionError)]     // no errno of ours: the code's category
    [InlineData(VirErrorDomain.VIR_FROM_RPC, 2, ErrorCategory.ConnectionError)]         // a missing daemon socket
    [InlineData(VirErrorDomain.VIR_FROM_REMOTE, 13, ErrorCategory.ConnectionError)]
    [InlineData(VirErrorDomain.VIR_FROM_SSH, 111, ErrorCategory.ConnectionError)]
    public void SystemError_CategoryFollowsErrno_ExceptFromTheTransport(VirErrorDomain domain, int errno, ErrorCategory expected)
    {
        var e = new LibvirtException(VirErrorNumber.VIR_ERR_SYSTEM_ERROR, domain, VirErrorLevel.VIR_ERR_ERROR, "failed") { SystemErrno = errno };
        Assert.Equal(expected, ErrorMapping.Category(e));
    }

    [Fact]
    public void ToErrorRecord_UsesStableIdsAndKeepsTheTarget()
    {
        var le = new LibvirtException(VirErrorNumber.VIR_ERR_NO_DOMAIN, VirErrorDomain.VIR_FROM_DOM, VirErrorLevel.VIR_ERR_ERROR, "gone");
        var r = ErrorMapping.ToErrorRecord(le, "web1");
        Assert.Equal("LibvirtNoDomain", r.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, r.CategoryInfo.Category);
        Assert.Equal("web1", r.TargetObject);

        var lost = ErrorMapping.ToErrorRecord(new ConnectionLostException("qemu+tcp://h/system", "the keepalive timed out"), "h");
        Assert.Equal("ConnectionLost", lost.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, lost.CategoryInfo.Category);

        var missing = ErrorMapping.ToErrorRecord(new LibvirtNotFoundException("x"), null);
        Assert.Equal(ErrorCategory.NotInstalled, missing.CategoryInfo.Category);
    }

    [Fact]
    public void AWorkError_IsTheRecordTheCmdletWrites_InlineAndInAJob()
    {
        var timeout = new TimeoutException("Domain 'test' did not shut off within 2 s; it is still Running.");
        var we = new WorkErrorException(timeout, "StopTimeout", ErrorCategory.OperationTimeout, "test");
        Assert.Equal(timeout.Message, we.Message);

        var r = ErrorMapping.ToErrorRecord(we, "ignored", "IgnoredId");
        Assert.Same(timeout, r.Exception);
        Assert.Equal("StopTimeout", r.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, r.CategoryInfo.Category);
        Assert.Equal("test", r.TargetObject);

        using var child = new LibvirtChildJob("Stop-Domain test", "t", "other", _ => throw we, null, typeof(StopDomainCommand), "Stop-Domain", null);
        var j = child.ToJobError(we);
        Assert.Same(timeout, j.Exception);
        Assert.Equal("StopTimeout,PSLibvirt.Commands.StopDomainCommand", j.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, j.CategoryInfo.Category);
        Assert.Equal("Stop-Domain", j.CategoryInfo.Activity);
        Assert.Equal("test", j.TargetObject);
    }

    [Fact]
    public void MissingLibraryMessage_NamesTheFilesAndThePackage()
    {
        string m = LibvirtLibrary.MissingLibraryMessage(LibvirtLibrary.Name, "dlopen failed");
        Assert.Contains("libvirt.so.0", m);
        Assert.Contains("apt-get install libvirt0", m);
        Assert.EndsWith("dlopen failed", m);
        Assert.Equal(new[] { "libvirt.so.0", "libvirt.so" }, LibvirtLibrary.CandidateFileNames("libvirt"));
    }

    [Fact]
    public void MissingLibrary_IsAClearExceptionNotACrash()
    {
        // The same resolver path a missing libvirt takes: a library that does not exist.
        Assert.False(System.Runtime.InteropServices.NativeLibrary.TryLoad("libvirt-definitely-missing.so.0", out _));
        var ex = new LibvirtNotFoundException(LibvirtLibrary.MissingLibraryMessage(LibvirtLibrary.Name, null));
        Assert.IsAssignableFrom<DllNotFoundException>(ex);
    }

    [Fact]
    public void CloseReasons_AreReadable()
    {
        Assert.Contains("keepalive", LibvirtConnection.CloseReasonText(2));
        Assert.Contains("end of file", LibvirtConnection.CloseReasonText(1));
    }
}
