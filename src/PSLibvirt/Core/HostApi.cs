using System.Runtime.InteropServices;
using System.Xml;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What identifies a host behind a connection; read once when it opens.</summary>
internal sealed record HostIdentity(string Hostname, string Type, Version LibvirtVersion, Version? HypervisorVersion, bool IsEncrypted, bool IsSecure);

/// <summary>Host-level queries: identity, node info, capabilities.</summary>
internal static class HostApi
{
    public static unsafe HostIdentity GetIdentity(LibvirtConnection connection)
    {
        var h = connection.Handle;
        string hostname = Vir.ConnectGetHostname(h);
        string type = Vir.ConnectGetType(h);
        CULong lib, hv;
        Vir.ConnectGetLibVersion(h, &lib);
        Version? hvVersion = null;
        try
        {
            Vir.ConnectGetVersion(h, &hv);
            hvVersion = Versions.FromLibvirt((ulong)hv.Value);
        }
        catch (LibvirtException) { } // Some drivers have no hypervisor version: not an error for us.
        bool encrypted = Vir.ConnectIsEncrypted(h) == 1;
        bool secure = Vir.ConnectIsSecure(h) == 1;
        return new HostIdentity(hostname, type, Versions.FromLibvirt((ulong)lib.Value), hvVersion, encrypted, secure);
    }

    public static unsafe NodeInfo GetNodeInfo(LibvirtConnection connection, Hypervisor? hypervisor = null)
    {
        var h = connection.Handle;
        VirNodeInfo info;
        Vir.NodeGetInfo(h, &info);
        ulong free;
        try { free = Vir.NodeGetFreeMemory(h); }
        catch (LibvirtException) { free = 0; } // Some drivers cannot tell.
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
        Vir.ConnectGetCapabilities(connection.Handle);

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
            Xml = xml,
            HostArchitecture = doc.SelectSingleNode("/capabilities/host/cpu/arch")?.InnerText,
            HostCpuModel = doc.SelectSingleNode("/capabilities/host/cpu/model")?.InnerText,
            Guests = guests,
            Hypervisor = hypervisor,
        };
    }
}
