using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>
/// Plugs a memory module (a DIMM) into domains: memory hot-plug, as virsh attach-device does with a &lt;memory&gt; device.
/// The guest needs &lt;maxMemory slots='N'&gt; and a NUMA cell; to the running domain and its persistent definition by default.
/// </summary>
[Cmdlet(VerbsCommon.Add, "DomainMemoryDevice", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(DomainDevice))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class AddDomainMemoryDeviceCommand : LibvirtCmdlet
{
    /// <summary>The module's size in bytes (128MB, 1GB); libvirt aligns it (to 1 MiB on x86).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1024UL, ulong.MaxValue)]
    public ulong SizeBytes { get; set; }

    /// <summary>The guest NUMA node (cell id) the module belongs to; 0 by default.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Node { get; set; }

    /// <summary>Attach to the running domain (VIR_DOMAIN_AFFECT_LIVE).</summary>
    [Parameter] public SwitchParameter Live { get; set; }

    /// <summary>Attach to the persistent definition (VIR_DOMAIN_AFFECT_CONFIG).</summary>
    [Parameter] public SwitchParameter Config { get; set; }

    /// <summary>Attach to the running domain if it runs, else to its persistent definition (VIR_DOMAIN_AFFECT_CURRENT).</summary>
    [Parameter] public SwitchParameter Current { get; set; }

    /// <summary>Write the attached memory device, as the definition the change affected now has it.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() => _ = ChangeScope(Live, Config, Current);

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        var scope = DomainDeviceApi.ResolveScope(t.Handle, Live, Config, Current);
        string xml = DomainDeviceXml.MemoryXml(SizeBytes, Node);
        if (!ShouldProcess(t.Description, $"Attach a memory module of {ByteSize.Format(SizeBytes)} on NUMA node {Node} to {DomainDeviceApi.Describe(scope)}")) return;
        DomainDeviceApi.Attach(t.Handle, xml, scope);
        if (PassThru && ReadBackDevice(t, scope, xml) is { } d) WriteObject(d);
    });
}
