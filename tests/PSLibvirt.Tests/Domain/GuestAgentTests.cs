using System.Text.Json.Nodes;
using PSLibvirt.Commands;
using PSLibvirt.Core;
using PSLibvirt.Native;
using PSLibvirt.Tests.Binding;
using Xunit;

namespace PSLibvirt.Tests.Domain;

/// <summary>The guest agent wrapper: guest-exec-status answers, agent error messages, guest file names, and the test driver's answers.</summary>
[Collection(LibvirtCollection.Name)]
public sealed class GuestAgentTests
{
    [Fact]
    public void An_exec_status_gives_exit_code_and_decoded_output()
    {
        var status = JsonNode.Parse("""{"exited":true,"exitcode":3,"out-data":"b3V0Cg==","err-data":"AAH/","out-truncated":true}""")!;
        var r = GuestAgentApi.ParseExecStatus(7, status);
        Assert.Equal(7, r.ProcessId);
        Assert.Equal(3, r.ExitCode);
        Assert.Null(r.Signal);
        Assert.Equal("out\n"u8.ToArray(), r.StdOut);
        Assert.Equal(new byte[] { 0, 1, 255 }, r.StdErr);
        Assert.True(r.StdOutTruncated);
        Assert.False(r.StdErrTruncated);
    }

    [Fact]
    public void An_exec_status_of_a_signalled_program_without_output_has_a_signal_and_empty_output()
    {
        var r = GuestAgentApi.ParseExecStatus(1, JsonNode.Parse("""{"exited":true,"signal":9}""")!);
        Assert.Null(r.ExitCode);
        Assert.Equal(9, r.Signal);
        Assert.Empty(r.StdOut);
        Assert.Empty(r.StdErr);
    }

    [Theory]
    [InlineData("internal error: unable to execute QEMU agent command 'guest-file-open': failed to open file '/x' (mode: 'rb'): No such file or directory",
        "failed to open file '/x' (mode: 'rb'): No such file or directory")]
    [InlineData("something else", "something else")]
    public void The_agent_message_is_taken_out_of_libvirts(string libvirt, string agent) =>
        Assert.Equal(agent, GuestAgentApi.AgentMessage(libvirt));

    [Theory]
    [InlineData("/var/log/syslog", "syslog")]
    [InlineData("C:\\Windows\\win.ini", "win.ini")]
    [InlineData("/tmp/dir/", "dir")]
    [InlineData("/", "guest-file")]
    public void A_guest_path_gives_its_file_name(string path, string name) =>
        Assert.Equal(name, CopyDomainGuestFileCommand.GuestFileName(path));

    [Fact]
    public void The_test_driver_reports_one_address_for_every_source()
    {
        using var c = LibvirtConnection.Open(TestDriver.Uri);
        using var h = DomainApi.LookupByName(c, "test");
        foreach (var source in Enum.GetValues<GuestAddressSource>())
        {
            var a = Assert.Single(GuestInfoApi.InterfaceAddresses(h, source));
            Assert.Equal(new GuestInfoApi.InterfaceAddress("testnet0", "aa:bb:cc:dd:ee:ff", "192.168.122.3", 24, IPAddressFamily.IPv4), a);
        }
    }

    [Fact]
    public void The_test_driver_has_no_agent_and_waiting_for_it_fails_at_once()
    {
        using var c = LibvirtConnection.Open(TestDriver.Uri);
        using var h = DomainApi.LookupByName(c, "test");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<LibvirtException>(() => GuestAgentApi.WaitForAgent(h, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(VirErrorNumber.VIR_ERR_NO_SUPPORT, e.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }
}
