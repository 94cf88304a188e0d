using System.IO;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>How far a transfer has got; reported at most every few hundred milliseconds and once at the end.</summary>
internal readonly record struct TransferProgress(long BytesTransferred, long? TotalBytes, TimeSpan Elapsed, bool Completed)
{
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesTransferred / Elapsed.TotalSeconds : 0;
    public int? PercentComplete => TotalBytes is > 0 ? (int)Math.Min(100, 100 * BytesTransferred / TotalBytes.Value) : null;
}

/// <summary>
/// Streams volume data to and from local files through libvirt streams (works on remote connections). Memory use is
/// one fixed buffer whatever the size. Cancelling aborts the stream (virStreamAbort) and throws OperationCanceledException.
/// </summary>
internal static class VolumeTransfer
{
    /// <summary>The chunk size: libvirt's largest stream message payload (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).</summary>
    public const int ChunkSize = 256 * 1024;
    private const int HoleGranularity = 4096;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Uploads <paramref name="sourceFile"/> into the volume (virStorageVolUpload). With <paramref name="sparse"/>, runs of
    /// zero bytes are sent as holes (VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM). Returns the bytes sent.
    /// </summary>
    public static unsafe long Upload(LibvirtConnection connection, StorageVolHandle volume, string sourceFile, bool sparse,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var file = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long length = file.Length;
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = Vir.StreamNew(connection.Handle);
        var flags = sparse ? VirStorageVolUploadFlags.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0;
        Vir.StorageVolUpload(volume, stream, 0, (ulong)length, flags);

        var state = new UploadState(file, length, sparse, progress, cancellationToken);
        var gc = GCHandle.Alloc(state);
        try
        {
            try
            {
                if (sparse)
                    Vir.StreamSparseSendAll(stream,
                        (nint)(delegate* unmanaged[Cdecl]<nint, byte*, nuint, nint, int>)&Source,
                        (nint)(delegate* unmanaged[Cdecl]<nint, int*, long*, nint, int>)&SourceHole,
                        (nint)(delegate* unmanaged[Cdecl]<nint, long, nint, int>)&SourceSkip,
                        GCHandle.ToIntPtr(gc));
                else
                    Vir.StreamSendAll(stream,
                        (nint)(delegate* unmanaged[Cdecl]<nint, byte*, nuint, nint, int>)&Source,
                        GCHandle.ToIntPtr(gc));
            }
            catch (LibvirtException error) // read by the checked call before anything else
            {
                if (state.Cancelled) throw new OperationCanceledException("The upload was cancelled.", cancellationToken);
                if (state.Failure is not null) ExceptionDispatch(state.Failure);
                throw Lost(connection, error);
            }
            Vir.StreamFinish(stream);
            state.Report(completed: true);
            return state.Sent;
        }
        catch
        {
            AbortQuietly(stream);
            throw;
        }
        finally
        {
            gc.Free();
        }
    }

