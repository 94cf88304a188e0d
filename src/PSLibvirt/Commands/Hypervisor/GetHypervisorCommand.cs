using System.Management.Automation;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Lists the open connections of this session.</summary>
[Cmdlet(VerbsCommon.Get, "Hypervisor", DefaultParameterSetName = "Name")]
[OutputType(typeof(Hypervisor))]
public sealed class GetHypervisorCommand : LibvirtCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Name")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Default")]
    public SwitchParameter Default { get; set; }

    protected override void ProcessRecord()
    {
        if (Default)
        {
            if (HypervisorSession.Default is { } d) WriteObject(d);
            return;
        }
        // A snapshot of the list: `Get-Hypervisor | Disconnect-Hypervisor` changes the session as it goes.
        var all = HypervisorSession.Connections;
        if (Name is null)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }
        foreach (var h in MatchConnections(Name, all)) WriteObject(h);
    }
}
