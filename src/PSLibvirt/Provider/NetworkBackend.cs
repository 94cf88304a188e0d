using System;
using System.Collections.Generic;
using System.Linq;
using PSLibvirt.Core;

namespace PSLibvirt.Provider;

/// <summary>The Networks folder over Core/NetworkApi.</summary>
internal static class NetworkBackend
{
    public static IReadOnlyList<string> Names(Hypervisor h) => NetworkApi.ListNames(h.Connection);

    public static IReadOnlyList<Network> List(Hypervisor h) => NetworkApi.List(h.Connection, h);

    public static Network Get(Hypervisor h, string name)
    {
        using var n = NetworkApi.LookupByName(h.Connection, name);
        return NetworkApi.Snapshot(n, h);
    }

    public static string GetXml(Hypervisor h, string name)
    {
        using var n = NetworkApi.LookupByName(h.Connection, name);
        return NetworkApi.GetXml(n, inactive: true);
    }

    public static Network Redefine(Hypervisor h, string name, string xml)
    {
        Guid uuid;
        using (var n = NetworkApi.LookupByName(h.Connection, name)) uuid = NetworkApi.GetUuid(n);
        var doc = XmlDefinition.Load(xml, "network");
        XmlDefinition.RequireName(doc, "network", name);
        XmlDefinition.RequireUuid(doc, "network", uuid);
        using var nn = NetworkApi.Define(h.Connection, doc.OuterXml);
        return NetworkApi.Snapshot(nn, h);
    }

    public static Network Define(Hypervisor h, string name, string xml)
    {
        var doc = XmlDefinition.Load(xml, "network");
        XmlDefinition.EnsureName(doc, "network", name);
        if (Names(h).Contains(name, StringComparer.Ordinal)) throw new ItemExistsException($"A network named '{name}' already exists.");
        using var n = NetworkApi.Define(h.Connection, doc.OuterXml);
        return NetworkApi.Snapshot(n, h);
    }

    public static bool IsActive(Hypervisor h, string name)
    {
        using var n = NetworkApi.LookupByName(h.Connection, name);
        return NetworkApi.IsActive(n);
    }

    public static void Remove(Hypervisor h, string name)
    {
        using var n = NetworkApi.LookupByName(h.Connection, name);
        bool persistent = NetworkApi.IsPersistent(n);
        if (NetworkApi.IsActive(n)) NetworkApi.Stop(n);
        if (persistent) NetworkApi.Undefine(n);
    }

    public static IDictionary<string, object?> GetProperties(Hypervisor h, string name)
    {
        var n = Get(h, name);
        return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Autostart"] = n.Autostart };
    }

    public static void SetProperty(Hypervisor h, string name, string property, object? value, Func<object?, Type, object> convert)
    {
        if (!property.Equals("Autostart", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Networks have no settable property '{property}'. Settable: Autostart.", nameof(property));
        using var n = NetworkApi.LookupByName(h.Connection, name);
        NetworkApi.SetAutostart(n, (bool)convert(value, typeof(bool)));
    }
}
