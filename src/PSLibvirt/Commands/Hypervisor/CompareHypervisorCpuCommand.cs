using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>
/// Compares a CPU definition with the host's CPU (virsh cpu-compare) or with the CPU the hypervisor can give a guest
/// (virsh hypervisor-cpu-compare: -HypervisorCpu, -Emulator, -Architecture, -Machine or -VirtType).
/// </summary>
[HypervisorCpuTargetParameters]
[Cmdlet(VerbsData.Compare, "HypervisorCpu", DefaultParameterSetName = XmlSet)]
[OutputType(typeof(CpuComparison))]
[ConnectionParameter]
public sealed partial class CompareHypervisorCpuCommand : LibvirtCmdlet
{
    private const string XmlSet = "Xml";
    private const string PathSet = "Path";
    private const string DomainSet = "Domain";

    /// <summary>A &lt;cpu&gt; element, or a domain, capabilities or domain capabilities document holding one.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = XmlSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation(EachElement = true)]
    public string[]? Xml { get; set; }

    /// <summary>Files holding such XML (wildcards allowed).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Domains whose &lt;cpu&gt; is compared, each on its own connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DomainSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain[]? Domain { get; set; }

    /// <summary>Compare with the CPU the hypervisor can give (hypervisor-cpu-compare) rather than the host's CPU.</summary>
    [Parameter] public SwitchParameter HypervisorCpu { get; set; }

    /// <summary>An incompatible CPU is an error (CpuIncompatible) rather than a result.</summary>
    [Parameter] public SwitchParameter ErrorIfIncompatible { get; set; }

    /// <summary>libvirt validates the CPU XML against its schema first.</summary>
    [Parameter] public SwitchParameter ValidateXml { get; set; }

    protected override void ProcessRecord()
    {
        var target = CpuTarget(HypervisorCpu, GuestTarget);
        if (Domain is not null)
        {
            ForEachTarget(ResolveTargets(ObjectKinds.Domain, null, Domain, Connection), t => CompareDomain(t, target));
            return;
        }
        foreach (var input in ReadCpuInputs(Xml, Path, out _))
        {
            // Like virsh, the first CPU of a document is the one compared.
            ForEachConnection(Connection, h => Write(h, input.Source, input.Cpus[0], target, input.Target));
        }
    }

    private void CompareDomain(Target<DomainHandle> t, HypervisorCpuTarget? target)
    {
        var doc = LibvirtXml.Load(Vir.DomainGetXMLDesc(t.Handle));
        if (doc.SelectSingleNode("/domain/cpu") is not XmlElement cpu)
        {
            WriteError(new ErrorRecord(new ArgumentException($"Domain '{t.Name}' has no <cpu> element to compare."),
                "NoCpuDefinition", ErrorCategory.InvalidArgument, t.Input));
            return;
        }
        // A domain's own emulator, architecture, machine and type stand in for the ones not given.
        if (target is not null)
        {
            var type = (XmlElement?)doc.SelectSingleNode("/domain/os/type");
            target = new HypervisorCpuTarget(
                target.Emulator ?? doc.SelectSingleNode("/domain/devices/emulator")?.InnerText,
                target.Architecture ?? NonEmptyAttr(type, "arch"),
                target.Machine ?? NonEmptyAttr(type, "machine"),
                target.VirtType ?? NonEmptyAttr(doc.DocumentElement, "type"));
        }
        Write(t.Hypervisor, t.Name, cpu.OuterXml, target, t.Input);
    }

    private static string? NonEmptyAttr(XmlElement? e, string name) =>
        e?.GetAttribute(name) is { Length: > 0 } v ? v : null;

    private void Write(Hypervisor h, string source, string cpuXml, HypervisorCpuTarget? target, object errorTarget)
    {
        try
        {
            var (result, reason) = CpuApi.Compare(h.Connection, cpuXml, target, ErrorIfIncompatible, ValidateXml);
            WriteObject(new CpuComparison
            {
                Result = result,
                Reason = reason,
                ComparedWith = target is null ? CpuComparedWith.Host : CpuComparedWith.Hypervisor,
                Source = source,
                CpuXml = cpuXml,
                Hypervisor = h,
            });
        }
        catch (LibvirtException ex)
        {
            WriteLibvirtError(ex, errorTarget);
        }
    }
}
