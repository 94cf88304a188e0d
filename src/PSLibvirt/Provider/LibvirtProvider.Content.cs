using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Provider;
using PSLibvirt.Commands;

namespace PSLibvirt.Provider;

public sealed partial class LibvirtProvider
{
    // ---------------------------------------------------------------- content (XML definitions)

    private string ReadXml(LibvirtDriveInfo d, LibvirtPath p)
    {
        var h = Connection(d);
        return p.Kind switch
        {
            LibvirtPathKind.Domain => DomainBackend.GetXml(h, p.Name!),
            LibvirtPathKind.Network => NetworkBackend.GetXml(h, p.Name!),
            LibvirtPathKind.StoragePool => StorageBackend.GetPoolXml(h, p.Name!),
            LibvirtPathKind.StorageVolume => StorageBackend.GetVolumeXml(h, p.Name!, p.Child!),
            _ => throw new PSNotSupportedException($"'{p}' is a folder: it has no XML definition."),
        };
    }

    public IContentReader? GetContentReader(string path)
    {
        if (Locate(path) is not { } l) return null;
        try
        {
            return new XmlContentReader(ReadXml(l.Drive, l.Path));
        }
        catch (Exception ex) when (LibvirtCmdlet.IsReportable(ex))
        {
            WriteError(ToError(ex, path));
            return null;
        }
    }

    public object? GetContentReaderDynamicParameters(string path) => null;

    public IContentWriter? GetContentWriter(string path)
    {
        if (Locate(path) is not { } l) return null;
        var p = l.Path;
        if (p.Kind is not (LibvirtPathKind.Domain or LibvirtPathKind.Network or LibvirtPathKind.StoragePool))
        {
            WriteError(ToError(new PSNotSupportedException(p.Kind == LibvirtPathKind.StorageVolume
                ? "A volume's XML is read-only: resize or recreate the volume instead."
                : $"'{path}' has no definition to write."), path, "ContentNotSupported"));
            return null;
        }
        return new XmlContentWriter(xml =>
        {
            // Close runs once Set-Content has written every line: validate, then redefine in one call. The engine
            // does not report exceptions thrown from Close, so failures are written here.
            if (!ShouldProcess(p.ToString(), "Redefine from XML")) return;
            Try(p.ToString(), () =>
            {
                var h = Connection(l.Drive);
                switch (p.Kind)
                {
                    case LibvirtPathKind.Domain: DomainBackend.Redefine(h, p.Name!, xml); break;
                    case LibvirtPathKind.Network: NetworkBackend.Redefine(h, p.Name!, xml); break;
                    default: StorageBackend.RedefinePool(h, p.Name!, xml); break;
                }
                l.Drive.Invalidate();
            });
        });
    }

    public object? GetContentWriterDynamicParameters(string path) => null;

    /// <summary>An empty definition is not valid: Clear-Content is not supported (Set-Content skips this step).</summary>
    public void ClearContent(string path) =>
        throw new PSNotSupportedException("Clear-Content is not supported: a Libvirt item cannot have an empty definition. Use Set-Content to redefine it.");

    public object? ClearContentDynamicParameters(string path) => null;

    private sealed class XmlContentReader : IContentReader
    {
        private readonly string[] _lines;
        private int _next;

        public XmlContentReader(string xml) => _lines = xml.TrimEnd('\n').Split('\n');

        public IList Read(long readCount)
        {
            int n = readCount <= 0 ? _lines.Length - _next : (int)Math.Min(readCount, _lines.Length - _next);
            var result = new List<string>(n);
            for (int i = 0; i < n; i++) result.Add(_lines[_next++]);
            return result;
        }

        public void Seek(long offset, System.IO.SeekOrigin origin) =>
            _next = (int)Math.Clamp(origin switch { System.IO.SeekOrigin.Begin => offset, System.IO.SeekOrigin.End => _lines.Length + offset, _ => _next + offset }, 0, _lines.Length);

        public void Close() { }
        public void Dispose() { }
    }

    private sealed class XmlContentWriter : IContentWriter
    {
        private readonly Action<string> _commit;
        private readonly List<string> _lines = new();
        private bool _closed;

