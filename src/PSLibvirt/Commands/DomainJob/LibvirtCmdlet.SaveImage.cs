using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>The checks Set-DomainSaveImageXml and Set-DomainManagedSaveXml share: something to change, one state, XML that parses.</summary>
    private protected void CheckSaveImageChange(string? xml, bool running, bool paused)
    {
        ExcludeEachOther(running, paused, "Running", "Paused", "the domain is restored either running or paused");
        if (xml is null && !running && !paused)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Xml, -Running or -Paused: there is nothing to change."),
                "NothingToChange", ErrorCategory.InvalidArgument, null));
        if (xml is null) return;
        try { LibvirtXml.Load(xml); }
        catch (XmlException e)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The domain XML does not parse: {e.Message}", e),
                "InvalidXml", ErrorCategory.InvalidArgument, xml));
        }
    }

    private protected static bool? RunningState(bool running, bool paused) => running ? true : paused ? false : null;

    private protected static string DescribeSaveImageChange(string? xml, bool running, bool paused) =>
        (xml is null ? "Keep the domain XML" : "Replace the domain XML") +
        (running ? ", restore running" : paused ? ", restore paused" : "");
}
