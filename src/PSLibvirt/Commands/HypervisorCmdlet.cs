using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace PSLibvirt.Commands;

/// <summary>A cmdlet that works on one or more hypervisors: -Connection, defaulting to the session's default connection.</summary>
public abstract partial class HypervisorCmdlet : LibvirtCmdlet
{
    /// <summary>The connections to use (objects or names); default is the default connection.</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public virtual Hypervisor[]? Connection { get; set; }

    /// <summary>
    /// Hypervisor objects piped to a listing cmdlet whose -Name also binds ByPropertyName (Get-Domain): used as
    /// the target connections. Not a parameter here; such a cmdlet declares it, ValueFromPipeline, in a parameter
    /// set of its own (<see cref="InputObjectSet"/>). -Connection cannot take them there: it is in the -Name set
    /// too, so binding it from the pipeline leaves that set valid and PowerShell then binds the Hypervisor's own
    /// Name property to -Name. A parameter outside the -Name set narrows binding to its set, where -Name takes
    /// nothing from the pipeline. Cmdlets without such a -Name take Hypervisor objects on -Connection (by value).
    /// </summary>
    public virtual Hypervisor[]? InputObject { get; set; }

    /// <summary>The parameter set of <see cref="InputObject"/>.</summary>
    public const string InputObjectSet = "InputObject";

    /// <summary>
    /// The parameter set in which -Connection takes Hypervisor objects from the pipeline, for cmdlets whose other
    /// pipeline parameter takes strings by value (Get-StorageVolume's -Pool): kept out of the default set, so a
    /// piped string is never looked up as a connection name.
    /// </summary>
    public const string ConnectionSet = "Connection";

    /// <summary>The piped Hypervisor objects, else the -Connection values, else the default connection; a terminating error when there is none.</summary>
    protected IReadOnlyList<Hypervisor> TargetConnections
    {
        get
        {
            if (InputObject is { Length: > 0 }) return InputObject;
            if (Connection is { Length: > 0 }) return Connection;
            var d = HypervisorSession.Default;
            if (d is null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no open hypervisor connection. Open one with Connect-Hypervisor (e.g. Connect-Hypervisor -Uri qemu:///system), or pass -Connection."),
                    "NoConnection", ErrorCategory.ConnectionError, null));
            }
            return new[] { d! };
        }
    }

    /// <summary>Runs <paramref name="action"/> once per target connection, each failure non-terminating.</summary>
    protected void ForEachConnection(Action<Hypervisor> action)
    {
        foreach (var h in TargetConnections) TryInvoke(h, () => action(h));
    }
}

/// <summary>Lets -Connection take the names of open connections as well as Hypervisor objects.</summary>
public sealed class HypervisorTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object Convert(object item)
        {
            item = item is PSObject pso ? pso.BaseObject : item;
            if (item is string name)
                return HypervisorSession.Find(name) ?? throw new ArgumentTransformationMetadataException(
                    $"There is no open connection named '{name}'. Get-Hypervisor lists the open connections.");
            return item;
        }

        inputData = inputData is PSObject p ? p.BaseObject : inputData;
        if (inputData is System.Collections.IList list && inputData is not string)
        {
            var result = new object[list.Count];
            for (int i = 0; i < list.Count; i++) result[i] = Convert(list[i]!);
            return result;
        }
        return Convert(inputData);
    }
}