        public XmlContentWriter(Action<string> commit) => _commit = commit;

        public IList Write(IList content)
        {
            foreach (var item in content)
            {
                object? v = item is PSObject pso ? pso.BaseObject : item;
                _lines.Add(v is System.Xml.XmlNode node ? node.OuterXml : v?.ToString() ?? "");
            }
            return content;
        }

        public void Seek(long offset, System.IO.SeekOrigin origin) { }

        public void Close()
        {
            if (_closed) return;
            _closed = true;
            _commit(string.Join("\n", _lines));
        }

        public void Dispose() => Close();
    }

    // ---------------------------------------------------------------- properties

    public void GetProperty(string path, Collection<string>? providerSpecificPickList)
    {
        if (Locate(path) is not { } l) return;
        Try(path, () =>
        {
            var h = Connection(l.Drive);
            var p = l.Path;
            IDictionary<string, object?> all = p.Kind switch
            {
                LibvirtPathKind.Domain => DomainBackend.GetProperties(h, p.Name!),
                LibvirtPathKind.Network => NetworkBackend.GetProperties(h, p.Name!),
                LibvirtPathKind.StoragePool => StorageBackend.GetPoolProperties(h, p.Name!),
                _ => throw new PSNotSupportedException($"'{path}' has no settable properties."),
            };
            var result = new PSObject();
            var wanted = providerSpecificPickList is { Count: > 0 } ? providerSpecificPickList : new Collection<string>(all.Keys.ToList());
            foreach (var name in wanted)
            {
                var patterns = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                bool any = false;
                foreach (var kv in all.Where(kv => patterns.IsMatch(kv.Key)))
                {
                    any = true;
                    result.Properties.Add(new PSNoteProperty(kv.Key, kv.Value));
                }
                if (!any && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(new ErrorRecord(new PSArgumentException($"'{path}' has no property '{name}'. Properties: {string.Join(", ", all.Keys)}."),
                        "PropertyNotFound", ErrorCategory.InvalidArgument, name));
            }
            if (result.Properties.Any()) WritePropertyObject(result, p.ToString());
        });
    }

    public object? GetPropertyDynamicParameters(string path, Collection<string> providerSpecificPickList) => null;

    public void SetProperty(string path, PSObject propertyValue)
    {
        if (Locate(path) is not { } l) return;
        var p = l.Path;
        static object Convert(object? value, Type type) => LanguagePrimitives.ConvertTo(value is PSObject o ? o.BaseObject : value, type, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var prop in propertyValue.Properties)
        {
            string name = prop.Name;
            object? value = prop.Value is PSObject pso ? pso.BaseObject : prop.Value;
            if (!ShouldProcess(p.ToString(), $"Set {name} to '{value}'")) continue;
            Try(path, () =>
            {
                if (value is string s && name.Contains("Memory", StringComparison.OrdinalIgnoreCase)) value = Core.SizeParser.Parse(s);
                var h = Connection(l.Drive);
                switch (p.Kind)
                {
                    case LibvirtPathKind.Domain: DomainBackend.SetProperty(h, p.Name!, name, value, Convert); break;
                    case LibvirtPathKind.Network: NetworkBackend.SetProperty(h, p.Name!, name, value, Convert); break;
                    case LibvirtPathKind.StoragePool: StorageBackend.SetPoolProperty(h, p.Name!, name, value, Convert); break;
                    default: throw new PSNotSupportedException($"'{path}' has no settable properties.");
                }
                l.Drive.Invalidate();
                var written = new PSObject();
                written.Properties.Add(new PSNoteProperty(name, value));
                WritePropertyObject(written, p.ToString());
            });
        }
    }

    public object? SetPropertyDynamicParameters(string path, PSObject propertyValue) => null;

    public void ClearProperty(string path, Collection<string> propertyToClear) =>
        WriteError(new ErrorRecord(new PSNotSupportedException("Clear-ItemProperty is not supported: set the property with Set-ItemProperty."),
            "ClearPropertyNotSupported", ErrorCategory.NotImplemented, path));

    public object? ClearPropertyDynamicParameters(string path, Collection<string> propertyToClear) => null;
}
