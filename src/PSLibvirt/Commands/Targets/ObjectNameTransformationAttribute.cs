using System.Collections;
using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>
/// On the -Name parameter of a cmdlet acting on one kind of object: refuses a Hypervisor or an object of another
/// kind (piped by mistake, PowerShell would otherwise turn it into text and act on an object that happens to share
/// its name: `Get-Hypervisor | Stop-Domain`), takes the key property (Name, or Uuid for secrets) of plain objects (Import-Csv), and leaves the
/// kind's own objects to the cmdlet's object parameter. Get- cmdlets set <see cref="AllowHypervisor"/> (a piped
/// connection lists its objects) and <see cref="ObjectsAsNames"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ObjectNameTransformationAttribute : ArgumentTransformationAttribute
{
    private readonly Type _model;

    private readonly ObjectKind? _kind;

    public ObjectNameTransformationAttribute(Type model)
    {
        _model = model;
        _kind = ObjectKinds.All.FirstOrDefault(k => k.ModelType == model);
    }

    /// <summary>Leave Hypervisor objects alone (a Get- cmdlet takes them on another parameter).</summary>
    public bool AllowHypervisor { get; set; }

    /// <summary>Leave objects of these types alone (another parameter of the cmdlet takes them from the pipeline).</summary>
    public Type[]? Passes { get; set; }

    /// <summary>Turn objects of the kind into their key (a Get- cmdlet reads them again).</summary>
    public bool ObjectsAsNames { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => EachItem(inputData, Convert);

    /// <summary>
    /// Applies <paramref name="convert"/> to the one item or to each item of a list (an array of names), keeping a
    /// plain object's wrapper (its properties are what Import-Csv gave): the transformations of the target parameters.
    /// </summary>
    internal static object? EachItem(object? inputData, Func<object?, object?> convert)
    {
        if (inputData is PSObject { BaseObject: not PSCustomObject } p) inputData = p.BaseObject;
        if (inputData is IList list && inputData is not string)
        {
            var result = new object?[list.Count];
            for (int i = 0; i < list.Count; i++) result[i] = convert(list[i]);
            return result;
        }
        return convert(inputData);
    }

    private object? Convert(object? item)
    {
        if (item is PSObject { BaseObject: PSCustomObject } custom)
            return custom.Properties[_kind?.KeyProperty ?? "Name"]?.Value is { } key ? key : item;
        if (item is PSObject pso) item = pso.BaseObject;
        if (item is null or string or Guid) return item;
        if (item.GetType() == _model)
            return ObjectsAsNames && _kind is not null ? _kind.IdentityOf(item).Key : item;
        if (item is Hypervisor && AllowHypervisor) return item;
        if (Passes is not null && Array.IndexOf(Passes, item.GetType()) >= 0) return item;
        RefuseForeign(_kind, _model, item);
        return item;
    }

    /// <summary>
    /// Throws the clear binding error for a Hypervisor or an object of another kind given where objects of
    /// <paramref name="model"/> (or their names) were expected; anything else passes.
    /// </summary>
    internal static void RefuseForeign(ObjectKind? kind, Type model, object item)
    {
        string noun = kind?.Noun ?? model.Name;
        if (item is Hypervisor h)
            throw new ArgumentTransformationMetadataException(
                $"A connection ('{h.Name}', {h.Uri}) was given where a {noun} name was expected. Pipe {noun}s instead, e.g. {kind?.ListCommand ?? "Get-" + model.Name} -Connection {h.Name} | ...");
        if (item.GetType() != model && ObjectKinds.All.FirstOrDefault(k => k.ModelType == item.GetType()) is { } other)
            throw new ArgumentTransformationMetadataException(
                $"A {other.Noun} ('{other.IdentityOf(item).Key}') was given where a {noun} name was expected.");
    }
}
