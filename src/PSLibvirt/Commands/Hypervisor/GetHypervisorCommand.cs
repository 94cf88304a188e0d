using System.Management.Automation;

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
        foreach (string n in Name)
        {
            var pattern = WildcardPattern.Get(n, WildcardOptions.IgnoreCase);
            bool any = false;
            foreach (var h in all)
            {
                if (!pattern.IsMatch(h.Name)) continue;
                any = true;
                WriteObject(h);
            }
            if (!any && !WildcardPattern.ContainsWildcardCharacters(n))
                WriteError($"There is no open connection named '{n}'.", "HypervisorNotFound", ErrorCategory.ObjectNotFound, n);
        }
    }
}
