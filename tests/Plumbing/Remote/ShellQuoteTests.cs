using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

public class ShellQuoteTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("/etc/app/config.yml", "/etc/app/config.yml")]
    [InlineData("", "''")]
    [InlineData("a", "a")]
    [InlineData("_-.:@%+=,", "_-.:@%+=,")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    public void Leaves_plain_words_readable_and_single_quotes_the_rest(string value, string quoted) =>
        Assert.Equal(quoted, ShellQuote.Quote(value));

    [Fact]
    public async Task Every_value_reaches_a_real_shell_unchanged()
    {
        Requires.That(File.Exists("/bin/sh"), "/bin/sh is needed");
        string[] values =
        [
            "", "plain", "two  spaces", "it's", "''", "\"double\"", "$(touch /tmp/pwned)", "`id`", "a;b|c&d",
            "back\\slash", "new\nline", "tab\there", "*", "~", "-n", "ünïcödé", "!event", "${PATH}", "x'\"'y",
        ];
        var script = "printf '%s\\0' " + ShellQuote.Join(values);

        var output = await SshServerFixture.RunTool("/bin/sh", "-c", script);

        Assert.Equal(values, output.Split('\0')[..^1]);
    }
}
