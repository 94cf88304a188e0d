using System.Management.Automation;
using PSLibvirt.Completers;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Sends key presses to domains' keyboards (virsh send-key).</summary>
[Cmdlet(VerbsCommunications.Send, "DomainKey", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SendDomainKeyCommand : LibvirtCmdlet
{
    /// <summary>
    /// The keys, sent one element after the other; an element joins keys held together with '+' ('ctrl+alt+delete').
    /// Names are Linux key names (KEY_A, a, ctrl, alt, delete, enter, f1, ...); numbers are key codes of -CodeSet.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KeyNameCompleter))]
    public string[] Key { get; set; } = [];

    /// <summary>The code set of numeric key codes (default Linux; names are always Linux key names).</summary>
    [Parameter]
    public KeyCodeSet CodeSet { get; set; } = KeyCodeSet.Linux;

    /// <summary>How long each combination is held down, in milliseconds (default: libvirt's, 0 here).</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public uint HoldTime { get; set; }

    private List<uint[]> _combinations = [];

    protected override void BeginProcessing()
    {
        // Every element is checked before anything is sent to any domain: a bad name sends nothing.
        _combinations = [];
        foreach (string k in Key)
        {
            try { _combinations.Add(KeyNames.ParseCombination(k, CodeSet)); }
            catch (KeyNameException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.Reason, ErrorCategory.InvalidArgument, ex.Text));
            }
        }
    }

    protected override void ProcessRecord() => ForEachTarget(ResolveTargets(), t =>
    {
        string keys = string.Join(", ", Key);
        if (!ShouldProcess(t.Description, $"Send the keys {keys}")) return;
        foreach (var codes in _combinations) DomainDisplayApi.SendKeys(t.Handle, CodeSet, HoldTime, codes);
    });
}
