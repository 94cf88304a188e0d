using System.Globalization;
using System.Text;
using System.Xml;

namespace PSLibvirt.Core;

/// <summary>What New-StoragePool's parameter set describes; <see cref="StorageXml.BuildPool"/> turns it into XML.</summary>
internal sealed class StoragePoolDefinition
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "dir";
    /// <summary>The target path (directory or device directory).</summary>
    public string? Path { get; set; }
    public string? SourceHost { get; set; }
    /// <summary>Source directory (netfs, gluster) or, for iscsi, the target IQN.</summary>
    public string? SourcePath { get; set; }
    public string[] SourceDevice { get; set; } = Array.Empty<string>();
    /// <summary>Volume group (logical), pool (rbd, zfs), volume (gluster), cluster (vstorage), adapter (scsi).</summary>
    public string? SourceName { get; set; }
    public string? SourceFormat { get; set; }
    /// <summary>UUID or usage name of the libvirt secret for rbd (ceph) or iscsi (chap) authentication.</summary>
    public string? AuthSecret { get; set; }
    public string? AuthUsername { get; set; }
}

/// <summary>Builds storage XML documents (pools and volumes) from parameters, validating what each type needs.</summary>
internal static class StorageXml
{
    public static readonly string[] PoolTypes =
        { "dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "gluster", "zfs", "vstorage" };

    public static readonly string[] VolumeFormats =
        { "raw", "qcow2", "qcow", "qed", "vmdk", "vpc", "vdi", "vhdx", "bochs", "cloop", "cow", "dmg", "iso", "luks", "ploop", "fat" };

    // What each type requires: (needs target path, needs host, needs source path, needs device, needs source name).
    private static readonly Dictionary<string, (bool Path, bool Host, bool SrcPath, bool Device, bool SrcName)> Requirements = new()
    {
        ["dir"] = (true, false, false, false, false),
        ["fs"] = (true, false, false, true, false),
        ["netfs"] = (true, true, true, false, false),
        ["logical"] = (false, false, false, false, true),
        ["disk"] = (false, false, false, true, false),
        ["iscsi"] = (false, true, true, false, false),
        ["iscsi-direct"] = (false, true, true, false, false),
        ["scsi"] = (false, false, false, false, true),
        ["mpath"] = (false, false, false, false, false),
        ["rbd"] = (false, true, false, false, true),
        ["gluster"] = (false, true, false, false, true),
        ["zfs"] = (false, false, false, false, true),
        ["vstorage"] = (true, false, false, false, true),
    };

    /// <summary>The pool XML for a definition; ArgumentException names the missing or wrong parameter.</summary>
    public static string BuildPool(StoragePoolDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Name)) throw new ArgumentException("A pool needs a name (-Name).", nameof(d.Name));
        string type = (d.Type ?? "").ToLowerInvariant();
        if (!Requirements.TryGetValue(type, out var need))
            throw new ArgumentException($"Unknown pool type '{d.Type}'. Valid types: {string.Join(", ", PoolTypes)}.", nameof(d.Type));
        void Require(bool needed, object? value, string parameter, string what)
        {
            bool missing = value is null || (value is string s && string.IsNullOrWhiteSpace(s)) || (value is string[] a && a.Length == 0);
            if (needed && missing) throw new ArgumentException($"A '{type}' pool needs {parameter} ({what}).", parameter.TrimStart('-'));
        }
        Require(need.Path, d.Path, "-Path", "the target directory");
        Require(need.Host, d.SourceHost, "-SourceHost", type is "rbd" or "gluster" ? "the server's host name" : "the server's host name");
        Require(need.SrcPath, d.SourcePath, "-SourcePath", type.StartsWith("iscsi", StringComparison.Ordinal) ? "the target IQN" : "the exported directory");
        Require(need.Device, d.SourceDevice, "-SourceDevice", "the device path");
        Require(need.SrcName, d.SourceName, "-SourceName", type switch
        {
            "logical" => "the volume group",
            "scsi" => "the SCSI host adapter, e.g. host0",
            "rbd" => "the Ceph pool",
            "gluster" => "the Gluster volume",
            "zfs" => "the ZFS pool",
            _ => "the cluster name",
        });
        if (d.AuthSecret is not null && type is not ("rbd" or "iscsi" or "iscsi-direct"))
            throw new ArgumentException($"-AuthSecret applies to rbd and iscsi pools, not to '{type}'.", "AuthSecret");
        if (d.AuthSecret is not null && string.IsNullOrWhiteSpace(d.AuthUsername))
            throw new ArgumentException("-AuthSecret needs -AuthUsername (the Ceph or CHAP user name).", "AuthUsername");

        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true };
        using (var w = XmlWriter.Create(sb, settings))
        {
            w.WriteStartElement("pool");
            w.WriteAttributeString("type", type);
            w.WriteElementString("name", d.Name);
            w.WriteStartElement("source");
            if (!string.IsNullOrWhiteSpace(d.SourceHost))
            {
                w.WriteStartElement("host");
                w.WriteAttributeString("name", d.SourceHost);
                w.WriteEndElement();
            }
            foreach (var dev in d.SourceDevice)
            {
                w.WriteStartElement("device");
                w.WriteAttributeString("path", dev);
                w.WriteEndElement();
            }
            if (!string.IsNullOrWhiteSpace(d.SourcePath))
            {
                w.WriteStartElement(type.StartsWith("iscsi", StringComparison.Ordinal) ? "device" : "dir");
                w.WriteAttributeString("path", d.SourcePath);
                w.WriteEndElement();
            }
            if (!string.IsNullOrWhiteSpace(d.SourceName))
            {
                if (type == "scsi")
                {
                    w.WriteStartElement("adapter");
                    w.WriteAttributeString("name", d.SourceName);
                    w.WriteEndElement();
                }
                else w.WriteElementString("name", d.SourceName);
            }
            if (!string.IsNullOrWhiteSpace(d.SourceFormat))
            {
                w.WriteStartElement("format");
                w.WriteAttributeString("type", d.SourceFormat);
                w.WriteEndElement();
            }
            if (d.AuthSecret is not null)
            {
                w.WriteStartElement("auth");
                w.WriteAttributeString("type", type == "rbd" ? "ceph" : "chap");
                w.WriteAttributeString("username", d.AuthUsername);
                w.WriteStartElement("secret");
                w.WriteAttributeString(Guid.TryParse(d.AuthSecret, out _) ? "uuid" : "usage", d.AuthSecret);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement(); // source
            if (!string.IsNullOrWhiteSpace(d.Path))
            {
                w.WriteStartElement("target");
                w.WriteElementString("path", d.Path);
                w.WriteEndElement();
            }
            w.WriteEndElement(); // pool
        }
        return sb.ToString();
    }

    /// <summary>The volume XML for New-StorageVolume / Copy-StorageVolume.</summary>
    public static string BuildVolume(string name, ulong capacityBytes, ulong? allocationBytes, string? format,
        string? backingPath, string? backingFormat)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A volume needs a name (-Name).", nameof(name));
        if (format is not null && !VolumeFormats.Contains(format, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"Unknown volume format '{format}'. Valid formats: {string.Join(", ", VolumeFormats)}.", "Format");
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true }))
        {
            w.WriteStartElement("volume");
            w.WriteElementString("name", name);
            w.WriteStartElement("capacity");
            w.WriteAttributeString("unit", "bytes");
            w.WriteString(capacityBytes.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
            if (allocationBytes is { } a)
            {
                w.WriteStartElement("allocation");
                w.WriteAttributeString("unit", "bytes");
                w.WriteString(a.ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }
            if (format is not null)
            {
                w.WriteStartElement("target");
                w.WriteStartElement("format");
                w.WriteAttributeString("type", format.ToLowerInvariant());
                w.WriteEndElement();
                w.WriteEndElement();
            }
            if (backingPath is not null)
            {
                w.WriteStartElement("backingStore");
                w.WriteElementString("path", backingPath);
                if (backingFormat is not null)
                {
                    w.WriteStartElement("format");
                    w.WriteAttributeString("type", backingFormat);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        return sb.ToString();
    }

    /// <summary>
    /// The XML for a clone, as virsh vol-clone makes it: the source volume's XML with the new name, without its key
    /// and target path (libvirt assigns them), optionally with another format.
    /// </summary>
    public static string BuildClone(string sourceVolumeXml, string newName, string? format)
    {
        if (string.IsNullOrWhiteSpace(newName)) throw new ArgumentException("A clone needs a name (-NewName).", "NewName");
        if (format is not null && !VolumeFormats.Contains(format, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"Unknown volume format '{format}'. Valid formats: {string.Join(", ", VolumeFormats)}.", "Format");
        var doc = LibvirtXml.Load(sourceVolumeXml);
        var root = doc.DocumentElement!;
        (root.SelectSingleNode("name") ?? root.AppendChild(doc.CreateElement("name"))!).InnerText = newName;
        if (root.SelectSingleNode("key") is { } key) root.RemoveChild(key);
        if (root.SelectSingleNode("target/path") is { } path) path.ParentNode!.RemoveChild(path);
        if (format is not null)
        {
            var target = root.SelectSingleNode("target") as XmlElement ?? (XmlElement)root.AppendChild(doc.CreateElement("target"))!;
            var f = target.SelectSingleNode("format") as XmlElement ?? (XmlElement)target.AppendChild(doc.CreateElement("format"))!;
            f.SetAttribute("type", format.ToLowerInvariant());
        }
        return root.OuterXml;
    }

    /// <summary>Bytes per unit of libvirt's XML unit attribute (and of size strings): binary for K/M/G, decimal for KB/MB/GB.</summary>
    public static ulong UnitScale(string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "" or "b" or "bytes" => 1,
        "k" or "kib" => 1UL << 10,
        "m" or "mib" => 1UL << 20,
        "g" or "gib" => 1UL << 30,
        "t" or "tib" => 1UL << 40,
        "p" or "pib" => 1UL << 50,
        "e" or "eib" => 1UL << 60,
        "kb" => 1000,
        "mb" => 1000_000,
        "gb" => 1000_000_000,
        "tb" => 1000_000_000_000,
        "pb" => 1000_000_000_000_000,
        "eb" => 1000_000_000_000_000_000,
        _ => throw new ArgumentException($"Unknown size unit '{unit}'."),
    };
}

/// <summary>
/// Parses sizes typed as text: '10G', '512MiB', '1.5 GiB', '4096'. K, M, G, T, P (with or without 'B' or 'iB') are
/// binary multiples, as PowerShell's 1KB, 1MB, 1GB literals are.
/// </summary>
internal static class SizeParser
{
    public static long Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("A size cannot be empty.");
        string s = text.Trim();
        int i = 0;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
        string number = s.Substring(0, i);
        string unit = s.Substring(i).Trim();
        if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            throw new FormatException($"'{text}' is not a size. Use a number of bytes or a number with a unit: 512MiB, 10G, 1.5GB.");
        long scale = unit.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            "P" or "PB" or "PIB" => 1L << 50,
            _ => throw new FormatException($"'{text}' has an unknown unit '{unit}'. Use B, K, M, G, T or P (optionally followed by B or iB)."),
        };
        decimal bytes = value * scale;
        if (bytes > long.MaxValue) throw new FormatException($"'{text}' is too large.");
        if (bytes != decimal.Truncate(bytes)) throw new FormatException($"'{text}' is not a whole number of bytes.");
        return (long)bytes;
    }
}
