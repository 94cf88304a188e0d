using PSLibvirt.Handles;

namespace PSLibvirt.Core;

/// <summary>
/// Every kind of libvirt object PSLibvirt knows, described once. Adding a kind is adding a descriptor here (and its
/// cmdlets, docs and tests): target resolution, the drive's folders and completion work from <see cref="All"/>.
/// </summary>
internal static class ObjectKinds
{
    public static readonly ObjectKind<LibvirtConnection, DomainHandle, Domain> Domain = new()
    {
        Noun = "domain",
        TypeName = nameof(PSLibvirt.Domain),
        ListCommand = "Get-Domain",
        ActiveWord = "running",
        XmlRoot = "domain",
        ListAll = c => DomainApi.ListAll(c, 0),
        TryLookup = DomainApi.TryLookupByName,
        TryLookupByUuid = DomainApi.TryLookupByUuid,
        GetKey = DomainApi.GetName,
        GetUuid = DomainApi.GetUuid,
        Snapshot = (x, _, h) => DomainApi.GetDomain(x, h.Connection, h),
        ListModels = (h, c, _) => DomainApi.List(c, h),
        Identify = d => new ObjectIdentity(d.Hypervisor, d.Name, d.Uuid),
        ReadXml = x => DomainDefinitionApi.GetXml(x, inactive: DomainDefinitionApi.IsPersistent(x)),
        DefineXml = (c, xml) => DomainDefinitionApi.Define(c, xml),
        IsActive = DomainDefinitionApi.IsActive,
        IsPersistent = DomainDefinitionApi.IsPersistent,
        Stop = DomainLifecycle.Destroy,
        Undefine = DomainProperties.Undefine,
        Start = DomainDefinitionApi.Start,
        Properties = DomainProperties.Get,
        SetProperty = DomainProperties.Set,
        Renamer = (h, key, newKey) =>
        {
            using (var d = DomainApi.LookupByName(h.Connection, key)) DomainDefinitionApi.Rename(d, newKey);
            using var nd = DomainApi.LookupByName(h.Connection, newKey);
            return DomainApi.GetDomain(nd, h.Connection, h);
        },
    };

    public static readonly ObjectKind<LibvirtConnection, NetworkHandle, Network> Network = new()
    {
        Noun = "network",
        TypeName = nameof(PSLibvirt.Network),
        ListCommand = "Get-Network",
        XmlRoot = "network",
        ListAll = NetworkApi.ListAll,
        TryLookup = NetworkApi.TryLookupByName,
        TryLookupByUuid = NetworkApi.TryLookupByUuid,
        GetKey = NetworkApi.GetName,
        GetUuid = NetworkApi.GetUuid,
        Snapshot = (x, _, h) => NetworkApi.Snapshot(x, h),
        Identify = n => new ObjectIdentity(n.Hypervisor, n.Name, n.Uuid),
        ReadXml = x => NetworkApi.GetXml(x, inactive: true),
        DefineXml = NetworkApi.Define,
        IsActive = NetworkApi.IsActive,
        IsPersistent = NetworkApi.IsPersistent,
        Stop = NetworkApi.Stop,
        Undefine = NetworkApi.Undefine,
        Start = NetworkApi.Start,
        Properties = n => DomainProperties.Autostart(n.Autostart),
        SetProperty = (x, p, v, c) => DomainProperties.SetAutostartOnly(x, p, v, c, "Networks", NetworkApi.SetAutostart),
    };

