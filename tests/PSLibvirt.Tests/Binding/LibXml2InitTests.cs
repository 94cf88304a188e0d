using System.Runtime.InteropServices;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Binding;

/// <summary>
/// The test tears down libxml2's global type tables between rounds, so nothing else in the process may parse a schema
/// meanwhile: a collection of its own, run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibXml2StateCollection
{
    public const string Name = "libxml2 global state";
}

[Collection(LibXml2StateCollection.Name)]
public sealed unsafe class LibXml2InitTests : IClassFixture<LibvirtFixture>
{
    private const int Threads = 16;

    /// <summary>
    /// Each round puts libxml2 back in its first-use state (xmlRelaxNGCleanupTypes, xmlSchemaCleanupTypes), runs
    /// LibXml2.InitSchemaTypes as the module's start-up does, then has 16 threads released at once each do a first
    /// validating define on the test driver. Registering the RelaxNG libraries alone left the datatypes to be built by
    /// whichever thread got there first: about one round in twenty failed with "Error type 'int' is not exported by
    /// type library", so 300 rounds all but surely catch that; with both tables built no round may fail.
    /// </summary>
    [Fact]
    public void First_validating_defines_from_many_threads_at_once_all_succeed()
    {
        var lib = NativeLibrary.Load(LibXml2.LibraryName);
        var cleanupRelaxNG = (delegate* unmanaged[Cdecl]<void>)NativeLibrary.GetExport(lib, "xmlRelaxNGCleanupTypes");
        var cleanupSchema = (delegate* unmanaged[Cdecl]<void>)NativeLibrary.GetExport(lib, "xmlSchemaCleanupTypes");
        using var conn = TestDriver.Open();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        const int rounds = 300;
        try
        {
            for (int round = 0; round < rounds && failures.IsEmpty; round++)
            {
                cleanupRelaxNG();
                cleanupSchema();
                LibXml2.InitSchemaTypes();
                using var barrier = new Barrier(Threads);
                var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
                {
                    barrier.SignalAndWait();
                    using var net = Libvirt.virNetworkDefineXMLFlags(conn,
                        $"<network><name>xmlinit-{i}</name><bridge name='virbr-xi{i}'/></network>",
                        (uint)VirNetworkDefineFlags.VIR_NETWORK_DEFINE_VALIDATE);
                    if (net.IsInvalid) failures.Add($"round {round}, thread {i}: {Libvirt.virGetLastErrorMessage()}");
                    else Libvirt.virNetworkUndefine(net);
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
            }
        }
        finally
        {
            // Leave the process as the module leaves it.
            LibXml2.InitSchemaTypes();
        }
        Assert.Empty(failures);
    }
}
