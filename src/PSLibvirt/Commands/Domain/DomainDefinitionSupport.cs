using System;
using System.Collections.Generic;
using System.Linq;
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

/// <summary>Domain cmdlets that change definitions: a name must identify one domain, not one per connection.</summary>
public abstract class DomainChangeCmdlet : DomainCmdlet
{
    /// <summary>
    /// The resolved targets, minus names found on more than one target connection: those get an
    /// AmbiguousDomainName error (InvalidArgument), since changing or removing several machines because they
    /// share a name is rarely what was meant.
    /// </summary>
    protected List<DomainTarget> ResolveUnambiguousTargets()
    {
        var result = new List<DomainTarget>();
        foreach (var group in ResolveTargets().GroupBy(t => t.Input))
        {
            var list = group.ToList();
            if (list.Count > 1 && group.Key is string name)
            {
                string where = string.Join(", ", list.Select(t => $"'{t.Hypervisor.Name}' ({t.Hypervisor.Uri})"));
                WriteError(new ErrorRecord(
                    new ArgumentException($"The name '{name}' matches a domain on each of {list.Count} connections: {where}. Pass one -Connection, or pipe the Domain object from Get-Domain."),
                    "AmbiguousDomainName", ErrorCategory.InvalidArgument, name));
                foreach (var t in list) t.Dispose();
                continue;
            }
            result.AddRange(list);
        }
        return result;
    }

    protected void ForEachUnambiguousDomain(Action<DomainTarget> action)
    {
        foreach (var t in ResolveUnambiguousTargets())
        {
            using (t) TryInvoke(t.Input, () => action(t));
        }
    }
}
