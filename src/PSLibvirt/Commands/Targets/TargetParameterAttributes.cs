namespace PSLibvirt.Commands;

/// <summary>
/// On a partial cmdlet class acting on existing objects of a connection-level kind: tools/ParameterGen writes its
/// key parameter (-Name, or -Uuid), its object parameter named after the model type, -Connection and ResolveTargets()
/// into the class, the same for every noun (tools/ParameterGen/README.md).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TargetsAttribute : Attribute
{
    public TargetsAttribute(Type model, Type handle)
    {
        Model = model;
        Handle = handle;
    }

    public Type Model { get; }
    public Type Handle { get; }
    /// <summary>The key parameter: "Name" (default) or "Uuid" (secrets, which have no name).</summary>
    public string KeyParameter { get; set; } = "Name";
    /// <summary>An alias of the key parameter ("Pool" for pools' -Name).</summary>
    public string? KeyAlias { get; set; }
    /// <summary>The key parameter's position (default 0; -1: named only, as -DomainName of snapshot cmdlets, whose position 0 is the snapshot's name).</summary>
    public int KeyPosition { get; set; }
}

/// <summary>
/// On a partial Get- cmdlet class listing a connection-level kind: tools/ParameterGen writes its key parameter
/// (wildcards), -Connection, -InputObject and ListedConnections() into the class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ListsAttribute : Attribute
{
    public ListsAttribute(Type model) => Model = model;

    public Type Model { get; }
    public string KeyParameter { get; set; } = "Name";
    public string? KeyAlias { get; set; }
    /// <summary>More parameter sets in which -Connection is taken (Get-Domain's Id and Uuid).</summary>
    public string[]? ConnectionSets { get; set; }
    /// <summary>Objects of other kinds that another parameter takes from the pipeline (Get-NetworkFilterBinding's domains): the key parameter lets them pass.</summary>
    public Type[]? PipedModels { get; set; }
}

/// <summary>
/// On a partial cmdlet class that works on connections without naming objects of a kind (New-, Find-, Restore-Domain,
/// and cmdlets with parameter sets of their own): tools/ParameterGen writes the plain -Connection parameter into it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ConnectionParameterAttribute : Attribute
{
}

/// <summary>
/// Marks a cmdlet that asks about one of the hypervisor's guests (domcapabilities, hypervisor-cpu-compare and
/// -baseline): tools/ParameterGen writes -Emulator, -Architecture, -Machine and -VirtType into it, with completion,
/// and a GuestTarget property of them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class HypervisorCpuTargetParametersAttribute : Attribute
{
}

/// <summary>
/// Marks a Get-*Xml cmdlet: tools/ParameterGen writes -AsXml and WriteXml(string) into it, so every such cmdlet writes
/// text by default (as virsh dumpxml) and an XmlDocument with -AsXml.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class XmlOutputAttribute : Attribute
{
}

/// <summary>
/// Marks a cmdlet that changes a domain's running state and/or persistent definition: tools/ParameterGen writes
/// -Live, -Config and -Current into it, with ChangeScope() (the check that -Current stands alone) and
/// ResolveScope(handle) (virsh's default when no switch is given).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class DomainScopeParametersAttribute : Attribute
{
}
