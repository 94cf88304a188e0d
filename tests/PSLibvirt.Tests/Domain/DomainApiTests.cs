using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>Core domain logic: state mapping, list flags, start/save flags, listing and waiting on the test driver.</summary>
[Collection(LibvirtCollection.Name)]
public sealed class DomainApiTests
{
    [Fact]
    public void DomainStateMatchesLibvirtStateForEveryValue()
    {
        foreach (VirDomainState v in Enum.GetValues<VirDomainState>())
        {
            if (v == VirDomainState.VIR_DOMAIN_LAST) continue;
            var mapped = DomainApi.MapState((int)v);
            Assert.Equal((int)v, (int)mapped);
            string expected = v.ToString().Substring("VIR_DOMAIN_".Length).Replace("_", "");
            Assert.Equal(expected, mapped.ToString().ToUpperInvariant());
        }
        Assert.Equal(8, Enum.GetValues<PSLibvirt.DomainState>().Length);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(8)]
    [InlineData(42)]
    public void UnknownStatesMapToNoState(int state) => Assert.Equal(PSLibvirt.DomainState.NoState, DomainApi.MapState(state));

    [Theory]
    [InlineData(PSLibvirt.DomainState.ShutOff, (int)VirDomainShutoffReason.VIR_DOMAIN_SHUTOFF_DESTROYED, "Destroyed")]
    [InlineData(PSLibvirt.DomainState.ShutOff, (int)VirDomainShutoffReason.VIR_DOMAIN_SHUTOFF_SAVED, "Saved")]
    [InlineData(PSLibvirt.DomainState.Running, (int)VirDomainRunningReason.VIR_DOMAIN_RUNNING_BOOTED, "Booted")]
    [InlineData(PSLibvirt.DomainState.Running, (int)VirDomainRunningReason.VIR_DOMAIN_RUNNING_FROM_SNAPSHOT, "FromSnapshot")]
    [InlineData(PSLibvirt.DomainState.Paused, (int)VirDomainPausedReason.VIR_DOMAIN_PAUSED_USER, "User")]
    [InlineData(PSLibvirt.DomainState.Crashed, (int)VirDomainCrashedReason.VIR_DOMAIN_CRASHED_PANICKED, "Panicked")]
    [InlineData(PSLibvirt.DomainState.PMSuspended, 0, "Unknown")]
    [InlineData(PSLibvirt.DomainState.ShutOff, 999, "999")]
    public void StateReasonsAreNamed(PSLibvirt.DomainState state, int reason, string expected) =>
        Assert.Equal(expected, DomainApi.StateReasonName(state, reason));

