using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Restores a domain from a file written by Save-Domain (virsh restore).</summary>
[Cmdlet(VerbsData.Restore, "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[ConnectionParameter]
public sealed partial class RestoreDomainCommand : LibvirtCmdlet
{
    /// <summary>The save file (on the host of the connection).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    [Parameter] public SwitchParameter Paused { get; set; }
    [Parameter] public SwitchParameter Running { get; set; }
    [Parameter] public SwitchParameter BypassCache { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    protected override void BeginProcessing()
    {
        ExcludeEachOther(Paused, Running, "Paused", "Running", "the domain is restored either paused or running");
    }

    protected override void ProcessRecord()
    {
        foreach (var p in Path!)
        {
            string path = GetUnresolvedProviderPathFromPSPath(p);
            foreach (var h in TargetConnections(Connection))
            {
                Action<IWorkContext>? work = null;
                if (TryInvoke(path, () => work = Prepare(h, path)) && work is not null)
                    RunWork(path, h, path, work);
            }
        }
    }

    /// <summary>The foreground part (file check, ShouldProcess); the restore itself, which may run in a job, or null.</summary>
    private Action<IWorkContext>? Prepare(Hypervisor h, string path)
    {
        if (!LibvirtConnection.IsRemote(h.Connection.Uri) && !File.Exists(path))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"The save file '{path}' does not exist.", path),
                "SaveFileNotFound", ErrorCategory.ObjectNotFound, path));
            return null;
        }
        if (!ShouldProcess($"{path} on {h.Name}", "Restore domain")) return null;
        bool passThru = PassThru;
        var flags = DomainLifecycle.SaveFlags(BypassCache, Running ? true : Paused ? false : null);
        return context => Restore(context, h, path, flags, passThru);
    }

    private static void Restore(IWorkContext context, Hypervisor h, string path, Native.VirDomainSaveRestoreFlags flags, bool passThru)
    {
        Guid? uuid = passThru ? DomainLifecycle.SaveImageUuid(h.Connection, path) : null;
        var before = passThru && uuid is null ? DomainApi.ListUuids(h.Connection, Native.VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_ACTIVE) : null;
        DomainLifecycle.Restore(h.Connection, path, flags);
        if (!passThru) return;
        if (uuid is null)
        {
            var started = DomainApi.ListUuids(h.Connection, Native.VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_ACTIVE).Except(before!).ToList();
            if (started.Count == 1) uuid = started[0];
        }
        if (uuid is null) return;
        using var handle = DomainApi.LookupByUuid(h.Connection, uuid.Value);
        context.WriteObject(DomainApi.GetDomain(handle, h.Connection, h));
    }
}
