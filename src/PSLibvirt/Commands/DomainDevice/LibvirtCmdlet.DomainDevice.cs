using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>What the domain device cmdlets share (their parameters are declared in each cmdlet).</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The domain of each piped device (found again by UUID on the device's own connection, else on the target
    /// connection); a domain that is gone is DomainNotFound for that device, and the next one is processed.
    /// </summary>
    private protected List<(Target<DomainHandle> Target, T Device)> ResolveDeviceDomains<T>(IEnumerable<T> devices, Hypervisor[]? connections)
        where T : DomainDevice
    {
        var result = new List<(Target<DomainHandle>, T)>();
        foreach (var d in devices)
        {
            TryInvoke(d, () =>
            {
                var h = d.Hypervisor ?? TargetConnections(connections)[0];
                var handle = d.DomainUuid != Guid.Empty ? DomainApi.TryLookupByUuid(h.Connection, d.DomainUuid) : DomainApi.TryLookupByName(h.Connection, d.Domain);
                if (handle is null) { WriteNotFound(ObjectKinds.Domain, d.Domain, d, h); return; }
                try { result.Add((new Target<DomainHandle>(ObjectKinds.Domain, h, handle, DomainApi.GetName(handle), d.DomainUuid, d), d)); }
                catch { handle.Dispose(); throw; }
            });
        }
        return result;
    }

    /// <summary>Runs <paramref name="action"/> for each resolved device and disposes its domain; each failure is non-terminating (target: the device).</summary>
    private protected void ForEachDevice<T>(List<(Target<DomainHandle> Target, T Device)> items, Action<Target<DomainHandle>, T> action) where T : DomainDevice
    {
        foreach (var (t, d) in items)
        {
            using (t) TryInvoke(d, () => action(t, d));
        }
    }

    /// <summary>
    /// Says what a removal did: nothing when the device is gone; when the running domain still has it (the guest did not
    /// release it), the non-terminating DeviceRemovalPending error (OperationTimeout), never a claim of success.
    /// </summary>
    private protected void ReportRemoval(DeviceRemoval removal, Target<DomainHandle> t, string device, DomainScope scope, object target)
    {
        if (removal == DeviceRemoval.Done) return;
        string config = (scope & DomainScope.Config) != 0 ? " It was removed from the persistent definition." : "";
        throw new WorkErrorException(new TimeoutException(
                $"The removal of {device} from domain '{t.Name}' on '{t.Hypervisor.Name}' was requested, but the running domain still has it: " +
                "the guest has not released the device (a PCI device is unplugged only when the guest's operating system acknowledges it; " +
                $"libvirt gave up waiting). The device may still go when the guest answers; Get-DomainDevice shows whether it did.{config}"),
            "DeviceRemovalPending", ErrorCategory.OperationTimeout, target);
    }

    /// <summary>
    /// The device that a change just made or updated, read back from the definition the change affected: the one
    /// <paramref name="deviceXml"/> identifies (a disk by target, an interface by MAC, else by alias), else the last of its element.
    /// </summary>
    private protected static DomainDevice? ReadBackDevice(Target<DomainHandle> t, DomainScope scope, string deviceXml)
    {
        bool live = DomainDeviceApi.AffectsLive(t.Handle, scope);
        var owner = DomainDeviceApi.Owner(t.Handle, t.Name, t.Uuid, t.Hypervisor, inactive: !live);
        var (element, key) = DomainDeviceXml.Identify(deviceXml);
        var all = element == "disk" && live
            ? DomainDeviceApi.ListDisks(t.Handle, owner).Cast<DomainDevice>().ToList()
            : DomainDeviceApi.ListDevices(t.Handle, owner);
        var same = all.Where(d => d.Type == element).ToList();
        if (key is null) return same.LastOrDefault();
        return same.FirstOrDefault(d => d switch
        {
            DomainDisk disk => disk.Target == key,
            DomainNetworkAdapter nic => nic.MacAddress.Equals(key, StringComparison.OrdinalIgnoreCase),
            _ => d.Alias == key,
        });
    }

    /// <summary>
    /// The device that <paramref name="find"/> picks from the definition a change of <paramref name="scope"/> affects (the
    /// live XML when it affects the running domain). When the change affects both the running domain and the definition,
    /// the device must be in both: one missing from either (a removal still pending, a device attached with -Live or
    /// -Config only) is the <paramref name="notFoundId"/> error (ObjectNotFound), saying where it is and which switch reaches it.
    /// </summary>
    private protected static System.Xml.Linq.XElement FindDeviceInScope(Target<DomainHandle> t, DomainScope scope,
        Func<string, System.Xml.Linq.XElement?> find, string what, string listCommand, string notFoundId, object input)
    {
        bool live = DomainDeviceApi.AffectsLive(t.Handle, scope);
        var inScope = find(DomainDeviceApi.XmlFor(t.Handle, scope));
        bool both = live && (scope & DomainScope.Config) != 0;
        var inDefinition = both ? find(DomainDefinitionApi.GetXml(t.Handle, inactive: true)) : inScope;
        if (inScope is not null && inDefinition is not null) return inScope;
        string message = inScope is null && inDefinition is null
            ? $"Domain '{t.Name}' on '{t.Hypervisor.Name}' has no {what} in {DomainDeviceApi.Describe(scope)}. {listCommand} lists them."
            : inScope is null
                ? $"Domain '{t.Name}' on '{t.Hypervisor.Name}' has {what} in its persistent definition but not in the running domain: give -Config to change the definition only."
                : $"Domain '{t.Name}' on '{t.Hypervisor.Name}' has {what} in the running domain but not in its persistent definition (a removal the guest has not completed, or a device attached with -Live): give -Live to change the running domain only.";
        throw new WorkErrorException(new ItemNotFoundException(message), notFoundId, ErrorCategory.ObjectNotFound, input);
    }

    /// <summary>The device XML given to -Xml, checked to be one well-formed device element; a terminating InvalidXml error otherwise.</summary>
    private protected void CheckDeviceXmlArgument(string xml)
    {
        try { DomainDeviceXml.CheckDeviceXml(xml); }
        catch (System.Xml.XmlException e)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The device XML does not parse: {e.Message}", e),
                "InvalidXml", ErrorCategory.InvalidArgument, xml));
        }
    }
}
