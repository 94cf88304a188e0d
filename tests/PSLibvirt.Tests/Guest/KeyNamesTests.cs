using PSLibvirt.Core;
using Xunit;

namespace PSLibvirt.Tests.Guest;

public class KeyNamesTests
{
    [Theory]
    [InlineData("KEY_A", 30)]
    [InlineData("key_a", 30)]
    [InlineData("a", 30)]
    [InlineData("A", 30)]
    [InlineData("1", 1)]       // a number is a key code, as virsh reads it (KEY_1 is 2)
    [InlineData("KEY_1", 2)]
    [InlineData("ctrl", 29)]
    [InlineData("alt", 56)]
    [InlineData("shift", 42)]
    [InlineData("delete", 111)]
    [InlineData("del", 111)]
    [InlineData("enter", 28)]
    [InlineData("return", 28)]
    [InlineData("esc", 1)]
    [InlineData("f1", 59)]
    [InlineData("F12", 88)]
    [InlineData("space", 57)]
    [InlineData("leftctrl", 29)]
    [InlineData("KEY_SYSRQ", 99)]
    [InlineData("BTN_LEFT", 0x110)]
    [InlineData("0x1e", 30)]
    [InlineData("0X1E", 30)]
    [InlineData("30", 30)]
    public void One_key_gives_its_linux_code(string name, uint code) =>
        Assert.Equal(new[] { code }, KeyNames.ParseCombination(name));

    [Fact]
    public void Keys_joined_with_plus_are_one_combination_in_order()
    {
        Assert.Equal(new uint[] { 29, 56, 111 }, KeyNames.ParseCombination("ctrl+alt+delete"));
        Assert.Equal(new uint[] { 29, 56, 111 }, KeyNames.ParseCombination(" KEY_LEFTCTRL + alt + 111 "));
    }

    [Fact]
    public void The_table_matches_the_kernel_header_for_every_letter_and_function_key()
    {
        // Linux's layout: q..p 16-25, a..l 30-38, z..m 44-50; F1-F10 59-68, F11 87, F12 88.
        string rows = "qwertyuiop|asdfghjkl|zxcvbnm";
        int[] starts = [16, 30, 44];
        var parts = rows.Split('|');
        for (int r = 0; r < 3; r++)
            for (int i = 0; i < parts[r].Length; i++)
                Assert.Equal(starts[r] + i, KeyNames.LinuxCode(parts[r][i].ToString()));
        for (int f = 1; f <= 10; f++) Assert.Equal(58 + f, KeyNames.LinuxCode("f" + f));
    }

    [Theory]
    [InlineData("foo", "UnknownKeyName")]
    [InlineData("ctrl+foo", "UnknownKeyName")]
    [InlineData("KEY_", "UnknownKeyName")]
    [InlineData("-1", "UnknownKeyName")]
    [InlineData("0x", "UnknownKeyName")]
    [InlineData("ctrl+", "EmptyKeyName")]
    [InlineData("+", "EmptyKeyName")]
    [InlineData("", "EmptyKeyName")]
    [InlineData("a+a+a+a+a+a+a+a+a+a+a+a+a+a+a+a+a", "TooManyKeys")]
    public void Bad_names_are_refused_with_a_reason(string text, string reason)
    {
        var ex = Assert.Throws<KeyNameException>(() => KeyNames.ParseCombination(text));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(text, ex.Text);
    }

    [Fact]
    public void Sixteen_keys_are_allowed_together()
    {
        Assert.Equal(16, KeyNames.ParseCombination(string.Join("+", Enumerable.Repeat("a", 16))).Length);
    }

    [Fact]
    public void Another_code_set_takes_numbers_only()
    {
        Assert.Equal(new uint[] { 0x1e }, KeyNames.ParseCombination("0x1e", KeyCodeSet.XT));
        Assert.Equal(new uint[] { 0x1d, 0x38, 0x53 }, KeyNames.ParseCombination("29+56+0x53", KeyCodeSet.ATSet1));
        var ex = Assert.Throws<KeyNameException>(() => KeyNames.ParseCombination("a", KeyCodeSet.Win32));
        Assert.Equal("KeyNameNeedsLinuxCodeSet", ex.Reason);
    }

    [Fact]
    public void Rfb_is_qnum_as_in_libvirt()
    {
        Assert.Equal((int)Native.VirKeycodeSet.VIR_KEYCODE_SET_QNUM, (int)KeyCodeSet.RFB);
        foreach (var set in Enum.GetValues<KeyCodeSet>())
            Assert.True((int)set < (int)Native.VirKeycodeSet.VIR_KEYCODE_SET_LAST);
        Assert.Equal((int)Native.VirKeycodeSet.VIR_KEYCODE_SET_XT_KBD, (int)KeyCodeSet.XTKbd);
        Assert.Equal((int)Native.VirKeycodeSet.VIR_KEYCODE_SET_OSX, (int)KeyCodeSet.OSX);
    }

    [Fact]
    public void Every_name_offered_for_completion_resolves()
    {
        foreach (var n in KeyNames.AllNames()) Assert.NotNull(KeyNames.LinuxCode(n));
        Assert.Contains("ctrl", KeyNames.AllNames());
        Assert.Contains("delete", KeyNames.AllNames());
    }
}
