using System.Text;
using System.Text.RegularExpressions;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Another client holds the console and -Force was not given: ConsoleInUse in the cmdlets.</summary>
public sealed class ConsoleInUseException : InvalidOperationException
{
    public ConsoleInUseException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The text awaited did not come in time: ConsoleReadTimeout; <see cref="Received"/> is what did come.</summary>
public sealed class ConsoleReadTimeoutException : TimeoutException
{
    public ConsoleReadTimeoutException(string message, string received) : base(message) => Received = received;
    public string Received { get; }
}

/// <summary>The console stream ended (the guest stopped, or another client took the console over with -Force): ConsoleClosed.</summary>
public sealed class ConsoleClosedException : InvalidOperationException
{
    public ConsoleClosedException(string message, string received) : base(message) => Received = received;
    public string Received { get; }
}

/// <summary>
/// Bytes from a console turned into text: UTF-8 decoded across chunk boundaries (a character split between two
/// reads is kept until its end arrives), then searched for what a script waits for, across chunks too.
/// </summary>
internal sealed class ConsoleTextBuffer
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly StringBuilder _text = new();

    public int Length => _text.Length;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        int count = _decoder.GetCharCount(bytes, flush: false);
        if (count == 0) { Span<char> none = stackalloc char[1]; _decoder.GetChars(bytes, none, flush: false); return; }
        var chars = count <= 1024 ? stackalloc char[count] : new char[count];
        int n = _decoder.GetChars(bytes, chars, flush: false);
        _text.Append(chars[..n]);
    }

    /// <summary>The text up to and including the first match of <paramref name="pattern"/>, removed from the buffer; null when no match yet.</summary>
    public string? TakeThrough(Regex pattern)
    {
        var m = pattern.Match(_text.ToString());
        if (!m.Success) return null;
        int end = m.Index + m.Length;
        string taken = _text.ToString(0, end);
        _text.Remove(0, end);
        return taken;
    }

    /// <summary>All the text decoded so far, removed from the buffer.</summary>
    public string TakeAll()
    {
        string all = _text.ToString();
        _text.Clear();
        return all;
    }

    public string Peek() => _text.ToString();
}

