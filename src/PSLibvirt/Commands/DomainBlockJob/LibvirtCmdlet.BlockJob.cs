using System.Management.Automation;
using System.Management.Automation.Host;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>What the block job cmdlets share (their parameters are declared in each cmdlet).</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The domain's XML (the running domain's when it runs), after checking it has a disk with target
    /// <paramref name="disk"/> ("vda", or "vda[2]" for an image of its chain); DiskNotFound (ObjectNotFound, the
    /// domain as target) otherwise. A source path is left to libvirt.
    /// </summary>
    private protected static string RequireBlockDisk(Target<DomainHandle> t, string disk)
    {
        string xml = DomainDefinitionApi.GetXml(t.Handle);
        string target = DomainBlockJobApi.TargetOf(disk);
        if (target.Contains('/') || DomainDeviceXml.FindDisk(xml, target) is not null) return xml;
        var targets = DomainDeviceXml.DiskTargets(xml).ToList();
        string has = targets.Count == 0 ? "it has no disks" : $"its disks are {string.Join(", ", targets)}";
        throw new WorkErrorException(new ItemNotFoundException(
                $"Domain '{t.Name}' on '{t.Hypervisor.Name}' has no disk with target '{target}': {has}. Get-DomainDisk lists them."),
            "DiskNotFound", ErrorCategory.ObjectNotFound, t.Input);
    }

    /// <summary>The progress record of one block job reading: bytes done of the total and percent, or "Starting" before QEMU reports a total.</summary>
    internal static ProgressRecord BlockJobProgress(ProgressRecord record, DomainBlockJob j)
    {
        if (j.PercentComplete is int p)
        {
            record.PercentComplete = p;
            record.StatusDescription = $"{ByteSize.Format(j.Current)} of {ByteSize.Format(j.End)} ({p} %){(j.Ready ? ", ready" : "")}";
        }
        else record.StatusDescription = "Starting";
        return record;
    }

    /// <summary>
    /// Waits for the job on the disk with progress (activity <paramref name="activity"/>), completing the progress bar
    /// however it ends; Ctrl+C/Stop-Job aborts the job and writes a warning that it was aborted. A pipeline stopped by
    /// Ctrl+C takes no more records, so inline the warning goes to the host's console (<paramref name="console"/>:
    /// the cmdlet's Host.UI when it runs inline, null in a job, whose Warning stream takes it).
    /// </summary>
    internal static DomainBlockJob? WaitBlockJob(IWorkContext context, Target<DomainHandle> t, string disk, BlockJobGoal goal, string activity,
        PSHostUserInterface? console = null)
    {
        try
        {
            return DomainBlockJobApi.Wait(t.Handle, disk, goal, t.Name, t.DomainUuid(), t.Hypervisor,
                j => context.WriteProgress(BlockJobProgress(new ProgressRecord(1, activity, "Starting"), j)), context.Stopping);
        }
        catch (JobAbortedException e)
        {
            try { context.WriteWarning(e.Message); }
            catch (PipelineStoppedException)
            {
                try { console?.WriteWarningLine(e.Message); } catch (Exception) { /* a host without a console */ }
            }
            throw;
        }
        finally
        {
            try { context.WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed }); }
            catch (PipelineStoppedException) { }
        }
    }
}
