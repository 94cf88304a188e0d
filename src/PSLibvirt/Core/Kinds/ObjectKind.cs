using PSLibvirt.Handles;

namespace PSLibvirt.Core;

/// <summary>What identifies an object of a kind within its container (the connection, or its parent object).</summary>
internal enum ObjectKeyType
{
    /// <summary>A name, unique within the container (domains, networks, pools, volumes in a pool, snapshots of a domain, node devices).</summary>
    Name,
    /// <summary>A UUID (secrets, which have no name).</summary>
    Uuid,
}

/// <summary>
/// Who a model object is: the connection it came from, its key, its UUID where the kind has one, and its parent's
/// key and UUID for kinds that live inside another object (a volume in a pool, a snapshot of a domain). Objects are
/// found again from this, never from fabricated model objects.
/// </summary>
internal readonly record struct ObjectIdentity(Hypervisor? Hypervisor, string Key, Guid? Uuid = null, string? ParentKey = null, Guid? ParentUuid = null);

/// <summary>
/// One kind of libvirt object, described once: how it is identified, listed, looked up, read as XML, defined,
/// redefined and removed. The cmdlets' target resolution, the drive's folders and the completers all work from
/// these descriptions (see <see cref="ObjectKinds"/>), so every kind behaves the same way for the same action.
/// This face is untyped (keys as text, items as objects) for the drive and completion; <see cref="ObjectKind{TContainer,THandle,TModel}"/>
/// adds the typed handles that cmdlets use.
/// </summary>
internal abstract class ObjectKind
{
    /// <summary>Lower case, as in messages: "storage pool".</summary>
    public required string Noun { get; init; }
    /// <summary>The model type's name, the stem of error ids: "StoragePool" (StoragePoolNotFound, AmbiguousStoragePoolName).</summary>
    public required string TypeName { get; init; }
    /// <summary>The cmdlet that lists them: "Get-StoragePool".</summary>
    public required string ListCommand { get; init; }
    public ObjectKeyType KeyType { get; init; } = ObjectKeyType.Name;
    /// <summary>The kind this one lives in (pools for volumes, domains for snapshots), or null for objects of a connection.</summary>
    public ObjectKind? Parent { get; init; }
    /// <summary>How messages say the kind's objects are active: "running" for domains, "active" for the rest.</summary>
    public string ActiveWord { get; init; } = "active";
    /// <summary>The root element of the kind's XML definition ("domain", "pool"), or null when it has none.</summary>
    public string? XmlRoot { get; init; }
    /// <summary>The XML names the object in its root's name attribute (&lt;interface name='eth0'&gt;) rather than in a &lt;name&gt; element.</summary>
    public bool XmlNameIsAttribute { get; init; }

    public abstract Type ModelType { get; }

    public string NotFoundId => TypeName + "NotFound";
    /// <summary>Ambiguous&lt;Type&gt;Name, or Ambiguous&lt;Type&gt; for kinds keyed by UUID (a secret defined on several hosts).</summary>
    public string AmbiguousId => "Ambiguous" + TypeName + (KeyType == ObjectKeyType.Uuid ? "" : "Name");
    /// <summary>"name" or "UUID", as messages say what was not found.</summary>
    public string KeyName => KeyType == ObjectKeyType.Uuid ? "UUID" : "name";
    /// <summary>The model property that holds the key ("Name", "Uuid"): what a plain object (Import-Csv) is read by.</summary>
    public string KeyProperty => KeyType == ObjectKeyType.Uuid ? "Uuid" : "Name";

    /// <summary>The keys of every object in the container (the connection, or the parent named by <paramref name="parentKey"/>).</summary>
    public abstract IReadOnlyList<string> ListKeys(Hypervisor h, string? parentKey = null);
    /// <summary>Every object in the container, as model objects.</summary>
    public abstract IReadOnlyList<object> ListItems(Hypervisor h, string? parentKey = null);
    /// <summary>The model object with <paramref name="key"/>, or null when there is none.</summary>
    public abstract object? FindItem(Hypervisor h, string? parentKey, string key);
    /// <summary>True when the kind has an XML description that <see cref="GetXml"/> reads.</summary>
    public abstract bool HasXml { get; }
    /// <summary>The object's definition (the persistent one where the kind tells them apart).</summary>
    public abstract string GetXml(Hypervisor h, string? parentKey, string key);
    /// <summary>The identity of a model object of this kind.</summary>
    public abstract ObjectIdentity IdentityOf(object model);