    public static readonly ObjectKind<LibvirtConnection, StoragePoolHandle, StoragePool> StoragePool = new()
    {
        Noun = "storage pool",
        TypeName = nameof(PSLibvirt.StoragePool),
        ListCommand = "Get-StoragePool",
        XmlRoot = "pool",
        ListAll = StorageLookup.ListAllPools,
        TryLookup = StorageLookup.TryLookupPool,
        TryLookupByUuid = StorageLookup.TryLookupPoolByUuid,
        GetKey = StorageLookup.PoolName,
        GetUuid = StorageLookup.PoolUuid,
        Snapshot = (x, _, h) => StorageApi.SnapshotPool(x, h),
        ListModels = (h, c, _) => StorageApi.ListPools(c, h),
        Identify = p => new ObjectIdentity(p.Hypervisor, p.Name, p.Uuid == Guid.Empty ? null : p.Uuid),
        ReadXml = StorageApi.GetPoolDefinitionXml,
        DefineXml = StorageLookup.DefinePool,
        IsActive = StorageApi.IsActive,
        IsPersistent = StorageApi.IsPersistent,
        Stop = StorageApi.StopPool,
        Undefine = p => StorageApi.RemovePool(p, deleteStorage: false),
        Start = p => StorageApi.StartPool(p, build: false),
        Properties = p => DomainProperties.Autostart(p.Autostart),
        SetProperty = (x, p, v, c) => DomainProperties.SetAutostartOnly(x, p, v, c, "Storage pools", StorageApi.SetAutostart),
    };

    public static readonly ObjectKind<StoragePoolHandle, StorageVolHandle, StorageVolume> StorageVolume = new()
    {
        Noun = "storage volume",
        TypeName = nameof(PSLibvirt.StorageVolume),
        ListCommand = "Get-StorageVolume",
        Parent = StoragePool,
        XmlRoot = "volume",
        ListAll = StorageLookup.ListAllVolumes,
        TryLookup = StorageLookup.TryLookupVolume,
        GetKey = StorageApi.GetVolumeName,
        Snapshot = (x, pool, h) => StorageApi.SnapshotVolume(x, pool, h),
        ListModels = (h, pool, name) => StorageApi.IsActive(pool) ? StorageApi.ListVolumes(pool, name!, h) : Array.Empty<PSLibvirt.StorageVolume>(),
        Identify = v => new ObjectIdentity(v.Hypervisor, v.Name, null, v.Pool),
        ReadXml = StorageApi.GetVolumeXml,
        Undefine = StorageApi.DeleteVolume,
        RemovalDestroysData = true,
        Creator = StorageVolumes.Create,
        Cloner = StorageVolumes.Clone,
        OpenParent = (h, pool) => StorageLookup.TryLookupPool(h.Connection, pool) ?? throw new ObjectNotFoundException(StoragePool, pool, h),
    };

    public static readonly ObjectKind<LibvirtConnection, SecretHandle, Secret> Secret = new()
    {
        Noun = "secret",
        TypeName = nameof(PSLibvirt.Secret),
        ListCommand = "Get-LibvirtSecret",
        KeyType = ObjectKeyType.Uuid,
        XmlRoot = "secret",
        ListAll = SecretApi.ListAll,
        TryLookup = (c, key) => Guid.TryParse(key, out var g) ? SecretApi.TryLookupByUuid(c, g) : null,
        TryLookupByUuid = SecretApi.TryLookupByUuid,
        GetKey = x => SecretApi.GetUuid(x).ToString("D"),
        GetUuid = SecretApi.GetUuid,
        Snapshot = (x, _, h) => SecretApi.Snapshot(x, h),
        Identify = s => new ObjectIdentity(s.Hypervisor, s.Uuid.ToString("D"), s.Uuid),
        ReadXml = SecretApi.GetXml,
        Undefine = SecretApi.Undefine,
        RemovalDestroysData = true,
    };

    public static readonly ObjectKind<DomainHandle, DomainSnapshotHandle, DomainSnapshot> DomainSnapshot = new()
    {
        Noun = "domain snapshot",
        TypeName = nameof(PSLibvirt.DomainSnapshot),
        ListCommand = "Get-DomainSnapshot",
        Parent = Domain,
        XmlRoot = "domainsnapshot",
        ListAll = d => DomainSnapshotApi.ListAll(d),
        TryLookup = DomainSnapshotApi.TryLookupByName,
        GetKey = DomainSnapshotApi.GetName,
        Snapshot = (x, domain, h) => DomainSnapshotApi.Snapshot(x, h),
        ListModels = (h, d, name) => DomainSnapshotApi.List(d, name ?? DomainApi.GetName(d), DomainApi.GetUuid(d), h),
        Identify = s => new ObjectIdentity(s.Hypervisor, s.Name, null, s.Domain, s.DomainUuid),
        ReadXml = x => DomainSnapshotApi.GetXml(x),
        Undefine = x => DomainSnapshotApi.Delete(x, 0),
        RemovalDestroysData = true,
        OpenParent = (h, domain) => DomainApi.TryLookupByName(h.Connection, domain) ?? throw new ObjectNotFoundException(Domain, domain, h),
        OpenParentByUuid = (h, uuid) => DomainApi.TryLookupByUuid(h.Connection, uuid),
    };