/// <summary>
/// An open console channel of a domain (virDomainOpenConsole over a non-blocking libvirt stream, which works on remote
/// connections: the process's event loop queues what arrives). Not thread-safe apart from <see cref="Dispose"/>,
/// which may come from any thread (a closing runspace) and aborts the stream once.
/// </summary>
internal sealed class DomainConsoleChannel : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly object _gate = new();
    private readonly StreamHandle _stream;
    private readonly LibvirtConnection _connection;
    private readonly ConsoleTextBuffer _buffer = new();
    private readonly byte[] _chunk = new byte[64 * 1024];
    private bool _disposed;

    private DomainConsoleChannel(LibvirtConnection connection, StreamHandle stream, string domain, string? device)
    {
        _connection = connection;
        _stream = stream;
        Domain = domain;
        Device = device;
    }

    public string Domain { get; }
    public string? Device { get; }
    public bool EndOfStream { get; private set; }
    /// <summary>Why the stream ended when libvirt gave a reason (null at a plain end of stream or while open).</summary>
    public string? EndReason { get; private set; }
    public bool IsClosed { get { lock (_gate) return _disposed; } }
    public event EventHandler? Closed;

    /// <summary>
    /// Opens the console <paramref name="device"/> (an alias such as serial0 or console0; null: the first one).
    /// Without <paramref name="force"/> a console held by another client gives <see cref="ConsoleInUseException"/>.
    /// </summary>
    public static DomainConsoleChannel Open(LibvirtConnection connection, DomainHandle domain, string domainName, string? device, bool force)
    {
        var stream = Vir.StreamNew(connection.Handle, VirStreamFlags.VIR_STREAM_NONBLOCK);
        try
        {
            var flags = force ? VirDomainConsoleFlags.VIR_DOMAIN_CONSOLE_FORCE : 0;
            try
            {
                Vir.DomainOpenConsole(domain, device, stream, flags);
            }
            catch (LibvirtException e) when (!force && e.Message.Contains("Active console session", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConsoleInUseException(
                    $"The console {(device is null ? "" : $"'{device}' ")}of domain '{domainName}' is held by another client. -Force takes it over (the other client's session ends).", e);
            }
            return new DomainConsoleChannel(connection, stream, domainName, device);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Takes what has arrived without waiting. Returns the bytes read; sets <see cref="EndOfStream"/> at the end.</summary>
    public unsafe int Poll()
    {
        int total = 0;
        lock (_gate)
        {
            ThrowIfClosed();
            if (EndOfStream) return 0;
            fixed (byte* p = _chunk)
            {
                while (true)
                {
                    int n;
                    try { n = Vir.StreamRecv(_stream, p, (nuint)_chunk.Length); }
                    catch (LibvirtException e)
                    {
                        // The stream ended with an error: another client took the console (-Force), the guest went away.
                        EndOfStream = true;
                        var lost = Lost(e);
                        if (lost is ConnectionLostException) throw lost;
                        EndReason = e.Message;
                        break;
                    }
                    if (n == -2) break;
                    if (n <= 0) { EndOfStream = true; break; }
                    var data = new ReadOnlySpan<byte>(_chunk, 0, n);
                    _buffer.Append(data);
                    total += n;
                }
            }
        }
        return total;
    }

    /// <summary>
    /// Reads until <paramref name="until"/> matches (returns the text through the match; what follows stays for the
    /// next read) or, with no pattern, for <paramref name="timeout"/> and returns all that came.
    /// </summary>
    public string Read(Regex? until, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Poll();
            if (until is not null)
            {
                var found = _buffer.TakeThrough(until);
                if (found is not null) return found;
            }
            if (EndOfStream)
            {
                string got = _buffer.TakeAll();
                if (until is null) return got;
                throw new ConsoleClosedException(
                    $"The console of domain '{Domain}' ended before '{until}' came ({EndReason ?? "the guest stopped, or another client took the console with -Force"}). Received: {Tail(got)}", got);
            }
            if (DateTime.UtcNow >= deadline)
            {
                string got = _buffer.TakeAll();
                if (until is null) return got;
                throw new ConsoleReadTimeoutException(
                    $"'{until}' did not appear on the console of domain '{Domain}' within {timeout.TotalSeconds:0.###} s. Received: {Tail(got)}", got);
            }
            if (cancellation.WaitHandle.WaitOne(PollInterval)) cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Takes what has arrived without waiting, as text (for a terminal that shows output as it comes).</summary>
    public string ReadAvailable()
    {
        Poll();
        return _buffer.TakeAll();
    }

    /// <summary>Sends bytes to the guest (retrying while the non-blocking stream is full).</summary>
    public unsafe void Write(ReadOnlySpan<byte> data, CancellationToken cancellation)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (EndOfStream) throw new ConsoleClosedException($"The console of domain '{Domain}' has ended; open it again.", "");
            fixed (byte* p = data)
            {
                int sent = 0;
                while (sent < data.Length)
                {
                    int n;
                    try { n = Vir.StreamSend(_stream, p + sent, (nuint)(data.Length - sent)); }
                    catch (LibvirtException e) { throw Lost(e); }
                    if (n == -2) { cancellation.WaitHandle.WaitOne(PollInterval); cancellation.ThrowIfCancellationRequested(); continue; }
                    sent += n;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            try { Vir.StreamAbort(_stream); } catch (LibvirtException) { }
            _stream.Dispose();
        }
        Closed?.Invoke(this, EventArgs.Empty);
    }

    private void ThrowIfClosed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(DomainConsoleChannel), $"The console session of domain '{Domain}' is closed.");
    }

    private LibvirtException Lost(LibvirtException error)
    {
        if (_connection.IsAlive) return error;
        _connection.MarkLost(error.Message);
        return new ConnectionLostException(_connection.Uri, error.Message);
    }

    private static string Tail(string s) => s.Length == 0 ? "(nothing)" : s.Length <= 400 ? s : "..." + s[^400..];
}
