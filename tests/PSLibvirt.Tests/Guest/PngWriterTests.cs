using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Guest;

public sealed class PngWriterTests
{
    private static RgbImage Gradient(int w, int h)
    {
        var px = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = 3 * (y * w + x);
                px[i] = (byte)(x * 7); px[i + 1] = (byte)(y * 13); px[i + 2] = (byte)(x ^ y);
            }
        return new RgbImage(w, h, px);
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        var list = new List<(string, byte[])>();
        int pos = 8;
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            byte[] data = png.AsSpan(pos + 8, len).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(PngWriter.Crc32(png.AsSpan(pos + 4, len + 4)) /* checked against the standard value below */, crc);
            list.Add((type, data));
            pos += 12 + len;
        }
        return list;
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, PngWriter.Crc32("123456789"u8));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(720, 400)]
    public void Write_ProducesIhdrIdatIend_WhoseRowsAreTheImage(int w, int h)
    {
        var image = Gradient(w, h);
        var output = new MemoryStream();
        PngWriter.Write(image, output);
        var png = output.ToArray();
        var chunks = Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal(w, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(h, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);
        Assert.Empty(chunks[2].Data);
        var raw = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress)) z.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(h * (1 + 3 * w), bytes.Length);
        for (int y = 0; y < h; y++)
        {
            Assert.Equal(0, bytes[y * (1 + 3 * w)]);
            Assert.True(bytes.AsSpan(y * (1 + 3 * w) + 1, 3 * w).SequenceEqual(image.Pixels.AsSpan(y * 3 * w, 3 * w)));
        }
        Assert.Equal((w, h), PngWriter.ReadPngSize(png));
    }

    [Fact]
    public void ReadPpm_ParsesHeaderWithCommentsAndWhitespace()
    {
        var data = Encoding.ASCII.GetBytes("P6\n# made by a test\n2  1\n255\n").Concat(new byte[] { 1, 2, 3, 4, 5, 6 }).ToArray();
        var image = PngWriter.ReadPpm(data);
        Assert.Equal(2, image.Width);
        Assert.Equal(1, image.Height);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, image.Pixels);
    }

    [Fact]
    public void ReadPpm_ScalesOtherMaximumValues()
    {
        var small = PngWriter.ReadPpm(Encoding.ASCII.GetBytes("P6 1 1 15 ").Concat(new byte[] { 0, 15, 5 }).ToArray());
        Assert.Equal(new byte[] { 0, 255, 85 }, small.Pixels);
        var wide = PngWriter.ReadPpm(Encoding.ASCII.GetBytes("P6 1 1 65535 ").Concat(new byte[] { 0, 0, 0xFF, 0xFF, 0x80, 0x00 }).ToArray());
        Assert.Equal(new byte[] { 0, 255, 128 }, wide.Pixels);
    }

    [Theory]
    [InlineData("P3 1 1 255 ")]
    [InlineData("P6 1 1 255 \x01\x02")]
    [InlineData("P6 0 1 255 ")]
    [InlineData("P6 1 1")]
    [InlineData("")]
    public void ReadPpm_RejectsWhatIsNotAWholeP6Image(string text) =>
        Assert.Throws<InvalidDataException>(() => PngWriter.ReadPpm(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public void ToPng_ConvertsPpmAndKeepsPng()
    {
        var ppm = Encoding.ASCII.GetBytes("P6\n2 2\n255\n").Concat(Enumerable.Range(0, 12).Select(i => (byte)i)).ToArray();
        var (png, w, h) = DomainScreenApi.ToPng("image/x-portable-pixmap", ppm);
        Assert.Equal((2, 2), (w, h));
        Assert.True(PngWriter.IsPng(png));
        var (again, w2, h2) = DomainScreenApi.ToPng("image/png", png);
        Assert.Same(png, again);
        Assert.Equal((2, 2), (w2, h2));
        Assert.Throws<InvalidDataException>(() => DomainScreenApi.ToPng("image/bmp", Encoding.ASCII.GetBytes("BM....")));
    }
}
