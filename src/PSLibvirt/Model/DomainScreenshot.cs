namespace PSLibvirt;

/// <summary>A screenshot of a domain's display saved as a PNG file (Save-DomainScreenshot).</summary>
public sealed class DomainScreenshot
{
    /// <summary>The domain's name.</summary>
    public string Domain { get; init; } = "";
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>The screen (head) number of the graphics card.</summary>
    public uint Screen { get; init; }
    /// <summary>The full path of the PNG file written.</summary>
    public string Path { get; init; } = "";
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>The file's format: always PNG.</summary>
    public string Format { get; init; } = "PNG";
    /// <summary>The MIME type libvirt reported for the image it sent (QEMU: image/x-portable-pixmap, converted).</summary>
    public string SourceMimeType { get; init; } = "";
    /// <summary>The file's size in bytes.</summary>
    public long Length { get; init; }

    public override string ToString() => Path;
}
