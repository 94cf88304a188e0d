using System.IO;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

using PSLibvirt.Services;

namespace PSLibvirt.Commands;

/// <summary>Saves a running domain's memory state to a file and stops it (virsh save), or to libvirt's managed save image (virsh managedsave).</summary>
[Cmdlet(VerbsData.Save, "Domain", DefaultParameterSetName = "DomainPath", SupportsShouldProcess = true)]
[OutputType(typeof(Domain), typeof(LibvirtJob))]
[ConnectionParameter]
public sealed partial class SaveDomainCommand : LibvirtCmdlet
{
    /// <summary>Exact domain names (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "NamePath")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "NameManaged")]
    [ValidateNotNullOrEmpty]
    [ObjectNameTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "DomainPath", ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = "DomainManaged", ValueFromPipeline = true)]
    [ValidateNotNull]
    [ObjectReferenceTransformation(typeof(Domain))]
    [ArgumentCompleter(typeof(Completers.DomainNameCompleter))]
    public Domain[]? Domain { get; set; }

    /// <summary>The file to write (on the host of the connection).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "NamePath")]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "DomainPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Managed save: libvirt keeps the image and the next Start-Domain restores from it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "NameManaged")]
    [Parameter(Mandatory = true, ParameterSetName = "DomainManaged")]
    public SwitchParameter Managed { get; set; }

    [Parameter] public SwitchParameter BypassCache { get; set; }

    /// <summary>Leave the domain paused (-Paused) when it is restored, rather than as it was.</summary>
    [Parameter] public SwitchParameter Paused { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    [Parameter] public SwitchParameter AsJob { get; set; }

    protected override bool RunsAsJob => AsJob;

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    protected override void ProcessRecord() => ForEachTargetWork(ResolveDomains(Name, Domain, Connection), t =>
    {
        if (!RequireState(t, "save", "DomainNotRunning", "only a running or paused domain can be saved", DomainState.Running, DomainState.Paused, DomainState.Blocked)) return null;
        var flags = DomainLifecycle.SaveFlags(BypassCache, Paused ? false : null);
        bool passThru = PassThru;
        if (Managed)
        {
            if (!ShouldProcess(t.Description, "Save domain state (managed save) and stop it")) return null;
            return context =>
            {
                DomainLifecycle.ManagedSave(t.Handle, flags);
                WritePassThru(context, t, passThru);
            };
        }

        string path = GetUnresolvedProviderPathFromPSPath(Path!);
        if (!_used.Add(path))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{path}' already holds the state of another domain saved by this command; give each domain its own -Path."),
                "SavePathInUse", ErrorCategory.InvalidArgument, t.Input));
            return null;
        }
        if (!ShouldProcess(t.Description, $"Save domain state to '{path}' and stop it")) return null;
        if (!LibvirtConnection.IsRemote(t.Connection.Uri) && CheckWritable(path) is { } problem)
        {
            // Checked before libvirt is asked, so the domain is left running and untouched.
            WriteError(new ErrorRecord(new IOException($"Cannot save domain '{t.Name}' to '{path}': {problem} The domain was not changed."),
                "SavePathNotWritable", ErrorCategory.WriteError, path));
            return null;
        }
        return context =>
        {
            try
            {
                DomainLifecycle.Save(t.Handle, path, flags);
            }
            catch (LibvirtException e) when (e.Code is Native.VirErrorNumber.VIR_ERR_SYSTEM_ERROR)
            {
                // The daemon could not open or write the file (checked on its host): the domain keeps running.
                var (now, _) = DomainApi.GetState(t.Handle);
                throw new WorkErrorException(
                    new IOException($"Cannot save domain '{t.Name}' to '{path}' on '{t.Hypervisor.Name}': {e.Message} The domain was not saved; it is {now}.", e),
                    "SavePathNotWritable", ErrorCategory.WriteError, path);
            }
            WritePassThru(context, t, passThru);
        };
    });

    /// <summary>Null when the file can be created (the probe file is removed again), else why not.</summary>
    internal static string? CheckWritable(string path)
    {
        string? dir = System.IO.Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir)) return $"the directory '{dir}' does not exist.";
        if (Directory.Exists(path)) return "it is a directory.";
        bool existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write)) { }
            if (!existed) File.Delete(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
