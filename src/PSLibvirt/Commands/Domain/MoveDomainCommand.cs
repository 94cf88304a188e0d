using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Migrates domains to another open connection (virsh migrate): live when the domain runs, offline (the definition
/// only) when it does not. Shows the job's progress while it runs; Ctrl+C (Stop-Job) aborts it and the domain stays
/// on the source.
/// </summary>
[Cmdlet(VerbsCommon.Move, "Domain", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class MoveDomainCommand : LibvirtCmdlet
{
    /// <summary>The connection to move the domains to (a Hypervisor, or the name of an open connection).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor? Destination { get; set; }

    /// <summary>Keep the guest running while its memory is copied (the default for a running domain); -Live:$false pauses it for the copy.</summary>
    [Parameter] public SwitchParameter Live { get; set; }

    /// <summary>Move only the definition (the default for a domain that is not running); implies -Persistent.</summary>
    [Parameter] public SwitchParameter Offline { get; set; }

    /// <summary>Define the domain on the destination too (it stays after it stops there).</summary>
    [Parameter] public SwitchParameter Persistent { get; set; }

    /// <summary>Remove the domain's definition from the source once it has moved.</summary>
    [Parameter] public SwitchParameter UndefineSource { get; set; }

    /// <summary>Copy non-shared disks too: every block (All) or what the top image adds to a shared backing file (Incremental).</summary>
    [Parameter] public MigrationStorageCopy CopyStorage { get; set; }

    [Parameter] public SwitchParameter Compressed { get; set; }
    [Parameter] public SwitchParameter AutoConverge { get; set; }
    [Parameter] public SwitchParameter PostCopy { get; set; }

    /// <summary>Maximum bandwidth in MiB/s.</summary>
    [Parameter]
    [ValidateRange(1UL, ulong.MaxValue / 1048576)]
    public ulong Bandwidth { get; set; }

    /// <summary>Maximum time in milliseconds the guest may be paused at the switch-over.</summary>
    [Parameter]
    [ValidateRange(1UL, ulong.MaxValue)]
    public ulong MaxDowntime { get; set; }

    [Parameter] public SwitchParameter PeerToPeer { get; set; }
    [Parameter] public SwitchParameter Tunnelled { get; set; }

    /// <summary>Where the destination hypervisor listens for the migration data, e.g. tcp://10.0.0.2 (virsh --migrateuri).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MigrationUri { get; set; }

    /// <summary>Seconds a live migration may run before -TimeoutAction is taken (virsh migrate --timeout).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int Timeout { get; set; }

    /// <summary>What is done when -Timeout passes: Suspend (default, as virsh), PostCopy (needs -PostCopy) or Abort.</summary>
    [Parameter]
    public MigrationTimeoutAction TimeoutAction { get; set; }

    /// <summary>Write the domain as it is on the destination.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Live, Offline, nameof(Live), nameof(Offline), "an offline migration moves only the definition");
        ExcludeEachOther(PostCopy, Offline, nameof(PostCopy), nameof(Offline), "post-copy moves a running guest's memory");
        ExcludeEachOther(Offline, CopyStorage != MigrationStorageCopy.None, nameof(Offline), nameof(CopyStorage), "an offline migration copies no disks");
        ExcludeEachOther(Offline, Timeout > 0, nameof(Offline), nameof(Timeout), "an offline migration moves no memory that could take long");
        if (MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutAction)) && Timeout == 0)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-TimeoutAction says what to do when -Timeout passes: give -Timeout too."),
                "TimeoutActionNeedsTimeout", ErrorCategory.InvalidArgument, null));
        if (Timeout > 0 && TimeoutAction == MigrationTimeoutAction.PostCopy && !PostCopy)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(DomainMigration.TimeoutPostCopyNeedsPostCopy),
                "TimeoutActionNeedsPostCopy", ErrorCategory.InvalidArgument, null));
        if (Tunnelled && !PeerToPeer)
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Tunnelled needs -PeerToPeer: the data travels through the source daemon's connection to the destination daemon."),
                "TunnelledNeedsPeerToPeer", ErrorCategory.InvalidArgument, null));
        base.BeginProcessing();
    }

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        var destination = Destination!;
        if (ReferenceEquals(destination.Connection, t.Connection) || string.Equals(destination.Name, t.Hypervisor.Name, StringComparison.OrdinalIgnoreCase))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"Cannot move domain '{t.Name}': the destination '{destination.Name}' is the connection it is on."),
                "DestinationIsSource", ErrorCategory.InvalidArgument, t.Input));
            return null;
        }
        bool active = DomainMigration.IsActive(DomainApi.GetState(t.Handle).State);
        if (Live && !active &&
            !RequireState(t, "move", "DomainNotRunning", "-Live moves a running domain (without it, a domain that is not running moves offline)", DomainMigration.ActiveStates))
            return null;
        var options = new MigrationOptions
        {
            // -Live:$false asks for virsh's own default: the guest paused while its memory is copied.
            Live = MyInvocation.BoundParameters.ContainsKey(nameof(Live)) ? Live.IsPresent : null,
            Offline = Offline,
            Persistent = Persistent,
            UndefineSource = UndefineSource,
            CopyStorage = CopyStorage,
            Compressed = Compressed,
            AutoConverge = AutoConverge,
            PostCopy = PostCopy,
            BandwidthMiBps = MyInvocation.BoundParameters.ContainsKey(nameof(Bandwidth)) ? Bandwidth : null,
            MaxDowntimeMs = MyInvocation.BoundParameters.ContainsKey(nameof(MaxDowntime)) ? MaxDowntime : null,
            PeerToPeer = PeerToPeer,
            Tunnelled = Tunnelled,
            MigrationUri = MigrationUri,
            Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : null,
            TimeoutAction = TimeoutAction,
        };
        var flags = DomainMigration.Flags(options, active);
        string how = DomainMigration.Mode(flags);
        if (!ShouldProcess(t.Description, $"Move domain to '{destination.Name}' ({how})")) return null;
        bool passThru = PassThru;
        return context =>
        {
            string activity = $"Moving domain {t.Name} to {destination.Name}";
            var clock = System.Diagnostics.Stopwatch.StartNew();
            DomainHandle moved;
            try
            {
                moved = DomainMigration.Migrate(t.Handle, destination.Connection, options, flags,
                    // A record per reading: a host that keeps them (a job's Progress stream) keeps each one as it was.
                    p => context.WriteProgress(MigrationProgressRecord.Describe(new ProgressRecord(1, activity, how), p)), context.Stopping,
                    notice: context.WriteWarning);
            }
            catch (MigrationTimeoutException e)
            {
                throw new WorkErrorException(e, "MigrationTimeout", ErrorCategory.OperationTimeout, t.Input);
            }
            catch (MigrationAbortedException e)
            {
                // Inline, a stopped pipeline shows nothing more; in a job the warning stays in the child's stream.
                try { context.WriteWarning(e.Message); } catch (PipelineStoppedException) { }
                throw;
            }
            catch (LibvirtException e)
            {
                throw new WorkErrorException(e, "Libvirt" + e.CodeName, ErrorMapping.Category(e), t.Input,
                    DomainMigration.FailureMessage(t.Handle, t.Name, t.Hypervisor.Name, destination.Name, e));
            }
            finally
            {
                context.WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            // The Target owns the handle on the destination: PassThru looks the domain up there by its UUID.
            Guid uuid = DomainApi.GetUuid(moved);
            using var there = new Target<DomainHandle>(ObjectKinds.Domain, destination, moved, t.Name, uuid, t.Input);
            context.WriteVerbose(Summary(t.Name, destination.Name, how, clock.Elapsed, moved));
            WritePassThru(context, there, passThru);
        };
    });

    /// <summary>"Moved ... in 4.2 s (downtime 35 ms)": the destination's record of the completed job, when it has one.</summary>
    private static string Summary(string name, string destination, string how, TimeSpan elapsed, DomainHandle moved)
    {
        string downtime = "";
        try
        {
            if (DomainMigration.GetProgress(moved, completed: true) is { } done && done.ExpectedDowntime is TimeSpan d)
                downtime = $", downtime {d.TotalMilliseconds:0} ms";
        }
        catch (LibvirtException) { /* the driver keeps no completed job (offline, or the test driver) */ }
        return $"Moved domain '{name}' to '{destination}' ({how}) in {elapsed.TotalSeconds:0.0} s{downtime}.";
    }
}
