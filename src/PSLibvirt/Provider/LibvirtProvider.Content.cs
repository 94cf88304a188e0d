using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using PSLibvirt.Services;

namespace PSLibvirt.Provider;

public sealed partial class LibvirtProvider
{
    // ---------------------------------------------------------------- content (XML definitions)

    public IContentReader? GetContentReader(string path)
    {
        if (Locate(path) is not { } l) return null;
        var p = l.Path;
        try
        {
            if (p.Kind is not { HasXml: true } kind) throw new PSNotSupportedException($"'{p}' is a folder: it has no XML definition.");
            return new XmlContentReader(kind.GetXml(Connection(l.Drive), p.ParentKey, p.Key!), DynamicParameters is ContentReaderParameters { Raw.IsPresent: true });
        }
        catch (Exception ex) when (ErrorMapping.IsReportable(ex))
        {
            WriteError(ToError(ex, path));
            return null;
        }
    }

    /// <summary>Get-Content -Raw: the whole definition as one string, as the FileSystem provider gives a file.</summary>
    public object? GetContentReaderDynamicParameters(string path) => new ContentReaderParameters();

    public IContentWriter? GetContentWriter(string path)
    {
        if (Locate(path) is not { } l) return null;
        var p = l.Path;
        if (p.Level != LibvirtPathLevel.Item || !p.FolderInfo!.ItemsEditable || !p.Kind!.CanDefine)
        {
            WriteError(ToError(new PSNotSupportedException(p.Kind is { HasXml: true }
                ? $"The XML of '{path}' is read-only here: change the {p.Kind.Noun} with its cmdlets."
                : $"'{path}' has no definition to write."), path, "ContentNotSupported"));
            return null;
        }
        var kind = p.Kind;
        return new XmlContentWriter(xml =>
        {
            // Close runs once Set-Content has written every line: validate, then redefine in one call. The engine
            // does not report exceptions thrown from Close, so failures are written here.
            if (!ShouldProcess(p.ToString(), "Redefine from XML")) return;
            Try(p.ToString(), () =>
            {
                kind.RedefineItem(Connection(l.Drive), p.Key!, xml);
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

        public XmlContentReader(string xml, bool raw) => _lines = raw ? new[] { xml } : xml.TrimEnd('\n').Split('\n');

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
            var p = l.Path;
            if (p.Kind is not { CanSetProperties: true } kind) throw new PSNotSupportedException($"'{path}' has no settable properties.");
            var all = kind.GetProperties(Connection(l.Drive), p.ParentKey, p.Key!);
            var result = new PSObject();
            var wanted = providerSpecificPickList is { Count: > 0 } ? providerSpecificPickList : new Collection<string>(all.Keys.ToList());
            foreach (var name in wanted)
            {
                var pattern = Wildcards.Pattern(name);
                bool any = false;
                foreach (var kv in all.Where(kv => WildcardPattern.ContainsWildcardCharacters(name) ? pattern.IsMatch(kv.Key) : string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)))
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
                if (p.Kind is not { CanSetProperties: true } kind) throw new PSNotSupportedException($"'{path}' has no settable properties.");
                kind.SetItemProperty(Connection(l.Drive), p.ParentKey, p.Key!, name, value, Convert);
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

/// <summary>The dynamic parameters of Get-Content on the Libvirt drive.</summary>
public sealed class ContentReaderParameters
{
    /// <summary>Returns the XML definition as one string (with its line breaks) instead of an array of lines.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }
}
