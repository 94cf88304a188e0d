using System.Management.Automation;

namespace EmptyModule;

/// <summary>The one cmdlet of the baseline module: writes one object, as Get-NodeInfo does.</summary>
[Cmdlet(VerbsCommon.Get, "Empty")]
public sealed class GetEmptyCommand : PSCmdlet
{
    protected override void ProcessRecord() => WriteObject(1);
}
