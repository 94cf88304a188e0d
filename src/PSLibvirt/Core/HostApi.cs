using System.Runtime.InteropServices;
using System.Xml;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What identifies a host behind a connection; read once when it opens.</summary>
public sealed record HostIdentity(string Hostname, string Type, Version LibvirtVersion, Version? HypervisorVersion, bool IsEncrypted, bool IsSecure);

/// <summary>Host-level queries: identity, node info, capabilities.</summary>
public static class HostApi
{
    public static unsafe HostIdentity GetIdentity(LibvirtConnection connection)
    {
        var h = connection.Handle;
        string hostname = LibvirtException.Check(Libvirt.virConnectGetHostname(h));
        string type = LibvirtException.Check(Libvirt.virConnectGetType(h));
        CULong lib, hv;
        LibvirtException.Check(Libvirt.virConnectGetLibVersion(h, &lib));
        Version? hvVersion = null;
        if (Libvirt.virConnectGetVersion(h, &hv) == 0) hvVersion = Versions.FromLibvirt((ulong)hv.Value);
        else Libvirt.virResetLastError(); // Some drivers have no hypervisor version: not an error for us.
        bool encrypted = LibvirtException.Check(Libvirt.virConnectIsEncrypted(h)) == 1;
        bool secure = LibvirtException.Check(Libvirt.virConnectIsSecure(h)) == 1;
        return new HostIdentity(hostname, type, Versions.FromLibvirt((ulong)lib.Value), hvVersion, encrypted, secure);
    }

    public static unsafe NodeInfo GetNodeInfo(LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var h = connection.Handle;
        VirNodeInfo info;
        LibvirtException.Check(Libvirt.virNodeGetInfo(h, &info));
        ulong free = Libvirt.virNodeGetFreeMemory(h);
        if (free == 0) Libvirt.virResetLastError(); // 0 is also the error value; some drivers cannot tell.
        return new NodeInfo
        {
            Model = Utf8.Read(info.model) ?? "",
            Cpus = (int)info.cpus,
            Mhz = (int)info.mhz,
            NumaNodes = (int)info.nodes,
            Sockets = (int)info.sockets,
            CoresPerSocket = (int)info.cores,
            ThreadsPerCore = (int)info.threads,
            MemoryBytes = checked((long)info.memory.Value * 1024),
            FreeMemoryBytes = (long)free,
            Hypervisor = hypervisor,
        };
    }

    public static string GetCapabilitiesXml(LibvirtConnection connection) =>
        LibvirtException.Check(Libvirt.virConnectGetCapabilities(connection.Handle));

    public static HypervisorCapability GetCapabilities(LibvirtConnection connection, Hypervisor? hypervisor = null) =>
        ParseCapabilities(GetCapabilitiesXml(connection), hypervisor);

    /// <summary>Parses a capabilities document (virConnectGetCapabilities' format).</summary>
    public static HypervisorCapability ParseCapabilities(string xml, Hypervisor? hypervisor = null)
    {
        var doc = LibvirtXml.Load(xml);
        var guests = new List<GuestCapability>();
        foreach (XmlElement g in doc.SelectNodes("/capabilities/guest")!.OfType<XmlElement>())
        {
            var arch = (XmlElement?)g.SelectSingleNode("arch");
            guests.Add(new GuestCapability
            {
                OSType = g.SelectSingleNode("os_type")?.InnerText ?? "",
                Architecture = arch?.GetAttribute("name") ?? "",
                WordSize = int.TryParse(arch?.SelectSingleNode("wordsize")?.InnerText, out int w) ? w : null,
                Emulator = arch?.SelectSingleNode("emulator")?.InnerText,
                DomainTypes = arch?.SelectNodes("domain")!.OfType<XmlElement>().Select(d => d.GetAttribute("type")).Distinct().ToList() ?? new List<string>(),
                Machines = arch?.SelectNodes("machine")!.OfType<XmlElement>().Select(m => m.InnerText).Distinct().ToList() ?? new List<string>(),
            });
        }
        return new HypervisorCapability
        {
            Xml = doc,
            HostArchitecture = doc.SelectSingleNode("/capabilities/host/cpu/arch")?.InnerText,
            HostCpuModel = doc.SelectSingleNode("/capabilities/host/cpu/model")?.InnerText,
            Guests = guests,
            Hypervisor = hypervisor,
        };
    }
}