    /// <summary>Renames an object of the connection: (connection, key, new key) -> the renamed object; null when the kind cannot be renamed.</summary>
    public Func<Hypervisor, string, string, object>? Renamer { get; init; }
    /// <summary>Creates an object inside a parent from a type and a value (a volume of a size): (connection, parent key, key, type, value) -> the object.</summary>
    public Func<Hypervisor, string, string, string?, object?, object>? Creator { get; init; }
    /// <summary>Copies an object into a parent of the same connection: (connection, parent key, key, target parent key, new key) -> the copy.</summary>
    public Func<Hypervisor, string, string, string, string, object>? Cloner { get; init; }
    /// <summary>Removing it destroys data (a volume's contents, a snapshot's saved state), not only a definition: confirm even without ConfirmImpact.</summary>
    public bool RemovalDestroysData { get; init; }

    public virtual bool CanDefine => false;
    public virtual bool CanStart => false;
    public virtual bool CanRemove => false;
    public virtual bool CanSetProperties => false;
    /// <summary>Defines a new object of the connection named <paramref name="key"/> from XML (see the typed Define).</summary>
    public abstract object DefineItem(Hypervisor h, string key, string xml);
    /// <summary>Redefines an object of the connection from XML (see the typed Redefine).</summary>
    public abstract object RedefineItem(Hypervisor h, string key, string xml);
    /// <summary>Removes an object by the one removal rule (see the typed Remove); false when <paramref name="confirm"/> declined.</summary>
    public abstract bool RemoveItem(Hypervisor h, string? parentKey, string key, bool force, Func<string, bool> confirm);
    public abstract System.Collections.Generic.IDictionary<string, object?> GetProperties(Hypervisor h, string? parentKey, string key);
    public abstract void SetItemProperty(Hypervisor h, string? parentKey, string key, string property, object? value, Func<object?, Type, object> convert);
    /// <summary>Starts an object of the connection; false when the kind cannot be started.</summary>
    public abstract bool StartItem(Hypervisor h, string key);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> s_references = new();

    /// <summary>
    /// A stand-in for an object given by its key where an object was expected (`Get-NetworkDhcpLease -Network default`):
    /// a model object that holds only the key and is remembered as a reference, so target resolution looks the key up
    /// as it looks up names (exact, on every target connection, NotFound and Ambiguous as for names). It is never
    /// written to the pipeline or read as data. A key that is not a UUID for a kind keyed by UUID is a FormatException.
    /// </summary>
    public object Reference(string key)
    {
        var model = Activator.CreateInstance(ModelType)!;
        ModelType.GetProperty(KeyProperty)!.SetValue(model, KeyType == ObjectKeyType.Uuid ? Guid.Parse(key) : key);
        s_references.Add(model, key);
        return model;
    }

    /// <summary>True when <paramref name="model"/> is a <see cref="Reference"/>; <paramref name="key"/> is what was given.</summary>
    public static bool IsReference(object model, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? key) =>
        s_references.TryGetValue(model, out key);

    public override string ToString() => TypeName;
}

