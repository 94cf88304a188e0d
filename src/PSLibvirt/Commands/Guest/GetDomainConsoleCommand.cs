using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>The consoles of running domains and their host paths, such as a pty's /dev/pts/N (virsh ttyconsole).</summary>
[Cmdlet(VerbsCommon.Get, "DomainConsole", DefaultParameterSetName = "Domain")]
[OutputType(typeof(DomainConsoleDevice))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class GetDomainConsoleCommand : LibvirtCmdlet
{
    /// <summary>Only the console with this alias (serial0, console1, ...; wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string? Device { get; set; }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        if (!RequireState(t, "show the consoles of", "DomainNotRunning", "only a running domain has console paths",
                DomainState.Running, DomainState.Paused, DomainState.Blocked, DomainState.Shutdown, DomainState.PMSuspended)) return;
        var pattern = Device is null ? null : WildcardPattern.Get(Device, WildcardOptions.IgnoreCase);
        var consoles = DomainDisplayApi.ParseConsoles(DomainDefinitionApi.GetXml(t.Handle))
            .Where(c => pattern is null || (c.Alias is not null && pattern.IsMatch(c.Alias))).ToList();
        if (consoles.Count == 0 && (Device is null || !WildcardPattern.ContainsWildcardCharacters(Device)))
        {
            string what = Device is null ? "console" : $"console '{Device}'";
            WriteError(new ErrorRecord(new ItemNotFoundException($"Domain '{t.Name}' on '{t.Hypervisor.Name}' has no {what}."),
                "ConsoleNotFound", ErrorCategory.ObjectNotFound, t.Input));
            return;
        }
        foreach (var c in consoles)
            WriteObject(new DomainConsoleDevice
            {
                Domain = t.Name, Hypervisor = t.Hypervisor, Name = c.Alias, Type = c.Type, TargetType = c.TargetType, Port = c.Port, Path = c.Path,
            });
    });
}
