using PrivateCloud.Tasks.Configuration.Templates;

namespace PrivateCloud.Tests.Configuration;

public class TemplateRendererTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["A"] = "val",
        ["AB"] = "ab",
        ["E"] = string.Empty,
        ["TRICKY"] = "$A `x` \\n \"q\" ${A}",
    };

    private static RenderResult Render(string text, bool allowUndefined = false) =>
        TemplateRenderer.Render(text, "conf/app.conf.template", Variables, allowUndefined);

    private static string Rendered(string text)
    {
        var result = Render(text);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Output;
    }

    [Theory]
    [InlineData("$A", "val")]
    [InlineData("${A}", "val")]
    [InlineData("x$A.y", "xval.y")]
    [InlineData("$AB$A", "abval")]
    [InlineData("${A}B", "valB")]
    [InlineData("$E|", "|")]
    [InlineData("$TRICKY", "$A `x` \\n \"q\" ${A}")]
    public void Expands_plain_variables_without_rescanning_values(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Theory]
    [InlineData("${U:-def}", "def")]
    [InlineData("${E:-def}", "def")]
    [InlineData("${A:-def}", "val")]
    [InlineData("${U-def}", "def")]
    [InlineData("${E-def}", "")]
    [InlineData("${U:+alt}", "")]
    [InlineData("${E:+alt}", "")]
    [InlineData("${A:+alt}", "alt")]
    [InlineData("${U+alt}", "")]
    [InlineData("${E+alt}", "alt")]
    [InlineData("${U:-}", "")]
    [InlineData("${U:-$A$A}", "valval")]
    [InlineData("${U:-a${V:-b}c}", "abc")]
    [InlineData("${A:-$UNDEFINED_BUT_NOT_NEEDED}", "val")]
    public void Applies_default_and_alternative_operators(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Theory]
    [InlineData("${N:=set} $N", "set set")]
    [InlineData("${E:=e2} $E", "e2 e2")]
    [InlineData("${E=e2}|$E", "|")]
    [InlineData("${N=x} ${N:-y}", "x x")]
    [InlineData("${A:=other}", "val")]
    public void Assigns_defaults_for_the_rest_of_the_file(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Theory]
    [InlineData("${U:-\"q u\"}", "q u")]
    [InlineData("${U:-'s q'}", "'s q'")]
    [InlineData("${U:-\"$A\"}", "val")]
    [InlineData("${U:-\"}\"}", "}")]
    [InlineData("${U:-'}'}", "''}")]
    [InlineData("${U:-a\\}b}", "a}b")]
    [InlineData("${U:-\\$A}", "$A")]
    [InlineData("${U:-\\\"}", "\"")]
    [InlineData("${U:-\\\\}", "\\")]
    [InlineData("${U:-\\x}", "\\x")]
    [InlineData("${U:-\"\\x\"}", "\\x")]
    [InlineData("${U:-{a}b}", "{ab}")]
    [InlineData("${A:+\"w\"}", "w")]
    public void Word_follows_dash_quoting_inside_braces(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Theory]
    [InlineData("\"$A\" '$A'", "\"val\" 'val'")]
    [InlineData("\\$A", "$A")]
    [InlineData("\\\\", "\\")]
    [InlineData("\\`", "`")]
    [InlineData("\\x \\. \\\" \\' \\}", "\\x \\. \\\" \\' \\}")]
    [InlineData("^/api/(.*)\\.php\\$", "^/api/(.*)\\.php$")]
    [InlineData("a$ $. $\" $/ $", "a$ $. $\" $/ $")]
    public void Quotes_are_plain_text_and_backslash_escapes_only_dollar_backquote_backslash(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Theory]
    [InlineData("a\\\nb", "ab")]
    [InlineData("$A\\\nB", "ab")]
    [InlineData("$\\\nA", "val")]
    [InlineData("${\\\nA}", "val")]
    [InlineData("${A:\\\n-q}", "val")]
    [InlineData("\\\\\nx", "\\\nx")]
    [InlineData("\\\\\\\nz", "\\z")]
    [InlineData("${U:-x\\\ny}", "xy")]
    public void Backslash_newline_joins_lines_everywhere(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Theory]
    [InlineData("", "\n")]
    [InlineData("\n\n\n", "\n")]
    [InlineData("a", "a\n")]
    [InlineData("a\n\n\n", "a\n")]
    [InlineData("\n\na\n", "\n\na\n")]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n")]
    [InlineData("a\\\r\nb", "a\\\r\nb\n")]
    public void Output_ends_with_exactly_one_newline_like_command_substitution_then_heredoc(string text, string expected) =>
        Assert.Equal(expected, Rendered(text));

    [Fact]
    public void Refuses_command_substitution_with_location_and_hint()
    {
        var result = Render("line one\nx=$(hostname) y=`date`\nz=$((1+2))");

        Assert.False(result.Succeeded);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(
            [
                "conf/app.conf.template:2:3: command substitution '$(' is never executed; write '\\$' for a literal dollar sign",
                "conf/app.conf.template:2:17: backquote command substitution is never executed; write '\\`' for a literal backquote",
                "conf/app.conf.template:2:22: backquote command substitution is never executed; write '\\`' for a literal backquote",
                "conf/app.conf.template:3:3: arithmetic expansion '$((' is not supported; write '\\$' for a literal dollar sign",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("rewrite ^(.*)$ /x/$1;", 19, "'$1' is a shell special parameter")]
    [InlineData("pid $$", 5, "'$$' is a shell special parameter")]
    [InlineData("x $@", 3, "'$@' is a shell special parameter")]
    [InlineData("x $?", 3, "'$?' is a shell special parameter")]
    [InlineData("x $#", 3, "'$#' is a shell special parameter")]
    [InlineData("x ${1}", 3, "'${1...' is a shell special parameter")]
    [InlineData("x ${#A}", 3, "'${#...}' (length or argument count) is not supported")]
    [InlineData("x ${A%.*}", 3, "'${A%...}' is not supported")]
    [InlineData("x ${A##*/}", 3, "'${A#...}' is not supported")]
    [InlineData("x ${A:0:2}", 3, "'${A:0...}' is not supported")]
    [InlineData("x ${}", 3, "bad substitution: '${' must be followed by a variable name")]
    [InlineData("x ${ A}", 3, "bad substitution: '${' must be followed by a variable name")]
    [InlineData("x ${A B}", 3, "bad substitution in '${A'")]
    [InlineData("x ${A:-open", 3, "'${' has no closing '}'")]
    [InlineData("x ${A", 3, "'${' has no closing '}'")]
    [InlineData("x\\", 2, "the file ends with a backslash")]
    public void Refuses_what_it_does_not_reproduce(string text, int column, string message)
    {
        var result = Render(text);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("conf/app.conf.template", 1, column), (error.Path, error.Line, error.Column));
        Assert.StartsWith(message, error.Message);
        Assert.True(error.Message.Contains("write '\\", StringComparison.Ordinal) || error.Message.Contains("supported forms", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void Reports_every_undefined_variable_with_its_location()
    {
        var result = Render("a=$MISSING_ONE\nb=${MISSING_TWO} c=$A\nd=${MISSING_ONE}");

        Assert.Equal(
            [
                "conf/app.conf.template:1:3: MISSING_ONE is not defined; set it in .env or the environment, or give a default with ${MISSING_ONE:-default}",
                "conf/app.conf.template:2:3: MISSING_TWO is not defined; set it in .env or the environment, or give a default with ${MISSING_TWO:-default}",
                "conf/app.conf.template:3:3: MISSING_ONE is not defined; set it in .env or the environment, or give a default with ${MISSING_ONE:-default}",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Allow_undefined_renders_empty_and_warns_once_per_name()
    {
        var result = Render("a=$MISSING_ONE\nb=${MISSING_TWO} c=$A\nd=${MISSING_ONE}", allowUndefined: true);

        Assert.True(result.Succeeded);
        Assert.Equal("a=\nb= c=val\nd=\n", result.Output);
        Assert.Equal(
            [
                "conf/app.conf.template:1:3: MISSING_ONE is not defined and was rendered empty (1 more place(s) in this file)",
                "conf/app.conf.template:2:3: MISSING_TWO is not defined and was rendered empty",
            ],
            result.Warnings.Select(w => w.ToString()));
    }

    [Theory]
    [InlineData("x\n  ${E:?set E to the mail domain}", "conf/app.conf.template:2:3: E: set E to the mail domain")]
    [InlineData("${U:?}", "conf/app.conf.template:1:1: U: parameter not set or null")]
    [InlineData("${U?}", "conf/app.conf.template:1:1: U: parameter not set")]
    [InlineData("${U?need $A}", "conf/app.conf.template:1:1: U: need val")]
    public void Required_variable_errors_carry_the_message(string text, string expected)
    {
        var result = Render(text, allowUndefined: true);

        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("${E?unused}|${A:?unused}", "|val")]
    public void Required_variable_that_is_set_renders_its_value(string text, string expected) =>
        Assert.Equal(expected + "\n", Rendered(text));

    [Fact]
    public void Reports_the_variables_whose_values_were_read()
    {
        var result = Render("$A ${U:-x} ${AB:+y} ${N:=z} ${E-no} ${A-$NOT_READ}");

        Assert.Equal(["A", "AB", "E", "N"], result.UsedVariables);
    }
}
