// ApiGen: generates PSLibvirt's P/Invoke layer from libvirt-api.xml and libvirt-qemu-api.xml.
// Usage: dotnet run --project tools/ApiGen -- <libvirt-api.xml> <libvirt-qemu-api.xml> <outdir>
// Output is deterministic (ordinal sort everywhere, no timestamps) so a re-run on the same XML gives no diff.
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ApiGen;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: ApiGen <libvirt-api.xml> <libvirt-qemu-api.xml> <outdir>");
            return 2;
        }
        var gen = new Generator(XDocument.Load(args[0]), XDocument.Load(args[1]));
        Directory.CreateDirectory(args[2]);
        // Remove stale generated files so a removed header does not leave an old file behind.
        foreach (string old in Directory.GetFiles(args[2], "*.g.cs")) File.Delete(old);
        foreach (var (file, text) in gen.Generate())
        {
            File.WriteAllText(Path.Combine(args[2], file), text.Replace("\r\n", "\n"));
            Console.WriteLine($"wrote {file}");
        }
        Console.WriteLine($"checked: {gen.CheckedCount} wrappers, {gen.TryCount} Try forms, {gen.TypedFlagsCount} typed flags");
        Console.WriteLine($"functions: {gen.FunctionCount}, skipped: {gen.Skipped.Count}, enums: {gen.EnumValueCount} values in {gen.EnumTypeCount} types, structs: {gen.StructCount}, constants: {gen.ConstantCount}");
        return 0;
    }
}

public sealed record Arg(string Name, string Type, string Info);
public sealed record Func(string Name, string File, string Version, string Info, string ReturnType, string ReturnInfo, List<Arg> Args, bool Qemu);

public sealed class Generator
{
    // ---- Override tables (checked by hand against /usr/include/libvirt/*.h and libvirt's sources) ----

    /// <summary>Object kinds: C pointer typedef -> SafeHandle type.</summary>
    static readonly Dictionary<string, string> Handles = new()
    {
        ["virConnectPtr"] = "ConnectHandle", ["virDomainPtr"] = "DomainHandle", ["virNetworkPtr"] = "NetworkHandle",
        ["virNetworkPortPtr"] = "NetworkPortHandle", ["virInterfacePtr"] = "InterfaceHandle",
        ["virStoragePoolPtr"] = "StoragePoolHandle", ["virStorageVolPtr"] = "StorageVolHandle",
        ["virNodeDevicePtr"] = "NodeDeviceHandle", ["virSecretPtr"] = "SecretHandle", ["virNWFilterPtr"] = "NWFilterHandle",
        ["virNWFilterBindingPtr"] = "NWFilterBindingHandle", ["virStreamPtr"] = "StreamHandle",
        ["virDomainSnapshotPtr"] = "DomainSnapshotHandle", ["virDomainCheckpointPtr"] = "DomainCheckpointHandle",
    };

    /// <summary>Release functions called from SafeHandle.ReleaseHandle: their object argument is a raw nint.</summary>
    static readonly HashSet<string> ReleaseFunctions = new()
    {
        "virConnectClose", "virDomainFree", "virNetworkFree", "virNetworkPortFree", "virInterfaceFree", "virStoragePoolFree",
        "virStorageVolFree", "virNodeDeviceFree", "virSecretFree", "virNWFilterFree", "virNWFilterBindingFree", "virStreamFree",
        "virDomainSnapshotFree", "virDomainCheckpointFree",
    };

    /// <summary>Functions returning an object pointer WITHOUT a new reference (the caller must not free it): nint.</summary>
    static readonly HashSet<string> BorrowedObjectReturns = new()
    {
        "virDomainGetConnect", "virNetworkGetConnect", "virInterfaceGetConnect", "virStoragePoolGetConnect",
        "virStorageVolGetConnect", "virSecretGetConnect", "virDomainSnapshotGetConnect", "virDomainSnapshotGetDomain",
        "virDomainCheckpointGetConnect", "virDomainCheckpointGetDomain", "virNetworkPortGetNetwork",
    };

    /// <summary>
    /// String returns whose ownership differs from the rule "char * is owned, const char * is borrowed".
    /// Every returned string of libvirt 9.0.0 was checked against its info text and follows the rule, so this is empty;
    /// add "name" => true (owned) / false (borrowed) here when a new libvirt breaks it.
    /// </summary>
    static readonly Dictionary<string, bool> StringReturnOwnership = new();

    /// <summary>Arguments whose C type misleads: <c>const char *</c> that is a binary buffer, not a string.</summary>
    static readonly Dictionary<string, string> ArgOverrides = new()
    {
        ["virStreamSend.data"] = "byte*", // const char *data: raw bytes of nbytes length, not NUL-terminated
    };

    /// <summary>Functions that cannot be bound (variadic, ...). None in libvirt 9.0.0; keep in sync with skip-list.txt.</summary>
    static readonly HashSet<string> SkipFunctions = new();

