using System.Management.Automation;
using System.Xml;

namespace PSLibvirt.Commands;

/// <summary>Lets an XML parameter take a string or an XmlDocument/XmlNode (whose OuterXml is used).</summary>
public sealed class XmlTextTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        inputData = inputData is PSObject p ? p.BaseObject : inputData;
        return inputData switch
        {
            XmlDocument doc => doc.OuterXml,
            XmlNode node => node.OuterXml,
            object[] lines when lines.All(l => (l is PSObject lp ? lp.BaseObject : l) is string) =>
                string.Join("\n", lines.Select(l => l.ToString())), // Get-Content without -Raw
            _ => inputData,
        };
    }
}
