using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Minimal virtual-network queries and changes (list, look up, XML, define, undefine, autostart).</summary>
public static class NetworkApi
{
    /// <summary>virConnectListAllNetworks: every network's handle (the caller disposes them).</summary>
    public static unsafe List<NetworkHandle> ListAll(LibvirtConnection connection)
    {
        nint* array = null;
        int n = LibvirtException.Check(Libvirt.virConnectListAllNetworks(connection.Handle, (nint*)&array, 0));
        return LibvirtHandle.TakeArray<NetworkHandle>(array, n);
    }

    public static List<Network> List(LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var handles = ListAll(connection);
        try
        {
            var result = new List<Network>(handles.Count);
            foreach (var h in handles) result.Add(Snapshot(h, hypervisor));
            return result;
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    public static string GetName(NetworkHandle h) => LibvirtException.Check(Libvirt.virNetworkGetName(h));

    public static unsafe Guid GetUuid(NetworkHandle h)
    {
        byte* raw = stackalloc byte[16];
        LibvirtException.Check(Libvirt.virNetworkGetUUID(h, raw));
        return new Guid(new ReadOnlySpan<byte>(raw, 16), bigEndian: true);
    }

    public static unsafe Network Snapshot(NetworkHandle h, Hypervisor? hypervisor)
    {
        bool active = LibvirtException.Check(Libvirt.virNetworkIsActive(h)) == 1;
        int autostart;
        LibvirtException.Check(Libvirt.virNetworkGetAutostart(h, &autostart));
        string? bridge = Libvirt.virNetworkGetBridgeName(h);
        if (bridge is null) Libvirt.virResetLastError(); // Networks without a bridge (e.g. hostdev, direct).
        return new Network
        {
            Name = GetName(h),
            Uuid = GetUuid(h),
            Active = active,
            Persistent = LibvirtException.Check(Libvirt.virNetworkIsPersistent(h)) == 1,
            Autostart = autostart != 0,
            Bridge = string.IsNullOrEmpty(bridge) ? null : bridge,
            Hypervisor = hypervisor,
        };
    }

    public static NetworkHandle LookupByName(LibvirtConnection c, string name) =>
        LibvirtException.Check(Libvirt.virNetworkLookupByName(c.Handle, name));

    /// <summary>The network's XML; the persistent configuration when <paramref name="inactive"/> and the driver can tell it apart.</summary>
    public static string GetXml(NetworkHandle h, bool inactive = false)
    {
        if (inactive)
        {
            string? xml = Libvirt.virNetworkGetXMLDesc(h, (uint)VirNetworkXMLFlags.VIR_NETWORK_XML_INACTIVE);
            if (xml is not null) return xml;
            var ex = LibvirtException.FromLastError();
            // Drivers without separate configurations (the test driver) reject the flag.
            if (ex.Code is not (VirErrorNumber.VIR_ERR_INVALID_ARG or VirErrorNumber.VIR_ERR_NO_SUPPORT)) throw ex;
        }
        return LibvirtException.Check(Libvirt.virNetworkGetXMLDesc(h, 0));
    }

    /// <summary>Defines (or redefines) a persistent network; libvirt validates the XML against its schema first.</summary>
    public static NetworkHandle Define(LibvirtConnection c, string xml) =>
        LibvirtException.Check(Libvirt.virNetworkDefineXMLFlags(c.Handle, xml, (uint)VirNetworkDefineFlags.VIR_NETWORK_DEFINE_VALIDATE));

    public static bool IsActive(NetworkHandle h) => LibvirtException.Check(Libvirt.virNetworkIsActive(h)) == 1;

    public static void Start(NetworkHandle h) => LibvirtException.Check(Libvirt.virNetworkCreate(h));

    public static void Stop(NetworkHandle h) => LibvirtException.Check(Libvirt.virNetworkDestroy(h));

    public static void Undefine(NetworkHandle h) => LibvirtException.Check(Libvirt.virNetworkUndefine(h));

    public static void SetAutostart(NetworkHandle h, bool autostart) =>
        LibvirtException.Check(Libvirt.virNetworkSetAutostart(h, autostart ? 1 : 0));
}
