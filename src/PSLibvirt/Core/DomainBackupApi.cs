using System.Globalization;
using System.Text;
using System.Xml;
using PSLibvirt.Handles;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>Where a pull-mode backup's NBD server listens: a TCP host and port, or a UNIX socket.</summary>
internal sealed record BackupListen(string? Host, int? Port, string? Socket)
{
    /// <summary>
    /// Reads "host:port", "[v6]:port", "unix:/path" or "/path". A bad text is an ArgumentException that says what is accepted.
    /// </summary>
    public static BackupListen Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)) text = text[5..];
        if (text.StartsWith('/')) return new BackupListen(null, null, text);
        int colon = text.LastIndexOf(':');
        string host = colon > 0 ? text[..colon].Trim('[', ']') : "";
        if (colon <= 0 || host.Length == 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"'{text}' is not where an NBD server can listen: give host:port (127.0.0.1:10809, [::1]:10809) or a UNIX socket (unix:/run/backup.sock or /run/backup.sock).");
        return new BackupListen(host, port, null);
    }
}

/// <summary>One disk to back up: its target, and for push mode the file to write, for pull mode an optional scratch file.</summary>
internal sealed record BackupDiskSpec(string Name, string? Target = null, string? Scratch = null);

/// <summary>
/// Backups (virsh backup-begin, backup-dumpxml, and domjobinfo/domjobabort for the job): the &lt;domainbackup&gt; XML,
/// starting one, reading it back, and waiting for a push backup with progress and abort.
/// </summary>
internal static class DomainBackupApi
{
    /// <summary>
    /// The &lt;domainbackup&gt; document (virsh backup-begin's file): push mode writes each disk to its Target in
    /// <paramref name="format"/>; pull mode exports them from an NBD server at <paramref name="listen"/>; with
    /// <paramref name="incremental"/>, only what changed since that checkpoint. Disks not listed are left to libvirt
    /// (it backs up every disk it can) unless <paramref name="onlyListed"/> names the domain's other disks to exclude.
    /// </summary>
    public static string BuildXml(bool pull, BackupListen? listen, string? incremental, IReadOnlyList<BackupDiskSpec> disks,
        string? format = null, IEnumerable<string>? exclude = null)
    {
        var sb = new StringBuilder(pull ? "<domainbackup mode='pull'>" : "<domainbackup>");
        if (incremental is not null) sb.Append("<incremental>").Append(LibvirtXml.Escape(incremental)).Append("</incremental>");
        if (pull && listen is not null)
        {
            if (listen.Socket is not null) sb.Append("<server transport='unix' socket='").Append(LibvirtXml.Escape(listen.Socket)).Append("'/>");
            else sb.Append("<server transport='tcp' name='").Append(LibvirtXml.Escape(listen.Host!)).Append("' port='").Append(listen.Port!.Value.ToString(CultureInfo.InvariantCulture)).Append("'/>");
        }
        if (disks.Count > 0 || exclude is not null)
        {
            sb.Append("<disks>");
            foreach (var d in disks)
            {
                string? file = pull ? d.Scratch : d.Target;
                sb.Append("<disk name='").Append(LibvirtXml.Escape(d.Name)).Append("' backup='yes'").Append(file is null ? ">" : " type='file'>");
                if (file is not null) sb.Append(pull ? "<scratch file='" : "<target file='").Append(LibvirtXml.Escape(file)).Append("'/>");
                if (format is not null) sb.Append("<driver type='").Append(LibvirtXml.Escape(format)).Append("'/>");
                sb.Append("</disk>");
            }
            foreach (var e in exclude ?? Array.Empty<string>())
                sb.Append("<disk name='").Append(LibvirtXml.Escape(e)).Append("' backup='no'/>");
            sb.Append("</disks>");
        }
        return sb.Append("</domainbackup>").ToString();
    }

    /// <summary>The mode a &lt;domainbackup&gt; document asks for (push when it does not say).</summary>
    public static DomainBackupMode ModeOf(string backupXml)
    {
        var root = LibvirtXml.Load(backupXml).DocumentElement!;
        if (root.Name != "domainbackup") throw new XmlException($"Expected a <domainbackup> document, not <{root.Name}>.");
        return string.Equals(root.GetAttribute("mode"), "pull", StringComparison.OrdinalIgnoreCase) ? DomainBackupMode.Pull : DomainBackupMode.Push;
    }

    /// <summary>Starts the backup (virDomainBackupBegin), creating the checkpoint of <paramref name="checkpointXml"/> at the same instant when given.</summary>
    public static void Begin(DomainHandle domain, string backupXml, string? checkpointXml, bool reuseExternal = false) =>
        Vir.DomainBackupBegin(domain, backupXml, checkpointXml, reuseExternal ? VirDomainBackupBeginFlags.VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL : 0);

    /// <summary>The running backup's XML (virsh backup-dumpxml).</summary>
    public static string GetXml(DomainHandle domain) => Vir.DomainBackupGetXMLDesc(domain);

