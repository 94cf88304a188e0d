using System.Runtime.InteropServices;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Converts libvirt's typed parameter arrays (<c>virTypedParameterPtr</c> + count) to and from .NET dictionaries.
/// Values are int, uint, long, ulong, double, bool or string according to the parameter's type field.
/// </summary>
internal static unsafe class TypedParameters
{
    /// <summary>A native call that fills <paramref name="parameters"/> (or, when it is null, only stores the count in <paramref name="count"/>). Returns libvirt's int result (&lt; 0 on error).</summary>
    public delegate int FillCall(VirTypedParameter* parameters, int* count);

    /// <summary>A native call that only reports how many parameters a following <see cref="FillCall"/> will return (e.g. virDomainGetSchedulerType). Returns &lt; 0 on error.</summary>
    public delegate int CountCall(int* count);

    /// <summary>Copies <paramref name="count"/> parameters into a dictionary, in array order. The array is not freed.</summary>
    /// <remarks>A name that occurs more than once (e.g. VIR_MIGRATE_PARAM_MIGRATE_DISKS) maps to an object[] of its values.</remarks>
    public static IReadOnlyDictionary<string, object> Read(VirTypedParameter* parameters, int count)
    {
        var values = new Dictionary<string, List<object>>(Math.Max(count, 0), StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            VirTypedParameter* p = &parameters[i];
            string name = Utf8.Read(p->field) ?? "";
            if (!values.TryGetValue(name, out var list)) values[name] = list = new List<object>(1);
            list.Add(ReadValue(p));
        }
        var result = new Dictionary<string, object>(values.Count, StringComparer.Ordinal);
        foreach (var (name, list) in values) result[name] = list.Count == 1 ? list[0] : list.ToArray();
        return result;
    }

    /// <summary>The value of one parameter as int, uint, long, ulong, double, bool or string.</summary>
    public static object ReadValue(VirTypedParameter* p) => (VirTypedParameterType)p->type switch
    {
        VirTypedParameterType.VIR_TYPED_PARAM_INT => p->value.i,
        VirTypedParameterType.VIR_TYPED_PARAM_UINT => p->value.ui,
        VirTypedParameterType.VIR_TYPED_PARAM_LLONG => p->value.l,
        VirTypedParameterType.VIR_TYPED_PARAM_ULLONG => p->value.ul,
        VirTypedParameterType.VIR_TYPED_PARAM_DOUBLE => p->value.d,
        VirTypedParameterType.VIR_TYPED_PARAM_BOOLEAN => p->value.b != 0,
        VirTypedParameterType.VIR_TYPED_PARAM_STRING => Utf8.Read(p->value.s) ?? "",
        _ => throw new NotSupportedException($"typed parameter '{Utf8.Read(p->field)}' has unknown type {p->type}"),
    };

    /// <summary>Reads the array, then frees it and its strings with virTypedParamsFree (for arrays libvirt allocated, or allocated with malloc).</summary>
    public static IReadOnlyDictionary<string, object> ReadAndFree(VirTypedParameter* parameters, int count)
    {
        try { return Read(parameters, count); }
        finally { if (parameters != null) Libvirt.virTypedParamsFree(parameters, count); }
    }

    /// <summary>
    /// The "get with count, allocate, get again" pattern: calls <paramref name="fill"/> with a null array to learn the
    /// count, allocates a zeroed native array (C allocator), calls it again, reads the result and frees it with
    /// virTypedParamsFree. Pass VIR_TYPED_PARAM_STRING_OKAY in the call's flags where the API has flags.
    /// </summary>
    /// <exception cref="LibvirtException">The native call failed.</exception>
    public static IReadOnlyDictionary<string, object> GetWithCount(FillCall fill) =>
        GetWithCount(count => fill(null, count), fill);

    /// <summary>As <see cref="GetWithCount(FillCall)"/>, with the count coming from a different call (virDomainGetSchedulerType).</summary>
    public static IReadOnlyDictionary<string, object> GetWithCount(CountCall countCall, FillCall fill)
    {
        int count = 0;
        if (countCall(&count) < 0) ThrowLastError();
        if (count <= 0) return new Dictionary<string, object>(StringComparer.Ordinal);
        var array = (VirTypedParameter*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(VirTypedParameter));
        int filled = count;
        try
        {
            if (fill(array, &filled) < 0) ThrowLastError();
            return Read(array, filled);
        }
        finally
        {
            // virTypedParamsFree frees the strings libvirt put into the array and the array (free()); it reads only
            // initialized entries: the array was zeroed and `count` >= `filled`.
            Libvirt.virTypedParamsFree(array, count);
        }
    }

