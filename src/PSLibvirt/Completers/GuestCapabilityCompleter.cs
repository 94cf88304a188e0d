using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSLibvirt.Core;

namespace PSLibvirt.Completers;

/// <summary>
/// Completes -Architecture (New-Domain: -Arch), -Machine, -Emulator, -VirtType and -OSType from the guest kinds of the
/// connections' capabilities (-Connection when typed, else the default one; never opens a connection). Values already
/// bound to the others narrow the list: with -Architecture aarch64, -Machine offers only aarch64's machine types.
/// </summary>
internal abstract class GuestCapabilityCompleter : IArgumentCompleter
{
    private readonly Func<GuestCapability, IEnumerable<string>> _values;

    protected GuestCapabilityCompleter(Func<GuestCapability, IEnumerable<string>> values) => _values = values;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(CompleterConnections.Safe(() =>
            CompleterConnections.From(fakeBoundParameters)
                .SelectMany(h => HostApi.GetCapabilities(h.Connection).Guests)
                .Where(g => Matches(fakeBoundParameters, "Architecture", parameterName, new[] { g.Architecture })
                         && Matches(fakeBoundParameters, "Arch", parameterName, new[] { g.Architecture })
                         && Matches(fakeBoundParameters, "OSType", parameterName, new[] { g.OSType })
                         && Matches(fakeBoundParameters, "Emulator", parameterName, g.Emulator is null ? Array.Empty<string>() : new[] { g.Emulator })
                         && Matches(fakeBoundParameters, "VirtType", parameterName, g.DomainTypes)
                         && Matches(fakeBoundParameters, "Machine", parameterName, g.Machines))
                .SelectMany(_values)
                .Distinct()
                .Select(v => (v, v))), wordToComplete);

    /// <summary>True when <paramref name="name"/> is not bound (or is the one being completed), or its value is among <paramref name="values"/>.</summary>
    private static bool Matches(IDictionary bound, string name, string completing, IEnumerable<string> values)
    {
        if (string.Equals(name, completing, StringComparison.OrdinalIgnoreCase) || bound?[name] is not { } v) return true;
        string s = (v is PSObject p ? p.BaseObject : v).ToString() ?? "";
        return values.Contains(s, StringComparer.Ordinal);
    }
}

/// <summary>Completes guest architectures (x86_64, i686, aarch64, ...).</summary>
internal sealed class ArchitectureCompleter : GuestCapabilityCompleter
{
    public ArchitectureCompleter() : base(g => new[] { g.Architecture }) { }
}

/// <summary>Completes guest OS types (hvm, xen, exe).</summary>
internal sealed class OSTypeCompleter : GuestCapabilityCompleter
{
    public OSTypeCompleter() : base(g => new[] { g.OSType }) { }
}

/// <summary>Completes machine types (pc, q35, pc-i440fx-7.2, ...).</summary>
internal sealed class MachineCompleter : GuestCapabilityCompleter
{
    public MachineCompleter() : base(g => g.Machines) { }
}

/// <summary>Completes emulator paths.</summary>
internal sealed class EmulatorCompleter : GuestCapabilityCompleter
{
    public EmulatorCompleter() : base(g => g.Emulator is null ? Array.Empty<string>() : new[] { g.Emulator }) { }
}

/// <summary>Completes virt types (qemu, kvm, ...).</summary>
internal sealed class VirtTypeCompleter : GuestCapabilityCompleter
{
    public VirtTypeCompleter() : base(g => g.DomainTypes) { }
}
