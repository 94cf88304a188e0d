using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The XML a New- cmdlet defines and the name it names: <paramref name="xml"/> as given when not null (its root's
    /// &lt;name&gt; or name attribute, or "(unnamed)"), else what <paramref name="build"/> makes of the cmdlet's parameters (written to the
    /// verbose stream). Null, with the error written, when the given XML is not well-formed (InvalidXml) or the
    /// parameters make no definition (<paramref name="invalidId"/>, InvalidArgument, <paramref name="name"/> as target).
    /// </summary>
    private protected (string Xml, string Name)? DefinitionXml(string? xml, Func<string> build, string? name, string invalidId)
    {
        if (xml is not null)
        {
            try
            {
                var root = LibvirtXml.Load(xml).DocumentElement;
                // <name> for most kinds; host interfaces name themselves in the root's name attribute.
                return (xml, root?["name"]?.InnerText ?? NonEmpty(root?.GetAttribute("name")) ?? "(unnamed)");
            }
            catch (XmlException e)
            {
                WriteError(new ErrorRecord(e, "InvalidXml", ErrorCategory.InvalidArgument, xml));
                return null;
            }
        }
        try
        {
            string built = build();
            WriteVerbose(built);
            return (built, name ?? "(unnamed)");
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, invalidId, ErrorCategory.InvalidArgument, name));
            return null;
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
