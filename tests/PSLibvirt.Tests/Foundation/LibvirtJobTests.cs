using System.Management.Automation;
using PSLibvirt.Commands;
using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>
/// The job behind -AsJob: its state transitions, what it keeps in its streams, and Stop-Job, with work that waits on
/// conditions (never on time) and, for failures, real libvirt errors from test:///default.
/// </summary>
public class LibvirtJobTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private sealed class Resource : IDisposable
    {
        public int Disposed;
        public void Dispose() => Interlocked.Increment(ref Disposed);
    }

    private static LibvirtChildJob Child(Action<IWorkContext> work, IDisposable? resource = null, object? target = null) =>
        new("Copy-StorageVolume item", "test", target, work, resource, typeof(CopyStorageVolumeCommand), "Copy-StorageVolume", null);

    private static LibvirtJob NewJob(params LibvirtChildJob[] children)
    {
        var job = new LibvirtJob("Copy-StorageVolume");
        foreach (var c in children) job.Add(c);
        return job;
    }

    /// <summary>The parent's states, in order, as StateChanged reports them.</summary>
    private static List<JobState> Record(Job job)
    {
        var states = new List<JobState>();
        job.StateChanged += (_, e) => { lock (states) states.Add(e.JobStateInfo.State); };
        return states;
    }

    private static void WaitFinished(Job job) => Assert.True(job.Finished.WaitOne(Deadline), $"the job is still {job.JobStateInfo.State}");

    [Fact]
    public void AJobOfGoodInputs_GoesRunningThenCompleted_AndKeepsWhatTheWorkWrote()
    {
        var resource = new Resource();
        var job = NewJob(
            Child(c => { c.WriteObject("one"); c.WriteVerbose("did one"); c.WriteWarning("careful"); c.WriteProgress(new ProgressRecord(1, "a", "b")); }, resource),
            Child(c => c.WriteObject("two")));
        var states = Record(job);
        Assert.Equal(JobState.NotStarted, job.JobStateInfo.State);
        Assert.Equal(LibvirtJob.JobTypeName, job.PSJobTypeName);
        Assert.Equal("test", job.Location);

        job.Start();
        WaitFinished(job);

        Assert.Equal(new[] { JobState.Running, JobState.Completed }, states);
        Assert.All(job.ChildJobs, c => Assert.Equal(JobState.Completed, c.JobStateInfo.State));
        Assert.Equal("one", job.ChildJobs[0].Output.Single().BaseObject);
        Assert.Equal("two", job.ChildJobs[1].Output.Single().BaseObject);
        Assert.Equal("did one", job.ChildJobs[0].Verbose.Single().Message);
        Assert.Equal("careful", job.ChildJobs[0].Warning.Single().Message);
        Assert.Single(job.ChildJobs[0].Progress);
        Assert.True(job.HasMoreData);
        Assert.Equal(1, resource.Disposed);
        Assert.NotNull(job.PSBeginTime);
        Assert.NotNull(job.PSEndTime);
    }

    [Fact]
    public void AFailedInput_IsAFailedChildWithTheCmdletsErrorRecord_AndTheNextInputStillRuns()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        var job = NewJob(
            Child(_ =>
            {
                using var pool = StorageApi.LookupPool(connection, "default-pool");
                StorageApi.LookupVolume(pool, "no-such-volume").Dispose();
            }, target: "no-such-volume"),
            Child(c => c.WriteObject("after")));
        var states = Record(job);
        job.Start();
        WaitFinished(job);

        Assert.Equal(new[] { JobState.Running, JobState.Failed }, states);
        var failed = job.ChildJobs[0];
        Assert.Equal(JobState.Failed, failed.JobStateInfo.State);
        Assert.Null(failed.JobStateInfo.Reason); // a Reason would make Receive-Job write a second, JobStateFailed, error
        var e = Assert.Single(failed.Error);
        Assert.Equal("LibvirtNoStorageVol,PSLibvirt.Commands.CopyStorageVolumeCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("Copy-StorageVolume", e.CategoryInfo.Activity);
        Assert.Equal("no-such-volume", e.TargetObject);
        Assert.IsType<LibvirtException>(e.Exception);
        Assert.Equal(e.Exception.Message, failed.StatusMessage);
        Assert.Equal(JobState.Completed, job.ChildJobs[1].JobStateInfo.State);
        Assert.Equal("after", job.ChildJobs[1].Output.Single().BaseObject);
        Assert.Equal("1 of 2 failed", job.StatusMessage);
    }

    [Fact]
    public void StopJob_CancelsTheRunningInput_SkipsTheRest_AndReturnsWhenStopped()
    {
        using var started = new ManualResetEventSlim();
        bool secondRan = false, sawCancellation = false;
        var first = new Resource();
        var second = new Resource();
        var job = NewJob(
            Child(c =>
            {
                started.Set();
                sawCancellation = c.Stopping.WaitHandle.WaitOne(Deadline);
                c.Stopping.ThrowIfCancellationRequested();
            }, first),
            Child(_ => secondRan = true, second));
        var states = Record(job);
        job.Start();
        Assert.True(started.Wait(Deadline));

        job.StopJob();

        Assert.True(sawCancellation);
        Assert.Equal(JobState.Stopped, job.JobStateInfo.State);
        Assert.Equal(new[] { JobState.Running, JobState.Stopping, JobState.Stopped }, states);
        Assert.All(job.ChildJobs, c => Assert.Equal(JobState.Stopped, c.JobStateInfo.State));
        Assert.Empty(job.ChildJobs[0].Error);
        Assert.False(secondRan);
        Assert.Equal(1, first.Disposed);
        WaitFinished(job); // the worker has let go of the second input too
        Assert.Equal(1, second.Disposed);
    }

    [Fact]
    public void WorkThatCompletesDespiteTheStop_IsCompleted_AndTheJobStopped()
    {
        // A wipe or a clone cannot be aborted: the stop waits for it, and what it did is kept.
        using var started = new ManualResetEventSlim();
        var job = NewJob(Child(c =>
        {
            started.Set();
            Assert.True(c.Stopping.WaitHandle.WaitOne(Deadline));
            c.WriteObject("done anyway");
        }));
        job.Start();
        Assert.True(started.Wait(Deadline));
        job.StopJob();
        Assert.Equal(JobState.Stopped, job.JobStateInfo.State);
        Assert.Equal(JobState.Completed, job.ChildJobs[0].JobStateInfo.State);
        Assert.Equal("done anyway", job.ChildJobs[0].Output.Single().BaseObject);
    }

    [Fact]
    public void StoppingOneChildBeforeItsTurn_SkipsOnlyThatInput()
    {
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        bool secondRan = false;
        var skipped = new Resource();
        var job = NewJob(
            Child(_ => { started.Set(); Assert.True(release.Wait(Deadline)); }),
            Child(_ => secondRan = true, skipped),
            Child(c => c.WriteObject("third")));
        job.Start();
        Assert.True(started.Wait(Deadline));

        job.ChildJobs[1].StopJob(); // not started yet: Stopped at once, without waiting for the first
        Assert.Equal(JobState.Stopped, job.ChildJobs[1].JobStateInfo.State);
        release.Set();
        WaitFinished(job);

        Assert.False(secondRan);
        Assert.Equal(1, skipped.Disposed);
        Assert.Equal(JobState.Completed, job.ChildJobs[0].JobStateInfo.State);
        Assert.Equal("third", job.ChildJobs[2].Output.Single().BaseObject);
        Assert.Equal(JobState.Stopped, job.JobStateInfo.State);
    }

    [Fact]
    public void StopJob_OnAFinishedJob_ChangesNothing()
    {
        var job = NewJob(Child(c => c.WriteObject(1)));
        job.Start();
        WaitFinished(job);
        job.StopJob();
        job.ChildJobs[0].StopJob();
        Assert.Equal(JobState.Completed, job.JobStateInfo.State);
        Assert.Equal(JobState.Completed, job.ChildJobs[0].JobStateInfo.State);
    }

    [Fact]
    public void AJobThatNeverStarts_ReleasesWhatItsInputsOwn_WhenDisposed()
    {
        var resource = new Resource();
        var job = NewJob(Child(_ => throw new InvalidOperationException("never runs"), resource));
        job.StopJob(); // not started: nothing to stop
        Assert.Equal(JobState.NotStarted, job.JobStateInfo.State);
        job.Dispose();
        Assert.Equal(1, resource.Disposed);
        Assert.Throws<InvalidOperationException>(() => new LibvirtJob("x").Start());
    }
}