    /// <summary>Struct field types the XML describes loosely (unions, enums, callbacks).</summary>
    static readonly Dictionary<string, string> FieldOverrides = new()
    {
        ["virTypedParameter.value"] = "VirTypedParameterValue",
        ["virError.level"] = "int", // virErrorLevel, a C enum (int)
    };

    static readonly HashSet<string> CSharpKeywords = new()
    {
        "abstract","as","base","bool","break","byte","case","catch","char","checked","class","const","continue","decimal","default",
        "delegate","do","double","else","enum","event","explicit","extern","false","finally","fixed","float","for","foreach","goto",
        "if","implicit","in","int","interface","internal","is","lock","long","namespace","new","null","object","operator","out",
        "override","params","private","protected","public","readonly","ref","return","sbyte","sealed","short","sizeof","stackalloc",
        "static","string","struct","switch","this","throw","true","try","typeof","uint","ulong","unchecked","unsafe","ushort","using",
        "virtual","void","volatile","while",
    };

    readonly XDocument _api, _qemu;
    readonly List<Func> _funcs = new();
    readonly HashSet<string> _funcTypes = new();
    readonly Dictionary<string, string> _typedefs = new();      // typedef name -> C type
    readonly Dictionary<string, string> _structPtr = new();     // virXPtr -> C# struct name
    readonly Dictionary<string, string> _structName = new();    // virX (typedef name) -> C# struct name
    readonly HashSet<string> _enumTypes = new();
    readonly Dictionary<string, long> _macroValues = new();

    public int CheckedCount, TryCount, TypedFlagsCount;
    public int FunctionCount, EnumValueCount, EnumTypeCount, StructCount, ConstantCount;
    public List<string> Skipped { get; } = new();

    public Generator(XDocument api, XDocument qemu)
    {
        _api = api; _qemu = qemu;
        foreach (var (doc, isQemu) in new[] { (api, false), (qemu, true) })
        {
            foreach (var f in doc.Descendants("functype")) _funcTypes.Add((string)f.Attribute("name")!);
            foreach (var t in doc.Descendants("typedef")) _typedefs[(string)t.Attribute("name")!] = (string)t.Attribute("type")!;
            foreach (var fn in doc.Descendants("symbols").Elements("function"))
            {
                var ret = fn.Element("return")!;
                _funcs.Add(new Func((string)fn.Attribute("name")!, (string)fn.Attribute("file")!, (string?)fn.Attribute("version") ?? "0.0.0",
                    ((string?)fn.Element("info") ?? "").Trim(), (string)ret.Attribute("type")!, (string?)ret.Attribute("info") ?? "",
                    fn.Elements("arg").Select(a => new Arg((string)a.Attribute("name")!, (string)a.Attribute("type")!, (string?)a.Attribute("info") ?? "")).ToList(),
                    isQemu));
            }
        }
        foreach (var (name, type) in _typedefs) if (type == "enum") _enumTypes.Add(name);
        // Struct names: several typedefs may name one C struct (virSchedParameter = struct _virTypedParameter);
        // the canonical C# type is the one whose name is the struct tag without '_'.
        var structs = api.Descendants("symbols").Elements("struct").Where(s => s.Elements("field").Any()).ToList();
        foreach (var group in structs.GroupBy(s => (string)s.Attribute("type")!))
        {
            var canonical = group.FirstOrDefault(s => "struct " + "_" + (string)s.Attribute("name")! == group.Key) ?? group.First();
            string cs = CsStructName((string)canonical.Attribute("name")!);
            foreach (var s in group) _structName[(string)s.Attribute("name")!] = cs;
        }
        foreach (var (name, type) in _typedefs)
        {
            var m = Regex.Match(type, @"^(\w+) \*$");
            if (m.Success && _structName.TryGetValue(m.Groups[1].Value, out var cs)) _structPtr[name] = cs;
        }
    }

    static string CsStructName(string c) => char.ToUpperInvariant(c[0]) + c[1..];
    static string CsEnumName(string c) => char.ToUpperInvariant(c[0]) + c[1..];
    string Id(string name) => CSharpKeywords.Contains(name) ? "@" + name : name;

    static string FirstSentence(string text)
    {
        text = Regex.Replace(text, @"\s+", " ").Trim();
        var m = Regex.Match(text, @"^.*?[.!?](?=\s|$)");
        return m.Success ? m.Value : text;
    }

    static string Xml(string s) => SecurityElement.Escape(s) ?? "";

    public IEnumerable<(string File, string Text)> Generate()
    {
        var files = new List<(string, string)>();
        foreach (var group in _funcs.GroupBy(f => f.File).OrderBy(g => g.Key, StringComparer.Ordinal))
            files.Add((group.Key + ".g.cs", GenerateFunctions(group.Key, group.OrderBy(f => f.Name, StringComparer.Ordinal))));
        files.Add(("Enums.g.cs", GenerateEnums()));
        files.Add(("Constants.g.cs", GenerateConstants()));
        files.Add(("Structs.g.cs", GenerateStructs()));
        files.Add(("LibvirtApi.g.cs", GenerateVersions()));
        files.Add(("Checked.g.cs", GenerateChecked()));
        return files.OrderBy(f => f.Item1, StringComparer.Ordinal);
    }

