using System.Management.Automation;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Makes an open connection the session's default, the one every cmdlet uses without -Connection (as Select-AzContext
/// chooses Azure's default context). Only the session's choice changes: nothing is done to the hypervisor.
/// </summary>
[Cmdlet(VerbsCommon.Select, "Hypervisor")]
[OutputType(typeof(Hypervisor))]
public sealed class SelectHypervisorCommand : LibvirtCmdlet
{
    /// <summary>The connection to make the default (a Hypervisor object or the name of an open connection).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    [ValidateNotNull]
    public Hypervisor Connection { get; set; } = null!;

    /// <summary>Write the connection that is now the default.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    private Hypervisor? _selected;

    protected override void ProcessRecord()
    {
        // One default: a second connection in the same call is refused rather than silently winning.
        if (_selected is not null && !ReferenceEquals(_selected, Connection))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"Only one connection can be the default: '{_selected.Name}' was already selected by this command, so '{Connection.Name}' was not."),
                "MoreThanOneDefault", ErrorCategory.InvalidArgument, Connection));
            return;
        }
        if (!HypervisorSession.Select(Connection))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"The connection '{Connection.Name}' ({Connection.Uri}) is not open in this session: it was disconnected. Open it with Connect-Hypervisor."),
                "HypervisorNotOpen", ErrorCategory.InvalidOperation, Connection));
            return;
        }
        _selected = Connection;
        if (PassThru) WriteObject(Connection);
    }
}
