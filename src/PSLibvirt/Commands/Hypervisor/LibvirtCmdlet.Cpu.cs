using System.Management.Automation;
using System.Xml;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>What Compare-HypervisorCpu and Get-HypervisorCpuBaseline share: reading CPU definitions from -Xml and -Path.</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>One document's CPU definitions and where it came from (a file's path, or "Xml").</summary>
    private protected sealed record CpuInput(string Source, object Target, List<string> Cpus);

    /// <summary>
    /// The CPU definitions of each -Xml string and each file of -Path (wildcards resolved), read as virsh reads them
    /// (<see cref="CpuApi.ExtractCpuDefinitions"/>). A file that cannot be read (FileNotFound, ...), text that does not
    /// parse (InvalidXml) or holds no CPU (NoCpuDefinition) is a non-terminating error and yields nothing;
    /// <paramref name="failed"/> says whether any did.
    /// </summary>
    private protected List<CpuInput> ReadCpuInputs(string[]? xml, string[]? path, out bool failed)
    {
        var inputs = new List<CpuInput>();
        bool ok = true;
        foreach (string x in xml ?? Array.Empty<string>())
        {
            bool added = false;
            if (!TryInvoke(x, () => added = AddCpuInput(inputs, "Xml", x, x)) || !added) ok = false;
        }
        foreach (string p in path ?? Array.Empty<string>())
        {
            List<string> files;
            try { files = GetResolvedProviderPathFromPSPath(p, out _).ToList(); }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, p));
                ok = false;
                continue;
            }
            foreach (string f in files)
            {
                bool added = false;
                if (!TryInvoke(f, () => added = AddCpuInput(inputs, f, System.IO.File.ReadAllText(f), f)) || !added) ok = false;
            }
        }
        failed = !ok;
        return inputs;
    }

    private bool AddCpuInput(List<CpuInput> inputs, string source, string text, object target)
    {
        var cpus = CpuApi.ExtractCpuDefinitions(text);
        if (cpus.Count == 0)
        {
            WriteError(new ErrorRecord(new ArgumentException(
                    $"{(source == "Xml" ? "The XML" : $"File '{source}'")} does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML."),
                "NoCpuDefinition", ErrorCategory.InvalidArgument, target));
            return false;
        }
        inputs.Add(new CpuInput(source, target, cpus));
        return true;
    }

    /// <summary>The hypervisor to compare with or baseline for, when asked (-HypervisorCpu, or any of the four values); else null: the host's CPU.</summary>
    private protected static HypervisorCpuTarget? CpuTarget(bool hypervisorCpu, HypervisorCpuTarget guest) =>
        hypervisorCpu || guest.Emulator is not null || guest.Architecture is not null || guest.Machine is not null || guest.VirtType is not null
            ? guest
            : null;
}
