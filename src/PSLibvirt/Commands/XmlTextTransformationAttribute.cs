using System.Management.Automation;
using System.Xml;

namespace PSLibvirt.Commands;

/// <summary>
/// Lets an XML parameter take a string, an XmlDocument/XmlNode (whose OuterXml is used, so the output of a
/// Get-*Xml -AsXml or an [xml] cast goes straight back in) or the lines of Get-Content without -Raw.
/// </summary>
public sealed class XmlTextTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>
    /// For a string[] parameter whose elements are separate XML texts (several CPU descriptions): each element is
    /// converted on its own and lines are never joined.
    /// </summary>
    public bool EachElement { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        inputData = Unwrap(inputData);
        if (EachElement)
            return inputData is object[] items ? items.Select(i => TextOf(Unwrap(i))).ToArray() : TextOf(inputData);
        return inputData switch
        {
            object[] lines when lines.All(l => Unwrap(l) is string) => string.Join("\n", lines.Select(l => l.ToString())),
            _ => TextOf(inputData),
        };
    }

    private static object Unwrap(object o) => o is PSObject p ? p.BaseObject : o;

    private static object TextOf(object o) => o is XmlNode node ? node.OuterXml : o;
}