    /// <summary>Reads a running backup's &lt;domainbackup&gt; document (backup-dumpxml) into the model.</summary>
    internal static DomainBackup Parse(string xml, string domainName, Guid domainUuid, Hypervisor? hypervisor)
    {
        var root = LibvirtXml.Load(xml).DocumentElement!;
        if (root.Name != "domainbackup") throw new XmlException($"Expected a <domainbackup> document, not <{root.Name}>.");
        bool pull = string.Equals(root.GetAttribute("mode"), "pull", StringComparison.OrdinalIgnoreCase);
        var server = root.SelectSingleNode("server") as XmlElement;
        string? transport = server is null ? null : server.GetAttribute("transport") is { Length: > 0 } t ? t : "tcp";
        string? host = server?.GetAttribute("name") is { Length: > 0 } n ? n : null;
        int? port = int.TryParse(server?.GetAttribute("port"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;
        string? socket = server?.GetAttribute("socket") is { Length: > 0 } s ? s : null;
        string? incremental = root.SelectSingleNode("incremental")?.InnerText is { Length: > 0 } i ? i : null;
        var disks = new List<DomainBackupDisk>();
        var uris = new List<string>();
        foreach (XmlElement d in root.SelectNodes("disks/disk")!)
        {
            if (d.GetAttribute("backup") == "no") continue;
            string? Attr(string name) => d.GetAttribute(name) is { Length: > 0 } v ? v : null;
            string? FileOf(string element) => (d.SelectSingleNode(element) as XmlElement) is { } e
                ? (e.GetAttribute("file") is { Length: > 0 } f ? f : e.GetAttribute("dev") is { Length: > 0 } dev ? dev : null) : null;
            var disk = new DomainBackupDisk
            {
                Name = d.GetAttribute("name"),
                BackupMode = Attr("backupmode"),
                Incremental = Attr("incremental") ?? incremental,
                Target = FileOf("target"),
                Format = (d.SelectSingleNode("driver") as XmlElement)?.GetAttribute("type") is { Length: > 0 } ft ? ft : null,
                ExportName = Attr("exportname") ?? (pull ? d.GetAttribute("name") : null),
                ExportBitmap = Attr("exportbitmap"),
                Scratch = FileOf("scratch"),
            };
            disks.Add(disk);
            if (pull && disk.ExportName is not null) uris.Add(NbdUri(transport, host, port, socket, disk.ExportName));
        }
        return new DomainBackup
        {
            Domain = domainName,
            DomainUuid = domainUuid,
            Mode = pull ? DomainBackupMode.Pull : DomainBackupMode.Push,
            Incremental = incremental,
            Transport = pull ? transport : null,
            Host = host,
            Port = port,
            Socket = socket,
            Disks = disks,
            ExportUris = uris,
            Hypervisor = hypervisor,
        };
    }

    /// <summary>nbd://host:port/export, or nbd+unix:///export?socket=path (the URIs qemu-img and qemu-nbd take).</summary>
    internal static string NbdUri(string? transport, string? host, int? port, string? socket, string export)
    {
        string e = Uri.EscapeDataString(export);
        if (transport == "unix" || socket is not null) return $"nbd+unix:///{e}?socket={socket}";
        string h = host is not null && host.Contains(':') ? $"[{host}]" : host ?? "localhost";
        return $"nbd://{h}:{(port ?? 10809).ToString(CultureInfo.InvariantCulture)}/{e}";
    }

    /// <summary>The running backup of the domain as the model (backup-dumpxml parsed).</summary>
    public static DomainBackup Get(DomainHandle domain, string domainName, Guid domainUuid, Hypervisor? hypervisor) =>
        Parse(GetXml(domain), domainName, domainUuid, hypervisor);

    /// <summary>The last completed job's statistics, kept for Get-DomainJob -Completed (VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED).</summary>
    private static unsafe DomainJobInfo CompletedJob(DomainHandle h, string name, Guid uuid, Hypervisor? hypervisor)
    {
        int type = 0;
        VirTypedParameter* p = null;
        int n = 0;
        Vir.DomainGetJobStats(h, &type, &p, &n, VirDomainGetJobStatsFlags.VIR_DOMAIN_JOB_STATS_COMPLETED | VirDomainGetJobStatsFlags.VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED);
        return DomainJobApi.FromStats(type, TypedParameters.ReadAndFree(p, n), completed: true, name, uuid, hypervisor);
    }

    /// <summary>
    /// Waits for the domain's backup job to end, handing a job reading to <paramref name="progress"/> every
    /// <paramref name="interval"/>. When <paramref name="cancel"/> fires the job is aborted (virDomainAbortJob) and
    /// waited for, and a <see cref="JobAbortedException"/> says so. A backup that failed is an InvalidOperationException
    /// with libvirt's reason. Returns the completed job's statistics.
    /// </summary>
    public static DomainJobInfo Wait(DomainHandle domain, Action<DomainJobInfo>? progress, CancellationToken cancel, Hypervisor? hypervisor = null, TimeSpan? interval = null)
    {
        var every = interval ?? TimeSpan.FromMilliseconds(200);
        string name = DomainApi.GetName(domain);
        Guid uuid = DomainApi.GetUuid(domain);
        bool aborted = false;
        while (true)
        {
            var now = DomainJobApi.Get(domain, completed: false, name, uuid, null);
            if (now.Type == DomainJobType.None) break;
            if (cancel.IsCancellationRequested && !aborted)
            {
                try { DomainJobApi.Abort(domain); aborted = true; }
                catch (LibvirtException) when (DomainJobApi.Get(domain, completed: false, name, uuid, null).Type == DomainJobType.None) { break; }
                continue;
            }
            if (!aborted) progress?.Invoke(now);
            cancel.WaitHandle.WaitOne(aborted ? TimeSpan.FromMilliseconds(50) : every);
        }
        DomainJobInfo done;
        try { done = CompletedJob(domain, name, uuid, hypervisor); }
        catch (LibvirtException) { done = new DomainJobInfo { Name = name, Uuid = uuid, Type = DomainJobType.None }; }
        if (aborted || done.Type == DomainJobType.Cancelled)
            throw new JobAbortedException($"The backup of domain '{name}' was aborted: its target files are incomplete.", null, cancel);
        if (done.Type == DomainJobType.Failed)
            throw new InvalidOperationException($"The backup of domain '{name}' failed{(done.ErrorMessage is null ? "." : ": " + done.ErrorMessage)}");
        return done;
    }
}
