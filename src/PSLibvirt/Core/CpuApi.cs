using System.Runtime.InteropServices;
using System.Xml;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Where a CPU is compared or a baseline computed: the hypervisor's emulator, architecture, machine and virt type (null: libvirt's default).</summary>
internal sealed record HypervisorCpuTarget(string? Emulator, string? Architecture, string? Machine, string? VirtType);

/// <summary>
/// CPU models, comparison and baseline (virsh cpu-models, cpu-compare, hypervisor-cpu-compare, cpu-baseline,
/// hypervisor-cpu-baseline), and reading CPU definitions out of the documents virsh accepts.
/// </summary>
internal static class CpuApi
{
    /// <summary>virConnectGetCPUModelNames: the CPU models the hypervisor knows for <paramref name="architecture"/>.</summary>
    public static unsafe List<string> GetModelNames(LibvirtConnection connection, string architecture)
    {
        byte** models = null;
        int n = Vir.ConnectGetCPUModelNames(connection.Handle, architecture, &models);
        var names = new List<string>(n);
        try
        {
            for (int i = 0; i < n; i++) names.Add(Utf8.Read(models[i]) ?? "");
        }
        finally
        {
            if (models != null)
            {
                for (int i = 0; i < n; i++) Utf8.Free(models[i]);
                Utf8.Free(models);
            }
        }
        return names;
    }

    /// <summary>
    /// Compares <paramref name="cpuXml"/> with the host's CPU (<paramref name="target"/> null: virConnectCompareCPU) or with
    /// the CPU the hypervisor can give (virConnectCompareHypervisorCPU). With <paramref name="failIncompatible"/> an
    /// incompatible CPU is a LibvirtException (CpuIncompatible) carrying the reason. Otherwise an incompatible CPU is asked
    /// about once more with that flag, only to read libvirt's reason, which it gives in no other way.
    /// </summary>
    public static (CpuCompareResult Result, string? Reason) Compare(LibvirtConnection connection, string cpuXml,
        HypervisorCpuTarget? target, bool failIncompatible, bool validateXml)
    {
        var flags = validateXml ? VirConnectCompareCPUFlags.VIR_CONNECT_COMPARE_CPU_VALIDATE_XML : 0;
        if (failIncompatible) flags |= VirConnectCompareCPUFlags.VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE;
        int r = CompareOnce(connection, cpuXml, target, flags);
        var result = (CpuCompareResult)r;
        if (result != CpuCompareResult.Incompatible) return (result, null);
        try
        {
            CompareOnce(connection, cpuXml, target, flags | VirConnectCompareCPUFlags.VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE);
            return (result, null);
        }
        catch (LibvirtException ex)
        {
            // Only the reason is asked for here: the answer itself came from the first call, so another failure of
            // this second one (a connection lost in between) leaves the reason unknown rather than the answer lost.
            return (result, ex.Code == VirErrorNumber.VIR_ERR_CPU_INCOMPATIBLE ? ex.Message : null);
        }
    }

    private static int CompareOnce(LibvirtConnection c, string xml, HypervisorCpuTarget? t, VirConnectCompareCPUFlags flags) =>
        t is null
            ? Vir.ConnectCompareCPU(c.Handle, xml, flags)
            : Vir.ConnectCompareHypervisorCPU(c.Handle, t.Emulator, t.Architecture, t.Machine, t.VirtType, xml, flags);

    /// <summary>
    /// The baseline of <paramref name="cpuXmls"/>: a CPU every one of them can run (<paramref name="target"/> null:
    /// virConnectBaselineCPU) or, with a target, the one the hypervisor can also give (virConnectBaselineHypervisorCPU).
    /// </summary>
    public static unsafe string Baseline(LibvirtConnection connection, IReadOnlyList<string> cpuXmls, HypervisorCpuTarget? target,
        bool expandFeatures, bool migratable)
    {
        VirConnectBaselineCPUFlags flags = 0;
        if (expandFeatures) flags |= VirConnectBaselineCPUFlags.VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES;
        if (migratable) flags |= VirConnectBaselineCPUFlags.VIR_CONNECT_BASELINE_CPU_MIGRATABLE;
        var array = (byte**)NativeMemory.AllocZeroed((nuint)cpuXmls.Count, (nuint)sizeof(byte*));
        try
        {
            for (int i = 0; i < cpuXmls.Count; i++) array[i] = Utf8.AllocCopy(cpuXmls[i]);
            return target is null
                ? Vir.ConnectBaselineCPU(connection.Handle, array, (uint)cpuXmls.Count, flags)
                : Vir.ConnectBaselineHypervisorCPU(connection.Handle, target.Emulator, target.Architecture, target.Machine,
                    target.VirtType, array, (uint)cpuXmls.Count, flags);
        }
        finally
        {
            for (int i = 0; i < cpuXmls.Count; i++) Utf8.Free(array[i]);
            NativeMemory.Free(array);
        }
    }

    /// <summary>
    /// The CPU definitions in <paramref name="document"/>, as virsh reads them (vshExtractCPUDefXMLs): top-level &lt;cpu&gt;
    /// elements (several may follow each other), a domain's &lt;cpu&gt;, a capabilities document's host CPU, and a domain
    /// capabilities document's supported host-model CPU (turned into a &lt;cpu&gt; element). XmlException when the text does
    /// not parse; an empty list when it holds none.
    /// </summary>
    public static List<string> ExtractCpuDefinitions(string document)
    {
        string text = document.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            int end = text.IndexOf("?>", StringComparison.Ordinal);
            if (end >= 0) text = text[(end + 2)..];
        }
        var doc = LibvirtXml.Load("<container>" + text + "</container>");
        var result = new List<string>();
        var nodes = doc.SelectNodes("/container/cpu|/container/domain/cpu|/container/capabilities/host/cpu|" +
                                    "/container/domainCapabilities/cpu/mode[@name='host-model' and @supported='yes']")!;
        foreach (XmlElement e in nodes.OfType<XmlElement>())
        {
            if (e.Name != "mode") { result.Add(e.OuterXml); continue; }
            var cpu = doc.CreateElement("cpu");
            foreach (XmlNode child in e.ChildNodes) cpu.AppendChild(child.CloneNode(true));
            result.Add(cpu.OuterXml);
        }
        return result;
    }

    /// <summary>Parses a &lt;cpu&gt; element (a baseline's, a host-model mode's, a domain's).</summary>
    public static CpuDefinition ParseCpu(string xml, Hypervisor? hypervisor = null) =>
        ParseCpu(LibvirtXml.Load(xml).DocumentElement ?? throw new XmlException("The CPU XML has no root element."), hypervisor);

    internal static CpuDefinition ParseCpu(XmlElement cpu, Hypervisor? hypervisor)
    {
        var model = cpu["model"];
        return new CpuDefinition
        {
            Mode = Attr(cpu, "mode") ?? (cpu.Name == "mode" ? Attr(cpu, "name") : null),
            Match = Attr(cpu, "match"),
            Model = model?.InnerText,
            Fallback = model is null ? null : Attr(model, "fallback"),
            Vendor = cpu["vendor"]?.InnerText,
            Architecture = cpu["arch"]?.InnerText,
            Features = cpu.SelectNodes("feature")!.OfType<XmlElement>()
                .Select(f => new CpuFeature { Name = f.GetAttribute("name"), Policy = Attr(f, "policy") }).ToList(),
            Xml = cpu.OuterXml,
            Hypervisor = hypervisor,
        };
    }

    private static string? Attr(XmlElement e, string name) => e.HasAttribute(name) ? e.GetAttribute(name) : null;
}
