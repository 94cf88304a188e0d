using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Waits for domain events (virsh event without --loop) and writes them: of some types, of one domain, matching a
/// script block, until -Count have come or -Timeout passes. For scripts that wait for what happens elsewhere (a guest
/// that shuts itself down, an agent that connects); Ctrl+C stops it at once.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "DomainEvent")]
[OutputType(typeof(DomainEvent))]
public sealed class WaitDomainEventCommand : LibvirtCmdlet
{
    /// <summary>The events to wait for (default: every type).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public DomainEventType[]? EventType { get; set; }

    /// <summary>Only the events of this domain (a Domain object, or an exact name); default: every domain's.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain? Domain { get; set; }

    /// <summary>Only events for which this script block is true ($_ is the DomainEvent).</summary>
    [Parameter]
    [ValidateNotNull]
    public ScriptBlock? Filter { get; set; }

    /// <summary>How many matching events to wait for (default 1).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; } = 1;

    /// <summary>Seconds to wait at most; without it, waits until the events come or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>The connection to listen on (a Hypervisor object or the name of an open connection; default: a -Domain object's, else the default connection).</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public Hypervisor? Connection { get; set; }

    protected override void ProcessRecord()
    {
        var types = DomainEventTargets.Types(EventType);
        ErrorRecord? missing = null;
        Hypervisor? h = null;
        Guid? uuid = null;
        var queue = new BlockingCollection<LibvirtEvent>();
        DomainEventSource? source = null;
        try
        {
            missing = DomainEventTargets.Resolve(Connection, Domain, out h, out uuid);
            if (missing is null)
            {
                source = DomainEventSource.Create(h!.Connection, h, uuid, types);
                source.Received += (_, e) => queue.Add(e.Event);
            }
        }
        catch (Exception e) when (IsReportable(e)) { ThrowLibvirtError(e, (object?)Domain ?? h); }
        if (missing is not null)
        {
            // A missing domain is this input's error; the next piped domain is still waited for.
            if (missing.CategoryInfo.Category == ErrorCategory.ObjectNotFound) { WriteError(missing); return; }
            ThrowTerminatingError(missing);
        }
        using (source) Wait(queue, h!);
    }

    private void Wait(BlockingCollection<LibvirtEvent> queue, Hypervisor h)
    {
        int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? Timeout : null;
        string what = (EventType is null ? "domain" : string.Join(" or ", EventType.Distinct())) + (Count > 1 ? " events" : " event")
            + (Domain is null ? "" : $" of domain {Domain.Name}");
        var progress = new ProgressRecord(0x5744, $"Waiting for {what}", $"0 of {Count}");
        var clock = Stopwatch.StartNew();
        int found = 0;
        try
        {
            while (found < Count)
            {
                // Wake every second to show the time waited; a -Timeout ends the wait at its second.
                var left = limit is int l ? TimeSpan.FromSeconds(l) - clock.Elapsed : TimeSpan.MaxValue;
                if (left <= TimeSpan.Zero)
                {
                    WriteError(new ErrorRecord(
                        new TimeoutException($"No{(found > 0 ? " further" : "")} matching {what} on '{h.Name}' within {limit} s ({found} of {Count} came)."),
                        "WaitTimeout", ErrorCategory.OperationTimeout, (object?)Domain ?? h));
                    return;
                }
                if (!queue.TryTake(out var e, (int)Math.Ceiling(Math.Min(left.TotalMilliseconds, 1000)), Stopping))
                {
                    progress.StatusDescription = $"{found} of {Count}; {clock.Elapsed.TotalSeconds:0} s" + (limit is int t ? $" of {t} s" : "");
                    if (limit is int total && total > 0) progress.PercentComplete = Math.Min(100, (int)(clock.Elapsed.TotalSeconds * 100 / total));
                    WriteProgress(progress);
                    continue;
                }
                switch (e)
                {
                    case ConnectionEvent { EventType: ConnectionEventType.Lost } lost when !h.AutoReconnect:
                        ThrowTerminatingError(new ErrorRecord(new ConnectionLostException(h.Uri, lost.Reason ?? "it was lost"), "ConnectionLost", ErrorCategory.ConnectionError, h));
                        break;
                    case ConnectionEvent c:
                        WriteVerbose($"The connection '{h.Name}' was {c.EventType.ToString().ToLowerInvariant()}{(c.Reason is null ? "" : $": {c.Reason}")}; still waiting.");
                        break;
                    case QueueOverflowEvent o:
                        // Only a script that stops reading (never this loop) fills the queue; say so if it happens.
                        WriteWarning($"{o.Dropped} events of '{h.Name}' were dropped before they could be checked (queue of {o.QueueLength} full).");
                        break;
                    case DomainEvent d when Matches(d):
                        WriteObject(d);
                        found++;
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private bool Matches(DomainEvent e)
    {
        if (Filter is null) return true;
        try
        {
            var result = Filter.InvokeWithContext(null, new List<PSVariable> { new("_", e), new("PSItem", e) });
            return LanguagePrimitives.IsTrue(result.Count == 1 ? result[0] : result);
        }
        catch (RuntimeException re)
        {
            ThrowTerminatingError(new ErrorRecord(re, "FilterFailed", ErrorCategory.InvalidOperation, e));
            return false;
        }
    }
}
