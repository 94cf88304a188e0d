using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// A connection's QEMU monitor events (virConnectDomainQemuMonitorEventRegister, libvirt-qemu): one libvirt
/// registration per connection for every event of every domain, filtered in the module by domain and event name.
/// </summary>
internal static class QemuMonitorEvents
{
    /// <summary>Receives the monitor events of every domain, or of <paramref name="domain"/> (by UUID), whose names match <paramref name="names"/> (null: all).</summary>
    public static unsafe QemuMonitorEventSource Create(LibvirtConnection connection, Hypervisor? hypervisor, Guid? domain, Func<string, bool>? names)
    {
        nint callback = (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, long, uint, nint, nint, void>)&OnEvent;
        var all = new EventRegistration("qemu-monitor", 0, "QemuMonitor", (c, opaque) =>
        {
            using var every = new DomainHandle(); // NULL: every domain; NULL event: every event.
            return Vir.ConnectDomainQemuMonitorEventRegister(c.Handle, every, null, callback, opaque, EventHub.FreeCallback);
        }, (c, id) => Vir.ConnectDomainQemuMonitorEventDeregister(c.Handle, id));
        return QemuMonitorEventSource.Create(connection, hypervisor, domain, names, all);
    }

    // Event-loop thread: nothing may escape.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnEvent(nint conn, nint dom, nint name, long seconds, uint micros, nint details, nint opaque)
    {
        try
        {
            if (EventHub.From(opaque) is not { } hub) return;
            using var cursor = LibvirtHandle.Cursor<DomainHandle>();
            cursor.MoveTo(dom);
            // QEMU reports -1 seconds when it has no timestamp.
            var at = seconds < 0 ? DateTime.Now : DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L).LocalDateTime;
            hub.Fire(new QemuMonitorEvent
            {
                Domain = DomainApi.GetName(cursor), Uuid = DomainApi.GetUuid(cursor),
                EventName = Marshal.PtrToStringUTF8(name) ?? "", Timestamp = at, Details = details == 0 ? null : Marshal.PtrToStringUTF8(details),
                TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence(),
            });
        }
        catch { }
    }
}

/// <summary>The QEMU monitor events of a connection, filtered by domain and event name.</summary>
internal sealed class QemuMonitorEventSource : LibvirtEventSource<QemuMonitorEvent>
{
    private readonly Guid? _domain;
    private readonly Func<string, bool>? _names;

    private QemuMonitorEventSource(Hypervisor? hypervisor, Guid? domain, Func<string, bool>? names) : base(hypervisor)
    {
        _domain = domain;
        _names = names;
    }

    internal static QemuMonitorEventSource Create(LibvirtConnection connection, Hypervisor? hypervisor, Guid? domain, Func<string, bool>? names, EventRegistration registration)
    {
        var source = new QemuMonitorEventSource(hypervisor, domain, names);
        source.JoinAll(connection, new[] { registration });
        return source;
    }

    private protected override bool Accept(QemuMonitorEvent e) => (_domain is not Guid u || e.Uuid == u) && (_names is null || _names(e.EventName));
}
