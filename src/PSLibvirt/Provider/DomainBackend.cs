using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Provider;

/// <summary>The Domains folder over the domains work's Core API.</summary>
internal static class DomainBackend
{
    public static IReadOnlyList<string> Names(Hypervisor h) => DomainApi.ListNames(h.Connection);

    public static IReadOnlyList<Domain> List(Hypervisor h) => DomainApi.List(h.Connection, h);

    public static Domain Get(Hypervisor h, string name)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        return DomainApi.GetDomain(d, h.Connection, h);
    }

    /// <summary>The definition (the persistent configuration for persistent domains, else the live one).</summary>
    public static string GetXml(Hypervisor h, string name)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        return DomainDefinitionApi.GetXml(d, inactive: DomainDefinitionApi.IsPersistent(d));
    }

    /// <summary>Redefines an existing domain; the XML must name the same domain (same name, same UUID when given).</summary>
    public static Domain Redefine(Hypervisor h, string name, string xml)
    {
        Guid uuid;
        using (var d = DomainApi.LookupByName(h.Connection, name)) uuid = DomainApi.GetUuid(d);
        var doc = XmlDefinition.Load(xml, "domain");
        XmlDefinition.RequireName(doc, "domain", name);
        XmlDefinition.RequireUuid(doc, "domain", uuid);
        using var nd = DomainDefinitionApi.Define(h.Connection, doc.OuterXml);
        return DomainApi.GetDomain(nd, h.Connection, h);
    }

    public static Domain Define(Hypervisor h, string name, string xml)
    {
        var doc = XmlDefinition.Load(xml, "domain");
        XmlDefinition.EnsureName(doc, "domain", name);
        if (DomainApi.TryLookupByName(h.Connection, name) is { } existing)
        {
            existing.Dispose();
            throw new ItemExistsException($"A domain named '{name}' already exists.");
        }
        using var d = DomainDefinitionApi.Define(h.Connection, doc.OuterXml);
        return DomainApi.GetDomain(d, h.Connection, h);
    }

    public static bool IsActive(Hypervisor h, string name)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        return DomainDefinitionApi.IsActive(d);
    }

    /// <summary>Undefines the domain (its disks stay); an active domain is stopped first (the caller asked with -Force).</summary>
    public static void Remove(Hypervisor h, string name)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        bool persistent = DomainDefinitionApi.IsPersistent(d);
        if (DomainDefinitionApi.IsActive(d)) LibvirtException.Check(Native.Libvirt.virDomainDestroy(d));
        if (!persistent) return;
        try
        {
            DomainDefinitionApi.Undefine(d, DomainUndefineOptions.ManagedSave | DomainUndefineOptions.Snapshots);
        }
        catch (LibvirtException ex) when (ex.Code is Native.VirErrorNumber.VIR_ERR_INVALID_ARG or Native.VirErrorNumber.VIR_ERR_NO_SUPPORT)
        {
            // Drivers without checkpoints (the test driver) reject that flag: undefine with what they know.
            DomainDefinitionApi.Undefine(d, DomainUndefineOptions.ManagedSave);
        }
    }

    public static Domain Rename(Hypervisor h, string name, string newName)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        DomainDefinitionApi.Rename(d, newName);
        using var nd = DomainApi.LookupByName(h.Connection, newName);
        return DomainApi.GetDomain(nd, h.Connection, h);
    }

    public static Domain Start(Hypervisor h, string name)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        DomainDefinitionApi.Start(d);
        return DomainApi.GetDomain(d, h.Connection, h);
    }

    public static readonly string[] PropertyNames = { "Autostart", "Title", "Description", "MemoryBytes", "MaxMemoryBytes", "VCpus" };

    public static IDictionary<string, object?> GetProperties(Hypervisor h, string name)
    {
        var d = Get(h, name);
        return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Autostart"] = d.Autostart,
            ["Title"] = d.Title,
            ["Description"] = d.Description,
            ["MemoryBytes"] = d.MemoryBytes,
            ["MaxMemoryBytes"] = d.MaxMemoryBytes,
            ["VCpus"] = d.VCpus,
        };
    }

    /// <summary>Applies one setting: to the running domain when it is active, else to its configuration (virsh's default).</summary>
    public static void SetProperty(Hypervisor h, string name, string property, object? value, Func<object?, Type, object> convert)
    {
        using var d = DomainApi.LookupByName(h.Connection, name);
        // Current: the running domain when it is active, else its persistent configuration (as virsh does by default).
        const DomainScope scope = DomainScope.Current;
        switch (property.ToLowerInvariant())
        {
            case "autostart":
                DomainDefinitionApi.SetAutostart(d, (bool)convert(value, typeof(bool)));
                break;
            case "title":
                DomainDefinitionApi.SetMetadata(d, title: true, value?.ToString() ?? "", scope);
                break;
            case "description":
                DomainDefinitionApi.SetMetadata(d, title: false, value?.ToString() ?? "", scope);
                break;
            case "memory":
            case "memorybytes":
                DomainDefinitionApi.SetMemoryKiB(d, checked((ulong)(long)convert(value, typeof(long)) / 1024), scope);
                break;
            case "maxmemory":
            case "maxmemorybytes":
                DomainDefinitionApi.SetMemoryKiB(d, checked((ulong)(long)convert(value, typeof(long)) / 1024), DomainScope.Config, maximum: true);
                break;
            case "vcpus":
            case "vcpu":
                DomainDefinitionApi.SetVcpus(d, (uint)convert(value, typeof(uint)), scope);
                break;
            default:
                throw new ArgumentException($"Domains have no settable property '{property}'. Settable: {string.Join(", ", PropertyNames)}.", nameof(property));
        }
    }
}

/// <summary>An item of that name already exists.</summary>
public sealed class ItemExistsException : InvalidOperationException
{
    public ItemExistsException(string message) : base(message) { }
}

/// <summary>Checks a definition before it reaches libvirt, so a wrong document changes nothing.</summary>
internal static class XmlDefinition
{
    public static XmlDocument Load(string xml, string rootName)
    {
        if (string.IsNullOrWhiteSpace(xml)) throw new ArgumentException($"The {rootName} definition is empty.");
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(xml);
        if (doc.DocumentElement?.Name != rootName)
            throw new ArgumentException($"This is not a {rootName} definition: its root element is <{doc.DocumentElement?.Name}>, not <{rootName}>.");
        return doc;
    }

    public static void RequireName(XmlDocument doc, string rootName, string name)
    {
        string? given = doc.DocumentElement!.SelectSingleNode("name")?.InnerText.Trim();
        if (given != name)
            throw new ArgumentException($"The definition names '{given}', not '{name}'. Rename with Rename-Item, or create a new item with New-Item.");
    }

    public static void RequireUuid(XmlDocument doc, string rootName, Guid uuid)
    {
        string? given = doc.DocumentElement!.SelectSingleNode("uuid")?.InnerText.Trim();
        if (given is not null && (!Guid.TryParse(given, out var g) || g != uuid))
            throw new ArgumentException($"The definition's UUID '{given}' is not this {rootName}'s ({uuid}).");
    }

    /// <summary>Adds &lt;name&gt; when missing; else it must match.</summary>
    public static void EnsureName(XmlDocument doc, string rootName, string name)
    {
        var node = doc.DocumentElement!.SelectSingleNode("name");
        if (node is null)
        {
            var e = doc.CreateElement("name");
            e.InnerText = name;
            doc.DocumentElement.PrependChild(e);
            return;
        }
        RequireName(doc, rootName, name);
    }
}
