using System.Text;
using System.Text.RegularExpressions;
using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Guest;

public class ConsoleTextBufferTests
{
    private static void Feed(ConsoleTextBuffer b, string s) => b.Append(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void A_pattern_split_across_chunks_is_found_once_the_rest_arrives()
    {
        var b = new ConsoleTextBuffer();
        var login = new Regex("login:");
        Feed(b, "Debian GNU/Linux\r\nhost log");
        Assert.Null(b.TakeThrough(login));
        Feed(b, "in: ");
        Assert.Equal("Debian GNU/Linux\r\nhost login:", b.TakeThrough(login));
        // what follows the match stays for the next read
        Assert.Equal(" ", b.TakeAll());
        Assert.Equal("", b.TakeAll());
    }

    [Fact]
    public void Text_after_a_match_is_kept_and_a_second_match_is_found_in_it()
    {
        var b = new ConsoleTextBuffer();
        Feed(b, "# \r\n# ");
        var prompt = new Regex("# ");
        Assert.Equal("# ", b.TakeThrough(prompt));
        Assert.Equal("\r\n# ", b.TakeThrough(prompt));
        Assert.Null(b.TakeThrough(prompt));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_UTF8_character_split_between_chunks_is_decoded_whole(int cut)
    {
        // "€" is 3 bytes, "😀" 4 (a surrogate pair in .NET): cut inside them at every offset
        byte[] all = Encoding.UTF8.GetBytes("a€b😀c");
        for (int at = 0; at <= all.Length; at++)
        {
            var b = new ConsoleTextBuffer();
            int first = Math.Min(at, all.Length);
            b.Append(all.AsSpan(0, first));
            // byte by byte for the rest in pieces of `cut`
            for (int i = first; i < all.Length; i += cut) b.Append(all.AsSpan(i, Math.Min(cut, all.Length - i)));
            Assert.Equal("a€b😀c", b.TakeAll());
        }
    }

    [Fact]
    public void An_incomplete_character_is_not_shown_until_it_completes()
    {
        var b = new ConsoleTextBuffer();
        byte[] euro = Encoding.UTF8.GetBytes("€");
        b.Append(euro.AsSpan(0, 2));
        Assert.Equal("", b.Peek());
        b.Append(euro.AsSpan(2));
        Assert.Equal("€", b.TakeAll());
    }

    [Fact]
    public void Invalid_bytes_become_replacement_characters_and_do_not_stop_decoding()
    {
        var b = new ConsoleTextBuffer();
        b.Append(new byte[] { (byte)'x', 0xff, (byte)'y' });
        Assert.Equal("x\uFFFDy", b.TakeAll());
    }

    [Fact]
    public void A_pattern_spanning_a_split_character_matches()
    {
        var b = new ConsoleTextBuffer();
        byte[] all = Encoding.UTF8.GetBytes("prêt> ");
        b.Append(all.AsSpan(0, 3)); // "pr" + first byte of "ê"
        Assert.Null(b.TakeThrough(new Regex("prêt> ")));
        b.Append(all.AsSpan(3));
        Assert.Equal("prêt> ", b.TakeThrough(new Regex("prêt> ")));
    }
}