    [Fact]
    public void ListFlagsFollowTheFilter()
    {
        Assert.Equal((VirConnectListAllDomainsFlags)0, DomainApi.ListFlags(null));
        Assert.Equal((VirConnectListAllDomainsFlags)0, DomainApi.ListFlags(new DomainListFilter()));
        Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PERSISTENT, DomainApi.ListFlags(new DomainListFilter { Persistent = true }));
        Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_TRANSIENT, DomainApi.ListFlags(new DomainListFilter { Persistent = false }));
        Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
            DomainApi.ListFlags(new DomainListFilter { Autostart = true, Persistent = true }));
        Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, DomainApi.ListFlags(new DomainListFilter { Autostart = false }));
        Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_RUNNING | VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_PAUSED,
            DomainApi.ListFlags(new DomainListFilter { States = new[] { PSLibvirt.DomainState.Running, PSLibvirt.DomainState.Paused } }));
        Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_SHUTOFF, DomainApi.ListFlags(new DomainListFilter { States = new[] { PSLibvirt.DomainState.ShutOff } }));
        foreach (var other in new[] { PSLibvirt.DomainState.Blocked, PSLibvirt.DomainState.Crashed, PSLibvirt.DomainState.Shutdown, PSLibvirt.DomainState.PMSuspended, PSLibvirt.DomainState.NoState })
            Assert.Equal(VirConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_OTHER, DomainApi.ListFlags(new DomainListFilter { States = new[] { other } }));
    }

    [Fact]
    public void StartAndSaveFlags()
    {
        Assert.Equal((VirDomainCreateFlags)0, DomainLifecycle.StartFlags(false, false, false));
        Assert.Equal(VirDomainCreateFlags.VIR_DOMAIN_START_PAUSED | VirDomainCreateFlags.VIR_DOMAIN_START_BYPASS_CACHE | VirDomainCreateFlags.VIR_DOMAIN_START_FORCE_BOOT,
            DomainLifecycle.StartFlags(true, true, true));
        Assert.Equal((VirDomainSaveRestoreFlags)0, DomainLifecycle.SaveFlags(false, null));
        Assert.Equal(VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_PAUSED, DomainLifecycle.SaveFlags(false, false));
        Assert.Equal(VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_RUNNING | VirDomainSaveRestoreFlags.VIR_DOMAIN_SAVE_BYPASS_CACHE, DomainLifecycle.SaveFlags(true, true));
    }

    [Fact]
    public void ListsTheDefaultTestDomain()
    {
        using var c = LibvirtConnection.Open("test:///default");
        var list = DomainApi.List(c);
        var d = Assert.Single(list);
        Assert.Equal("test", d.Name);
        Assert.Equal(1, d.Id);
        Assert.Equal(Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f"), d.Uuid);
        Assert.Equal(PSLibvirt.DomainState.Running, d.State);
        Assert.Equal(2, d.VCpus);
        Assert.True(d.Persistent);
        Assert.False(d.Autostart);
        // The test driver's bulk stats hold the state only: vCPUs and memory came from one local virDomainGetInfo.
        Assert.Equal(1, DomainApi.LastInfoFallbacks);
    }

    [Fact]
    public void ACursorReadsBorrowedDomainsAndNeverFreesThem()
    {
        using var c = LibvirtConnection.Open("test://" + LibvirtFixture.NodeFile);
        var owned = DomainApi.ListAll(c, 0);
        try
        {
            var cursor = PSLibvirt.Handles.LibvirtHandle.Cursor<PSLibvirt.Handles.DomainHandle>();
            var names = new List<string>();
            foreach (var h in owned)
            {
                cursor.MoveTo(h.Pointer);
                names.Add(DomainApi.GetName(cursor));
            }
            cursor.Dispose();
            Assert.Equal(owned.Select(DomainApi.GetName).OrderBy(n => n), names.OrderBy(n => n));
            // The owners' references are intact after the cursor is gone.
            Assert.All(owned, h => Assert.NotNull(DomainApi.GetName(h)));
            // An owning handle cannot be moved: it would leak its reference and free another's.
            Assert.Throws<InvalidOperationException>(() => owned[0].MoveTo(owned[^1].Pointer));
        }
        finally
        {
            foreach (var h in owned) h.Dispose();
        }
    }

    [Fact]
    public void AListingReadInParallelEqualsPerDomainReads()
    {
        // Above ParallelThreshold the domains are read on all cores: every field must still be the domain's own.
        int count = DomainApi.ParallelThreshold + 88;
        string file = Path.Combine(Path.GetTempPath(), $"pslibvirt-parallel-{Environment.ProcessId}.xml");
        var xml = new System.Text.StringBuilder("<node>\n");
        for (int i = 0; i < count; i++)
        {
            // Every third domain shut off, vCPUs and memory vary, so a mixed-up row shows.
            xml.Append($"<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>p{i:D4}</name>")
               .Append($"<uuid>7b2c0000-0000-4000-8000-{i:D12}</uuid><memory>{65536 + i * 1024}</memory><vcpu>{1 + i % 4}</vcpu>")
               .Append("<os><type arch='x86_64'>hvm</type></os>")
               .Append(i % 3 == 0 ? "<test:runstate>5</test:runstate>" : "").Append("</domain>\n");
        }
        File.WriteAllText(file, xml.Append("</node>\n").ToString());
        try
        {
            using var c = LibvirtConnection.Open("test://" + file);
            var list = DomainApi.List(c);
            Assert.Equal(count, list.Count);
            Assert.Equal(count, DomainApi.LastInfoFallbacks);
            foreach (var d in list)
            {
                using var h = DomainApi.LookupByUuid(c, d.Uuid);
                var one = DomainApi.GetDomain(h, c);
                Assert.Equal(one.Name, d.Name);
                Assert.Equal(one.Id, d.Id);
                Assert.Equal(one.State, d.State);
                Assert.Equal(one.StateReason, d.StateReason);
                Assert.Equal(one.VCpus, d.VCpus);
                Assert.Equal(one.MemoryBytes, d.MemoryBytes);
                Assert.Equal(one.MaxMemoryBytes, d.MaxMemoryBytes);
                Assert.Equal(one.Persistent, d.Persistent);
                Assert.Equal(one.Autostart, d.Autostart);
                int i = int.Parse(d.Name.AsSpan(1));
                Assert.Equal(1 + i % 4, d.VCpus);
                Assert.Equal(i % 3 == 0 ? PSLibvirt.DomainState.ShutOff : PSLibvirt.DomainState.Running, d.State);
            }
            Assert.Equal(count, list.Select(d => d.Uuid).Distinct().Count());
            // The state filter applies on the parallel path too.
            var off = DomainApi.List(c, filter: new DomainListFilter { States = new[] { PSLibvirt.DomainState.ShutOff } });
            Assert.Equal(Enumerable.Range(0, count).Count(i => i % 3 == 0), off.Count);
            Assert.All(off, d => Assert.Equal(PSLibvirt.DomainState.ShutOff, d.State));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_lazy_title_that_cannot_be_read_says_why_instead_of_failing_silently()
    {
        var c = LibvirtConnection.Open("test://" + LibvirtFixture.NodeFile);
        var web1 = DomainApi.List(c).Single(d => d.Name == "web1");
        c.Dispose(); // the title was not read yet: reading it now cannot reach libvirt
        Assert.Null(web1.Title);
        Assert.Null(web1.Description);
        Assert.Contains("no longer usable", web1.MetadataError);

        using var open = LibvirtConnection.Open("test://" + LibvirtFixture.NodeFile);
        var fresh = DomainApi.List(open).Single(d => d.Name == "web1");
        Assert.Equal("Front-end web server", fresh.Title);
        Assert.Null(fresh.MetadataError);
    }

    [Fact]
    public void ListsANodeFileWithFiltersAndLazyTitles()
    {
        using var c = LibvirtConnection.Open("test://" + LibvirtFixture.NodeFile);
        var all = DomainApi.List(c).OrderBy(d => d.Name).ToList();
        Assert.Equal(new[] { "db1", "web1" }, all.Select(d => d.Name));
        Assert.Equal(4, all[0].VCpus);
        Assert.Equal(512L * 1024 * 1024, all[1].MemoryBytes);
        Assert.Equal(1024L * 1024 * 1024, all[1].MaxMemoryBytes);
        Assert.Equal("Front-end web server", all[1].Title);
        Assert.Null(all[0].Title);
        Assert.Equal(new[] { "web1" }, DomainApi.List(c, null, null, n => n.StartsWith("w")).Select(d => d.Name));
        Assert.Empty(DomainApi.List(c, null, new DomainListFilter { States = new[] { PSLibvirt.DomainState.ShutOff } }));
        Assert.Empty(DomainApi.List(c, null, new DomainListFilter { Persistent = false }));
        Assert.Equal(2, DomainApi.List(c, null, new DomainListFilter { Persistent = true }).Count);

        using (var h = DomainApi.LookupByName(c, "db1")) DomainLifecycle.Destroy(h);
        var off = Assert.Single(DomainApi.List(c, null, new DomainListFilter { States = new[] { PSLibvirt.DomainState.ShutOff } }));
        Assert.Equal("db1", off.Name);
        Assert.Null(off.Id);
        Assert.Equal("Destroyed", off.StateReason);
        Assert.Equal(TimeSpan.Zero, off.CpuTime);
    }

    [Fact]
    public void LookupsFailWithNoDomain()
    {
        using var c = LibvirtConnection.Open("test:///default");
        Assert.Null(DomainApi.TryLookupByName(c, "nope"));
        Assert.Null(DomainApi.TryLookupByUuid(c, Guid.NewGuid()));
        var ex = Assert.Throws<LibvirtException>(() => DomainApi.LookupById(c, 4242));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_DOMAIN, ex.Code);
        using var h = DomainApi.LookupById(c, 1);
        Assert.Equal("test", DomainApi.GetName(h));
        Assert.Equal(1, DomainApi.GetId(h));
    }

    [Fact]
    public void WaitForStateTimesOutAndCancelsPromptly()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var h = DomainApi.LookupByName(c, "test");
        Assert.True(DomainLifecycle.WaitForState(c, h, s => s == PSLibvirt.DomainState.Running, TimeSpan.FromSeconds(1), CancellationToken.None));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(DomainLifecycle.WaitForState(c, h, s => s == PSLibvirt.DomainState.ShutOff, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 5);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        clock.Restart();
        Assert.Throws<OperationCanceledException>(() =>
            DomainLifecycle.WaitForState(c, h, s => s == PSLibvirt.DomainState.ShutOff, null, cts.Token));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.15, 2);
    }

    [Fact]
    public void WaitForStateWakesOnTheLifecycleEvent()
    {
        using var c = LibvirtConnection.Open("test:///default");
        using var h = DomainApi.LookupByName(c, "test");
        using var w = DomainEventWatcher.TryCreate(c, h);
        Assert.NotNull(w);
        DomainLifecycle.Suspend(h);
        Assert.True(w!.Signal.WaitOne(TimeSpan.FromSeconds(10)), "no lifecycle event within 10 s");
        // A long poll interval: only the event can end the wait quickly.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var t = Task.Run(() => DomainLifecycle.WaitForState(c, h, s => s == PSLibvirt.DomainState.Running, TimeSpan.FromSeconds(30), CancellationToken.None, poll: TimeSpan.FromSeconds(20)));
        Assert.False(t.Wait(200));
        DomainLifecycle.Resume(h);
        Assert.True(w.Signal.WaitOne(TimeSpan.FromSeconds(5)), "first watcher got no resume event");
        Assert.True(t.Wait(TimeSpan.FromSeconds(10)), "waiter not woken");
        Assert.True(t.Result);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.1, 10);
    }
}