    /// <summary>
    /// Downloads the volume into <paramref name="destinationFile"/> (virStorageVolDownload). The data goes to a temporary
    /// file next to it, renamed at the end: a cancelled or failed download never leaves a file that looks complete.
    /// With <paramref name="sparse"/>, holes in the volume stay holes in the file. Returns the bytes written.
    /// </summary>
    public static unsafe long Download(LibvirtConnection connection, StorageVolHandle volume, string destinationFile, bool overwrite,
        bool sparse, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(destinationFile);
        if (!overwrite && File.Exists(full))
            throw new IOException($"The file '{full}' already exists. Use -Force to overwrite it.");
        string dir = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Path.GetRandomFileName() + ".partial");
        long total = (long)StorageApi.GetVolumeCapacity(volume);
        var clock = Stopwatch.StartNew();
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        bool done = false;
        try
        {
            using var stream = Vir.StreamNew(connection.Handle);
            var flags = sparse ? VirStorageVolDownloadFlags.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM : 0;
            Vir.StorageVolDownload(volume, stream, 0, 0, flags);
            byte[] buffer = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
            long received = 0, position = 0;
            var lastReport = TimeSpan.Zero;
            try
            {
                fixed (byte* p = buffer)
                {
                    while (true)
                    {
                        if (cancellationToken.IsCancellationRequested)
                            throw new OperationCanceledException("The download was cancelled.", cancellationToken);
                        int n;
                        try
                        {
                            // -1 throws; -3 is "a hole is next" (STOP_AT_HOLE); -2 (would block) needs a non-blocking stream.
                            n = sparse
                                ? Vir.StreamRecvFlags(stream, p, (nuint)buffer.Length, VirStreamRecvFlagsValues.VIR_STREAM_RECV_STOP_AT_HOLE)
                                : Vir.StreamRecv(stream, p, (nuint)buffer.Length);
                        }
                        catch (LibvirtException error)
                        {
                            throw Lost(connection, error);
                        }
                        if (n == -3 && sparse)
                        {
                            long hole;
                            Vir.StreamRecvHole(stream, &hole);
                            position += hole;
                            file.Seek(position, SeekOrigin.Begin);
                            continue;
                        }
                        if (n < 0) throw new IOException($"virStreamRecv returned {n}, which a blocking stream does not.");
                        if (n == 0) break;
                        file.Write(buffer, 0, n);
                        position += n;
                        received += n;
                        if (progress is not null && clock.Elapsed - lastReport >= ReportInterval)
                        {
                            lastReport = clock.Elapsed;
                            progress.Report(new TransferProgress(position, total, clock.Elapsed, false));
                        }
                    }
                }
                Vir.StreamFinish(stream);
            }
            catch
            {
                AbortQuietly(stream);
                throw;
            }
            if (file.Length < position) file.SetLength(position); // a trailing hole
            file.Flush(flushToDisk: false);
            file.Dispose();
            File.Move(temp, full, overwrite);
            done = true;
            progress?.Report(new TransferProgress(position, total, clock.Elapsed, true));
            return received;
        }
        finally
        {
            file.Dispose();
            if (!done)
            {
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>A stream error on a connection that has died is reported as the lost connection it is.</summary>
    /// <summary>virStreamAbort after a failure; a failing abort (a no-op when already aborted) is ignored.</summary>
    private static void AbortQuietly(StreamHandle stream)
    {
        try { Vir.StreamAbort(stream); }
        catch (LibvirtException) { }
    }

    private static LibvirtException Lost(LibvirtConnection connection, LibvirtException error)
    {
        if (connection.IsAlive) return error;
        connection.MarkLost(error.Message);
        return new ConnectionLostException(connection.Uri, error.Message);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ExceptionDispatch(Exception e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();

    private sealed class UploadState
    {
        private readonly FileStream _file;
        private readonly IProgress<TransferProgress>? _progress;
        private readonly CancellationToken _token;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastReport;
        // Sparse mode reads ahead into this window to find runs of zeros.
        private readonly byte[]? _window;
        private long _windowStart;
        private int _windowLength;

        public UploadState(FileStream file, long length, bool sparse, IProgress<TransferProgress>? progress, CancellationToken token)
        {
            _file = file;
            Length = length;
            _progress = progress;
            _token = token;
            if (sparse) _window = new byte[ChunkSize * 4];
        }

        public long Length { get; }
        /// <summary>The file offset reached (data sent plus holes skipped).</summary>
        public long Position { get; private set; }
        public long Sent { get; private set; }
        public bool Cancelled { get; private set; }
        public Exception? Failure { get; set; }

        public bool CheckCancel()
        {
            if (_token.IsCancellationRequested) Cancelled = true;
            return Cancelled;
        }

        public unsafe int Read(byte* data, int want)
        {
            int n;
            if (_window is null)
            {
                n = _file.Read(new Span<byte>(data, want));
            }
            else
            {
                if (!Fill(Position)) return 0;
                int offset = (int)(Position - _windowStart);
                n = Math.Min(want, _windowLength - offset);
                new ReadOnlySpan<byte>(_window, offset, n).CopyTo(new Span<byte>(data, n));
            }
            Position += n;
            Sent += n;
            Report(completed: false);
            return n;
        }

        /// <summary>Sparse mode: is the position in data or in a run of zero blocks, and how long is that section.</summary>
        public void Classify(out bool inData, out long length)
        {
            if (Position >= Length || !Fill(Position))
            {
                inData = false;
                length = 0;
                return;
            }
            long pos = Position;
            bool zero = IsZeroBlock(pos, out int first);
            long end = pos + first;
            // Data sections stop at the window's end; holes run on through further windows.
            while (end < Length)
            {
                if (!zero && end >= _windowStart + _windowLength) break;
                if (!Fill(end)) break;
                if (IsZeroBlock(end, out int size) != zero) break;
                end += size;
                if (zero && _token.IsCancellationRequested) break;
            }
            inData = !zero;
            length = end - pos;
        }

        public void Skip(long length)
        {
            Position += length;
            Report(completed: false);
        }

        private bool IsZeroBlock(long pos, out int size)
        {
            int offset = (int)(pos - _windowStart);
            // Blocks are aligned to the granularity so that holes line up with file system blocks.
            int toBoundary = HoleGranularity - (int)(pos % HoleGranularity);
            size = Math.Min(toBoundary, _windowLength - offset);
            return new ReadOnlySpan<byte>(_window, offset, size).IndexOfAnyExcept((byte)0) < 0;
        }

        private bool Fill(long pos)
        {
            if (pos >= _windowStart && pos < _windowStart + _windowLength) return true;
            _file.Position = pos;
            int total = 0;
            while (total < _window!.Length)
            {
                int n = _file.Read(_window, total, _window.Length - total);
                if (n == 0) break;
                total += n;
            }
            _windowStart = pos;
            _windowLength = total;
            return total > 0;
        }

        public void Report(bool completed)
        {
            if (_progress is null) return;
            if (!completed && _clock.Elapsed - _lastReport < ReportInterval) return;
            _lastReport = _clock.Elapsed;
            _progress.Report(new TransferProgress(completed ? Length : Position, Length, _clock.Elapsed, completed));
        }
    }

    private static UploadState StateOf(nint opaque) => (UploadState)GCHandle.FromIntPtr(opaque).Target!;

    // The callbacks run on the thread that called virStreamSendAll; nothing may escape them.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static unsafe int Source(nint stream, byte* data, nuint nbytes, nint opaque)
    {
        UploadState? s = null;
        try
        {
            s = StateOf(opaque);
            if (s.CheckCancel()) return -1;
            return s.Read(data, (int)Math.Min((ulong)nbytes, int.MaxValue));
        }
        catch (Exception e)
        {
            if (s is not null) s.Failure = e;
            return -1;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static unsafe int SourceHole(nint stream, int* inData, long* length, nint opaque)
    {
        UploadState? s = null;
        try
        {
            s = StateOf(opaque);
            if (s.CheckCancel()) return -1;
            s.Classify(out bool data, out long len);
            *inData = data ? 1 : 0;
            *length = len;
            return 0;
        }
        catch (Exception e)
        {
            if (s is not null) s.Failure = e;
            return -1;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int SourceSkip(nint stream, long length, nint opaque)
    {
        UploadState? s = null;
        try
        {
            s = StateOf(opaque);
            if (s.CheckCancel()) return -1;
            s.Skip(length);
            return 0;
        }
        catch (Exception e)
        {
            if (s is not null) s.Failure = e;
            return -1;
        }
    }
}
