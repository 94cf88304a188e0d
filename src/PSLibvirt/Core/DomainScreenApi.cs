using System.IO;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>What a screenshot produced.</summary>
internal sealed record ScreenshotResult(string Path, int Width, int Height, string Format, string SourceMimeType, long Length);

/// <summary>Screenshots of a domain's display (virDomainScreenshot), written as PNG files.</summary>
internal static class DomainScreenApi
{
    /// <summary>A screenshot larger than this is refused (QEMU's largest VGA mode is far below it).</summary>
    public const long MaxImageBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Takes a screenshot of <paramref name="screen"/> and reads the whole libvirt stream (PPM from QEMU, PNG from the
    /// test driver). Returns the MIME type libvirt reported and the bytes.
    /// </summary>
    public static unsafe (string MimeType, byte[] Data) Capture(LibvirtConnection connection, DomainHandle domain, uint screen,
        CancellationToken cancellationToken)
    {
        using var stream = Vir.StreamNew(connection.Handle);
        string mime = Vir.DomainScreenshot(domain, stream, screen);
        var data = new MemoryStream();
        byte[] buffer = GC.AllocateUninitializedArray<byte>(VolumeTransfer.ChunkSize, pinned: true);
        try
        {
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    if (cancellationToken.IsCancellationRequested)
                        throw new OperationCanceledException("The screenshot was cancelled.", cancellationToken);
                    int n = Vir.StreamRecv(stream, p, (nuint)buffer.Length);
                    if (n < 0) throw new IOException($"virStreamRecv returned {n}, which a blocking stream does not.");
                    if (n == 0) break;
                    if (data.Length + n > MaxImageBytes) throw new InvalidDataException($"The screenshot is larger than {MaxImageBytes} bytes.");
                    data.Write(buffer, 0, n);
                }
            }
            Vir.StreamFinish(stream);
        }
        catch
        {
            try { Vir.StreamAbort(stream); } catch (LibvirtException) { }
            throw;
        }
        return (mime, data.ToArray());
    }

    /// <summary>
    /// Turns what <see cref="Capture"/> returned into PNG bytes: PPM (P6) is converted, PNG is kept as it is.
    /// </summary>
    public static (byte[] Png, int Width, int Height) ToPng(string mimeType, byte[] data)
    {
        if (PngWriter.IsPng(data))
        {
            var (w, h) = PngWriter.ReadPngSize(data);
            return (data, w, h);
        }
        if (data.Length >= 2 && data[0] == (byte)'P' && data[1] == (byte)'6')
        {
            var image = PngWriter.ReadPpm(data);
            var png = new MemoryStream();
            PngWriter.Write(image, png);
            return (png.ToArray(), image.Width, image.Height);
        }
        throw new InvalidDataException($"The screenshot is in a format that cannot be converted to PNG (MIME type '{mimeType}').");
    }

    /// <summary>
    /// Takes a screenshot and writes it as a PNG to <paramref name="destinationFile"/>: into a temporary file next to it,
    /// renamed when complete, so that a failure never leaves a file that looks complete.
    /// </summary>
    public static ScreenshotResult Save(LibvirtConnection connection, DomainHandle domain, uint screen, string destinationFile,
        bool overwrite, CancellationToken cancellationToken)
    {
        string full = System.IO.Path.GetFullPath(destinationFile);
        if (!overwrite && File.Exists(full))
            throw new IOException($"The file '{full}' already exists. Use -Force to overwrite it.");
        var (mime, data) = Capture(connection, domain, screen, cancellationToken);
        var (png, width, height) = ToPng(mime, data);
        string dir = System.IO.Path.GetDirectoryName(full)!;
        string temp = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(full) + "." + System.IO.Path.GetRandomFileName() + ".partial");
        bool done = false;
        try
        {
            File.WriteAllBytes(temp, png);
            File.Move(temp, full, overwrite);
            done = true;
        }
        finally
        {
            if (!done)
            {
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        return new ScreenshotResult(full, width, height, "PNG", mime, png.Length);
    }
}
