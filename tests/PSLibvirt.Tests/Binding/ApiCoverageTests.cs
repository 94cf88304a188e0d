using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Binding;

/// <summary>
/// In the spirit of libvirt-python's tests/test_api_coverage.py: every function of libvirt-api.xml and
/// libvirt-qemu-api.xml is bound in PSLibvirt.Native.Libvirt or named in src/PSLibvirt/Native/skip-list.txt.
/// </summary>
[Collection(LibvirtCollection.Name)]
public sealed class ApiCoverageTests
{
    private static IEnumerable<XElement> Symbols(string kind) =>
        new[] { LibvirtFixture.ApiXml, LibvirtFixture.QemuApiXml }
            .SelectMany(f => XDocument.Load(f).Descendants("symbols").Elements(kind));

    private static HashSet<string> XmlFunctions() => Symbols("function").Select(f => (string)f.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, MethodInfo> BoundFunctions() =>
        typeof(Libvirt).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            // LibraryImport leaves the attribute on the user-declared partial method; DllImport marks hand-written extern
            // methods. The source generator's own DllImport stubs are compiler-named local functions ("<virX>g____PInvoke|0_0").
            .Where(m => !m.Name.Contains('<'))
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() != null || m.GetCustomAttribute<DllImportAttribute>() != null)
            .ToDictionary(m => m.GetCustomAttribute<LibraryImportAttribute>()?.EntryPoint ?? m.Name, m => m, StringComparer.Ordinal);

