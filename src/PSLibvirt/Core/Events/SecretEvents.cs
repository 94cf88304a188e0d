using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>A connection's secret events (virConnectSecretEventRegisterAny): lifecycle and value changes (never the value).</summary>
internal static class SecretEvents
{
    /// <summary>
    /// Receives <paramref name="lifecycle"/> (defined, undefined) and <paramref name="valueChanged"/> events of every
    /// secret, or only of the secret <paramref name="uuid"/> (which must exist).
    /// </summary>
    public static unsafe ObjectEventSource<SecretEvent> Create(LibvirtConnection connection, Hypervisor? hypervisor, Guid? uuid, bool lifecycle, bool valueChanged)
    {
        if (uuid is Guid u)
        {
            using var secret = SecretApi.TryLookupByUuid(connection, u)
                ?? throw new ObjectNotFoundException(ObjectKinds.Secret, u.ToString(), hypervisor);
        }
        var wanted = new List<EventRegistration>();
        if (lifecycle) wanted.Add(Registration(VirSecretEventID.VIR_SECRET_EVENT_ID_LIFECYCLE, "Lifecycle", (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void>)&OnLifecycle));
        if (valueChanged) wanted.Add(Registration(VirSecretEventID.VIR_SECRET_EVENT_ID_VALUE_CHANGED, "ValueChanged", (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnValueChanged));
        return ObjectEventSource<SecretEvent>.Create(connection, hypervisor, uuid?.ToString("D"), e => e.Uuid.ToString("D"), wanted);
    }

    private static EventRegistration Registration(VirSecretEventID id, string name, nint callback) =>
        new("secret", (int)id, name, (c, opaque) =>
        {
            using var all = new SecretHandle(); // NULL: every secret of the connection.
            return Vir.ConnectSecretEventRegisterAny(c.Handle, all, (int)id, callback, opaque, EventHub.FreeCallback);
        }, (c, callbackId) => Vir.ConnectSecretEventDeregisterAny(c.Handle, callbackId));

    private static void Fire(nint secret, SecretEventType type, int detail, nint opaque)
    {
        if (EventHub.From(opaque) is not { } hub) return;
        using var cursor = LibvirtHandle.Cursor<SecretHandle>();
        cursor.MoveTo(secret);
        int usage = Vir.SecretGetUsageType(cursor);
        string? usageId = null;
        if (usage != 0)
        {
            try { usageId = Vir.SecretGetUsageID(cursor); }
            catch (LibvirtException) { }
        }
        hub.Fire(new SecretEvent { Uuid = SecretApi.GetUuid(cursor), UsageType = (SecretUsageType)usage, UsageId = usageId, EventType = type, Detail = detail, TimeReceived = DateTime.Now, Sequence = EventHub.NextSequence() });
    }

    // Event-loop thread: nothing may escape from these.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnLifecycle(nint conn, nint secret, int evt, int detail, nint opaque)
    {
        try { Fire(secret, (SecretEventType)evt, detail, opaque); }
        catch { }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnValueChanged(nint conn, nint secret, nint opaque)
    {
        try { Fire(secret, SecretEventType.ValueChanged, 0, opaque); }
        catch { }
    }
}
