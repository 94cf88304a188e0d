using System.Management.Automation;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

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
