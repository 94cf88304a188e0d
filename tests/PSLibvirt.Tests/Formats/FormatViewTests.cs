using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Xml.Linq;
using PSLibvirt.Commands;
using PSLibvirt.Tests.Foundation;
using Xunit;

namespace PSLibvirt.Tests.Formats;

/// <summary>
/// Every view of every format file, rendered in-process (Format-Table/-List/-Wide -View ... | Out-String) for objects
/// the module writes on test:///default, or, for types the test driver cannot produce, an object of the type with
/// its defaults: no view may write an error, and each must show all of its labels. A view of a type no sample covers
/// fails, so a new view comes with its sample.
/// </summary>
[Collection(SessionCollection.Name)]
public sealed class FormatViewTests : IDisposable
{
    private static readonly string FormatsDirectory = Path.Combine(AppContext.BaseDirectory, "Formats");

    /// <summary>
    /// Scripts that make real objects of a type on test:///default (connected as 'fmt'). Names made here are unique:
    /// while another test class holds test:///default open, its state outlives this class's connection.
    /// </summary>
    private static readonly Dictionary<string, string> LiveSamples = new()
    {
        ["PSLibvirt.Domain"] = "Get-Domain",
        ["PSLibvirt.DomainSnapshot"] = "New-DomainSnapshot -DomainName test -Name \"fmt-$([guid]::NewGuid())\" -PassThru",
        ["PSLibvirt.DomainStatistics"] = "Get-DomainStatistics",
        ["PSLibvirt.DomainMemoryStatistics"] = "Get-DomainMemoryStatistics -Name test",
        ["PSLibvirt.DomainVCpu"] = "Get-DomainVCpu -Name test",
        ["PSLibvirt.DomainVCpuCount"] = "Get-DomainVCpuCount -Name test",
        ["PSLibvirt.DomainEmulatorPin"] = "Get-DomainEmulatorPin -Name test",
        ["PSLibvirt.DomainMemoryTuning"] = "Get-DomainMemoryTuning -Name test",
        ["PSLibvirt.DomainSchedulerParameters"] = "Get-DomainSchedulerParameter -Name test",
        ["PSLibvirt.DomainBlockIOTuning"] = "Get-DomainBlockIOTuning -Name test",
        ["PSLibvirt.DomainDiskIOTuning"] = "Get-DomainDiskIOTuning -Name test",
        ["PSLibvirt.DomainNumaTuning"] = "Get-DomainNumaTuning -Name test",
        ["PSLibvirt.DomainPerfEvents"] = "Get-DomainPerfEvent -Name test",
        ["PSLibvirt.DomainIOThread"] = "Add-DomainIOThread -Name test -Id ([System.Random]::Shared.Next(1000, 1000000)) -PassThru",
        ["PSLibvirt.DomainDisk"] = "Get-DomainDisk -Name test",
        ["PSLibvirt.DomainNetworkAdapter"] = "Get-DomainNetworkAdapter -Name test",
        ["PSLibvirt.DomainDevice"] = "Get-DomainDevice -Name test",
        ["PSLibvirt.Network"] = "Get-Network",
        ["PSLibvirt.StoragePool"] = "Get-StoragePool",
        ["PSLibvirt.StorageVolume"] = "New-StorageVolume -PoolName default-pool -Name \"fmt-$([guid]::NewGuid()).img\" -CapacityBytes 1MB",
        ["PSLibvirt.NodeDevice"] = "Get-NodeDevice",
        ["PSLibvirt.NodeDevice#Tree"] = "Get-NodeDevice -Tree",
        ["PSLibvirt.HostInterface"] = "Get-HostInterface",
        ["PSLibvirt.Hypervisor"] = "Get-Hypervisor",
        ["PSLibvirt.HypervisorCapability"] = "Get-HypervisorCapability",
        ["PSLibvirt.GuestCapability"] = "(Get-HypervisorCapability).Guests",
        ["PSLibvirt.NodeInfo"] = "Get-NodeInfo",
        ["PSLibvirt.NodeFreeMemory"] = "Get-NodeFreeMemory",
        ["PSLibvirt.NodeCpuStatistics"] = "Get-NodeCpuStatistics",
        ["PSLibvirt.DomainScreenshot"] = "$p = [IO.Path]::Combine([IO.Path]::GetTempPath(), \"fmt-$([guid]::NewGuid()).png\"); Save-DomainScreenshot -Name test -Path $p; [IO.File]::Delete($p)",
    };

