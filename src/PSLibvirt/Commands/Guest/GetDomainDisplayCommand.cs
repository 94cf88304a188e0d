using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The graphical displays of running domains and the URI a viewer connects to (virsh domdisplay, vncdisplay).</summary>
[Cmdlet(VerbsCommon.Get, "DomainDisplay", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainDisplay))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainDisplayCommand : LibvirtCmdlet
{
    /// <summary>Only displays of these types (vnc, spice, rdp, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateSet("vnc", "spice", "rdp", "sdl", "desktop", "egl-headless", "dbus")]
    public string[]? Type { get; set; }

    /// <summary>Include the display's password in Password and Uri (reads the XML with VIR_DOMAIN_XML_SECURE: needs a read-write connection).</summary>
    [Parameter] public SwitchParameter IncludePassword { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!RequireState(t, "show the display of", "DomainNotRunning", "only a running domain has a display address",
                DomainState.Running, DomainState.Paused, DomainState.Blocked, DomainState.Shutdown, DomainState.PMSuspended)) return;
        string xml = DomainDefinitionApi.GetXml(t.Handle, secure: IncludePassword);
        var displays = DomainDisplayApi.ParseGraphics(xml, DomainDisplayApi.UriServer(t.Connection.Uri), IncludePassword)
            .Where(d => Type is null || Type.Contains(d.Type, StringComparer.OrdinalIgnoreCase)).ToList();
        if (displays.Count == 0)
        {
            string what = Type is null ? "graphical display" : $"graphical display of type {string.Join(", ", Type)}";
            WriteError(new ErrorRecord(new ItemNotFoundException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' has no {what} to connect to."),
                "DisplayNotFound", ErrorCategory.ObjectNotFound, t.Input));
            return;
        }
        foreach (var d in displays)
            WriteObject(new DomainDisplay
            {
                Domain = t.Name, Hypervisor = t.Hypervisor, Type = d.Type, Uri = d.Uri, Host = d.Host, Listen = d.Listen,
                Port = d.Port, TlsPort = d.TlsPort, Socket = d.Socket, Display = d.Display, Password = d.Password,
            });
    });
}
