using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Guest;

public class DomainDisplayParserTests
{
    private static string Domain(string devices) => $"<domain type='qemu'><name>g</name><devices>{devices}</devices></domain>";

    [Fact]
    public void Vnc_gives_the_display_number_in_the_uri_as_virsh_domdisplay()
    {
        var d = Assert.Single(DomainDisplayApi.ParseGraphics(Domain(
            "<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics>"), null, false));
        Assert.Equal("vnc", d.Type);
        Assert.Equal("vnc://127.0.0.1:1", d.Uri);
        Assert.Equal(5901, d.Port);
        Assert.Equal(1, d.Display);
        Assert.Equal("127.0.0.1", d.Host);
        Assert.Null(d.TlsPort);
        Assert.Null(d.Password);
    }

    [Fact]
    public void The_password_appears_only_when_asked_for()
    {
        string xml = Domain("<graphics type='vnc' port='5900' listen='127.0.0.1' passwd='s3cret'/>");
        var hidden = Assert.Single(DomainDisplayApi.ParseGraphics(xml, null, false));
        Assert.Null(hidden.Password);
        Assert.DoesNotContain("s3cret", hidden.Uri);
        var shown = Assert.Single(DomainDisplayApi.ParseGraphics(xml, null, true));
        Assert.Equal("s3cret", shown.Password);
        Assert.Equal("vnc://:s3cret@127.0.0.1:0", shown.Uri);
    }

    [Fact]
    public void Spice_with_tls_port_and_password_as_virsh_writes_it()
    {
        string xml = Domain("<graphics type='spice' port='5902' tlsPort='5903' listen='::1' passwd='pw'/>");
        var d = Assert.Single(DomainDisplayApi.ParseGraphics(xml, null, true));
        Assert.Equal("spice://[::1]:5902?tls-port=5903&password=pw", d.Uri);
        Assert.Null(d.Display);
        var noTls = Assert.Single(DomainDisplayApi.ParseGraphics(Domain("<graphics type='spice' port='5902' listen='10.0.0.1' passwd='pw'/>"), null, true));
        Assert.Equal("spice://10.0.0.1:5902?password=pw", noTls.Uri);
    }

    [Fact]
    public void A_wildcard_listen_address_becomes_the_connection_host_or_localhost()
    {
        string xml = Domain("<graphics type='vnc' port='5900' listen='0.0.0.0'/>");
        Assert.Equal("vnc://kvm1.example.com:0", DomainDisplayApi.ParseGraphics(xml, "kvm1.example.com", false)[0].Uri);
        Assert.Equal("vnc://localhost:0", DomainDisplayApi.ParseGraphics(xml, null, false)[0].Uri);
        Assert.Equal("0.0.0.0", DomainDisplayApi.ParseGraphics(xml, null, false)[0].Listen);
        Assert.Equal("vnc://localhost:0", DomainDisplayApi.ParseGraphics(Domain("<graphics type='vnc' port='5900'/>"), null, false)[0].Uri);
        Assert.Equal("vnc://localhost:0", DomainDisplayApi.ParseGraphics(Domain("<graphics type='vnc' port='5900' listen='::'/>"), null, false)[0].Uri);
    }

    [Fact]
    public void A_socket_display_gives_a_unix_uri()
    {
        var d = Assert.Single(DomainDisplayApi.ParseGraphics(Domain(
            "<graphics type='vnc' socket='/run/vnc.sock'><listen type='socket' socket='/run/vnc.sock'/></graphics>"), null, false));
        Assert.Equal("vnc+unix:///run/vnc.sock", d.Uri);
        Assert.Equal("/run/vnc.sock", d.Socket);
        Assert.Null(d.Port);
        Assert.Equal("", d.Host);
    }

    [Fact]
    public void Displays_without_an_address_are_left_out_and_the_rest_kept_in_order()
    {
        var list = DomainDisplayApi.ParseGraphics(Domain(
            "<graphics type='sdl'/><graphics type='vnc' port='-1' autoport='yes'/><graphics type='spice' port='5930' listen='127.0.0.1'/>" +
            "<graphics type='rdp' port='3389' listen='127.0.0.1'/><graphics type='egl-headless'/>"), null, false);
        Assert.Equal(new[] { "spice", "rdp" }, list.Select(d => d.Type));
        Assert.Equal("rdp://127.0.0.1:3389", list[1].Uri);
        Assert.Empty(DomainDisplayApi.ParseGraphics(Domain(""), null, false));
        Assert.Empty(DomainDisplayApi.ParseGraphics("<domain><name>x</name></domain>", null, false));
    }

    [Fact]
    public void The_listen_subelement_is_used_when_the_attribute_is_missing()
    {
        var d = Assert.Single(DomainDisplayApi.ParseGraphics(Domain(
            "<graphics type='vnc' port='5905'><listen type='address' address='192.168.1.5'/></graphics>"), null, false));
        Assert.Equal("vnc://192.168.1.5:5", d.Uri);
    }

    [Fact]
    public void Consoles_give_their_pty_path_alias_and_target()
    {
        var list = DomainDisplayApi.ParseConsoles(Domain(
            "<serial type='pty'><source path='/dev/pts/4'/><target port='0'/><alias name='serial0'/></serial>" +
            "<console type='pty' tty='/dev/pts/4'><source path='/dev/pts/4'/><target type='serial' port='0'/><alias name='serial0'/></console>" +
            "<console type='pty' tty='/dev/pts/5'><target type='virtio' port='1'/><alias name='console1'/></console>" +
            "<console type='unix'><source mode='bind' path='/run/c.sock'/><target type='virtio' port='2'/></console>"));
        Assert.Equal(3, list.Count);
        Assert.Equal(new ConsoleDevice("serial0", "pty", "serial", 0, "/dev/pts/4"), list[0]);
        Assert.Equal(new ConsoleDevice("console1", "pty", "virtio", 1, "/dev/pts/5"), list[1]);
        Assert.Equal(new ConsoleDevice(null, "unix", "virtio", 2, "/run/c.sock"), list[2]);
    }

    [Fact]
    public void The_server_of_a_connection_uri()
    {
        Assert.Equal("kvm1", DomainDisplayApi.UriServer("qemu+ssh://root@kvm1/system"));
        Assert.Null(DomainDisplayApi.UriServer("qemu:///system"));
        Assert.Null(DomainDisplayApi.UriServer("test:///default"));
    }
}