    private readonly InProcessShell _shell = new(Directory.GetFiles(FormatsDirectory, "*.format.ps1xml"),
        typeof(Microsoft.PowerShell.Commands.FormatTableCommand), typeof(Microsoft.PowerShell.Commands.FormatListCommand),
        typeof(Microsoft.PowerShell.Commands.FormatWideCommand), typeof(Microsoft.PowerShell.Commands.FormatCustomCommand),
        typeof(Microsoft.PowerShell.Commands.OutStringCommand));

    public FormatViewTests()
    {
        var (_, errors) = _shell.Run("$null = Connect-Hypervisor -Uri test:///default -Name fmt");
        Assert.Empty(errors.Select(e => e.ToString()));
    }

    public void Dispose() => _shell.Dispose();

    public static TheoryData<string, string, string, string> Views()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var file in Directory.GetFiles(FormatsDirectory, "*.format.ps1xml").OrderBy(f => f))
            foreach (var view in XDocument.Load(file).Descendants("View"))
            {
                string control = view.Elements().Select(e => e.Name.LocalName).First(n => n.EndsWith("Control", StringComparison.Ordinal));
                data.Add(Path.GetFileName(file), (string)view.Element("Name")!, (string)view.Element("ViewSelectedBy")!.Element("TypeName")!, control);
            }
        return data;
    }

    /// <summary>
    /// A view's script block that names a type PowerShell cannot resolve (one internal to the module) fails silently:
    /// its column is just empty. So every type the views name must be public.
    /// </summary>
    [Fact]
    public void Every_type_a_view_names_is_public()
    {
        var named = Directory.GetFiles(FormatsDirectory, "*.format.ps1xml")
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"\[(PSLibvirt\.[A-Za-z.]+)\]").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(named);
        foreach (var name in named)
        {
            var type = typeof(Hypervisor).Assembly.GetType(name);
            Assert.True(type is { IsPublic: true }, $"{name}, named by a view, is {(type is null ? "missing" : "not public")}");
        }
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Every_view_renders_its_labels_without_errors(string file, string view, string typeName, string control)
    {
        var samples = Samples(typeName);
        Assert.True(samples.Count > 0, $"{file}: no sample object of {typeName} for view {view}: add one to LiveSamples or give the type a parameterless constructor");
        string format = control switch { "TableControl" => "Format-Table", "ListControl" => "Format-List", "WideControl" => "Format-Wide", _ => "Format-Custom" };
        _shell.Runspace.SessionStateProxy.SetVariable("samples", samples.ToArray());
        var (output, errors) = _shell.Run($"$samples | {format} -View '{view}' | Out-String -Width 300");
        Assert.Empty(errors.Select(e => e.ToString()));
        string text = string.Concat(output.Select(o => o.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(text), $"{view} rendered nothing");
        foreach (var label in Labels(file, view, control))
            Assert.Contains(label, text, StringComparison.Ordinal);
    }

    private List<object> Samples(string typeName)
    {
        if (LiveSamples.TryGetValue(typeName, out var script))
        {
            var (output, errors) = _shell.Run(script);
            Assert.Empty(errors.Select(e => e.ToString()));
            return output.Where(o => o is not null).Select(o => (object)o).ToList();
        }
        if (typeName == typeof(PSLibvirt.Provider.LibvirtFolder).FullName)
        {
            // The drive's folders (the provider is not loaded here): made as the drive makes them.
            var h = (Hypervisor)_shell.Run("Get-Hypervisor").Output[0].BaseObject;
            return new() { new PSLibvirt.Provider.LibvirtFolder("Domains", h, "Virtual machines") };
        }
        var type = typeof(LibvirtCmdlet).Assembly.GetType(typeName);
        if (type?.GetConstructor(Type.EmptyTypes) is null) return new();
        return new() { Activator.CreateInstance(type)! };
    }

    /// <summary>The labels a view shows: table headers (or the property names of unlabelled columns), list labels.</summary>
    private static IEnumerable<string> Labels(string file, string view, string control)
    {
        var v = XDocument.Load(Path.Combine(FormatsDirectory, file)).Descendants("View")
            .First(x => (string)x.Element("Name")! == view && x.Element(control) is not null);
        foreach (var h in v.Descendants("TableColumnHeader"))
            if ((string?)h.Element("Label") is { Length: > 0 } l) yield return l;
        foreach (var i in v.Descendants("ListItem"))
            yield return (string?)i.Element("Label") ?? (string)i.Element("PropertyName")!;
    }
}
