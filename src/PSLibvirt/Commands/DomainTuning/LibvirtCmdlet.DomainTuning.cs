using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;
using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>What the vCPU and tuning cmdlets share: the -Live/-Config/-Current scope and CPU lists checked against the host.</summary>
public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The scope of a change from the -Live, -Config and -Current switches (virsh's --live, --config, --current):
    /// -Live and -Config together change both; neither, or -Current, the running domain when it runs, else its
    /// configuration. -Current with either of the others is a terminating error, as in virsh.
    /// </summary>
    private protected DomainScope ChangeScope(bool live, bool config, bool current)
    {
        const string why = "-Current is the running domain when it runs, else its configuration";
        ExcludeEachOther(current, live, "Current", "Live", why);
        ExcludeEachOther(current, config, "Current", "Config", why);
        return (live ? DomainScope.Live : 0) | (config ? DomainScope.Config : 0);
    }

    /// <summary>" (live)", " (configuration)", " (live and configuration)" or "": for ShouldProcess messages.</summary>
    private protected static string ScopeText(DomainScope scope) => scope switch
    {
        DomainScope.Live => " (live)",
        DomainScope.Config => " (configuration)",
        DomainScope.Live | DomainScope.Config => " (live and configuration)",
        _ => "",
    };

    /// <summary>
    /// A CPU list parsed once for every input (a terminating InvalidCpuSet error when it does not parse: no input could
    /// use it); each host then checks it against its own CPUs with <see cref="HostCpus"/>.
    /// </summary>
    private protected int[] ParseCpuSet(string text, string parameter)
    {
        try { return CpuSet.Parse(text); }
        catch (FormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{parameter}: {e.Message}", parameter, e), "InvalidCpuSet", ErrorCategory.InvalidArgument, text));
            throw; // not reached
        }
    }

    /// <summary>The host's CPU count when every CPU of <paramref name="cpus"/> is one of it; else a CpuOutsideHost error (InvalidArgument) for this input.</summary>
    private protected static int HostCpus(Target<DomainHandle> t, int[] cpus, string text)
    {
        int hostCpus = DomainVCpuApi.HostCpuCount(t.Connection);
        if (cpus.Length > 0 && cpus[^1] >= hostCpus)
            throw new WorkErrorException(new ArgumentException(
                    $"The CPU list '{text}' names CPU {cpus[^1]}, but host '{t.Hypervisor.Name}' has {hostCpus} ({(hostCpus == 1 ? "0" : "0-" + (hostCpus - 1))}); domain '{t.Name}' was not changed."),
                "CpuOutsideHost", ErrorCategory.InvalidArgument, t.Input);
        return hostCpus;
    }
}

public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The maximum vCPU count of each side a change in <paramref name="scope"/> touches: the running domain's
    /// ("while it runs") and the configuration's ("in its configuration"). A side the domain does not have (not
    /// running, transient) is left out: libvirt's own error says so when the change asks for it.
    /// </summary>
    private protected static List<(string Where, int Max)> VCpuMaxima(Target<DomainHandle> t, DomainScope scope)
    {
        bool active = DomainDefinitionApi.IsActive(t.Handle);
        bool live = (scope & DomainScope.Live) != 0 || (scope == DomainScope.Current && active);
        bool config = (scope & DomainScope.Config) != 0 || (scope == DomainScope.Current && !active);
        var result = new List<(string, int)>();
        if (live && active && DomainVCpuApi.TryGetCount(t.Handle, DomainScope.Live, maximum: true) is int l) result.Add(("while it runs", l));
        if (config && DomainDefinitionApi.IsPersistent(t.Handle) && DomainVCpuApi.TryGetCount(t.Handle, DomainScope.Config, maximum: true) is int c) result.Add(("in its configuration", c));
        return result;
    }

    /// <summary>A VCpuOutOfRange error (InvalidArgument) for this input when a vCPU number is not below the maximum of a side the change touches.</summary>
    private protected static void CheckVCpuNumbers(Target<DomainHandle> t, DomainScope scope, IReadOnlyList<int> vcpus, string text)
    {
        int highest = vcpus.Max();
        foreach (var (where, max) in VCpuMaxima(t, scope))
            if (highest >= max)
                throw new WorkErrorException(new ArgumentException(
                        $"Domain '{t.Name}' has vCPUs 0-{max - 1} {where}, so vCPU {highest} (of '{text}') does not exist; nothing was changed."),
                    "VCpuOutOfRange", ErrorCategory.InvalidArgument, t.Input);
    }
}

