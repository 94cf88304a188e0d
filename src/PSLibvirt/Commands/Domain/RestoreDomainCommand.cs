using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Restores a domain from a file written by Save-Domain (virsh restore).</summary>
[Cmdlet(VerbsData.Restore, "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(Domain))]
public sealed class RestoreDomainCommand : HypervisorCmdlet
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

    protected override void BeginProcessing()
    {
        if (Paused && Running)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Paused and -Running exclude each other."),
                "PausedAndRunning", ErrorCategory.InvalidArgument, null));
    }

    protected override void ProcessRecord()
    {
        foreach (var p in Path!)
        {
            string path = GetUnresolvedProviderPathFromPSPath(p);
            foreach (var h in TargetConnections)
            {
                TryInvoke(path, () => Restore(h, path));
            }
        }
    }

    private void Restore(Hypervisor h, string path)
    {
        if (!LibvirtConnection.IsRemote(h.Connection.Uri) && !File.Exists(path))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"The save file '{path}' does not exist.", path),
                "SaveFileNotFound", ErrorCategory.ObjectNotFound, path));
            return;
        }
        if (!ShouldProcess($"{path} on {h.Name}", "Restore domain")) return;
        Guid? uuid = PassThru ? DomainLifecycle.SaveImageUuid(h.Connection, path) : null;
        var before = PassThru && uuid is null ? DomainApi.ListUuids(h.Connection, 1 /* ACTIVE */) : null;
        DomainLifecycle.Restore(h.Connection, path, DomainLifecycle.SaveFlags(BypassCache, Running ? true : Paused ? false : null));
        if (!PassThru) return;
        if (uuid is null)
        {
            var started = DomainApi.ListUuids(h.Connection, 1).Except(before!).ToList();
            if (started.Count == 1) uuid = started[0];
        }
        if (uuid is null) return;
        using var handle = DomainApi.LookupByUuid(h.Connection, uuid.Value);
        WriteObject(DomainApi.GetDomain(handle, h.Connection, h));
    }
}
