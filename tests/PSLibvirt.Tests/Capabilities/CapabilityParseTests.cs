using System.Linq;
using System.Xml;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Capabilities;

/// <summary>
/// The parsers behind Get-DomainCapability, Get-StoragePoolCapability and the CPU cmdlets: domain capabilities (a KVM
/// aarch64-like document with SEV/SGX/GIC values, in libvirt 9.0's format), pool capabilities, and reading CPU definitions
/// out of the documents virsh accepts (vshExtractCPUDefXMLs).
/// </summary>
public class CapabilityParseTests
{
    private const string DomainCaps = """
        <domainCapabilities>
          <path>/usr/bin/qemu-system-x86_64</path>
          <domain>kvm</domain>
          <machine>pc-q35-7.2</machine>
          <arch>x86_64</arch>
          <vcpu max='288'/>
          <iothreads supported='yes'/>
          <os supported='yes'>
            <enum name='firmware'><value>bios</value><value>efi</value></enum>
            <loader supported='yes'>
              <value>/usr/share/OVMF/OVMF_CODE_4M.secboot.fd</value>
              <enum name='type'><value>rom</value><value>pflash</value></enum>
              <enum name='readonly'><value>yes</value><value>no</value></enum>
              <enum name='secure'><value>yes</value><value>no</value></enum>
            </loader>
          </os>
          <cpu>
            <mode name='host-passthrough' supported='yes'>
              <enum name='hostPassthroughMigratable'><value>on</value><value>off</value></enum>
            </mode>
            <mode name='maximum' supported='no'/>
            <mode name='host-model' supported='yes'>
              <model fallback='forbid'>EPYC-Milan</model>
              <vendor>AMD</vendor>
              <feature policy='require' name='x2apic'/>
              <feature policy='disable' name='svm'/>
            </mode>
            <mode name='custom' supported='yes'>
              <model usable='yes' vendor='unknown'>qemu64</model>
              <model usable='no' vendor='Intel' deprecated='yes'>Icelake-Client</model>
              <model usable='unknown'>Mystery</model>
            </mode>
          </cpu>
          <devices>
            <disk supported='yes'>
              <enum name='diskDevice'><value>disk</value><value>cdrom</value></enum>
              <enum name='bus'><value>virtio</value><value>sata</value></enum>
            </disk>
            <graphics supported='yes'><enum name='type'><value>vnc</value></enum></graphics>
            <video supported='yes'><enum name='modelType'><value>virtio</value></enum></video>
            <hostdev supported='yes'>
              <enum name='mode'><value>subsystem</value></enum>
              <enum name='subsysType'><value>usb</value><value>pci</value></enum>
              <enum name='capsType'/>
            </hostdev>
            <tpm supported='no'/>
          </devices>
          <features>
            <gic supported='yes'><enum name='version'><value>2</value><value>3</value></enum></gic>
            <vmcoreinfo supported='yes'/>
            <sev supported='yes'>
              <cbitpos>51</cbitpos>
              <reducedPhysBits>1</reducedPhysBits>
              <maxGuests>15</maxGuests>
            </sev>
            <sgx supported='yes'>
              <flc>no</flc>
              <section_size unit='KiB'>524288</section_size>
              <sections><section node='0' size='524288' unit='KiB'/></sections>
            </sgx>
            <backup supported='no'/>
          </features>
        </domainCapabilities>
        """;

    [Fact]
    public void ReadsTheHeadOsAndLoader()
    {
        var c = DomainCapabilityParser.Parse(DomainCaps);
        Assert.Equal("/usr/bin/qemu-system-x86_64", c.Path);
        Assert.Equal("kvm", c.DomainType);
        Assert.Equal("pc-q35-7.2", c.Machine);
        Assert.Equal("x86_64", c.Architecture);
        Assert.Equal(288, c.MaxVcpus);
        Assert.True(c.IOThreads);
        Assert.Equal(new[] { "bios", "efi" }, c.FirmwareKinds);
        Assert.True(c.LoaderSupported);
        Assert.Equal(new[] { "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd" }, c.LoaderPaths);
        Assert.Equal(new[] { "rom", "pflash" }, c.LoaderTypes);
        Assert.Equal(new[] { "yes", "no" }, c.LoaderReadOnly);
        Assert.Equal(new[] { "yes", "no" }, c.LoaderSecure);
    }

    [Fact]
    public void ReadsCpuModesHostModelAndCustomModels()
    {
        var c = DomainCapabilityParser.Parse(DomainCaps);
        Assert.Equal(new[] { "host-passthrough", "host-model", "custom" }, c.CpuModes);
        Assert.True(c.HostPassthrough);
        Assert.NotNull(c.HostModel);
        Assert.Equal("host-model", c.HostModel!.Mode);
        Assert.Equal("EPYC-Milan", c.HostModel.Model);
        Assert.Equal("forbid", c.HostModel.Fallback);
        Assert.Equal("AMD", c.HostModel.Vendor);
        Assert.Equal(new[] { "require:x2apic", "disable:svm" }, c.HostModel.Features.Select(f => f.ToString()));
        Assert.Equal(new[] { "qemu64", "Icelake-Client", "Mystery" }, c.CustomModels.Select(m => m.Name));
        Assert.Equal(new bool?[] { true, false, null }, c.CustomModels.Select(m => m.Usable));
        Assert.True(c.CustomModels[1].Deprecated);
        Assert.Null(c.CustomModels[2].Vendor);
        Assert.Equal(new[] { "qemu64" }, c.UsableModels);
    }