public abstract partial class LibvirtCmdlet
{
    /// <summary>
    /// The values of a Set- tuning cmdlet: its typed parameters that were given (libvirt name -> value), then the
    /// entries of -Parameter (libvirt's own names, for what has no typed parameter). A terminating NothingToSet error
    /// when there are none, DuplicateParameter when -Parameter names a value a typed parameter sets.
    /// </summary>
    private protected List<KeyValuePair<string, object>> TuningValues(IEnumerable<(string Parameter, string LibvirtName, object Value)> typed, System.Collections.IDictionary? extra)
    {
        var values = new List<KeyValuePair<string, object>>();
        foreach (var (parameter, name, value) in typed)
            if (MyInvocation.BoundParameters.ContainsKey(parameter)) values.Add(new(name, value));
        if (extra is not null)
            foreach (System.Collections.DictionaryEntry e in extra)
            {
                string key = e.Key?.ToString() ?? "";
                object? value = e.Value is PSObject pso ? pso.BaseObject : e.Value;
                if (values.Any(v => v.Key == key))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Parameter sets '{key}', which a parameter of its own sets too: give it once."), "DuplicateParameter", ErrorCategory.InvalidArgument, key));
                if (key.Length == 0 || value is null)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Parameter needs a name and a value for each entry ('{key}')."), "InvalidParameterEntry", ErrorCategory.InvalidArgument, key));
                values.Add(new(key, value!));
            }
        if (values.Count == 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give at least one value to set."), "NothingToSet", ErrorCategory.InvalidArgument, null));
        return values;
    }

    /// <summary>
    /// Sets one area's <paramref name="values"/> on a domain: converted to libvirt's types first (an unknown name or a
    /// value that does not fit is a non-terminating InvalidTuningParameter error, and nothing is set), then in one call.
    /// </summary>
    private protected void SetTuning(Target<DomainHandle> t, DomainTuningArea area, string areaText, List<KeyValuePair<string, object>> values,
        DomainScope scope, bool passThru, string? disk = null)
    {
        List<KeyValuePair<string, object>> typed;
        try { typed = DomainTuningApi.Coerce(DomainTuningApi.Get(t.Handle, area, DomainScope.Current, disk), values, areaText); }
        catch (ArgumentException e)
        {
            throw new WorkErrorException(new ArgumentException($"Domain '{t.Name}': {e.Message} Nothing was changed.", e), "InvalidTuningParameter", ErrorCategory.InvalidArgument, t.Input);
        }
        string text = string.Join(", ", typed.Select(kv => $"{kv.Key}={System.Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)}"));
        if (!ShouldProcess(t.Description, $"Set {areaText} parameters{(disk is null ? "" : $" of disk '{disk}'")}: {text}{ScopeText(scope)}")) return;
        DomainTuningApi.Set(t.Handle, area, typed, scope, disk);
        if (passThru)
            WriteObject(DomainTuningSnapshot.Read(t.Handle, area, scope == DomainScope.Config, t.Name, t.DomainUuid(), t.Hypervisor, disk));
    }

    /// <summary>Writes one area's snapshot of a domain (the Get- tuning cmdlets).</summary>
    private protected void WriteTuning(Target<DomainHandle> t, DomainTuningArea area, bool config, string? disk = null) =>
        WriteObject(DomainTuningSnapshot.Read(t.Handle, area, config, t.Name, t.DomainUuid(), t.Hypervisor, disk));
}

public abstract partial class LibvirtCmdlet
{
    /// <summary>Writes one I/O thread of a domain (-PassThru): of the configuration when only that was changed or the domain is not running.</summary>
    private protected void WriteIOThread(Target<DomainHandle> t, uint id, DomainScope scope)
    {
        foreach (var x in DomainIOThreadApi.List(t.Handle, t.Connection, t.Name, t.DomainUuid(), t.Hypervisor, config: scope == DomainScope.Config))
            if (x.Id == id) WriteObject(x);
    }
}
