using System.Management.Automation;
using System.Text;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Types text on an open console session, followed by Enter (a carriage return, as a terminal sends) unless -NoNewline.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "DomainConsole", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class WriteDomainConsoleCommand : LibvirtCmdlet
{
    /// <summary>The session from Open-DomainConsole.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public DomainConsoleSession Session { get; set; } = null!;

    /// <summary>The text to type (UTF-8); each pipeline input is one line.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Text { get; set; } = "";

    /// <summary>Do not press Enter after the text.</summary>
    [Parameter] public SwitchParameter NoNewline { get; set; }

    protected override void ProcessRecord()
    {
        if (Session.Channel is not { } channel)
        {
            WriteError(new ErrorRecord(new ObjectDisposedException(nameof(DomainConsoleSession), "The session was never opened: Open-DomainConsole opens one."), "ConsoleSessionClosed", ErrorCategory.InvalidOperation, Session));
            return;
        }
        if (!ShouldProcess($"console of domain '{Session.Domain}'", "Type text")) return;
        try
        {
            channel.Write(Encoding.UTF8.GetBytes(NoNewline ? Text : Text + "\r"), Stopping);
        }
        catch (ConsoleClosedException e)
        {
            WriteError(new ErrorRecord(e, "ConsoleClosed", ErrorCategory.WriteError, Session));
        }
        catch (ObjectDisposedException e)
        {
            WriteError(new ErrorRecord(e, "ConsoleSessionClosed", ErrorCategory.InvalidOperation, Session));
        }
        catch (Exception e) when (IsReportable(e))
        {
            WriteLibvirtError(e, Session);
        }
    }
}