    [Fact]
    public void ReadsDevicesAndFeaturesWithTheirEnumsAndValues()
    {
        var c = DomainCapabilityParser.Parse(DomainCaps);
        Assert.Equal(new[] { "disk", "graphics", "video", "hostdev", "tpm" }, c.Devices.Select(d => d.Name));
        Assert.Equal(new[] { "disk", "cdrom" }, c.DiskDevices);
        Assert.Equal(new[] { "virtio", "sata" }, c.DiskBuses);
        Assert.Equal(new[] { "usb", "pci" }, c.HostdevSubsystemTypes);
        Assert.Empty(c.Devices.Single(d => d.Name == "hostdev").Enum("capsType"));
        Assert.False(c.Devices.Single(d => d.Name == "tpm").Supported);
        Assert.Empty(c.TpmModels);
        Assert.Empty(c.RngModels); // absent device: empty, not an error
        Assert.Equal(new[] { "gic", "vmcoreinfo", "sev", "sgx" }, c.SupportedFeatures);
        Assert.Equal(new[] { "2", "3" }, c.Feature("gic")!.Enum("version"));
        var sev = c.Feature("sev")!;
        Assert.Equal("51", sev.Values["cbitpos"]);
        Assert.Equal("15", sev.Values["maxGuests"]);
        var sgx = c.Feature("sgx")!;
        Assert.Equal("524288", sgx.Values["section_size"]);
        Assert.False(sgx.Values.ContainsKey("sections"));
        Assert.Null(c.Feature("genid"));
    }

    [Fact]
    public void AnEmptyDocumentGivesEmptyListsNotErrors()
    {
        var c = DomainCapabilityParser.Parse("<domainCapabilities/>");
        Assert.Null(c.Path);
        Assert.Null(c.MaxVcpus);
        Assert.Null(c.HostModel);
        Assert.Empty(c.CpuModes);
        Assert.Empty(c.Devices);
        Assert.Empty(c.LoaderTypes);
    }

    [Fact]
    public void ReadsOneObjectPerPoolType()
    {
        var pools = StoragePoolCapabilityParser.Parse("""
            <storagepoolCapabilities>
              <pool type='dir' supported='yes'>
                <volOptions><defaultFormat type='raw'/><enum name='targetFormatType'><value>raw</value><value>qcow2</value></enum></volOptions>
              </pool>
              <pool type='logical' supported='yes'>
                <poolOptions><defaultFormat type='lvm2'/><enum name='sourceFormatType'><value>unknown</value><value>lvm2</value></enum></poolOptions>
              </pool>
              <pool type='rbd' supported='no'/>
            </storagepoolCapabilities>
            """);
        Assert.Equal(new[] { "dir", "logical", "rbd" }, pools.Select(p => p.Type));
        Assert.Equal(new[] { true, true, false }, pools.Select(p => p.Supported));
        Assert.Equal("raw", pools[0].DefaultVolumeFormat);
        Assert.Equal(new[] { "raw", "qcow2" }, pools[0].VolumeFormats);
        Assert.Empty(pools[0].PoolFormats);
        Assert.Null(pools[0].DefaultPoolFormat);
        Assert.Equal("lvm2", pools[1].DefaultPoolFormat);
        Assert.Equal(new[] { "unknown", "lvm2" }, pools[1].PoolFormats);
        Assert.Empty(pools[2].VolumeFormats);
    }

    [Fact]
    public void ExtractsCpusAsVirshDoes()
    {
        // Several top-level <cpu> elements after an XML declaration.
        var two = CpuApi.ExtractCpuDefinitions("<?xml version='1.0'?>\n<cpu><model>a</model></cpu>\n<cpu><model>b</model></cpu>");
        Assert.Equal(2, two.Count);
        Assert.Equal("b", CpuApi.ParseCpu(two[1]).Model);
        // A domain's <cpu>, a capabilities document's host CPU (not the <cpu> of its topology).
        Assert.Single(CpuApi.ExtractCpuDefinitions("<domain type='kvm'><name>x</name><cpu mode='host-model'/></domain>"));
        var host = CpuApi.ExtractCpuDefinitions(
            "<capabilities><host><cpu><arch>x86_64</arch><model>Skylake</model></cpu><topology><cells><cell><cpus><cpu id='0'/></cpus></cell></cells></topology></host></capabilities>");
        Assert.Equal("Skylake", CpuApi.ParseCpu(Assert.Single(host)).Model);
    }

    [Fact]
    public void TurnsTheHostModelOfDomainCapabilitiesIntoACpu()
    {
        var cpus = CpuApi.ExtractCpuDefinitions(DomainCaps);
        var cpu = CpuApi.ParseCpu(Assert.Single(cpus));
        Assert.StartsWith("<cpu>", cpus[0]);
        Assert.Null(cpu.Mode); // the mode's attributes are dropped, as virsh drops them
        Assert.Equal("EPYC-Milan", cpu.Model);
        Assert.Equal(2, cpu.Features.Count);
        // An unsupported host-model is not a CPU.
        Assert.Empty(CpuApi.ExtractCpuDefinitions("<domainCapabilities><cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>"));
    }

    [Fact]
    public void NoCpuIsAnEmptyListAndBadXmlIsAnXmlException()
    {
        Assert.Empty(CpuApi.ExtractCpuDefinitions("<network/>"));
        Assert.Empty(CpuApi.ExtractCpuDefinitions(""));
        Assert.Throws<XmlException>(() => CpuApi.ExtractCpuDefinitions("<cpu><model>x"));
        Assert.Throws<XmlException>(() => CpuApi.ExtractCpuDefinitions("<!DOCTYPE cpu [<!ENTITY e 'x'>]><cpu/>"));
    }
}
