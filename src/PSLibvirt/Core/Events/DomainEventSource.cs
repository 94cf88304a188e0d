using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// A connection's domain events (virConnectDomainEventRegisterAny), all domains' or one's (by UUID). Every event id
/// has its own callback signature in libvirt; each is turned into a <see cref="DomainEvent"/> here, copying what the
/// callback's pointers point to (libvirt frees the addresses, identities and typed parameters after the callback).
/// </summary>
internal sealed class DomainEventSource : LibvirtEventSource<DomainEvent>
{
    /// <summary>The event types a source can receive: every domain event of libvirt 9.0.</summary>
    public static readonly IReadOnlyList<DomainEventType> Supported = Array.AsReadOnly(Enum.GetValues<DomainEventType>());

    private readonly Guid? _domain;

    private DomainEventSource(Hypervisor? hypervisor, Guid? domain) : base(hypervisor) => _domain = domain;

    /// <summary>Receives <paramref name="types"/> of every domain, or of the domain <paramref name="domain"/> (by UUID).</summary>
    public static DomainEventSource Create(LibvirtConnection connection, Hypervisor? hypervisor, Guid? domain, IEnumerable<DomainEventType> types)
    {
        var source = new DomainEventSource(hypervisor, domain);
        source.JoinAll(connection, types.Distinct().Select(Registration));
        return source;
    }

    private static EventRegistration Registration(DomainEventType t)
    {
        nint callback = Callback(t);
        return new EventRegistration("domain", (int)t, t.ToString(), (c, opaque) =>
        {
            using var all = new DomainHandle(); // NULL: every domain of the connection.
            return Vir.ConnectDomainEventRegisterAny(c.Handle, all, (int)t, callback, opaque, EventHub.FreeCallback);
        }, (c, id) => Vir.ConnectDomainEventDeregisterAny(c.Handle, id));
    }

    private protected override bool Accept(DomainEvent e) => _domain is not Guid u || e.Uuid == u;