    const string Header = "// <auto-generated>\n// Generated by tools/ApiGen from libvirt-api.xml / libvirt-qemu-api.xml. Do not edit: change the generator and re-run\n// `dotnet run --project tools/ApiGen -- /usr/share/libvirt/api/libvirt-api.xml /usr/share/libvirt/api/libvirt-qemu-api.xml src/PSLibvirt/Native/Generated`.\n// </auto-generated>\n#nullable enable\n";

    // ---------------- functions ----------------

    string GenerateFunctions(string file, IEnumerable<Func> funcs)
    {
        var sb = new StringBuilder(Header);
        sb.Append("using System.Runtime.InteropServices;\nusing System.Runtime.InteropServices.Marshalling;\nusing PSLibvirt.Handles;\n\nnamespace PSLibvirt.Native;\n\n");
        sb.Append($"/// <summary>Entry points declared in {file}.h.</summary>\npublic static unsafe partial class Libvirt\n{{\n");
        bool first = true;
        foreach (var f in funcs)
        {
            if (SkipFunctions.Contains(f.Name)) { Skipped.Add(f.Name); continue; }
            if (!first) sb.Append('\n');
            first = false;
            FunctionCount++;
            string summary = FirstSentence(f.Info);
            sb.Append($"    /// <summary>{Xml(summary)} Since libvirt {f.Version}.</summary>\n");
            foreach (var a in f.Args)
                sb.Append($"    /// <param name=\"{a.Name}\">{Xml(FirstSentence(a.Info))}</param>\n");
            if (f.ReturnType != "void" && f.ReturnInfo.Length > 0)
                sb.Append($"    /// <returns>{Xml(FirstSentence(f.ReturnInfo))}</returns>\n");
            sb.Append($"    [LibraryImport(LibvirtLibrary.{(f.Qemu ? "QemuName" : "Name")}, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(LibvirtStringMarshaller))]\n");
            string ret = MapReturn(f, out string? retAttr);
            if (retAttr != null) sb.Append($"    {retAttr}\n");
            var ps = new List<string>();
            for (int i = 0; i < f.Args.Count; i++)
            {
                var a = f.Args[i];
                string t = (i == 0 && ReleaseFunctions.Contains(f.Name)) ? "nint"
                    : ArgOverrides.TryGetValue($"{f.Name}.{a.Name}", out var ov) ? ov
                    : MapArg(a.Type, f.Name);
                ps.Add($"{t} {Id(a.Name)}");
            }
            sb.Append($"    public static partial {ret} {f.Name}({string.Join(", ", ps)});\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    string MapReturn(Func f, out string? attr)
    {
        attr = null;
        string t = f.ReturnType.Trim();
        if (t is "char *" or "const char *")
        {
            bool owned = StringReturnOwnership.TryGetValue(f.Name, out bool o) ? o : t == "char *";
            attr = owned ? "[return: MarshalUsing(typeof(OwnedUtf8StringMarshaller))]" : "[return: MarshalUsing(typeof(BorrowedUtf8StringMarshaller))]";
            return "string?";
        }
        if (t == "void") return "void";
        if (Handles.TryGetValue(t, out var h)) return BorrowedObjectReturns.Contains(f.Name) ? "nint" : h;
        return MapType(t, f.Name, isField: false);
    }

    string MapArg(string t, string fn)
    {
        t = t.Trim();
        if (t == "const char *") return "string?";
        if (Handles.TryGetValue(t, out var h)) return h;
        return MapType(t, fn, isField: false);
    }

    static readonly Dictionary<string, string> Scalars = new()
    {
        ["int"] = "int", ["unsigned int"] = "uint", ["long"] = "CLong", ["unsigned long"] = "CULong", ["long long"] = "long",
        ["unsigned long long"] = "ulong", ["size_t"] = "nuint", ["double"] = "double", ["char"] = "byte", ["unsigned char"] = "byte",
        ["unsigned short"] = "ushort", ["short"] = "short", ["void"] = "void", ["long long int"] = "long", ["unsigned long long int"] = "ulong",
    };

    /// <summary>Maps a C type that is not a string argument nor a handle (pointers, scalars, structs, callbacks).</summary>
    string MapType(string t, string context, bool isField)
    {
        string norm = Regex.Replace(t.Replace("const", " "), @"\s+", " ").Trim();
        int stars = norm.Count(c => c == '*');
        string b = norm.Replace("*", "").Trim();
        string ptr = new string('*', stars);
        if (_funcTypes.Contains(b) || b.EndsWith("CallbackPtr") || b.EndsWith("Callback") || b.EndsWith("Func"))
            return stars == 0 ? "nint" : "nint" + ptr;
        if (Handles.ContainsKey(b))
            // An object pointer in a struct field or an array of object pointers (virDomainPtr **domains: pointer to the
            // array, the caller frees each element and the array) is a raw pointer.
            return stars == 0 ? "nint" : "nint*";
        if (_structPtr.TryGetValue(b, out var s)) return s + "*" + ptr;
        if (_structName.TryGetValue(b, out s)) return s + ptr;
        if (b == "void") return stars == 1 ? "nint" : "void" + ptr;
        if (Scalars.TryGetValue(b, out var sc)) return sc + ptr;
        if (_enumTypes.Contains(b)) return "int" + ptr;
        if (_typedefs.TryGetValue(b, out var td) && Scalars.TryGetValue(td, out sc)) return sc + ptr;
        throw new InvalidOperationException($"{context}: no mapping for C type '{t}'");
    }

    // ---------------- enums ----------------

    string GenerateEnums()
    {
        var all = _api.Descendants("symbols").Elements("enum").Concat(_qemu.Descendants("symbols").Elements("enum"))
            .Select(e => (Name: (string)e.Attribute("name")!, Type: (string?)e.Attribute("type") ?? "", Raw: (string)e.Attribute("value")!, Info: (string?)e.Attribute("info") ?? ""))
            .ToList();
        var values = new Dictionary<string, long>();
        for (int pass = 0; pass < 10 && values.Count < all.Count; pass++)
            foreach (var e in all)
            {
                if (values.ContainsKey(e.Name)) continue;
                if (long.TryParse(e.Raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)) values[e.Name] = v;
                else if (values.TryGetValue(e.Raw, out v)) values[e.Name] = v;
            }
        var unresolved = all.Where(e => !values.ContainsKey(e.Name)).Select(e => e.Name).ToList();
        if (unresolved.Count > 0) throw new InvalidOperationException("unresolved enum values: " + string.Join(", ", unresolved));

        var sb = new StringBuilder(Header);
        sb.Append("using System;\n\nnamespace PSLibvirt.Native;\n");
        foreach (var g in all.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (g.Key.Length == 0) throw new InvalidOperationException("enum value without type: " + g.First().Name);
            EnumTypeCount++;
            bool flags = g.Key.Contains("Flags");
            long min = g.Min(e => values[e.Name]), max = g.Max(e => values[e.Name]);
            string under = min < 0
                ? (min >= int.MinValue && max <= int.MaxValue ? "int" : "long")
                : flags ? (max <= uint.MaxValue ? "uint" : "long")
                : (max <= int.MaxValue ? "int" : max <= uint.MaxValue ? "uint" : "long");
            sb.Append('\n');
            if (flags) sb.Append("[Flags]\n");
            sb.Append($"public enum {CsEnumName(g.Key)} : {under}\n{{\n");
            foreach (var e in g.OrderBy(e => values[e.Name]).ThenBy(e => e.Name, StringComparer.Ordinal))
            {
                EnumValueCount++;
                string info = FirstSentence(e.Info);
                if (info.Length > 0) sb.Append($"    /// <summary>{Xml(info)}</summary>\n");
                string alias = long.TryParse(e.Raw, out _) ? "" : $" // = {e.Raw}";
                sb.Append($"    {e.Name} = {values[e.Name].ToString(CultureInfo.InvariantCulture)},{alias}\n");
            }
            sb.Append("}\n");
        }
        return sb.ToString();
    }

    // ---------------- constants ----------------

    string GenerateConstants()
    {
        var macros = _api.Descendants("symbols").Elements("macro").Concat(_qemu.Descendants("symbols").Elements("macro"))
            .Where(m => m.Attribute("params") == null)
            .OrderBy(m => (string)m.Attribute("name")!, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder(Header);
        sb.Append("namespace PSLibvirt.Native;\n\n/// <summary>The #define constants of libvirt's headers: buffer lengths and typed parameter names.</summary>\npublic static class LibvirtConstants\n{\n");
        var raw = macros.Where(m => m.Attribute("raw") != null).ToDictionary(m => (string)m.Attribute("name")!, m => (string)m.Attribute("raw")!);
        bool first = true;
        foreach (var m in macros)
        {
            string name = (string)m.Attribute("name")!;
            string? str = (string?)m.Attribute("string");
            string info = FirstSentence((string?)m.Element("info") ?? "");
            string? decl = null;
            if (str != null) decl = $"public const string {name} = \"{str.Replace("\\", "\\\\").Replace("\"", "\\\"")}\";";
            else if (raw.ContainsKey(name) && TryEval(name, raw, 0, out long v))
                decl = v is >= int.MinValue and <= int.MaxValue ? $"public const int {name} = {v};" : $"public const long {name} = {v}L;";
            if (decl == null) continue;
            if (!first) sb.Append('\n');
            first = false;
            ConstantCount++;
            if (info.Length > 0) sb.Append($"    /// <summary>{Xml(info)} Since libvirt {(string?)m.Attribute("version")}.</summary>\n");
            sb.Append("    ").Append(decl).Append('\n');
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    bool TryEval(string name, Dictionary<string, string> raw, int depth, out long value)
    {
        value = 0;
        if (depth > 5) return false;
        if (_macroValues.TryGetValue(name, out value)) return true;
        string expr = Regex.Replace(raw[name], @"/\*.*?\*/", "").Trim();
        expr = Regex.Replace(expr, @"(\d+)(LL|ULL|U|L)\b", "$1");
        foreach (Match id in Regex.Matches(expr, @"[A-Za-z_]\w*"))
        {
            if (!raw.ContainsKey(id.Value) || !TryEval(id.Value, raw, depth + 1, out long sub)) return false;
            expr = expr.Replace(id.Value, sub.ToString(CultureInfo.InvariantCulture));
        }
        if (expr.Length == 0 || !Regex.IsMatch(expr, @"^[\d\s()+\-*]+$")) return false;
        int pos = 0;
        value = Sum(expr.Replace(" ", ""), ref pos);
        _macroValues[name] = value;
        return true;
    }

    static long Sum(string e, ref int p)
    {
        long v = Product(e, ref p);
        while (p < e.Length && (e[p] == '+' || e[p] == '-')) { char op = e[p++]; long r = Product(e, ref p); v = op == '+' ? v + r : v - r; }
        return v;
    }
    static long Product(string e, ref int p)
    {
        long v = Atom(e, ref p);
        while (p < e.Length && e[p] == '*') { p++; v *= Atom(e, ref p); }
        return v;
    }
    static long Atom(string e, ref int p)
    {
        if (e[p] == '(') { p++; long v = Sum(e, ref p); p++; return v; }
        if (e[p] == '-') { p++; return -Atom(e, ref p); }
        int s = p;
        while (p < e.Length && char.IsDigit(e[p])) p++;
        return long.Parse(e[s..p], CultureInfo.InvariantCulture);
    }

    // ---------------- structs ----------------

    string GenerateStructs()
    {
        var sb = new StringBuilder(Header);
        sb.Append("using System.Runtime.InteropServices;\n\nnamespace PSLibvirt.Native;\n");
        var raw = _api.Descendants("symbols").Elements("macro").Where(m => m.Attribute("raw") != null && m.Attribute("params") == null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => (string)m.Attribute("raw")!);
        var emitted = new HashSet<string>();
        foreach (var s in _api.Descendants("symbols").Elements("struct").Where(s => s.Elements("field").Any())
                     .OrderBy(s => (string)s.Attribute("name")!, StringComparer.Ordinal))
        {
            string cname = (string)s.Attribute("name")!;
            string cs = _structName[cname];
            if (!emitted.Add(cs)) continue; // alias typedef of an already emitted struct (virSchedParameter, ...)
            StructCount++;
            string info = FirstSentence((string?)s.Element("info") ?? "");
            sb.Append('\n');
            sb.Append($"/// <summary>{(info.Length > 0 ? Xml(info) + " " : "")}C: {Xml((string)s.Attribute("type")!)}.</summary>\n");
            sb.Append($"[StructLayout(LayoutKind.Sequential)]\npublic unsafe struct {cs}\n{{\n");
            foreach (var f in s.Elements("field"))
            {
                string fname = (string)f.Attribute("name")!;
                string ftype = (string)f.Attribute("type")!;
                string finfo = FirstSentence((string?)f.Attribute("info") ?? "");
                if (finfo.Length > 0) sb.Append($"    /// <summary>{Xml(finfo)}</summary>\n");
                var arr = Regex.Match(ftype, @"^(.*)\s(\w+)\[(\w+)\]$");
                if (FieldOverrides.TryGetValue($"{char.ToLowerInvariant(cs[0])}{cs[1..]}.{fname}", out var ov))
                    sb.Append($"    public {ov} {Id(fname)};\n");
                else if (arr.Success)
                {
                    string len = arr.Groups[3].Value;
                    long n = long.TryParse(len, out var ln) ? ln
                        : raw.ContainsKey(len) && TryEval(len, raw, 0, out ln) ? ln
                        : throw new InvalidOperationException($"{cname}.{fname}: array length {len}");
                    string et = MapType(arr.Groups[1].Value, cname, isField: true);
                    sb.Append($"    public fixed {et} {Id(fname)}[{n}];\n");
                }
                else
                {
                    string t = ftype.Trim() is "char *" or "const char *" ? "byte*" : MapType(ftype, cname, isField: true);
                    sb.Append($"    public {t} {Id(fname)};\n");
                }
            }
            sb.Append("}\n");
        }
        // The anonymous union of struct _virTypedParameter.
        sb.Append("""

/// <summary>The value union of <see cref="VirTypedParameter"/>; which member is valid depends on <c>type</c> (<see cref="VirTypedParameterType"/>).</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public unsafe struct VirTypedParameterValue
{
    /// <summary>VIR_TYPED_PARAM_INT</summary>
    [FieldOffset(0)] public int i;
    /// <summary>VIR_TYPED_PARAM_UINT</summary>
    [FieldOffset(0)] public uint ui;
    /// <summary>VIR_TYPED_PARAM_LLONG</summary>
    [FieldOffset(0)] public long l;
    /// <summary>VIR_TYPED_PARAM_ULLONG</summary>
    [FieldOffset(0)] public ulong ul;
    /// <summary>VIR_TYPED_PARAM_DOUBLE</summary>
    [FieldOffset(0)] public double d;
    /// <summary>VIR_TYPED_PARAM_BOOLEAN (C char, nonzero is true)</summary>
    [FieldOffset(0)] public byte b;
    /// <summary>VIR_TYPED_PARAM_STRING (UTF-8, never NULL)</summary>
    [FieldOffset(0)] public byte* s;
}

""");
        return sb.ToString();
    }

    // ---------------- checked layer ----------------

    /// <summary>Files whose functions are not wrapped: the error machinery itself (a checked virGetLastError makes no sense).</summary>
    static readonly HashSet<string> CheckedSkipFiles = new() { "virterror" };

    /// <summary>
    /// Functions not wrapped although their return type has a known failure value, because NULL is not an error for them
    /// (virTypedParamsGet: "does not raise an error, even when returning NULL").
    /// </summary>
    static readonly HashSet<string> CheckedSkipFunctions = new() { "virTypedParamsGet" };

    /// <summary>
    /// Scalar returns whose error value is also a valid result: the wrapper throws only when the result is the sentinel
    /// AND libvirt reports an error (every public entry point resets the thread's error first, so an error set after
    /// the call is this call's).
    /// </summary>
    static readonly Dictionary<string, string> AmbiguousSentinels = new()
    {
        ["virDomainGetID"] = "r == uint.MaxValue",          // (unsigned int)-1: also the id of an inactive domain
        ["virDomainGetMaxMemory"] = "r.Value == 0",         // 0 on error
        ["virNodeGetFreeMemory"] = "r == 0",                // 0 on error, and what some drivers answer
    };

    /// <summary>
    /// Try forms besides the lookups (every owned-handle function whose name contains "Lookup" has one): the function
    /// -> the error codes that mean "there is none" (returned as null instead of thrown).
    /// </summary>
    static readonly Dictionary<string, string[]> ExtraTryForms = new()
    {
        ["virDomainSnapshotCurrent"] = new[] { "VIR_ERR_NO_DOMAIN_SNAPSHOT" },
        ["virDomainSnapshotGetParent"] = new[] { "VIR_ERR_NO_DOMAIN_SNAPSHOT" },
        ["virDomainCheckpointGetParent"] = new[] { "VIR_ERR_NO_DOMAIN_CHECKPOINT" },
        ["virDomainGetMetadata"] = new[] { "VIR_ERR_NO_DOMAIN_METADATA" },
    };

    /// <summary>The error code of "no such object" per handle kind (virerror.h's VIR_ERR_NO_*).</summary>
    static readonly Dictionary<string, string> NotFoundCodes = new()
    {
        ["DomainHandle"] = "VIR_ERR_NO_DOMAIN", ["NetworkHandle"] = "VIR_ERR_NO_NETWORK", ["NetworkPortHandle"] = "VIR_ERR_NO_NETWORK_PORT",
        ["InterfaceHandle"] = "VIR_ERR_NO_INTERFACE", ["StoragePoolHandle"] = "VIR_ERR_NO_STORAGE_POOL",
        ["StorageVolHandle"] = "VIR_ERR_NO_STORAGE_VOL", ["NodeDeviceHandle"] = "VIR_ERR_NO_NODE_DEVICE", ["SecretHandle"] = "VIR_ERR_NO_SECRET",
        ["NWFilterHandle"] = "VIR_ERR_NO_NWFILTER", ["NWFilterBindingHandle"] = "VIR_ERR_NO_NWFILTER_BINDING",
        ["DomainSnapshotHandle"] = "VIR_ERR_NO_DOMAIN_SNAPSHOT", ["DomainCheckpointHandle"] = "VIR_ERR_NO_DOMAIN_CHECKPOINT",
    };

    /// <summary>How a function reports failure, or null when libvirt-api.xml gives no convention the wrapper can rely on.</summary>
    enum Failure { NegativeInt, MinusOneOnly, InvalidHandle, NullPointer, NullString, Sentinel }

    Failure? FailureOf(Func f, string ret)
    {
        if (CheckedSkipFiles.Contains(f.File) || CheckedSkipFunctions.Contains(f.Name) || ReleaseFunctions.Contains(f.Name)) return null;
        if (AmbiguousSentinels.ContainsKey(f.Name)) return Failure.Sentinel;
        string t = f.ReturnType.Trim();
        if (t == "int")
            // -1 is libvirt's error; a few stream calls document other negative results (-2: would block, -3: hole).
            return Regex.IsMatch(f.ReturnInfo, @"(^|[^\w])-[2-9]") ? Failure.MinusOneOnly : Failure.NegativeInt;
        if (ret == "string?") return Failure.NullString;
        if (Handles.ContainsKey(t)) return BorrowedObjectReturns.Contains(f.Name) ? Failure.NullPointer : Failure.InvalidHandle;
        if (ret.EndsWith('*')) return Failure.NullPointer; // unsigned char * (virSecretGetValue)
        return null; // void, unsigned scalars, virErrorPtr, ...
    }

    static readonly Regex UnusedFlags = new(@"not used|unused|pass 0|use 0|set to 0|pass zero", RegexOptions.IgnoreCase);

    /// <summary>
    /// The enum of an <c>unsigned int flags</c> argument: the one enum its info names ("bitwise-OR of virDomainXMLFlags"),
    /// else Vir&lt;Function&gt;Flags[Values] when it exists; null (keep uint) when the info names several, or says the
    /// flags are unused, or nothing fits.
    /// </summary>
    string? FlagsEnum(Func f, Arg a, HashSet<string> enums)
    {
        if (a.Name != "flags" || a.Type.Trim() != "unsigned int") return null;
        var named = Regex.Matches(a.Info, @"\bvir[A-Z]\w*").Select(m => m.Value).Where(enums.Contains).Distinct().ToList();
        if (named.Count == 1) return CsEnumName(named[0]);
        if (named.Count > 1 || UnusedFlags.IsMatch(a.Info)) return null;
        // virDomainUndefineFlags -> virDomainUndefineFlagsValues, virDomainCreateWithFlags -> virDomainCreateFlags,
        // virInterfaceGetXMLDesc -> virInterfaceXMLFlags.
        foreach (string baseName in new[] { Regex.Replace(f.Name, "(WithFlags|XMLFlags|Flags)$", ""), Regex.Replace(f.Name, "GetXMLDesc$", "XML") })
            foreach (string suffix in new[] { "Flags", "FlagsValues", "FlagValues" })
                if (enums.Contains(baseName + suffix)) // an enum whose name ends so is a set of flags
                    return CsEnumName(baseName + suffix);
        return null;
    }

    string GenerateChecked()
    {
        var enums = _api.Descendants("symbols").Elements("enum").Concat(_qemu.Descendants("symbols").Elements("enum"))
            .Select(e => (string?)e.Attribute("type") ?? "").ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder(Header);
        sb.Append("""
using System.Runtime.InteropServices;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// The checked layer: one wrapper per libvirt function whose failure value libvirt-api.xml defines (int: negative;
/// object: NULL, an invalid handle; string or buffer: NULL). A wrapper calls the raw function and, when it failed,
/// copies libvirt's thread-local error into a <see cref="LibvirtException"/> on the same thread before anything else
/// (an invalid handle is disposed only after that) and throws it. Names drop the vir prefix (virDomainGetName ->
/// DomainGetName). Try forms (TryDomainLookupByName, ...) return null for the "no such object" codes and throw for
/// any other error; the error they read is cleared either way. <c>unsigned int flags</c> is the enum libvirt names
/// for it where there is one.
/// </summary>
internal static unsafe partial class Vir
{
    /// <summary>The error of the call that returned <paramref name="invalid"/>, read before the handle is released.</summary>
    internal static LibvirtException Failed(SafeHandle invalid, string? fallbackMessage, LibvirtHandle? on)
    {
        var ex = Failed(fallbackMessage, on);
        invalid.Dispose();
        return ex;
    }

""");
        bool first = true;
        foreach (var f in _funcs.Where(f => !SkipFunctions.Contains(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            string ret = MapReturn(f, out _);
            if (FailureOf(f, ret) is not Failure failure) continue;
            CheckedCount++;
            // Parameters: the raw types, the flags as their enum; trailing flags default to 0.
            var ps = new List<string>();
            var call = new List<string>();
            int trailing = f.Args.Count;
            while (trailing > 0 && f.Args[trailing - 1].Name == "flags" && f.Args[trailing - 1].Type.Trim() == "unsigned int") trailing--;
            for (int i = 0; i < f.Args.Count; i++)
            {
                var a = f.Args[i];
                string t = ArgOverrides.TryGetValue($"{f.Name}.{a.Name}", out var ov) ? ov : MapArg(a.Type, f.Name);
                string? en = FlagsEnum(f, a, enums);
                if (en != null) { t = en; TypedFlagsCount++; }
                string def = i >= trailing ? " = 0" : "";
                ps.Add($"{t} {Id(a.Name)}{def}");
                call.Add(en != null ? $"(uint){Id(a.Name)}" : Id(a.Name));
            }
            string name = f.Name.StartsWith("vir", StringComparison.Ordinal) ? f.Name[3..] : f.Name;
            string invoke = $"Libvirt.{f.Name}({string.Join(", ", call)})";
            string sig = string.Join(", ", ps);
            string rule = failure switch
            {
                Failure.NegativeInt => "a negative result",
                Failure.MinusOneOnly => "-1 (other negative values are results)",
                Failure.InvalidHandle => "NULL (the invalid handle is disposed after the error is read)",
                Failure.Sentinel => $"the error value ({AmbiguousSentinels[f.Name]}) with an error set",
                _ => "NULL",
            };
            if (!first) sb.Append('\n');
            first = false;
            sb.Append($"    /// <summary><see cref=\"Libvirt.{f.Name}\"/>; throws <see cref=\"LibvirtException\"/> on {Xml(rule)}.</summary>\n");
            string cret = ret == "string?" ? "string" : ret;
            sb.Append($"    public static {cret} {name}({sig})\n    {{\n        var r = {invoke};\n");
            // The message when libvirt failed without setting an error (virInitialize can), and the object the call was
            // made on (its first argument, when that is a handle): a transport failure there is its connection's loss.
            string fb = $"\"{f.Name} failed without reporting an error.\"";
            string firstType = f.Args.Count == 0 ? "" : ArgOverrides.TryGetValue($"{f.Name}.{f.Args[0].Name}", out var fo) ? fo : MapArg(f.Args[0].Type, f.Name);
            string on = Handles.ContainsValue(firstType) ? Id(f.Args[0].Name) : "null";
            fb += ", " + on;
            sb.Append(failure switch
            {
                Failure.NegativeInt => "        if (r < 0) throw Failed(" + fb + ");\n",
                Failure.MinusOneOnly => "        if (r == -1) throw Failed(" + fb + ");\n",
                Failure.InvalidHandle => "        if (r.IsInvalid) throw Failed(r, " + fb + ");\n",
                Failure.NullPointer => ret == "nint" ? "        if (r == 0) throw Failed(" + fb + ");\n" : "        if (r == null) throw Failed(" + fb + ");\n",
                Failure.NullString => "        if (r is null) throw Failed(" + fb + ");\n",
                Failure.Sentinel => $"        if ({AmbiguousSentinels[f.Name]} && Libvirt.virGetLastError() != null) throw Failed(" + fb + ");\n",
                _ => throw new InvalidOperationException(),
            });
            sb.Append("        return r;\n    }\n");

            // The Try form.
            string[]? codes = ExtraTryForms.TryGetValue(f.Name, out var extra) ? extra
                : failure == Failure.InvalidHandle && f.Name.Contains("Lookup", StringComparison.Ordinal) ? new[] { NotFoundCodes[ret] }
                : null;
            if (codes is null) continue;
            if (failure is not (Failure.InvalidHandle or Failure.NullString)) throw new InvalidOperationException($"{f.Name}: Try form of a {failure} function");
            TryCount++;
            string cond = string.Join(" or ", codes.Select(c => "VirErrorNumber." + c));
            sb.Append('\n');
            sb.Append($"    /// <summary><see cref=\"Libvirt.{f.Name}\"/>, or null when libvirt answers {Xml(string.Join(" or ", codes))} (the error is cleared); throws <see cref=\"LibvirtException\"/> on any other failure.</summary>\n");
            sb.Append($"    public static {ret.TrimEnd('?')}? Try{name}({sig})\n    {{\n        var r = {invoke};\n");
            if (failure == Failure.InvalidHandle)
                sb.Append($"        if (!r.IsInvalid) return r;\n        var ex = Failed(r, {fb});\n");
            else
                sb.Append($"        if (r is not null) return r;\n        var ex = Failed({fb});\n");
            sb.Append($"        if (ex.Code is {cond}) return null;\n        throw ex;\n    }}\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    // ---------------- version table ----------------

    string GenerateVersions()
    {
        var sb = new StringBuilder(Header);
        sb.Append("using System.Collections.Generic;\n\nnamespace PSLibvirt.Native;\n\npublic static partial class LibvirtApi\n{\n");
        string apiVersion = _api.Descendants("symbols").Elements("macro").FirstOrDefault(m => (string?)m.Attribute("name") == "LIBVIR_VERSION_NUMBER")?.Attribute("raw")?.Value ?? "0";
        sb.Append($"    /// <summary>LIBVIR_VERSION_NUMBER of the headers the binding was generated from.</summary>\n    public const int GeneratedFromVersionNumber = {apiVersion};\n\n");
        sb.Append("    /// <summary>Function name -> (libvirt version that introduced it, true when it lives in libvirt-qemu).</summary>\n");
        sb.Append("    private static readonly Dictionary<string, (string Version, bool Qemu)> Functions = new(System.StringComparer.Ordinal)\n    {\n");
        foreach (var f in _funcs.Where(f => !SkipFunctions.Contains(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal))
            sb.Append($"        [\"{f.Name}\"] = (\"{f.Version}\", {(f.Qemu ? "true" : "false")}),\n");
        sb.Append("    };\n}\n");
        return sb.ToString();
    }
}