    public static readonly ObjectKind<DomainHandle, DomainCheckpointHandle, DomainCheckpoint> DomainCheckpoint = new()
    {
        Noun = "domain checkpoint",
        TypeName = nameof(PSLibvirt.DomainCheckpoint),
        ListCommand = "Get-DomainCheckpoint",
        Parent = Domain,
        XmlRoot = "domaincheckpoint",
        ListAll = d => DomainCheckpointApi.ListAll(d),
        TryLookup = DomainCheckpointApi.TryLookupByName,
        GetKey = DomainCheckpointApi.GetName,
        Snapshot = (x, domain, h) => DomainCheckpointApi.Checkpoint(x, h),
        ListModels = (h, d, name) => DomainCheckpointApi.List(d, name ?? DomainApi.GetName(d), DomainApi.GetUuid(d), h),
        Identify = c => new ObjectIdentity(c.Hypervisor, c.Name, null, c.Domain, c.DomainUuid),
        ReadXml = x => DomainCheckpointApi.GetXml(x),
        Undefine = x => DomainCheckpointApi.Delete(x, 0),
        RemovalDestroysData = true,
        OpenParent = (h, domain) => DomainApi.TryLookupByName(h.Connection, domain) ?? throw new ObjectNotFoundException(Domain, domain, h),
        OpenParentByUuid = (h, uuid) => DomainApi.TryLookupByUuid(h.Connection, uuid),
    };

    public static readonly ObjectKind<LibvirtConnection, NodeDeviceHandle, NodeDevice> NodeDevice = new()
    {
        Noun = "node device",
        TypeName = nameof(PSLibvirt.NodeDevice),
        ListCommand = "Get-NodeDevice",
        XmlRoot = "device",
        ListAll = NodeDeviceApi.ListAll,
        TryLookup = NodeDeviceApi.TryLookupByName,
        GetKey = NodeDeviceApi.GetName,
        Snapshot = (x, _, h) => NodeDeviceApi.Snapshot(x, h),
        Identify = d => new ObjectIdentity(d.Hypervisor, d.Name),
        ReadXml = NodeDeviceApi.GetXml,
        // No DefineXml: libvirt names a new node device itself (scsi_hostN, mdev_<uuid>_<parent>), so the drive's
        // define-by-name (New-Item, Set-Content) cannot keep its rules; New-NodeDevice calls NodeDeviceApi.Define.
        IsActive = NodeDeviceApi.IsActive,
        IsPersistent = NodeDeviceApi.IsPersistent,
        Stop = NodeDeviceApi.Stop,
        Undefine = NodeDeviceApi.Undefine,
        Start = NodeDeviceApi.Start,
        Properties = d => DomainProperties.Autostart(d.Autostart ?? false),
        SetProperty = (x, p, v, c) => DomainProperties.SetAutostartOnly(x, p, v, c, "Node devices", NodeDeviceApi.SetAutostart),
    };

    public static readonly ObjectKind<LibvirtConnection, InterfaceHandle, HostInterface> HostInterface = new()
    {
        Noun = "host interface",
        TypeName = nameof(PSLibvirt.HostInterface),
        ListCommand = "Get-HostInterface",
        XmlRoot = "interface",
        XmlNameIsAttribute = true,
        ListAll = InterfaceApi.ListAll,
        TryLookup = InterfaceApi.TryLookupByName,
        GetKey = InterfaceApi.GetName,
        Snapshot = (x, _, h) => InterfaceApi.Snapshot(x, h),
        Identify = i => new ObjectIdentity(i.Hypervisor, i.Name),
        ReadXml = InterfaceApi.GetDefinitionXml,
        DefineXml = InterfaceApi.Define,
        IsActive = InterfaceApi.IsActive,
        Stop = InterfaceApi.Stop,
        Undefine = InterfaceApi.Undefine,
        Start = InterfaceApi.Start,
    };

