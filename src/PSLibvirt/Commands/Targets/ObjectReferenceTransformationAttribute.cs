using System.Collections;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// On a parameter that takes objects of a connection-level kind (-Network, -Domain, -StoragePool, ...): text given there
/// (a name, or for secrets a UUID) becomes an <see cref="ObjectKind.Reference"/> that target resolution looks up exactly
/// as it looks up names, so those parameters take the object or its name. Text from the pipeline arrives here too (the
/// key parameter does not take the pipeline, so a piped name binds one parameter set only). Not on -StorageVolume and -Snapshot: a
/// volume's or snapshot's name means nothing without its pool or domain, and text piped to those cmdlets names the
/// parent (`'default' | Get-StorageVolumeXml -Name a.qcow2`); they take -Name with -PoolName/-Domain, or -Path.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ObjectReferenceTransformationAttribute : ArgumentTransformationAttribute
{
    private readonly ObjectKind _kind;

    public ObjectReferenceTransformationAttribute(Type model) =>
        _kind = ObjectKinds.All.FirstOrDefault(k => k.ModelType == model)
            ?? throw new ArgumentException($"{model.Name} is not an object kind.", nameof(model));

    /// <summary>Leave Hypervisor objects alone (a Get- cmdlet takes them on -InputObject).</summary>
    public bool AllowHypervisor { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        ObjectNameTransformationAttribute.EachItem(inputData, Convert);

    private object? Convert(object? item)
    {
        // A plain object with the key property (an Import-Csv row) stands for the object of that key, as on -Name.
        if (item is PSObject { BaseObject: PSCustomObject } row && row.Properties[_kind.KeyProperty]?.Value is { } rowKey)
            item = rowKey;
        if (item is PSObject p) item = p.BaseObject;
        string? key = item switch
        {
            string s => s,
            Guid g when _kind.KeyType == ObjectKeyType.Uuid => g.ToString("D"),
            _ => null,
        };
        if (key is null)
        {
            if (item is not null && !(item is Hypervisor && AllowHypervisor)) ObjectNameTransformationAttribute.RefuseForeign(_kind, _kind.ModelType, item);
            return item;
        }
        if (key.Length == 0) throw new ArgumentTransformationMetadataException($"An empty {_kind.Noun} {_kind.KeyName} was given.");
        try { return _kind.Reference(key); }
        catch (FormatException)
        {
            throw new ArgumentTransformationMetadataException($"'{key}' is not a {_kind.Noun} {_kind.KeyName} (a UUID such as 6695eb01-f6a4-8304-79aa-97f2502e193f).");
        }
    }
}
