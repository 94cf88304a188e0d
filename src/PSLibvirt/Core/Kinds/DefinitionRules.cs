using System.Xml;

namespace PSLibvirt.Core;

/// <summary>An object of that kind and key already exists.</summary>
public sealed class ItemExistsException : InvalidOperationException
{
    public ItemExistsException(string message) : base(message) { }
}

/// <summary>The object is active, and the action needs it stopped (or the caller's consent to stop it).</summary>
public sealed class ObjectIsActiveException : InvalidOperationException
{
    internal ObjectIsActiveException(ObjectKind kind, string key, string message) : base(message)
    {
        Kind = kind;
        Key = key;
    }

    internal ObjectKind Kind { get; }
    public string Key { get; }
    /// <summary>&lt;Type&gt;IsActive, as in error ids.</summary>
    public string ErrorId => Kind.TypeName + "IsActive";
}

/// <summary>
/// Checks a definition before it reaches libvirt, so a wrong document changes nothing: the rules that the drive's
/// New-Item/Set-Content and the cmdlets' -Xml share (right root element, the name and UUID of the object it redefines).
/// </summary>
internal static class XmlDefinition
{
    public static XmlDocument Load(string xml, string rootName)
    {
        if (string.IsNullOrWhiteSpace(xml)) throw new ArgumentException($"The {rootName} definition is empty.");
        var doc = LibvirtXml.Load(xml);
        if (doc.DocumentElement?.Name != rootName)
            throw new ArgumentException($"This is not a {rootName} definition: its root element is <{doc.DocumentElement?.Name}>, not <{rootName}>.");
        return doc;
    }

    /// <summary>The name the document gives: its root's &lt;name&gt; element, or with <paramref name="attribute"/> its root's name attribute; null when none.</summary>
    public static string? GivenName(XmlDocument doc, bool attribute = false) =>
        attribute ? (doc.DocumentElement!.GetAttributeNode("name")?.Value.Trim()) : doc.DocumentElement!.SelectSingleNode("name")?.InnerText.Trim();

    public static void RequireName(XmlDocument doc, string rootName, string name, bool attribute = false)
    {
        string? given = GivenName(doc, attribute);
        if (given != name)
            throw new ArgumentException($"The definition names '{given}', not '{name}': a redefinition keeps the name (define a new object under the other name instead).");
    }

    public static void RequireUuid(XmlDocument doc, string rootName, Guid uuid)
    {
        string? given = doc.DocumentElement!.SelectSingleNode("uuid")?.InnerText.Trim();
        if (given is not null && (!Guid.TryParse(given, out var g) || g != uuid))
            throw new ArgumentException($"The definition's UUID '{given}' is not this {rootName}'s ({uuid}).");
    }

    /// <summary>Adds &lt;name&gt; (or with <paramref name="attribute"/> the root's name attribute) when missing; else it must match.</summary>
    public static void EnsureName(XmlDocument doc, string rootName, string name, bool attribute = false)
    {
        if (attribute)
        {
            if (GivenName(doc, attribute: true) is null) doc.DocumentElement!.SetAttribute("name", name);
            else RequireName(doc, rootName, name, attribute: true);
            return;
        }
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
