using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PSLibvirt.Commands;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>A runspace with every PSLibvirt cmdlet registered from the assembly (no built module needed).</summary>
public sealed class InProcessShell : IDisposable
{
    private readonly Runspace _runspace;

    public Runspace Runspace => _runspace;

    /// <summary>
    /// <paramref name="formatFiles"/> are loaded as a module's FormatsToProcess are; <paramref name="moreCmdlets"/>
    /// are cmdlets of other assemblies (Out-String, Format-Table: Microsoft.PowerShell.Commands.Utility).
    /// </summary>
    public InProcessShell(IEnumerable<string>? formatFiles = null, params Type[] moreCmdlets)
    {
        var iss = InitialSessionState.CreateDefault2();
        foreach (var f in formatFiles ?? Array.Empty<string>()) iss.Formats.Add(new SessionStateFormatEntry(f));
        foreach (var type in moreCmdlets)
        {
            var attr = (CmdletAttribute)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute))!;
            iss.Commands.Add(new SessionStateCmdletEntry($"{attr.VerbName}-{attr.NounName}", type, null));
        }
        foreach (var type in typeof(LibvirtCmdlet).Assembly.GetTypes())
        {
            var attr = (CmdletAttribute?)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute));
            if (attr is not null && !type.IsAbstract)
                iss.Commands.Add(new SessionStateCmdletEntry($"{attr.VerbName}-{attr.NounName}", type, null));
        }
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
    }

    public (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) Run(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = ps.Invoke();
        return (output, ps.Streams.Error.ToList());
    }

    public void Dispose()
    {
        Run("Get-Hypervisor | Disconnect-Hypervisor -Confirm:$false");
        _runspace.Dispose();
    }
}

/// <summary>Tests that share the process-wide connection list must not run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SessionCollection
{
    public const string Name = "session";
}
