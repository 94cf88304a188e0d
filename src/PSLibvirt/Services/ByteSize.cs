using System.Globalization;

namespace PSLibvirt.Services;

/// <summary>Human sizes for format views: binary units, as virsh and free -h show them.</summary>
public static class ByteSize
{
    private static readonly string[] Units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    public static string Format(long? bytes)
    {
        if (bytes is null) return "";
        double value = bytes.Value;
        int unit = 0;
        while (System.Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Format(CultureInfo.InvariantCulture, "{0} B", bytes.Value)
            : string.Format(CultureInfo.InvariantCulture, "{0:0.##} {1}", value, Units[unit]);
    }

    public static string Format(ulong bytes) => Format((long)bytes);
}
