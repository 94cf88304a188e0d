using System.Collections;
using System.Management.Automation;
using System.Text;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Runs a program in domains' guests through the guest agent (guest-exec) and writes what it did.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DomainGuestCommand", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(GuestCommandResult))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class InvokeDomainGuestCommandCommand : LibvirtCmdlet
{
    /// <summary>The program's path in the guest (the agent searches PATH for a bare name).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = "";

    /// <summary>The program's arguments, each passed as is (no shell).</summary>
    [Parameter]
    [AllowEmptyString]
    public string[] ArgumentList { get; set; } = [];

    /// <summary>Environment variables of the program (name = value), in place of the agent's own environment.</summary>
    [Parameter]
    public IDictionary? Environment { get; set; }

    /// <summary>Standard input of the program: a string (sent as UTF-8) or bytes.</summary>
    [Parameter]
    public object? InputObject { get; set; }

    /// <summary>Seconds the program may run (default 60); after that an error says it still runs in the guest.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int Timeout { get; set; } = 60;

    /// <summary>A non-zero exit code (or a signal) is also an error (GuestCommandFailed).</summary>
    [Parameter] public SwitchParameter ErrorOnExitCode { get; set; }

    /// <summary>StdOut and StdErr are bytes, not text.</summary>
    [Parameter] public SwitchParameter AsByteStream { get; set; }

    private byte[]? _input;
    private List<string>? _environment;

    protected override void BeginProcessing()
    {
        object? input = InputObject is PSObject pso ? pso.BaseObject : InputObject;
        _input = input switch
        {
            null => null,
            byte[] b => b,
            string s => Encoding.UTF8.GetBytes(s),
            object[] lines when lines.All(l => l is string or PSObject { BaseObject: string }) =>
                Encoding.UTF8.GetBytes(string.Join("\n", lines.Select(l => l.ToString())) + "\n"),
            _ => null,
        };
        if (input is not null && _input is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-InputObject must be a string, strings or bytes, not {input.GetType().Name}."),
                "InvalidInputObject", ErrorCategory.InvalidArgument, input));
        if (Environment is not null)
        {
            _environment = [];
            foreach (DictionaryEntry e in Environment)
            {
                string name = e.Key?.ToString() ?? "";
                if (name.Length == 0 || name.Contains('='))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"Environment variable name '{name}' is empty or contains '='."),
                        "InvalidEnvironmentName", ErrorCategory.InvalidArgument, name));
                _environment.Add(name + "=" + (e.Value is PSObject p ? p.BaseObject : e.Value));
            }
        }
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string line = ArgumentList.Length == 0 ? Command : Command + " " + string.Join(" ", ArgumentList);
        if (!ShouldProcess(t.Description, "Run in the guest: " + line)) return;
        GuestAgentApi.ExecResult r;
        try
        {
            r = GuestAgentApi.Exec(t.Handle, Command, ArgumentList, _environment, _input, TimeSpan.FromSeconds(Timeout), Stopping);
        }
        catch (GuestAgentCommandException e) when (e.Command == "guest-exec")
        {
            bool missing = e.Message.Contains("No such file", StringComparison.OrdinalIgnoreCase);
            WriteError(new ErrorRecord(
                new InvalidOperationException($"The guest agent of domain '{t.Name}' could not run '{Command}': {e.Message}", e),
                "GuestCommandNotStarted", missing ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidOperation, t.Input));
            return;
        }
        catch (TimeoutException e)
        {
            WriteError(new ErrorRecord(e, "GuestCommandTimeout", ErrorCategory.OperationTimeout, t.Input));
            return;
        }
        catch (LibvirtException e) when (e.Code == Native.VirErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE)
        {
            WriteError(new ErrorRecord(e, "AgentUnresponsive", ErrorCategory.OperationTimeout, t.Input));
            return;
        }
        var result = new GuestCommandResult
        {
            Domain = t.Name, Hypervisor = t.Hypervisor, Command = Command, ArgumentList = ArgumentList, ProcessId = r.ProcessId,
            ExitCode = r.ExitCode, Signal = r.Signal,
            StdOut = AsByteStream ? r.StdOut : Encoding.UTF8.GetString(r.StdOut),
            StdErr = AsByteStream ? r.StdErr : Encoding.UTF8.GetString(r.StdErr),
            StdOutTruncated = r.StdOutTruncated, StdErrTruncated = r.StdErrTruncated,
        };
        WriteObject(result);
        if (ErrorOnExitCode && (r.ExitCode is not (null or 0) || r.Signal is not null))
        {
            string how = r.Signal is int s ? $"was ended by signal {s}" : $"exited with code {r.ExitCode}";
            WriteError(new ErrorRecord(new InvalidOperationException($"'{line}' in domain '{t.Name}' {how}."),
                "GuestCommandFailed", ErrorCategory.InvalidResult, result));
        }
    });
}