    private static Dictionary<string, string> SkipList()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(Path.Combine(LibvirtFixture.RepoRoot, "src", "PSLibvirt", "Native", "skip-list.txt")))
        {
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            int hash = text.IndexOf('#');
            string name = (hash < 0 ? text : text[..hash]).Trim();
            string reason = hash < 0 ? "" : text[(hash + 1)..].Trim();
            Assert.False(reason.Length == 0, $"skip-list entry '{name}' has no reason");
            result.Add(name, reason);
        }
        return result;
    }

    [Fact]
    public void EveryXmlFunctionIsBoundOrSkipped()
    {
        var bound = BoundFunctions();
        var skip = SkipList();
        var missing = XmlFunctions().Where(f => !bound.ContainsKey(f) && !skip.ContainsKey(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Unbound and not on the skip list: " + string.Join(", ", missing));
    }

    [Fact]
    public void SkipListIsNotStale()
    {
        var bound = BoundFunctions();
        var xml = XmlFunctions();
        foreach (var name in SkipList().Keys)
        {
            Assert.False(bound.ContainsKey(name), $"{name} is on the skip list but bound: remove it from skip-list.txt");
            Assert.True(xml.Contains(name), $"{name} is on the skip list but not in the API XML");
        }
    }

    [Fact]
    public void SkipListStaysSmall()
    {
        int total = XmlFunctions().Count;
        Assert.True(SkipList().Count * 20 <= total, $"more than 5% of {total} functions skipped");
    }

    [Fact]
    public void NothingBoundThatIsNotInTheXml()
    {
        var xml = XmlFunctions();
        var extra = BoundFunctions().Keys.Where(n => !xml.Contains(n)).ToList();
        Assert.True(extra.Count == 0, "Bound but not in the API XML: " + string.Join(", ", extra));
    }

    [Fact]
    public void EveryBoundSymbolExistsInTheInstalledLibrary()
    {
        LibvirtLibrary.EnsureLoaded();
        nint lib = NativeLibrary.Load(LibvirtLibrary.Name, typeof(LibvirtLibrary).Assembly, null);
        nint qemu = NativeLibrary.Load(LibvirtLibrary.QemuName, typeof(LibvirtLibrary).Assembly, null);
        var missing = new List<string>();
        foreach (var (name, method) in BoundFunctions())
        {
            string library = method.GetCustomAttribute<LibraryImportAttribute>()?.LibraryName ?? method.GetCustomAttribute<DllImportAttribute>()!.Value;
            if (!NativeLibrary.TryGetExport(library == LibvirtLibrary.QemuName ? qemu : lib, name, out _)) missing.Add(name);
        }
        Assert.True(missing.Count == 0, "Not exported by the installed libvirt: " + string.Join(", ", missing));
    }

    [Fact]
    public void QemuFunctionsBindToLibvirtQemu()
    {
        var qemuNames = XDocument.Load(LibvirtFixture.QemuApiXml).Descendants("symbols").Elements("function").Select(f => (string)f.Attribute("name")!);
        var bound = BoundFunctions();
        foreach (var name in qemuNames)
            Assert.Equal(LibvirtLibrary.QemuName, bound[name].GetCustomAttribute<LibraryImportAttribute>()!.LibraryName);
    }

    [Fact]
    public void EnumValueCountMatchesTheXml()
    {
        var xmlEnums = Symbols("enum").Select(e => ((string)e.Attribute("type")!, (string)e.Attribute("name")!)).ToList();
        var generated = typeof(Libvirt).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace == "PSLibvirt.Native" && t.Name.StartsWith("Vir", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (t.Name, f.Name)))
            .ToHashSet();
        Assert.Equal(xmlEnums.Count, generated.Count);
        foreach (var (type, name) in xmlEnums)
            Assert.Contains((char.ToUpperInvariant(type[0]) + type[1..], name), generated);
        // Only libvirt-api.xml: the figure the issue names.
        Assert.Equal(1029, XDocument.Load(LibvirtFixture.ApiXml).Descendants("symbols").Elements("enum").Count());
    }

    [Fact]
    public void EnumValuesMatchTheXml()
    {
        Assert.Equal(1, (int)VirDomainState.VIR_DOMAIN_RUNNING);
        Assert.Equal(42, (int)VirErrorNumber.VIR_ERR_NO_DOMAIN);
        Assert.Equal(2147483648u, (uint)VirConnectGetAllDomainStatsFlags.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS);
        Assert.Equal(-2, (int)VirDomainQemuAgentCommandTimeoutValues.VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK);
        Assert.True(typeof(VirConnectListAllDomainsFlags).IsDefined(typeof(FlagsAttribute), false));
        Assert.False(typeof(VirDomainState).IsDefined(typeof(FlagsAttribute), false));
    }

    [Fact]
    public void ConstantsMatchTheHeaders()
    {
        Assert.Equal(16, LibvirtConstants.VIR_UUID_BUFLEN);
        Assert.Equal(37, LibvirtConstants.VIR_UUID_STRING_BUFLEN);
        Assert.Equal(80, LibvirtConstants.VIR_TYPED_PARAM_FIELD_LENGTH);
        Assert.Equal(4097, LibvirtConstants.VIR_SECURITY_LABEL_BUFLEN);
        Assert.Equal(257, LibvirtConstants.VIR_SECURITY_MODEL_BUFLEN);
        Assert.Equal(257, LibvirtConstants.VIR_SECURITY_DOI_BUFLEN);
        Assert.Equal("cpu_shares", LibvirtConstants.VIR_DOMAIN_SCHEDULER_CPU_SHARES);
        Assert.Equal("destination_name", LibvirtConstants.VIR_MIGRATE_PARAM_DEST_NAME);
        Assert.Equal(9007199254740991L, LibvirtConstants.VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
    }

    /// <summary>Sizes and offsets printed by a C program (sizeof/offsetof) against the 9.0.0 headers on x86_64 Linux.</summary>
    [Fact]
    public void StructLayoutsMatchTheCHeaders()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
            return; // the recorded layout is x86_64 Linux (LP64); other LP64 targets agree but are not recorded here
        var asm = typeof(Libvirt).Assembly;
        int structs = 0;
        foreach (string line in File.ReadAllLines(Path.Combine(LibvirtFixture.RepoRoot, "tests", "PSLibvirt.Tests", "Binding", "struct-layout-x86_64.txt")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2) continue;
            string cs = "PSLibvirt.Native.Vir" + parts[0][3..];
            Type t = asm.GetType(cs) ?? throw new Xunit.Sdk.XunitException($"{cs} not generated");
            Assert.True(Marshal.SizeOf(t) == int.Parse(parts[1]), $"sizeof({parts[0]}) {Marshal.SizeOf(t)} != {parts[1]}");
            foreach (var field in parts.Skip(2))
            {
                var kv = field.Split('=');
                Assert.True((int)Marshal.OffsetOf(t, kv[0]) == int.Parse(kv[1]), $"offsetof({parts[0]}, {kv[0]}) {Marshal.OffsetOf(t, kv[0])} != {kv[1]}");
            }
            structs++;
        }
        Assert.Equal(30, structs);
    }

    [Fact]
    public void LibvirtApiReportsVersionsAndAvailability()
    {
        Assert.Equal("0.0.3", LibvirtApi.RequiredVersion("virDomainGetName"));
        Assert.True(LibvirtApi.IsAvailable("virDomainGetName"));
        Assert.True(LibvirtApi.IsAvailable("virDomainQemuMonitorCommand"));
        LibvirtApi.Require("virConnectListAllDomains");
        Assert.Equal("9.0.0", LibvirtApi.HostVersion);
        Assert.Throws<ArgumentException>(() => LibvirtApi.IsAvailable("virNoSuchFunction"));
        var ex = new LibvirtFeatureNotAvailableException("virXyz", "9.5.0", "9.0.0");
        Assert.Equal("virXyz needs libvirt >= 9.5.0; this host has 9.0.0", ex.Message);
        Assert.Equal(XDocument.Load(LibvirtFixture.ApiXml).Descendants("symbols").Elements("function").Count() + 6, LibvirtApi.FunctionNames.Count());
    }
}