    /// <summary>Builds a native array from <paramref name="values"/> (see <see cref="TypedParameterList.Add(string, object)"/>).</summary>
    public static TypedParameterList Build(IEnumerable<KeyValuePair<string, object>> values)
    {
        var list = new TypedParameterList();
        try
        {
            foreach (var kv in values) list.Add(kv.Key, kv.Value);
            return list;
        }
        catch
        {
            list.Dispose();
            throw;
        }
    }

    internal static void ThrowLastError()
    {
        throw LibvirtException.FromLastError("A typed parameter call failed.");
    }
}

/// <summary>
/// A native typed parameter array built with virTypedParamsAdd* (libvirt owns the allocation) and released with
/// virTypedParamsFree on Dispose. Pass <see cref="Pointer"/> and <see cref="Count"/> to a setter such as
/// virDomainSetSchedulerParametersFlags; the list must stay alive (undisposed) during the call.
/// </summary>
internal sealed unsafe class TypedParameterList : IDisposable
{
    private VirTypedParameter* _params;
    private int _count;
    private int _max;

    public TypedParameterList() { }

    /// <summary>The native array (null while empty).</summary>
    public VirTypedParameter* Pointer
    {
        get { ObjectDisposedException.ThrowIf(_disposed, this); return _params; }
    }

    /// <summary>The number of parameters.</summary>
    public int Count => _count;

    private bool _disposed;

    /// <summary>Adds a parameter; the type follows the value: int, uint, long, ulong, double, bool, string (also short/ushort/byte/sbyte/float widened).</summary>
    public TypedParameterList Add(string name, object value)
    {
        switch (value)
        {
            case int v: return AddInt(name, v);
            case uint v: return AddUInt(name, v);
            case long v: return AddLLong(name, v);
            case ulong v: return AddULLong(name, v);
            case double v: return AddDouble(name, v);
            case float v: return AddDouble(name, v);
            case bool v: return AddBoolean(name, v);
            case string v: return AddString(name, v);
            case short v: return AddInt(name, v);
            case ushort v: return AddUInt(name, v);
            case byte v: return AddUInt(name, v);
            case sbyte v: return AddInt(name, v);
            default: throw new ArgumentException($"typed parameter '{name}': unsupported value type {value?.GetType().FullName ?? "null"}", nameof(value));
        }
    }

    public TypedParameterList AddInt(string name, int value) => Call(p => Vir.TypedParamsAddInt(p.a, p.n, p.m, name, value));
    public TypedParameterList AddUInt(string name, uint value) => Call(p => Vir.TypedParamsAddUInt(p.a, p.n, p.m, name, value));
    public TypedParameterList AddLLong(string name, long value) => Call(p => Vir.TypedParamsAddLLong(p.a, p.n, p.m, name, value));
    public TypedParameterList AddULLong(string name, ulong value) => Call(p => Vir.TypedParamsAddULLong(p.a, p.n, p.m, name, value));
    public TypedParameterList AddDouble(string name, double value) => Call(p => Vir.TypedParamsAddDouble(p.a, p.n, p.m, name, value));
    public TypedParameterList AddBoolean(string name, bool value) => Call(p => Vir.TypedParamsAddBoolean(p.a, p.n, p.m, name, value ? 1 : 0));
    public TypedParameterList AddString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Call(p => Vir.TypedParamsAddString(p.a, p.n, p.m, name, value));
    }

    /// <summary>Reads the current contents back (e.g. for logging or tests).</summary>
    public IReadOnlyDictionary<string, object> ToDictionary() => TypedParameters.Read(Pointer, _count);

    private readonly struct Slots
    {
        public readonly VirTypedParameter** a; public readonly int* n; public readonly int* m;
        public Slots(VirTypedParameter** a, int* n, int* m) { this.a = a; this.n = n; this.m = m; }
    }

    private delegate int AddCall(Slots slots);

    /// <summary>Runs a checked virTypedParamsAdd* call (it throws on failure) on this list's slots.</summary>
    private TypedParameterList Call(AddCall add)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (VirTypedParameter** a = &_params)
        fixed (int* n = &_count)
        fixed (int* m = &_max)
            add(new Slots(a, n, m));
        return this;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_params != null) Libvirt.virTypedParamsFree(_params, _count);
        _params = null;
        _count = _max = 0;
    }
}
