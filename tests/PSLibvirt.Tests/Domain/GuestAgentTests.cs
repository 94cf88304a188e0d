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

    [Theory]
    [InlineData("0-3", "0,1,2,3")]
    [InlineData("0-3,^2,5", "0,1,3,5")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_cpu_list_is_parsed_as_libvirt_writes_it(string? text, string ids) =>
        Assert.Equal(ids, string.Join(",", GuestInfoApi.ParseCpuList(text)));

    [Fact]
    public void Guest_info_parameters_become_typed_objects_and_what_is_missing_stays_empty()
    {
        var p = new Dictionary<string, object>
        {
            ["user.count"] = 1u, ["user.0.name"] = "root", ["user.0.login-time"] = 1000ul,
            ["os.id"] = "debian", ["os.kernel-release"] = "6.1.0",
            ["timezone.name"] = "CET", ["timezone.offset"] = 3600,
            ["hostname"] = "web",
            ["fs.count"] = 1u, ["fs.0.mountpoint"] = "/", ["fs.0.fstype"] = "ext4", ["fs.0.total-bytes"] = 100ul, ["fs.0.disk.count"] = 1u, ["fs.0.disk.0.alias"] = "vda",
            ["disk.count"] = 1u, ["disk.0.name"] = "/dev/vda1", ["disk.0.partition"] = true, ["disk.0.dependency.count"] = 1u, ["disk.0.dependency.0.name"] = "/dev/vda",
            ["if.count"] = 1u, ["if.0.name"] = "eth0", ["if.0.hwaddr"] = "52:54:00:00:00:01", ["if.0.addr.count"] = 2u,
            ["if.0.addr.0.type"] = "ipv4", ["if.0.addr.0.addr"] = "10.0.0.2", ["if.0.addr.0.prefix"] = 24u,
            ["if.0.addr.1.type"] = "ipv6", ["if.0.addr.1.addr"] = "fe80::1", ["if.0.addr.1.prefix"] = 64u,
        };
        var g = GuestInfoApi.ParseGuestInfo(p, "web", null);
        Assert.Equal("root", Assert.Single(g.Users).Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), g.Users[0].LoginTime);
        Assert.Equal("debian", g.OS!.Id);
        Assert.Equal("6.1.0", g.OS.KernelRelease);
        Assert.Null(g.OS.Name);
        Assert.Equal(("CET", 3600), (g.TimeZone, g.TimeZoneOffsetSeconds));
        Assert.Equal("web", g.Hostname);
        var fs = Assert.Single(g.FileSystems);
        Assert.Equal(("/", "ext4", (ulong?)100, (ulong?)null), (fs.MountPoint, fs.Type, fs.TotalBytes, fs.UsedBytes));
        Assert.Equal(["vda"], fs.Disks);
        var disk = Assert.Single(g.Disks);
        Assert.True(disk.IsPartition);
        Assert.Equal(["/dev/vda"], disk.Dependencies);
        var nic = Assert.Single(g.Interfaces);
        Assert.Equal(["10.0.0.2/24", "fe80::1/64"], nic.Addresses.Select(a => a.ToString()));
        Assert.Equal(IPAddressFamily.IPv6, nic.Addresses[1].Family);

        var empty = GuestInfoApi.ParseGuestInfo(new Dictionary<string, object> { ["hostname"] = "h" }, "x", null);
        Assert.Null(empty.OS);
        Assert.Empty(empty.Users);
        Assert.Empty(empty.Interfaces);
        Assert.Null(empty.TimeZoneOffsetSeconds);
    }
}