/// <summary>
/// A kind described by its typed operations. <typeparamref name="TContainer"/> is what objects of the kind are
/// listed and looked up in: the <see cref="LibvirtConnection"/> for objects of a connection, the parent's handle otherwise.
/// </summary>
internal sealed class ObjectKind<TContainer, THandle, TModel> : ObjectKind
    where TContainer : class where THandle : LibvirtHandle where TModel : class
{
    public override Type ModelType => typeof(TModel);

    /// <summary>Every object's handle in the container (a list-all call); the caller disposes them.</summary>
    public required Func<TContainer, List<THandle>> ListAll { get; init; }
    /// <summary>The object with a key, or null when there is none (other failures throw).</summary>
    public required Func<TContainer, string, THandle?> TryLookup { get; init; }
    /// <summary>The object's key (its name, or its UUID as text).</summary>
    public required Func<THandle, string> GetKey { get; init; }
    /// <summary>The object's UUID, for kinds that have one.</summary>
    public Func<THandle, Guid>? GetUuid { get; init; }
    /// <summary>Looks an object up by UUID in the container, for kinds that have one (objects piped back are found by it).</summary>
    public Func<TContainer, Guid, THandle?>? TryLookupByUuid { get; init; }
    /// <summary>A model snapshot of the object; the string is the parent's key (null for objects of a connection).</summary>
    public required Func<THandle, string?, Hypervisor, TModel> Snapshot { get; init; }
    /// <summary>Lists the container's objects as models in one go where the kind has a faster way than a snapshot per handle.</summary>
    public Func<Hypervisor, TContainer, string?, IReadOnlyList<TModel>>? ListModels { get; init; }
    /// <summary>The identity of a model object.</summary>
    public required Func<TModel, ObjectIdentity> Identify { get; init; }
    /// <summary>The object's definition.</summary>
    public Func<THandle, string>? ReadXml { get; init; }
    /// <summary>Opens the container of a child kind from its parent's key (null for objects of a connection).</summary>
    public Func<Hypervisor, string, TContainer>? OpenParent { get; init; }
    /// <summary>Opens the container of a child kind from a parent's UUID, for objects piped back (null: by key).</summary>
    public Func<Hypervisor, Guid, TContainer?>? OpenParentByUuid { get; init; }

    public override bool HasXml => ReadXml is not null;

    // ---------------------------------------------------------------- changes (optional: a kind has what libvirt offers it)

    /// <summary>Defines (or redefines) an object from XML, validated by libvirt where it can (the VALIDATE flags).</summary>
    public Func<LibvirtConnection, string, THandle>? DefineXml { get; init; }
    public Func<THandle, bool>? IsActive { get; init; }
    public Func<THandle, bool>? IsPersistent { get; init; }
    /// <summary>Stops an active object (destroy).</summary>
    public Action<THandle>? Stop { get; init; }
    /// <summary>Removes the definition (undefine; for a volume, delete).</summary>
    public Action<THandle>? Undefine { get; init; }
    /// <summary>Starts an inactive object.</summary>
    public Action<THandle>? Start { get; init; }
    /// <summary>What Get-ItemProperty shows and Set-ItemProperty can change (names, in order).</summary>
    public Func<TModel, System.Collections.Generic.IDictionary<string, object?>>? Properties { get; init; }
    /// <summary>Changes one property; the converter turns the given value into the property's type.</summary>
    public Action<THandle, string, object?, Func<object?, Type, object>>? SetProperty { get; init; }

    public override bool CanDefine => DefineXml is not null && XmlRoot is not null;
    public override bool CanStart => Start is not null;
    public override bool CanRemove => Undefine is not null;
    public override bool CanSetProperties => SetProperty is not null;

    /// <summary>
    /// Defines a new object named <paramref name="key"/> from XML: the document's root must be the kind's, its name is
    /// added when missing and must be <paramref name="key"/> otherwise, and an existing object of that name is an
    /// <see cref="ItemExistsException"/>; then libvirt validates and defines it.
    /// </summary>
    public TModel Define(Hypervisor h, string key, string xml)
    {
        if (DefineXml is null || XmlRoot is null) throw new NotSupportedException($"A {Noun} cannot be defined from XML.");
        var doc = XmlDefinition.Load(xml, XmlRoot);
        XmlDefinition.EnsureName(doc, XmlRoot, key, XmlNameIsAttribute);
        return InContainer(h, null, c =>
        {
            using (var existing = TryLookup(c, key))
                if (existing is not null) throw new ItemExistsException($"A {Noun} named '{key}' already exists on '{h.Name}'.");
            using var x = DefineXml(h.Connection, doc.OuterXml);
            return Snapshot(x, null, h);
        });
    }

    /// <summary>
    /// Redefines the object <paramref name="key"/> from XML: the document must name the same object (same name, and
    /// the same UUID when it gives one; rename is another action), so a wrong document changes nothing.
    /// </summary>
    public TModel Redefine(Hypervisor h, string key, string xml)
    {
        if (DefineXml is null || XmlRoot is null) throw new NotSupportedException($"A {Noun}'s definition cannot be changed.");
        return InContainer(h, null, c =>
        {
            Guid? uuid;
            using (var x = TryLookup(c, key) ?? throw new ObjectNotFoundException(this, key, h)) uuid = GetUuid?.Invoke(x);
            var doc = XmlDefinition.Load(xml, XmlRoot);
            XmlDefinition.RequireName(doc, XmlRoot, key, XmlNameIsAttribute);
            if (uuid is Guid u) XmlDefinition.RequireUuid(doc, XmlRoot, u);
            using var nx = DefineXml(h.Connection, doc.OuterXml);
            return Snapshot(nx, null, h);
        });
    }

    /// <summary>
    /// The one removal rule: an active object is an <see cref="ObjectIsActiveException"/> unless <paramref name="force"/>,
    /// which stops it first; a persistent (or always-defined) object is then undefined. <paramref name="confirm"/> is asked
    /// once the object is known to exist and to be removable, with what will be done; false changes nothing.
    /// </summary>
    public bool Remove(THandle x, string key, bool force, Func<string, bool> confirm)
    {
        if (Undefine is null) throw new NotSupportedException($"A {Noun} cannot be removed.");
        bool active = IsActive?.Invoke(x) ?? false;
        bool persistent = IsPersistent?.Invoke(x) ?? true;
        if (active && !force)
            throw new ObjectIsActiveException(this, key, $"The {Noun} '{key}' is {ActiveWord}. Stop it first, or use -Force to stop and remove it.");
        string action = active ? (persistent ? "Stop and remove" : "Stop (which removes the transient " + Noun + ")") : "Remove";
        if (!confirm(action)) return false;
        if (active) Stop!(x);
        if (persistent) Undefine(x);
        return true;
    }

    public override bool RemoveItem(Hypervisor h, string? parentKey, string key, bool force, Func<string, bool> confirm) =>
        InContainer(h, parentKey, c =>
        {
            using var x = TryLookup(c, key) ?? throw new ObjectNotFoundException(this, key, h);
            return Remove(x, key, force, confirm);
        });

    public override object DefineItem(Hypervisor h, string key, string xml) => Define(h, key, xml);

    public override object RedefineItem(Hypervisor h, string key, string xml) => Redefine(h, key, xml);

    public override System.Collections.Generic.IDictionary<string, object?> GetProperties(Hypervisor h, string? parentKey, string key) =>
        Properties is { } p ? p(Find(h, parentKey, key) ?? throw new ObjectNotFoundException(this, key, h))
            : throw new NotSupportedException($"A {Noun} has no settable properties.");

    public override void SetItemProperty(Hypervisor h, string? parentKey, string key, string property, object? value, Func<object?, Type, object> convert)
    {
        if (SetProperty is null) throw new NotSupportedException($"A {Noun} has no settable properties.");
        InContainer(h, parentKey, c =>
        {
            using var x = TryLookup(c, key) ?? throw new ObjectNotFoundException(this, key, h);
            SetProperty(x, property, value, convert);
            return true;
        });
    }

    public override bool StartItem(Hypervisor h, string key)
    {
        if (Start is null) return false;
        return InContainer(h, null, c =>
        {
            using var x = TryLookup(c, key) ?? throw new ObjectNotFoundException(this, key, h);
            Start(x);
            return true;
        });
    }

    /// <summary>Runs <paramref name="use"/> on the container named by <paramref name="parentKey"/>: the connection, or the parent opened and closed around it.</summary>
    public T InContainer<T>(Hypervisor h, string? parentKey, Func<TContainer, T> use)
    {
        if (OpenParent is null)
        {
            if (h.Connection is not TContainer c) throw new InvalidOperationException($"The {Noun} kind needs a parent.");
            h.Connection.EnsureUsable();
            return use(c);
        }
        if (parentKey is null) throw new ArgumentNullException(nameof(parentKey), $"A {Noun} is found in its {Parent?.Noun ?? "parent"}.");
        var container = OpenParent(h, parentKey);
        try { return use(container); }
        finally { (container as IDisposable)?.Dispose(); }
    }

    public override IReadOnlyList<string> ListKeys(Hypervisor h, string? parentKey = null) =>
        InContainer(h, parentKey, c =>
        {
            var handles = ListAll(c);
            try { return (IReadOnlyList<string>)handles.Select(GetKey).ToList(); }
            finally { foreach (var x in handles) x.Dispose(); }
        });

    public IReadOnlyList<TModel> List(Hypervisor h, string? parentKey = null) =>
        InContainer(h, parentKey, c =>
        {
            if (ListModels is not null) return ListModels(h, c, parentKey);
            var handles = ListAll(c);
            try { return (IReadOnlyList<TModel>)handles.Select(x => Snapshot(x, parentKey, h)).ToList(); }
            finally { foreach (var x in handles) x.Dispose(); }
        });

    public override IReadOnlyList<object> ListItems(Hypervisor h, string? parentKey = null) => List(h, parentKey);

    public TModel? Find(Hypervisor h, string? parentKey, string key) =>
        InContainer(h, parentKey, c =>
        {
            using var x = TryLookup(c, key);
            return x is null ? null : Snapshot(x, parentKey, h);
        });

    public override object? FindItem(Hypervisor h, string? parentKey, string key) => Find(h, parentKey, key);

    public override string GetXml(Hypervisor h, string? parentKey, string key)
    {
        if (ReadXml is null) throw new NotSupportedException($"A {Noun} has no XML definition.");
        return InContainer(h, parentKey, c =>
        {
            using var x = TryLookup(c, key) ?? throw new ObjectNotFoundException(this, key, h);
            return ReadXml(x);
        });
    }

    public override ObjectIdentity IdentityOf(object model) => Identify((TModel)model);
}

/// <summary>An object of a kind does not exist where it was looked for.</summary>
public sealed class ObjectNotFoundException : Exception
{
    internal ObjectNotFoundException(ObjectKind kind, string key, Hypervisor? h, string? parentDescription = null)
        : base($"There is no {kind.Noun} with {kind.KeyName} '{key}'" +
               (parentDescription is null ? "" : $" in {parentDescription}") +
               (h is null ? "" : $" on '{h.Name}'") + $". {kind.ListCommand} lists them.")
    {
        Kind = kind;
        Key = key;
    }

    internal ObjectKind Kind { get; }
    public string Key { get; }
}
