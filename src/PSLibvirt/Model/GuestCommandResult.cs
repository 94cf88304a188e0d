namespace PSLibvirt;

/// <summary>What a program run in a guest through its agent did (Invoke-DomainGuestCommand; guest-exec).</summary>
public sealed class GuestCommandResult
{
    /// <summary>The domain's name.</summary>
    public string Domain { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>The program's path in the guest.</summary>
    public string Command { get; init; } = "";
    public string[] ArgumentList { get; init; } = [];
    /// <summary>The process id in the guest.</summary>
    public long ProcessId { get; init; }
    /// <summary>The exit code, or null when a signal ended the program.</summary>
    public int? ExitCode { get; init; }
    /// <summary>The signal that ended the program, or null.</summary>
    public int? Signal { get; init; }
    /// <summary>Standard output: a string (UTF-8), or a byte[] with -AsByteStream.</summary>
    public object? StdOut { get; init; }
    /// <summary>Standard error: a string (UTF-8), or a byte[] with -AsByteStream.</summary>
    public object? StdErr { get; init; }
    /// <summary>True when the agent cut standard output short (it keeps at most 16 MiB).</summary>
    public bool StdOutTruncated { get; init; }
    public bool StdErrTruncated { get; init; }

    public override string ToString() => StdOut is string s ? s : $"{Command}: exit {ExitCode}";
}
