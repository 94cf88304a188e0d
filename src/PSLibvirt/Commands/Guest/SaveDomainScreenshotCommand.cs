using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>Saves a screenshot of domains' displays as a PNG file (virsh screenshot).</summary>
[Cmdlet(VerbsData.Save, "DomainScreenshot", DefaultParameterSetName = "Domain", SupportsShouldProcess = true)]
[OutputType(typeof(DomainScreenshot))]
[Targets(typeof(Domain), typeof(DomainHandle))]
public sealed partial class SaveDomainScreenshotCommand : LibvirtCmdlet
{
    /// <summary>The PNG file to write. With several domains, each screenshot overwrites the previous one unless the path differs.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The screen (head) of the graphics card; 0, the first, by default.</summary>
    [Parameter]
    public uint Screen { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        string target = GetUnresolvedProviderPathFromPSPath(Path);
        ForEachTarget(ResolveTargets(), t =>
        {
            if (!Force && File.Exists(target))
            {
                WriteError(new ErrorRecord(new IOException($"The file '{target}' already exists. Use -Force to overwrite it."),
                    "DestinationExists", ErrorCategory.ResourceExists, Path));
                return;
            }
            if (!ShouldProcess(t.Description, $"Save a screenshot of screen {Screen} to '{target}'")) return;
            var r = DomainScreenApi.Save(t.Connection, t.Handle, Screen, target, Force, Stopping);
            WriteObject(new DomainScreenshot
            {
                Domain = t.Name, Hypervisor = t.Hypervisor, Screen = Screen, Path = r.Path, Width = r.Width, Height = r.Height,
                Format = r.Format, SourceMimeType = r.SourceMimeType, Length = r.Length,
            });
        });
    }
}
