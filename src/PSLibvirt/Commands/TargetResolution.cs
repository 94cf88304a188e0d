using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSLibvirt.Core;
using PSLibvirt.Handles;

namespace PSLibvirt.Commands;

/// <summary>One resolved input: a live handle to a named libvirt object on one connection. Dispose it.</summary>
public abstract class LibvirtTarget<THandle> : IDisposable where THandle : LibvirtHandle
{
    private protected LibvirtTarget(Hypervisor hypervisor, THandle handle, string name, Guid uuid, object input)
    {
        Hypervisor = hypervisor;
        Handle = handle;
        Name = name;
        Uuid = uuid;
        Input = input;
    }

    public Hypervisor Hypervisor { get; }
    public THandle Handle { get; }
    public string Name { get; }
    public Guid Uuid { get; }
    /// <summary>What the user passed (an object from a Get- cmdlet, or a name): the target of error records.</summary>
    public object Input { get; }
    public LibvirtConnection Connection => Hypervisor.Connection;

    /// <summary>How ShouldProcess and messages name the object and its host.</summary>
    public abstract string Description { get; }

    public void Dispose() => Handle.Dispose();
}

/// <summary>
/// How one kind of named libvirt object (domain, network) is looked up and named in errors, so that one piece of
/// code resolves names and piped objects for every kind: the error ids are &lt;Type&gt;NotFound,
/// Ambiguous&lt;Type&gt;Name and HypervisorIsNotA(n)&lt;Type&gt;.
/// </summary>
internal sealed class TargetKind<THandle, TTarget> where THandle : LibvirtHandle where TTarget : LibvirtTarget<THandle>
{
    /// <summary>Lower case, as in messages: "domain".</summary>
    public required string Noun { get; init; }
    /// <summary>The model type's name, as in error ids: "Domain".</summary>
    public required string TypeName { get; init; }
    /// <summary>The cmdlet that lists them: "Get-Domain".</summary>
    public required string ListCommand { get; init; }
    public required Func<LibvirtConnection, string, THandle?> TryLookupByName { get; init; }
    public required Func<LibvirtConnection, Guid, THandle?> TryLookupByUuid { get; init; }
    public required Func<THandle, string> GetName { get; init; }
    public required Func<THandle, Guid> GetUuid { get; init; }
    public required Func<Hypervisor, THandle, string, Guid, object, TTarget> Create { get; init; }

    public string NotFoundId => TypeName + "NotFound";
    public string AmbiguousId => "Ambiguous" + TypeName + "Name";
    public string PipedHypervisorId => "HypervisorIsNot" + ("AEIOU".Contains(TypeName[0]) ? "An" : "A") + TypeName;
}

public abstract partial class HypervisorCmdlet
{
    /// <summary>
    /// Resolves one record's input into live targets. Piped Hypervisor objects (<paramref name="piped"/>, caught
    /// by a hidden parameter: PowerShell would bind their Name to -Name) are an InvalidArgument error and nothing
    /// else is done. Objects (<paramref name="objects"/>, when not null) are looked up again by UUID on their own
    /// connection, so they are never ambiguous. Otherwise each of <paramref name="names"/> is looked up on every
    /// target connection and must name one object: found nowhere is ObjectNotFound, found on several connections is
    /// InvalidArgument (acting on several machines because they share a name is rarely what was meant); neither
    /// yields a target and the next name is processed.
    /// </summary>
    private protected List<TTarget> ResolveTargets<THandle, TTarget>(TargetKind<THandle, TTarget> kind, Hypervisor[]? piped,
        IEnumerable<string>? names, IEnumerable<(object Input, string Name, Guid Uuid, Hypervisor? Hypervisor)>? objects)
        where THandle : LibvirtHandle where TTarget : LibvirtTarget<THandle>
    {
        var targets = new List<TTarget>();
        string command = MyInvocation.MyCommand.Name;
        if (piped is { Length: > 0 })
        {
            foreach (var h in piped)
                WriteError(new ErrorRecord(
                    new ArgumentException($"A connection ('{h.Name}', {h.Uri}) was piped to {command}, which acts on {kind.Noun}s. Pipe {kind.Noun}s instead: {kind.ListCommand} -Connection {h.Name} | {command}."),
                    kind.PipedHypervisorId, ErrorCategory.InvalidArgument, h));
            return targets;
        }
        if (objects is not null)
        {
            foreach (var o in objects)
                if (ResolveByUuid(kind, o.Hypervisor ?? TargetConnections[0], o.Uuid, o.Name, o.Input) is { } t) targets.Add(t);
            return targets;
        }

        var connections = TargetConnections;
        foreach (var name in names ?? Array.Empty<string>())
        {
            var found = new List<TTarget>();
            foreach (var h in connections)
            {
                TryInvoke(name, () =>
                {
                    var handle = kind.TryLookupByName(h.Connection, name);
                    if (handle is null) return;
                    try { found.Add(kind.Create(h, handle, name, kind.GetUuid(handle), name)); }
                    catch { handle.Dispose(); throw; }
                });
            }
            if (found.Count == 0) WriteTargetNotFound(kind, name, name, connections.Count == 1 ? connections[0] : null);
            else if (found.Count == 1) targets.Add(found[0]);
            else
            {
                string where = string.Join(", ", found.Select(t => $"'{t.Hypervisor.Name}' ({t.Hypervisor.Uri})"));
                foreach (var t in found) t.Dispose();
                WriteError(new ErrorRecord(
                    new ArgumentException($"The name '{name}' matches a {kind.Noun} on each of {found.Count} connections: {where}. Pass one -Connection, or pipe the {kind.TypeName} object from {kind.ListCommand}."),
                    kind.AmbiguousId, ErrorCategory.InvalidArgument, name));
            }
        }
        return targets;
    }

    /// <summary>The object with <paramref name="uuid"/> on <paramref name="h"/>, or null after a non-terminating error (not found, or libvirt's).</summary>
    private protected TTarget? ResolveByUuid<THandle, TTarget>(TargetKind<THandle, TTarget> kind, Hypervisor h, Guid uuid, string name, object input)
        where THandle : LibvirtHandle where TTarget : LibvirtTarget<THandle>
    {
        TTarget? target = null;
        TryInvoke(input, () =>
        {
            var handle = kind.TryLookupByUuid(h.Connection, uuid);
            if (handle is null) { WriteTargetNotFound(kind, name, input, h); return; }
            try { target = kind.Create(h, handle, kind.GetName(handle), uuid, input); }
            catch { handle.Dispose(); throw; }
        });
        return target;
    }

    private protected void WriteTargetNotFound<THandle, TTarget>(TargetKind<THandle, TTarget> kind, string name, object target, Hypervisor? h)
        where THandle : LibvirtHandle where TTarget : LibvirtTarget<THandle>
    {
        string where = h is null ? "any of the target connections" : $"connection '{h.Name}' ({h.Uri})";
        WriteError(new ErrorRecord(
            new ItemNotFoundException($"There is no {kind.Noun} named '{name}' on {where}. {kind.ListCommand} lists the {kind.Noun}s."),
            kind.NotFoundId, ErrorCategory.ObjectNotFound, target));
    }
}
