using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// Sizes for -CapacityBytes and friends: numbers (PowerShell's 10GB literal is already a number) or text such as
/// '10G', '512MiB', '1.5GB' (binary units, as PowerShell's literals).
/// </summary>
public sealed class SizeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        inputData = inputData is PSObject p ? p.BaseObject : inputData;
        try
        {
            return inputData switch
            {
                null => throw new ArgumentTransformationMetadataException("A size cannot be null."),
                string s => SizeParser.Parse(s),
                long l => l,
                int i => (long)i,
                ulong u => checked((long)u),
                uint u => (long)u,
                double d when d >= 0 && d == Math.Floor(d) && d <= long.MaxValue => (long)d,
                decimal m when m >= 0 && m == decimal.Truncate(m) => (long)m,
                _ => throw new ArgumentTransformationMetadataException($"'{inputData}' is not a size. Use a number of bytes (10GB) or text such as '10G' or '512MiB'."),
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new ArgumentTransformationMetadataException($"'{inputData}' is too large for a size in bytes.", e);
        }
    }
}