    public static readonly ObjectKind<LibvirtConnection, NWFilterHandle, NetworkFilter> NetworkFilter = new()
    {
        Noun = "network filter",
        TypeName = nameof(PSLibvirt.NetworkFilter),
        ListCommand = "Get-NetworkFilter",
        XmlRoot = "filter",
        XmlNameIsAttribute = true,
        ListAll = NetworkFilterApi.ListAll,
        TryLookup = NetworkFilterApi.TryLookupByName,
        TryLookupByUuid = NetworkFilterApi.TryLookupByUuid,
        GetKey = NetworkFilterApi.GetName,
        GetUuid = NetworkFilterApi.GetUuid,
        Snapshot = (x, _, h) => NetworkFilterApi.Snapshot(x, h),
        Identify = f => new ObjectIdentity(f.Hypervisor, f.Name, f.Uuid == Guid.Empty ? null : f.Uuid),
        ReadXml = NetworkFilterApi.GetXml,
        DefineXml = NetworkFilterApi.Define,
        Undefine = NetworkFilterApi.Undefine,
    };

    /// <summary>Network filter bindings, keyed by their port device's name (virsh nwfilter-binding-*): created and deleted, never defined.</summary>
    public static readonly ObjectKind<LibvirtConnection, NWFilterBindingHandle, NetworkFilterBinding> NetworkFilterBinding = new()
    {
        Noun = "network filter binding",
        TypeName = nameof(PSLibvirt.NetworkFilterBinding),
        ListCommand = "Get-NetworkFilterBinding",
        XmlRoot = "filterbinding",
        ListAll = NetworkFilterBindingApi.ListAll,
        TryLookup = NetworkFilterBindingApi.TryLookupByPortDev,
        GetKey = NetworkFilterBindingApi.GetPortDev,
        Snapshot = (x, _, h) => NetworkFilterBindingApi.Snapshot(x, h),
        Identify = b => new ObjectIdentity(b.Hypervisor, b.Name, null),
        ReadXml = NetworkFilterBindingApi.GetXml,
        Undefine = NetworkFilterBindingApi.Delete,
    };

    public static readonly ObjectKind<NetworkHandle, NetworkPortHandle, NetworkPort> NetworkPort = new()
    {
        Noun = "network port",
        TypeName = nameof(PSLibvirt.NetworkPort),
        ListCommand = "Get-NetworkPort",
        Parent = Network,
        KeyType = ObjectKeyType.Uuid,
        XmlRoot = "networkport",
        ListAll = NetworkPortApi.ListAll,
        TryLookup = (net, key) => Guid.TryParse(key, out var g) ? NetworkPortApi.TryLookupByUuid(net, g) : null,
        GetKey = x => NetworkPortApi.GetUuid(x).ToString("D"),
        GetUuid = NetworkPortApi.GetUuid,
        Snapshot = (x, _, h) => NetworkPortApi.Snapshot(x, h),
        ListModels = (h, net, _) => NetworkApi.IsActive(net) ? NetworkPortApi.List(net, h) : Array.Empty<PSLibvirt.NetworkPort>(),
        Identify = p => new ObjectIdentity(p.Hypervisor, p.Uuid.ToString("D"), p.Uuid, p.Network, p.NetworkUuid),
        ReadXml = NetworkPortApi.GetXml,
        Undefine = NetworkPortApi.Delete,
        OpenParent = (h, network) => NetworkApi.TryLookupByName(h.Connection, network) ?? throw new ObjectNotFoundException(Network, network, h),
        OpenParentByUuid = (h, uuid) => NetworkApi.TryLookupByUuid(h.Connection, uuid),
    };

    /// <summary>Every kind, parents before their children.</summary>
    public static readonly IReadOnlyList<ObjectKind> All = new ObjectKind[]
    {
        Domain, DomainSnapshot, DomainCheckpoint, Network, StoragePool, StorageVolume, Secret, NodeDevice, HostInterface, NetworkFilter,
        NetworkFilterBinding, NetworkPort,
    };
}
