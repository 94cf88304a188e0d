using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace PSLibvirt.Commands;

/// <summary>A cmdlet that works on one or more hypervisors: -Connection, defaulting to the session's default connection.</summary>
public abstract class HypervisorCmdlet : LibvirtCmdlet
{
    /// <summary>The connections to use (objects or names); default is the default connection.</summary>
    [Parameter]
    [HypervisorTransformation]
    [ArgumentCompleter(typeof(Completers.HypervisorNameCompleter))]
    public virtual Hypervisor[]? Connection { get; set; }

    /// <summary>The -Connection values, or the default connection; a terminating error when there is none.</summary>
    protected IReadOnlyList<Hypervisor> TargetConnections
    {
        get
        {
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
