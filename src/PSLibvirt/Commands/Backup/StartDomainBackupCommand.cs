using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Backs up running domains' disks (virsh backup-begin): push mode writes them to files and waits for the job with
/// progress (Ctrl+C or Stop-Job aborts it and says so; -NoWait returns at once); pull mode (-Pull) exports them from
/// an NBD server until Stop-DomainJob ends the job. -Incremental copies only what changed since a checkpoint;
/// -CheckpointName creates a checkpoint at the same instant, for the next incremental backup.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "DomainBackup", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainBackup), typeof(DomainJobInfo), typeof(LibvirtJob))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class StartDomainBackupCommand : LibvirtCmdlet
{
    /// <summary>The disks to back up (their targets: vda, vdb); the domain's other disks are left out. Default: every disk.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainDiskTargetCompleter))]
    public string[]? Disk { get; set; }

    /// <summary>Push mode: the file each disk of -Disk is written to, in the same order (on the host of the connection).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Target { get; set; }

    /// <summary>The format of the target files (push) or scratch files (pull): qcow2 or raw. Default: libvirt's (qcow2 for a qcow2 disk).</summary>
    [Parameter]
    [ValidateSet("qcow2", "raw")]
    public string? Format { get; set; }

    /// <summary>Pull mode: export the disks from an NBD server (where -Listen says) instead of writing files.</summary>
    [Parameter] public SwitchParameter Pull { get; set; }

    /// <summary>Pull mode: where the NBD server listens: host:port (127.0.0.1:10809) or a UNIX socket (unix:/path or /path).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Listen { get; set; }

    /// <summary>Pull mode: the scratch file of each disk of -Disk (what the guest overwrites meanwhile is kept there). Default: libvirt's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Scratch { get; set; }

    /// <summary>Copy only what changed since this checkpoint (an incremental backup).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.DomainCheckpointNameCompleter))]
    public string? Incremental { get; set; }

    /// <summary>Create a checkpoint of this name at the instant the backup starts (the start of the next incremental backup).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CheckpointName { get; set; }

    /// <summary>A &lt;domaincheckpoint&gt; document for the checkpoint created with the backup (instead of -CheckpointName).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? CheckpointXml { get; set; }

    /// <summary>A &lt;domainbackup&gt; document (virsh backup-begin's file), instead of -Disk, -Target, -Format, -Pull, -Listen, -Scratch, -Incremental.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string? Xml { get; set; }

    /// <summary>Push mode: return as soon as the backup has started (Get-DomainJob shows it; Stop-DomainJob aborts it).</summary>
    [Parameter] public SwitchParameter NoWait { get; set; }

    /// <summary>Push mode: write the completed job's statistics (as Get-DomainJob -Completed) when the backup ends.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    protected override void BeginProcessing()
    {
        void Refuse(string id, string message) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidArgument, null));
        bool built = Disk is not null || Target is not null || Format is not null || Pull || Listen is not null || Scratch is not null || Incremental is not null;
        if (Xml is not null && built)
            Refuse("XmlAndBackupParameters", "-Xml is the whole backup description: with it, put the disks, targets, server and incremental checkpoint in the XML.");
        if (CheckpointName is not null && CheckpointXml is not null)
            Refuse("CheckpointNameAndXml", "Give the checkpoint either a -CheckpointName or a -CheckpointXml (which names it).");
        if (Target is not null && (Disk is null || Disk.Length != Target.Length))
            Refuse("TargetNeedsDisk", "-Target gives one file per disk of -Disk, in the same order: give -Disk with as many names as -Target has paths.");
        if (Scratch is not null && (Disk is null || Disk.Length != Scratch.Length))
            Refuse("ScratchNeedsDisk", "-Scratch gives one file per disk of -Disk, in the same order: give -Disk with as many names as -Scratch has paths.");
        if (Pull && Target is not null)
            Refuse("PullAndTarget", "A pull backup writes no files: its disks are read from the NBD server (-Listen). Leave out -Target, or -Pull.");
        if (!Pull && (Listen is not null || Scratch is not null))
            Refuse("ListenNeedsPull", "-Listen and -Scratch are for a pull backup: add -Pull.");
        if (Pull && Listen is null)
            Refuse("PullNeedsListen", "A pull backup needs to know where its NBD server listens: give -Listen host:port or -Listen unix:/path.");
        if (Listen is not null)
        {
            try { BackupListen.Parse(Listen); }
            catch (ArgumentException e) { Refuse("InvalidListen", e.Message); }
        }
        if ((Pull || (Xml is not null && DomainBackupApi.ModeOf(Xml) == DomainBackupMode.Pull)) && (NoWait || PassThru || AsJob))
            Refuse("PullDoesNotWait", "A pull backup runs until Stop-DomainJob ends it: Start-DomainBackup returns its exports at once, so -NoWait, -PassThru and -AsJob do not apply.");
        if (NoWait && (PassThru || AsJob))
            Refuse("NoWaitAndPassThru", "-NoWait returns as soon as the backup has started: -PassThru and -AsJob wait for it.");
    }

    protected override void ProcessRecord() => ForEachTargetWork(ResolveTargets(), t =>
    {
        string xml;
        if (Xml is not null) xml = Xml;
        else
        {
            var disks = new List<BackupDiskSpec>();
            List<string>? exclude = null;
            if (Disk is not null)
            {
                var all = DomainDeviceXml.DiskTargets(DomainDefinitionApi.GetXml(t.Handle)).ToList();
                var unknown = Disk.Where(x => !all.Contains(x, StringComparer.Ordinal)).ToList();
                if (unknown.Count > 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"Domain '{t.Name}' has no disk {string.Join(", ", unknown.Select(x => $"'{x}'"))}; its disks are {string.Join(", ", all)}."),
                        "DiskNotFound", ErrorCategory.ObjectNotFound, t.Input));
                    return null;
                }
                for (int i = 0; i < Disk.Length; i++)
                {
                    string? target = Target is null ? null : GetUnresolvedProviderPathFromPSPath(Target[i]);
                    string? scratch = Scratch is null ? null : GetUnresolvedProviderPathFromPSPath(Scratch[i]);
                    if (target is not null && !CheckTarget(t, target)) return null;
                    disks.Add(new BackupDiskSpec(Disk[i], target, scratch));
                }
                exclude = all.Where(x => !Disk.Contains(x, StringComparer.Ordinal)).ToList();
            }
            xml = DomainBackupApi.BuildXml(Pull, Listen is null ? null : BackupListen.Parse(Listen), Incremental, disks, Format, exclude);
        }
        if (Incremental is not null)
        {
            using var from = DomainCheckpointApi.TryLookupByName(t.Handle, Incremental);
            if (from is null)
            {
                WriteNotFound(ObjectKinds.DomainCheckpoint, Incremental, Incremental, t.Hypervisor, $"domain '{t.Name}'");
                return null;
            }
        }
        // libvirt waits 30 s for the domain's job lock before it refuses a second backup: say it at once. (A driver
        // without job statistics, as the test driver, has no backups either: BackupBegin then says so.)
        DomainJobInfo? running = null;
        try { running = DomainJobApi.Get(t.Handle, completed: false, t.Name, t.Uuid!.Value, t.Hypervisor); }
        catch (LibvirtException e) when (e.Code == Native.VirErrorNumber.VIR_ERR_NO_SUPPORT) { }
        if (running is not null && running.Type != DomainJobType.None)
        {
            WriteError(new ErrorRecord(new InvalidOperationException($"Domain '{t.Name}' already has a job running ({running.Operation ?? running.Type.ToString()}); one backup runs at a time. Get-DomainJob shows it, Stop-DomainJob ends it."),
                "DomainJobActive", ErrorCategory.ResourceBusy, t.Input));
            return null;
        }
        string? checkpointXml = CheckpointXml ?? (CheckpointName is null ? null : DomainCheckpointApi.BuildXml(CheckpointName, null));
        bool pull = DomainBackupApi.ModeOf(xml) == DomainBackupMode.Pull;
        string what = (pull ? $"Start a pull backup (NBD server on {Listen ?? "the XML's server"})" : "Start a push backup")
            + (Incremental is null ? "" : $" incremental from checkpoint '{Incremental}'")
            + (CheckpointName is null ? "" : $", creating checkpoint '{CheckpointName}'");
        if (!ShouldProcess(t.Description, what)) return null;
        bool noWait = NoWait, passThru = PassThru;
        return context =>
        {
            DomainBackupApi.Begin(t.Handle, xml, checkpointXml);
            if (pull || noWait)
            {
                context.WriteObject(DomainBackupApi.Get(t.Handle, t.Name, t.Uuid!.Value, t.Hypervisor));
                return;
            }
            string activity = $"Backing up domain {t.Name}";
            try
            {
                var done = DomainBackupApi.Wait(t.Handle, j => context.WriteProgress(ProgressOf(new ProgressRecord(1, activity, "Backing up"), j)), context.Stopping, t.Hypervisor);
                context.WriteVerbose($"Backed up domain '{t.Name}'.");
                if (passThru) context.WriteObject(done);
            }
            catch (JobAbortedException e)
            {
                try { context.WriteWarning(e.Message); } catch (PipelineStoppedException) { }
                throw;
            }
            catch (InvalidOperationException e)
            {
                throw new WorkErrorException(e, "BackupFailed", ErrorCategory.WriteError, t.Input);
            }
            finally
            {
                context.WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        };
    });

    /// <summary>A backup job counts disk bytes (disk_total, disk_processed), not data bytes: percent and bytes from those, else as other jobs.</summary>
    internal static ProgressRecord ProgressOf(ProgressRecord record, DomainJobInfo j)
    {
        if (j.DiskTotal is > 0 && j.DiskProcessed is ulong done)
        {
            int p = (int)Math.Min(100, done * 100 / j.DiskTotal.Value);
            record.PercentComplete = p;
            record.StatusDescription = $"{ByteSize.Format(done)} of {ByteSize.Format(j.DiskTotal.Value)} ({p} %)";
            if (j.Remaining is TimeSpan r) record.SecondsRemaining = (int)r.TotalSeconds;
            return record;
        }
        return SaveDomainCoreDumpCommand.ProgressOf(record, j);
    }

    /// <summary>Each push target is used once per invocation (libvirt itself refuses a target file that exists).</summary>
    private bool CheckTarget(Target<DomainHandle> t, string path)
    {
        if (_used.Add(path)) return true;
        WriteError(new ErrorRecord(new ArgumentException($"'{path}' is already the target of another disk of this command; give each disk its own -Target."),
            "BackupTargetInUse", ErrorCategory.InvalidArgument, t.Input));
        return false;
    }
}
