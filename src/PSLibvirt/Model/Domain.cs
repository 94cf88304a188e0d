namespace PSLibvirt;

/// <summary>A domain's state, as libvirt reports it (virDomainState).</summary>
public enum DomainState
{
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    ShutOff = 5,
    Crashed = 6,
    PMSuspended = 7,
}

/// <summary>
/// A snapshot of one domain (virtual machine) as it was when it was read, keyed by <see cref="Uuid"/> and the
/// <see cref="Hypervisor"/> it came from. Not a live handle: cmdlets look the domain up again by UUID.
/// </summary>
public sealed class Domain
{
    // Model makes no libvirt calls: what a listing leaves out is read through this interface, which Core implements.
    private IDomainMetadataSource? _metadataSource;
    private string? _title;
    private string? _description;
    // Allocated by the first metadata read only: a listing of thousands of domains makes none.
    private object? _gate;
    private bool _autostart, _persistent, _hasManagedSave;
    // The maximum vCPU count is read on first use too (one call), when the listing did not include it.
    private IDomainMetadataSource? _maxVCpusSource;
    private int? _maxVCpus;

    public string Name { get; init; } = "";
    /// <summary>The running domain's id; null when the domain is not running.</summary>
    public int? Id { get; init; }
    public Guid Uuid { get; init; }
    public DomainState State { get; init; }
    /// <summary>Why the domain is in its state (libvirt's reason, e.g. Booted, User, Destroyed, Saved).</summary>
    public string? StateReason { get; init; }
    /// <summary>Current number of virtual CPUs; null when the driver does not report it in bulk (see Get-Domain's notes).</summary>
    public int? VCpus { get; init; }
    /// <summary>
    /// The maximum number of virtual CPUs (virDomainGetVcpusFlags with VIR_DOMAIN_VCPU_MAXIMUM: the running domain's
    /// when active, else its definition's; libvirt-python's maxVcpus() for a running domain); read on first use when the
    /// listing did not include it, null when it cannot be read (see <see cref="MetadataError"/>).
    /// </summary>
    public int? MaxVCpus
    {
        get { LoadMaxVCpus(); return _maxVCpus; }
        init { _maxVCpus = value; }
    }
    public long? MaxMemoryBytes { get; init; }
    public long? MemoryBytes { get; init; }
    /// <summary>CPU time used since the domain started; zero when it is not running, null when not reported.</summary>
    public TimeSpan? CpuTime { get; init; }
    public bool Autostart { get => _autostart; init => _autostart = value; }
    public bool Persistent { get => _persistent; init => _persistent = value; }
    public bool HasManagedSave { get => _hasManagedSave; init => _hasManagedSave = value; }
    public bool IsActive => Id.HasValue;
    /// <summary>The connection this snapshot came from (its Hostname tells hosts apart).</summary>
    public Hypervisor? Hypervisor { get; init; }
    /// <summary>The host name of the connection, for views and grouping.</summary>
    public string? Hostname => Hypervisor?.Hostname;

    /// <summary>The domain's short title (its metadata); read from libvirt on first use when the listing did not include it.</summary>
    public string? Title
    {
        get { LoadMetadata(); return _title; }
        init { _title = value; }
    }

    /// <summary>The domain's description (its metadata); read from libvirt on first use when the listing did not include it.</summary>
    public string? Description
    {
        get { LoadMetadata(); return _description; }
        init { _description = value; }
    }

    /// <summary>
    /// Why the title and description (or the maximum vCPU count) could not be read on first use (the domain was gone, the connection closed), or
    /// null. A property getter must not throw (views call it), so the failure is kept here, not swallowed.
    /// </summary>
    public string? MetadataError { get; private set; }

    /// <summary>Title and description are read lazily (two calls per domain) from <paramref name="source"/>.</summary>
    internal void DeferMetadata(IDomainMetadataSource source)
    {
        _metadataSource = source;
        _maxVCpusSource = source;
    }

    /// <summary>The maximum vCPU count is read on first use (one call) from <paramref name="source"/>.</summary>
    internal void DeferMaxVCpus(IDomainMetadataSource source) => _maxVCpusSource = source;

    /// <summary>
    /// The memberships a listing learns from list-all calls that run beside the per-domain reads; set once, before
    /// the object is handed out.
    /// </summary>
    internal void SetMemberships(bool autostart, bool persistent, bool hasManagedSave)
    {
        _autostart = autostart;
        _persistent = persistent;
        _hasManagedSave = hasManagedSave;
    }

    private void LoadMetadata()
    {
        if (System.Threading.Volatile.Read(ref _metadataSource) is null) return;
        lock (System.Threading.LazyInitializer.EnsureInitialized(ref _gate))
        {
            var source = _metadataSource;
            if (source is null) return; // Another thread loaded it meanwhile.
            try
            {
                (_title, _description) = source.ReadMetadata(Uuid);
            }
            catch (Exception e)
            {
                MetadataError = e.Message;
            }
            System.Threading.Volatile.Write(ref _metadataSource, null);
        }
    }

    private void LoadMaxVCpus()
    {
        if (System.Threading.Volatile.Read(ref _maxVCpusSource) is null) return;
        lock (System.Threading.LazyInitializer.EnsureInitialized(ref _gate))
        {
            var source = _maxVCpusSource;
            if (source is null) return;
            try { _maxVCpus = source.ReadMaxVCpus(Uuid); }
            catch (Exception e) { MetadataError = e.Message; }
            System.Threading.Volatile.Write(ref _maxVCpusSource, null);
        }
    }

    public override string ToString() => Name;
}

/// <summary>Reads a domain's title and description on first use (Core implements it over a connection).</summary>
public interface IDomainMetadataSource
{
    (string? Title, string? Description) ReadMetadata(Guid uuid);

    /// <summary>The domain's maximum number of virtual CPUs.</summary>
    int? ReadMaxVCpus(Guid uuid);
}
