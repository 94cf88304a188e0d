using System.Management.Automation;

namespace PSLibvirt.Commands;

public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// Writes a plain value (a hostname, a time) that still says which domain it came from, as Get-Content's lines carry
    /// PSPath: Domain and Hypervisor NoteProperties on the value, which prints, compares and converts as itself.
    /// </summary>
    private protected void WriteFromDomain(object value, string domain, Hypervisor? hypervisor)
    {
        var o = PSObject.AsPSObject(value);
        o.Properties.Add(new PSNoteProperty("Domain", domain));
        o.Properties.Add(new PSNoteProperty("Hypervisor", hypervisor));
        WriteObject(o);
    }
}