    private static unsafe nint Callback(DomainEventType t) => t switch
    {
        DomainEventType.Lifecycle => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle,
        DomainEventType.Reboot => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnReboot,
        DomainEventType.ControlError => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnControlError,
        DomainEventType.RtcChange => (nint)(delegate* unmanaged[Cdecl]<nint, nint, long, nint, void>)&OnRtcChange,
        DomainEventType.Watchdog => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, nint, void>)&OnWatchdog,
        DomainEventType.IoError => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int, nint, void>)&OnIoError,
        DomainEventType.Graphics => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, VirDomainEventGraphicsAddress*, VirDomainEventGraphicsAddress*, byte*, VirDomainEventGraphicsSubject*, nint, void>)&OnGraphics,
        DomainEventType.IoErrorReason => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int, nint, nint, void>)&OnIoErrorReason,
        DomainEventType.BlockJob => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, int, int, nint, void>)&OnBlockJob,
        DomainEventType.BlockJob2 => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, int, int, nint, void>)&OnBlockJob2,
        DomainEventType.Tunable => (nint)(delegate* unmanaged[Cdecl]<nint, nint, VirTypedParameter*, int, nint, void>)&OnTunable,
        DomainEventType.DiskChange => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, nint, int, nint, void>)&OnDiskChange,
        DomainEventType.TrayChange => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, int, nint, void>)&OnTrayChange,
        DomainEventType.PMWakeup => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, nint, void>)&OnPMWakeup,
        DomainEventType.PMSuspend => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, nint, void>)&OnPMSuspend,
        DomainEventType.PMSuspendDisk => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, nint, void>)&OnPMSuspendDisk,
        DomainEventType.BalloonChange => (nint)(delegate* unmanaged[Cdecl]<nint, nint, ulong, nint, void>)&OnBalloonChange,
        DomainEventType.DeviceRemoved => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, void>)&OnDeviceRemoved,
        DomainEventType.DeviceAdded => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, void>)&OnDeviceAdded,
        DomainEventType.DeviceRemovalFailed => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, void>)&OnDeviceRemovalFailed,
        DomainEventType.AgentLifecycle => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnAgentLifecycle,
        DomainEventType.MigrationIteration => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, nint, void>)&OnMigrationIteration,
        DomainEventType.JobCompleted => (nint)(delegate* unmanaged[Cdecl]<nint, nint, VirTypedParameter*, int, nint, void>)&OnJobCompleted,
        DomainEventType.MetadataChange => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, nint, nint, void>)&OnMetadataChange,
        DomainEventType.BlockThreshold => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, ulong, ulong, nint, void>)&OnBlockThreshold,
        DomainEventType.MemoryFailure => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, uint, nint, void>)&OnMemoryFailure,
        DomainEventType.MemoryDeviceSizeChange => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, ulong, nint, void>)&OnMemoryDeviceSizeChange,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "libvirt 9.0 has no such domain event."),
    };

    /// <summary>Builds the event (name and UUID read from the borrowed domain) and hands it to the hub's sources.</summary>
    private static void Fire(nint opaque, nint dom, DomainEventType type, Func<DomainEvent, DomainEvent>? details = null)
    {
        if (EventHub.From(opaque) is not { } hub) return;
        using var cursor = LibvirtHandle.Cursor<DomainHandle>();
        cursor.MoveTo(dom);
        var e = new DomainEvent { Domain = DomainApi.GetName(cursor), Uuid = DomainApi.GetUuid(cursor), EventType = type, TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence() };
        hub.Fire(details is null ? e : details(e));
    }

    private static string? Text(nint p) => p == 0 ? null : Marshal.PtrToStringUTF8(p);
    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Copies a graphics event's data (libvirt's, freed after the callback); a null pointer reads as nothing.</summary>
    internal static unsafe DomainGraphicsEventInfo ReadGraphics(int phase, VirDomainEventGraphicsAddress* local, VirDomainEventGraphicsAddress* remote, byte* authScheme, VirDomainEventGraphicsSubject* subject)
    {
        var identities = new List<DomainGraphicsIdentity>(subject == null ? 0 : Math.Max(subject->nidentity, 0));
        if (subject != null && subject->identities != null)
            for (int i = 0; i < subject->nidentity; i++)
                identities.Add(new DomainGraphicsIdentity(Utf8.Read(subject->identities[i].type) ?? "", Utf8.Read(subject->identities[i].name) ?? ""));
        return new DomainGraphicsEventInfo
        {
            Phase = (DomainGraphicsPhase)phase,
            Local = ReadAddress(local),
            Remote = ReadAddress(remote),
            AuthScheme = Utf8.Read(authScheme),
            Subject = identities,
        };
    }

    private static unsafe DomainGraphicsAddress? ReadAddress(VirDomainEventGraphicsAddress* a) =>
        a == null ? null : new DomainGraphicsAddress { Family = (DomainGraphicsAddressFamily)a->family, Node = Utf8.Read(a->node), Service = Utf8.Read(a->service) };

    // The callbacks run on the event-loop thread: nothing may escape from them.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint c, nint d, int evt, int detail, nint o)
    { try { Fire(o, d, DomainEventType.Lifecycle, e => e with { Lifecycle = (DomainLifecycleEvent)evt, Detail = detail }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnReboot(nint c, nint d, nint o) { try { Fire(o, d, DomainEventType.Reboot); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnControlError(nint c, nint d, nint o) { try { Fire(o, d, DomainEventType.ControlError); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnRtcChange(nint c, nint d, long offset, nint o)
    { try { Fire(o, d, DomainEventType.RtcChange, e => e with { Value = offset }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnWatchdog(nint c, nint d, int action, nint o)
    { try { Fire(o, d, DomainEventType.Watchdog, e => e with { Action = action }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnIoError(nint c, nint d, nint src, nint alias, int action, nint o)
    { try { Fire(o, d, DomainEventType.IoError, e => e with { Path = Text(src), DeviceAlias = Text(alias), Action = action }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static unsafe void OnGraphics(nint c, nint d, int phase, VirDomainEventGraphicsAddress* local, VirDomainEventGraphicsAddress* remote, byte* authScheme, VirDomainEventGraphicsSubject* subject, nint o)
    {
        try
        {
            var info = ReadGraphics(phase, local, remote, authScheme, subject);
            Fire(o, d, DomainEventType.Graphics, e => e with { Graphics = info });
        }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnIoErrorReason(nint c, nint d, nint src, nint alias, int action, nint reason, nint o)
    { try { Fire(o, d, DomainEventType.IoErrorReason, e => e with { Path = Text(src), DeviceAlias = Text(alias), Action = action, Reason = Text(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnBlockJob(nint c, nint d, nint disk, int type, int status, nint o)
    { try { Fire(o, d, DomainEventType.BlockJob, e => e with { Path = Text(disk), Detail = type, Value = status }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnBlockJob2(nint c, nint d, nint disk, int type, int status, nint o)
    { try { Fire(o, d, DomainEventType.BlockJob2, e => e with { Path = Text(disk), Detail = type, Value = status }); } catch { } }

    // Tunable and JobCompleted: libvirt frees the parameters after the callback, so they are copied and not freed here.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static unsafe void OnTunable(nint c, nint d, VirTypedParameter* parameters, int count, nint o)
    {
        try
        {
            var values = TypedParameters.Read(parameters, count);
            Fire(o, d, DomainEventType.Tunable, e => e with { Parameters = values });
        }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static unsafe void OnJobCompleted(nint c, nint d, VirTypedParameter* parameters, int count, nint o)
    {
        try
        {
            var values = TypedParameters.Read(parameters, count);
            Fire(o, d, DomainEventType.JobCompleted, e => e with { Parameters = values });
        }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnDiskChange(nint c, nint d, nint oldSrc, nint newSrc, nint alias, int reason, nint o)
    { try { Fire(o, d, DomainEventType.DiskChange, e => e with { Path = Text(newSrc), DeviceAlias = Text(alias), Reason = Number(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnTrayChange(nint c, nint d, nint alias, int reason, nint o)
    { try { Fire(o, d, DomainEventType.TrayChange, e => e with { DeviceAlias = Text(alias), Reason = Number(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnPMWakeup(nint c, nint d, int reason, nint o) { try { Fire(o, d, DomainEventType.PMWakeup, e => e with { Reason = Number(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnPMSuspend(nint c, nint d, int reason, nint o) { try { Fire(o, d, DomainEventType.PMSuspend, e => e with { Reason = Number(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnPMSuspendDisk(nint c, nint d, int reason, nint o) { try { Fire(o, d, DomainEventType.PMSuspendDisk, e => e with { Reason = Number(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnBalloonChange(nint c, nint d, ulong actual, nint o)
    { try { Fire(o, d, DomainEventType.BalloonChange, e => e with { Value = (long)actual }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnDeviceRemoved(nint c, nint d, nint alias, nint o) { try { Fire(o, d, DomainEventType.DeviceRemoved, e => e with { DeviceAlias = Text(alias) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnDeviceAdded(nint c, nint d, nint alias, nint o) { try { Fire(o, d, DomainEventType.DeviceAdded, e => e with { DeviceAlias = Text(alias) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnDeviceRemovalFailed(nint c, nint d, nint alias, nint o) { try { Fire(o, d, DomainEventType.DeviceRemovalFailed, e => e with { DeviceAlias = Text(alias) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnAgentLifecycle(nint c, nint d, int state, int reason, nint o)
    { try { Fire(o, d, DomainEventType.AgentLifecycle, e => e with { Detail = state, Reason = Number(reason) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnMigrationIteration(nint c, nint d, int iteration, nint o)
    { try { Fire(o, d, DomainEventType.MigrationIteration, e => e with { Value = iteration }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnMetadataChange(nint c, nint d, int type, nint nsuri, nint o)
    { try { Fire(o, d, DomainEventType.MetadataChange, e => e with { Detail = type, NamespaceUri = Text(nsuri) }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnBlockThreshold(nint c, nint d, nint dev, nint path, ulong threshold, ulong excess, nint o)
    { try { Fire(o, d, DomainEventType.BlockThreshold, e => e with { DeviceAlias = Text(dev), Path = Text(path), Value = (long)excess }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnMemoryFailure(nint c, nint d, int recipient, int action, uint flags, nint o)
    { try { Fire(o, d, DomainEventType.MemoryFailure, e => e with { Detail = recipient, Action = action }); } catch { } }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnMemoryDeviceSizeChange(nint c, nint d, nint alias, ulong size, nint o)
    { try { Fire(o, d, DomainEventType.MemoryDeviceSizeChange, e => e with { DeviceAlias = Text(alias), Value = (long)size }); } catch { } }
}
