using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Copies a file into or out of domains' guests through the guest agent (guest-file-open/read/write/close), in chunks.</summary>
[Cmdlet(VerbsCommon.Copy, "DomainGuestFile", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(System.IO.FileInfo))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class CopyDomainGuestFileCommand : LibvirtCmdlet
{
    /// <summary>The file to copy: a local path with -ToGuest, a path in the guest with -FromGuest.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Where to copy it: a path in the guest with -ToGuest, a local file or directory with -FromGuest.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Copies the local file -Path to -Destination in the guest (created or replaced).</summary>
    [Parameter] public SwitchParameter ToGuest { get; set; }

    /// <summary>Copies -Path of the guest to the local -Destination.</summary>
    [Parameter] public SwitchParameter FromGuest { get; set; }

    /// <summary>Writes the local file (FileInfo) with -FromGuest.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private string _local = "";

    protected override void BeginProcessing()
    {
        if (ToGuest == FromGuest)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give either -ToGuest or -FromGuest."),
                "DirectionRequired", ErrorCategory.InvalidArgument, null));
        if (ToGuest)
        {
            _local = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(_local))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"There is no local file '{_local}'.", _local),
                    "LocalFileNotFound", ErrorCategory.ObjectNotFound, Path));
        }
        else
        {
            _local = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
            if (Directory.Exists(_local)) _local = System.IO.Path.Combine(_local, GuestFileName(Path));
            string? dir = System.IO.Path.GetDirectoryName(_local);
            if (dir is not null && !Directory.Exists(dir))
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"There is no local directory '{dir}'."),
                    "LocalDirectoryNotFound", ErrorCategory.ObjectNotFound, Destination));
        }
    }

    /// <summary>The last element of a guest path ('/' or '\' separated).</summary>
    internal static string GuestFileName(string guestPath)
    {
        string name = guestPath.TrimEnd('/', '\\');
        int i = name.LastIndexOfAny(['/', '\\']);
        name = i >= 0 ? name[(i + 1)..] : name;
        return name.Length == 0 ? "guest-file" : name;
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (ToGuest) CopyTo(t); else CopyFrom(t);
    });

    private void CopyTo(Target<DomainHandle> t)
    {
        if (!ShouldProcess(t.Description, $"Copy local file '{_local}' to guest file '{Destination}'")) return;
        using var source = File.OpenRead(_local);
        long size = source.Length;
        var progress = new ProgressRecord(1, $"Copying {System.IO.Path.GetFileName(_local)} to {t.Name}", Destination);
        try
        {
            GuestAgentApi.WriteGuestFile(t.Handle, Destination, source, Stopping, done => Report(progress, done, size));
        }
        catch (GuestAgentCommandException e)
        {
            WriteError(new ErrorRecord(new InvalidOperationException($"Domain '{t.Name}': cannot write guest file '{Destination}': {e.Message}", e),
                "GuestFileWriteFailed", ErrorCategory.WriteError, t.Input));
        }
        finally { Complete(progress); }
    }

    private void CopyFrom(Target<DomainHandle> t)
    {
        if (!ShouldProcess(t.Description, $"Copy guest file '{Path}' to local file '{_local}'")) return;
        var progress = new ProgressRecord(1, $"Copying {Path} from {t.Name}", _local);
        // Written beside the destination, moved over it when complete: a failed copy leaves nothing behind.
        string partial = _local + ".pslv-" + Guid.NewGuid().ToString("N")[..8] + ".partial";
        bool done = false;
        try
        {
            long? size = GuestAgentApi.GuestFileSize(t.Handle, Path);
            using (var destination = File.Create(partial))
                GuestAgentApi.ReadGuestFile(t.Handle, Path, destination, Stopping, n => Report(progress, n, size));
            File.Move(partial, _local, overwrite: true);
            done = true;
            if (PassThru) WriteObject(new FileInfo(_local));
        }
        catch (GuestAgentCommandException e)
        {
            WriteError(new ErrorRecord(new InvalidOperationException($"Domain '{t.Name}': cannot read guest file '{Path}': {e.Message}", e),
                "GuestFileReadFailed", e.Message.Contains("No such file", StringComparison.OrdinalIgnoreCase) ? ErrorCategory.ObjectNotFound : ErrorCategory.ReadError,
                t.Input));
        }
        finally
        {
            Complete(progress);
            if (!done) try { File.Delete(partial); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void Report(ProgressRecord progress, long done, long? size)
    {
        progress.StatusDescription = size is long s ? $"{done:N0} of {s:N0} bytes" : $"{done:N0} bytes";
        if (size is long total && total > 0) progress.PercentComplete = (int)Math.Min(100, done * 100 / total);
        WriteProgress(progress);
    }

    private void Complete(ProgressRecord progress)
    {
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }
}
