using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Writes a domain's memory to a file on its host (virsh dump), for a crash analysis. Shows the job's progress;
/// Ctrl+C (Stop-Job) aborts the dump and says so.
/// </summary>
[Cmdlet(VerbsData.Save, "DomainCoreDump", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SaveDomainCoreDumpCommand : LibvirtCmdlet
{
    /// <summary>The file to write, on the host of the connection.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The dump's format: Raw (QEMU's ELF core, the default) or a kdump/Windows format (needs -MemoryOnly).</summary>
    [Parameter] public DomainCoreDumpFormat Format { get; set; }

    /// <summary>Dump guest memory only (QEMU's dump-guest-memory), which crash tools read; needed for the kdump formats.</summary>
    [Parameter] public SwitchParameter MemoryOnly { get; set; }

    /// <summary>Keep the guest running while it is dumped (without it, it is paused for the dump).</summary>
    [Parameter] public SwitchParameter Live { get; set; }

    /// <summary>Stop the domain (crashed) once dumped.</summary>
    [Parameter] public SwitchParameter Crash { get; set; }

    /// <summary>Reset the domain once dumped.</summary>
    [Parameter] public SwitchParameter Reset { get; set; }

    /// <summary>Write around the host's file cache.</summary>
    [Parameter] public SwitchParameter BypassCache { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Crash, Reset, nameof(Crash), nameof(Reset), "the domain is either stopped or reset after the dump");
        if (Format != DomainCoreDumpFormat.Raw && !MemoryOnly)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Format {Format} writes guest memory only: add -MemoryOnly."),
                "FormatNeedsMemoryOnly", ErrorCategory.InvalidArgument, Format));
    }

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        string path = GetUnresolvedProviderPathFromPSPath(Path!);
        if (!_used.Add(path))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{path}' already holds the dump of another domain of this command; give each domain its own -Path."),
                "DumpPathInUse", ErrorCategory.InvalidArgument, t.Input));
            return null;
        }
        if (!ShouldProcess(t.Description, $"Dump memory to '{path}'{(Format == DomainCoreDumpFormat.Raw ? "" : $" ({Format})")}{(Crash ? ", then stop it" : Reset ? ", then reset it" : "")}")) return null;
        if (!LibvirtConnection.IsRemote(t.Connection.Uri) && SaveDomainCommand.CheckWritable(path) is { } problem)
        {
            WriteError(new ErrorRecord(new IOException($"Cannot dump domain '{t.Name}' to '{path}': {problem} The domain was not changed."),
                "DumpPathNotWritable", ErrorCategory.WriteError, path));
            return null;
        }
        var format = Format;
        var flags = DomainJobApi.DumpFlags(MemoryOnly, Live, Crash, Reset, BypassCache);
        return context =>
        {
            string activity = $"Dumping domain {t.Name} to {path}";
            try
            {
                DomainJobApi.CoreDump(t.Handle, path, format, flags,
                    j => context.WriteProgress(ProgressOf(new ProgressRecord(1, activity, "Dumping"), j)), context.Stopping,
                    warn: m => { try { context.WriteWarning(m); } catch (PipelineStoppedException) { } });
            }
            catch (JobAbortedException e)
            {
                try { context.WriteWarning(e.Message); } catch (PipelineStoppedException) { }
                throw;
            }
            finally
            {
                context.WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            context.WriteVerbose($"Dumped domain '{t.Name}' to '{path}'.");
        };
    });

    /// <summary>The progress record of one job reading: percent and bytes when the total is known, else the time so far.</summary>
    internal static ProgressRecord ProgressOf(ProgressRecord record, DomainJobInfo j)
    {
        if (j.PercentComplete is int p)
        {
            record.PercentComplete = p;
            record.StatusDescription = $"{ByteSize.Format(j.DataProcessed ?? 0)} of {ByteSize.Format(j.DataTotal ?? 0)} ({p} %)";
        }
        else record.StatusDescription = $"{(j.Elapsed ?? TimeSpan.Zero).TotalSeconds:0.0} s";
        if (j.Remaining is TimeSpan r) record.SecondsRemaining = (int)r.TotalSeconds;
        return record;
    }
}
