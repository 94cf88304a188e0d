using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace PSLibvirt.Core;

/// <summary>An RGB image: 8 bits a channel, rows top to bottom, no padding.</summary>
internal sealed record RgbImage(int Width, int Height, byte[] Pixels);

/// <summary>
/// The smallest PNG encoder that does the job: 8-bit truecolour (colour type 2), one IDAT of zlib data, filter 0 on
/// every row. Also reads PPM (P6) as QEMU writes screenshots, and the size of an existing PNG.
/// </summary>
internal static class PngWriter
{
    /// <summary>The eight bytes every PNG starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>CRC-32 (ISO 3309, as PNG chunks use it).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        crc ^= 0xFFFFFFFFu;
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>Writes <paramref name="image"/> as a PNG to <paramref name="output"/>.</summary>
    public static void Write(RgbImage image, Stream output)
    {
        if (image.Width <= 0 || image.Height <= 0) throw new ArgumentException($"An image of {image.Width}x{image.Height} pixels cannot be a PNG.");
        int stride = checked(image.Width * 3);
        if (image.Pixels.Length < (long)stride * image.Height)
            throw new ArgumentException($"{image.Pixels.Length} bytes are too few for {image.Width}x{image.Height} RGB pixels.");
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // truecolour
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);
        var data = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < image.Height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(image.Pixels, y * stride, stride);
            }
        }
        WriteChunk(output, "IDAT", data.GetBuffer().AsSpan(0, (int)data.Length));
        WriteChunk(output, "IEND", []);
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(data, Crc32(typeBytes)));
        output.Write(word);
    }

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    /// <summary>The width and height in a PNG's IHDR chunk.</summary>
    public static (int Width, int Height) ReadPngSize(ReadOnlySpan<byte> data)
    {
        if (!IsPng(data) || data.Length < 24 || Encoding.ASCII.GetString(data.Slice(12, 4)) != "IHDR")
            throw new InvalidDataException("The data is not a PNG image (no PNG signature and IHDR chunk).");
        return (BinaryPrimitives.ReadInt32BigEndian(data[16..]), BinaryPrimitives.ReadInt32BigEndian(data[20..]));
    }

    /// <summary>
    /// Parses a binary PPM (P6): header "P6 width height maxval" with whitespace and # comments, then one whitespace
    /// byte and the pixels. A maxval other than 255 is scaled to 8 bits (two bytes a sample above 255).
    /// </summary>
    public static RgbImage ReadPpm(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        if (data.Length < 2 || data[0] != (byte)'P' || data[1] != (byte)'6')
            throw new InvalidDataException("The data is not a binary PPM image (it does not start with 'P6').");
        pos = 2;
        int width = ReadHeaderNumber(data, ref pos, "width");
        int height = ReadHeaderNumber(data, ref pos, "height");
        int maxval = ReadHeaderNumber(data, ref pos, "maximum value");
        if (width <= 0 || height <= 0 || maxval <= 0 || maxval > 65535)
            throw new InvalidDataException($"The PPM header is invalid (width {width}, height {height}, maximum value {maxval}).");
        if (pos >= data.Length || !IsSpace(data[pos])) throw new InvalidDataException("The PPM header does not end with whitespace.");
        pos++;
        int sampleBytes = maxval > 255 ? 2 : 1;
        long samples = (long)width * height * 3;
        if (data.Length - pos < samples * sampleBytes)
            throw new InvalidDataException($"The PPM image is truncated: {width}x{height} needs {samples * sampleBytes} bytes of pixels, it has {data.Length - pos}.");
        var pixels = new byte[samples];
        var body = data[pos..];
        if (sampleBytes == 1 && maxval == 255) body[..(int)samples].CopyTo(pixels);
        else
            for (int i = 0; i < samples; i++)
            {
                int v = sampleBytes == 1 ? body[i] : (body[2 * i] << 8) | body[2 * i + 1];
                pixels[i] = (byte)((v * 255 + maxval / 2) / maxval);
            }
        return new RgbImage(width, height, pixels);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private static int ReadHeaderNumber(ReadOnlySpan<byte> data, ref int pos, string what)
    {
        while (pos < data.Length)
        {
            if (IsSpace(data[pos])) pos++;
            else if (data[pos] == (byte)'#') { while (pos < data.Length && data[pos] != (byte)'\n') pos++; }
            else break;
        }
        long value = 0;
        int start = pos;
        while (pos < data.Length && data[pos] >= (byte)'0' && data[pos] <= (byte)'9')
        {
            value = value * 10 + (data[pos] - '0');
            if (value > int.MaxValue) throw new InvalidDataException($"The PPM {what} is too large.");
            pos++;
        }
        if (pos == start) throw new InvalidDataException($"The PPM header has no {what}.");
        return (int)value;
    }
}
