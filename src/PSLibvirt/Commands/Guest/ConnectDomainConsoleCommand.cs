using System.Management.Automation;
using System.Text;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// The console of a domain in the current terminal, as virsh console: keys go to the guest, its output is shown as it
/// comes; the escape key (Ctrl+] by default) returns to PowerShell, closing the console (the guest keeps running).
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "DomainConsole", DefaultParameterSetName = "Domain")]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class ConnectDomainConsoleCommand : LibvirtCmdlet
{
    /// <summary>The console or serial device's alias (serial0, console0, ...). Default: the first console.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Device { get; set; }

    /// <summary>Take the console over from another client that holds it.</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    /// <summary>The key that returns to PowerShell: ctrl+ and a letter or one of [ \ ] ^ _ (default ctrl+]).</summary>
    [Parameter]
    [ValidatePattern(@"^(?i)ctrl\+[a-z\[\\\]\^_]$")]
    public string EscapeKey { get; set; } = "ctrl+]";

    protected override void BeginProcessing()
    {
        if (Host.Name != "ConsoleHost" || Console.IsInputRedirected || Console.IsOutputRedirected)
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Connect-DomainConsole needs an interactive terminal (this session has no console, or its input or output is redirected). In a script use Open-DomainConsole, Read-DomainConsole, Write-DomainConsole and Close-DomainConsole."),
                "ConsoleNotInteractive", ErrorCategory.InvalidOperation, null));
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        DomainConsoleChannel channel;
        try
        {
            channel = DomainConsoleChannel.Open(t.Connection, t.Handle, t.Name, Device, Force);
        }
        catch (ConsoleInUseException e)
        {
            WriteError(new ErrorRecord(e, "ConsoleInUse", ErrorCategory.ResourceBusy, t.Input));
            return;
        }
        using (channel) Run(channel, t.Name);
    });

    private void Run(DomainConsoleChannel channel, string name)
    {
        char escape = (char)(char.ToUpperInvariant(EscapeKey[^1]) - '@');
        bool treatCtrlC = Console.TreatControlCAsInput;
        Console.Out.Write($"Connected to domain '{name}'\r\nEscape character is ^{char.ToUpperInvariant(EscapeKey[^1])} (Ctrl + {EscapeKey[^1]})\r\n");
        Console.Out.Flush();
        try
        {
            Console.TreatControlCAsInput = true; // Ctrl+C goes to the guest, as in virsh console
            while (true)
            {
                Stopping.ThrowIfCancellationRequested();
                bool typed = false;
                while (Console.KeyAvailable)
                {
                    var key = Console.ReadKey(intercept: true);
                    if (Character(key) == escape) return;
                    byte[] bytes = KeyBytes(key);
                    if (bytes.Length > 0) { channel.Write(bytes, Stopping); typed = true; }
                }
                string text = channel.ReadAvailable();
                if (text.Length > 0) { Console.Out.Write(text); Console.Out.Flush(); }
                if (channel.EndOfStream)
                {
                    Console.Out.Write($"\r\nThe console of domain '{name}' ended ({channel.EndReason ?? "the guest stopped"}).\r\n");
                    return;
                }
                if (!typed && text.Length == 0) Stopping.WaitHandle.WaitOne(20);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = treatCtrlC;
            Console.Out.Write("\r\n");
            Console.Out.Flush();
        }
    }

    /// <summary>What a terminal sends for a key: its character, or the VT100 sequence of a cursor or editing key.</summary>
    internal static byte[] KeyBytes(ConsoleKeyInfo key)
    {
        string? seq = key.Key switch
        {
            ConsoleKey.UpArrow => "\x1b[A",
            ConsoleKey.DownArrow => "\x1b[B",
            ConsoleKey.RightArrow => "\x1b[C",
            ConsoleKey.LeftArrow => "\x1b[D",
            ConsoleKey.Home => "\x1b[H",
            ConsoleKey.End => "\x1b[F",
            ConsoleKey.Delete => "\x1b[3~",
            ConsoleKey.PageUp => "\x1b[5~",
            ConsoleKey.PageDown => "\x1b[6~",
            ConsoleKey.Insert => "\x1b[2~",
            _ => null,
        };
        if (seq is not null) return Encoding.ASCII.GetBytes(seq);
        if (key.Key == ConsoleKey.Enter) return [(byte)'\r'];
        if (key.Key == ConsoleKey.Backspace) return [0x7f];
        char c = Character(key);
        if (c != '\0') return Encoding.UTF8.GetBytes(c.ToString());
        return [];
    }

    /// <summary>
    /// The character a key types. .NET on Unix reads the control characters 0x1C-0x1F (Ctrl+\ ] ^ _) as Ctrl+4..7
    /// with no character: they are given back their codes here.
    /// </summary>
    internal static char Character(ConsoleKeyInfo key)
    {
        if (key.KeyChar != '\0') return key.KeyChar;
        if ((key.Modifiers & ConsoleModifiers.Control) != 0 && key.Key is >= ConsoleKey.D4 and <= ConsoleKey.D7)
            return (char)(0x1C + (key.Key - ConsoleKey.D4));
        return '\0';
    }
}
