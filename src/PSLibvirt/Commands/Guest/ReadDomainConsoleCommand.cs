using System.Management.Automation;
using System.Text.RegularExpressions;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Reads text from an open console session: until a pattern appears (a prompt, "login:"), returning the text through
/// it, or, without -Until, what arrives within -Timeout. A pattern that does not come in time is ConsoleReadTimeout.
/// </summary>
[Cmdlet(VerbsCommunications.Read, "DomainConsole")]
[OutputType(typeof(string))]
public sealed class ReadDomainConsoleCommand : LibvirtCmdlet
{
    /// <summary>The session from Open-DomainConsole.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DomainConsoleSession Session { get; set; } = null!;

    /// <summary>A regular expression to wait for (with -SimpleMatch: literal text).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Until { get; set; }

    /// <summary>-Until is literal text, not a regular expression.</summary>
    [Parameter] public SwitchParameter SimpleMatch { get; set; }

    /// <summary>Seconds to wait for -Until (default 30); without -Until, seconds to collect output (default 1).</summary>
    [Parameter]
    [ValidateRange(0.0, 86400.0)]
    public double? Timeout { get; set; }

    protected override void ProcessRecord()
    {
        if (Session.Channel is not { } channel)
        {
            WriteError(new ErrorRecord(new ObjectDisposedException(nameof(DomainConsoleSession), "The session was never opened: Open-DomainConsole opens one."), "ConsoleSessionClosed", ErrorCategory.InvalidOperation, Session));
            return;
        }
        Regex? pattern = null;
        if (Until is not null)
        {
            try { pattern = new Regex(SimpleMatch ? Regex.Escape(Until) : Until, RegexOptions.CultureInvariant); }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, "InvalidPattern", ErrorCategory.InvalidArgument, Until));
                return;
            }
        }
        var timeout = TimeSpan.FromSeconds(Timeout ?? (pattern is null ? 1 : 30));
        try
        {
            WriteObject(channel.Read(pattern, timeout, Stopping));
        }
        catch (ConsoleReadTimeoutException e)
        {
            var record = new ErrorRecord(e, "ConsoleReadTimeout", ErrorCategory.OperationTimeout, Session);
            WriteError(record);
        }
        catch (ConsoleClosedException e)
        {
            WriteError(new ErrorRecord(e, "ConsoleClosed", ErrorCategory.ReadError, Session));
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
