using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.DotEnv;

namespace PrivateCloud.Tests.Configuration;

/// <summary>
/// One test per rule of docker compose v2's .env format (compose-go dotenv + template), and one
/// per malformed input with its exact message.
/// </summary>
public class DotEnvParserTests
{
    private const string Path = "/srv/cloud/.env";

    private static DotEnvFile Parse(string text, Func<string, string?>? lookup = null) =>
        DotEnvParser.Parse(text, Path, lookup);

    private static string Value(string text, string key, Func<string, string?>? lookup = null) =>
        Parse(text, lookup).Values[key];

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    private static string Error(string text, Func<string, string?>? lookup = null) =>
        Assert.Throws<DotEnvException>(() => Parse(text, lookup)).Message;

    [Fact]
    public void Skips_blank_and_comment_lines_and_keeps_order_and_line_numbers()
    {
        var file = Parse("# header\n\n   \nB=2\n  # indented comment\nA=1\n\t\nC=3");

        Assert.Equal(
            [new DotEnvEntry("B", "2", 4), new DotEnvEntry("A", "1", 6), new DotEnvEntry("C", "3", 8)],
            file.Entries);
        Assert.Equal(Path, file.Path);
    }

    [Fact]
    public void Statements_name_every_assignment_with_the_lines_it_spans()
    {
        var file = Parse("A=1\n# note\nexport B: 'two\nlines\nhere'  # end\nC\nA: \"again\"\n");

        Assert.Equal(
            [new DotEnvStatement("A", 1, 1), new DotEnvStatement("B", 3, 5), new DotEnvStatement("C", 6, 6), new DotEnvStatement("A", 7, 7)],
            file.Statements);
    }

    [Fact]
    public void Ignores_an_export_prefix()
    {
        var file = Parse("export A=1\nexport\tB=2\nexport=3");

        Assert.Equal("1", file.Values["A"]);
        Assert.Equal("2", file.Values["B"]);
        Assert.Equal("3", file.Values["export"]);
    }

    [Fact]
    public void Accepts_the_key_characters_compose_accepts()
    {
        var file = Parse("a.b-c_D1=x\na[1]=y\n1ST=z\nárvíztűrő=w");

        Assert.Equal(["a.b-c_D1", "a[1]", "1ST", "árvíztűrő"], file.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Ignores_blanks_around_key_and_equals_sign()
    {
        var file = Parse("  A  =  1\nB\t=\t2");

        Assert.Equal("1", file.Values["A"]);
        Assert.Equal("2", file.Values["B"]);
    }

    [Fact]
    public void Accepts_a_colon_as_separator_like_compose()
    {
        Assert.Equal("value", Value("A: value", "A"));
    }

    [Fact]
    public void Trims_unquoted_values_and_keeps_inner_blanks()
    {
        Assert.Equal("a  b", Value("A=   a  b   ", "A"));
    }

    [Fact]
    public void Space_hash_starts_an_inline_comment_in_an_unquoted_value()
    {
        Assert.Equal("value", Value("A=value # comment #2", "A"));
    }

    [Theory]
    [InlineData("A=abc#def", "abc#def")]
    [InlineData("A=abc\t#def", "abc\t#def")]
    [InlineData("A= #def", "#def")]
    [InlineData("A=#def # note", "#def")]
    public void A_hash_not_after_a_space_is_part_of_the_value(string text, string expected)
    {
        // Compose cuts only at " #"; after the '=' the blanks are skipped first, so "A= #x" is "#x".
        Assert.Equal(expected, Value(text, "A"));
    }

    [Fact]
    public void Unquoted_values_keep_backslashes_and_quotes_as_written()
    {
        Assert.Equal(@"a\nb""c'd", Value(@"A=a\nb""c'd", "A"));
    }

    [Fact]
    public void Empty_values_are_empty()
    {
        var file = Parse("A=\nB=\"\"\nC=''");

        Assert.All(file.Entries, entry => Assert.Equal(string.Empty, entry.Value));
        Assert.Equal(3, file.Entries.Count);
    }

    [Fact]
    public void Single_quotes_are_literal()
    {
        var lookup = Environment(("A", "set"));

        Assert.Equal(@"${A} $A $$ \n \\ # x", Value(@"B='${A} $A $$ \n \\ # x'", "B", lookup));
    }

    [Fact]
    public void Single_quotes_take_a_backslash_quote_as_a_quote()
    {
        Assert.Equal("it's", Value(@"A='it\'s'", "A"));
    }

    [Fact]
    public void Single_quoted_values_span_lines()
    {
        var file = Parse("A='line 1\nline 2\n  line 3'\nB=after");

        Assert.Equal("line 1\nline 2\n  line 3", file.Values["A"]);
        Assert.Equal(new DotEnvEntry("B", "after", 4), file.Find("B"));
    }

    [Theory]
    [InlineData(@"a\nb", "a\nb")]
    [InlineData(@"a\rb", "a\rb")]
    [InlineData(@"a\tb", "a\tb")]
    [InlineData(@"a\\b", @"a\b")]
    [InlineData(@"a\""b", "a\"b")]
    [InlineData(@"a\$B", "a$B")]
    [InlineData(@"\a\b\f\v", "\a\b\f\v")]
    [InlineData(@"\0101", "A")]
    [InlineData(@"a\qb\x41", @"a\qb\x41")]
    [InlineData(@"ends\\", @"ends\")]
    public void Double_quotes_expand_compose_escapes(string quoted, string expected)
    {
        Assert.Equal(expected, Value($"A=\"{quoted}\"", "A", Environment(("B", "must not appear"))));
    }

    [Fact]
    public void Double_quoted_values_span_lines_and_are_interpolated()
    {
        var file = Parse("HOST=mail\nA=\"first ${HOST}\nsecond $HOST\"\nB=x");

        Assert.Equal("first mail\nsecond mail", file.Values["A"]);
        Assert.Equal(2, file.Find("A")!.Line);
        Assert.Equal(4, file.Find("B")!.Line);
    }

    [Fact]
    public void A_comment_may_follow_a_closing_quote()
    {
        var file = Parse("A=\"x\"   # note\nB='y'#note\nC=\"z\"\t");

        Assert.Equal(["x", "y", "z"], file.Entries.Select(e => e.Value));
    }

    [Fact]
    public void Unquoted_and_double_quoted_values_see_earlier_keys()
    {
        var file = Parse("DOMAIN=example.org\nURL=https://$DOMAIN/x\nMAIL=\"mail.${DOMAIN}\"\nRAW='${DOMAIN}'");

        Assert.Equal("https://example.org/x", file.Values["URL"]);
        Assert.Equal("mail.example.org", file.Values["MAIL"]);
        Assert.Equal("${DOMAIN}", file.Values["RAW"]);
    }

    [Fact]
    public void The_lookup_wins_over_earlier_keys_as_in_compose()
    {
        var file = Parse("A=file\nB=${A}\nC=${OTHER}", Environment(("A", "env"), ("OTHER", "from env")));

        Assert.Equal("env", file.Values["B"]);
        Assert.Equal("from env", file.Values["C"]);
        Assert.Equal("file", file.Values["A"]);
    }

    [Fact]
    public void An_unset_variable_interpolates_as_empty()
    {
        Assert.Equal("[][]", Value("A=[$NOPE][${NOPE}]", "A"));
    }

    [Fact]
    public void A_name_after_a_dollar_stops_at_the_first_non_name_character()
    {
        Assert.Equal("x-bar.y", Value("V=x\nA=$V-bar.y", "A"));
    }

    [Theory]
    [InlineData("${SET:-d}", "value")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${UNSET:-d}", "d")]
    [InlineData("${SET-d}", "value")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${UNSET-d}", "d")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${UNSET:+alt}", "")]
    [InlineData("${SET+alt}", "alt")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${SET:?err}", "value")]
    [InlineData("${SET?err}", "value")]
    [InlineData("${EMPTY?err}", "")]
    [InlineData("${UNSET:-/non:-alpha}", "/non:-alpha")]
    [InlineData("${UNSET:-}", "")]
    public void Braced_operators_behave_as_in_compose(string reference, string expected)
    {
        var text = $"SET=value\nEMPTY=\nA=\"{reference}\"\nB={reference}";

        var file = Parse(text);

        Assert.Equal(expected, file.Values["A"]);
        Assert.Equal(expected, file.Values["B"]);
    }

    [Theory]
    [InlineData("${UNSET:-${SET}}", "value")]
    [InlineData("${UNSET-$SET and ${SET}}", "value and value")]
    [InlineData("${EMPTY:-${UNSET:-deep}}!", "deep!")]
    [InlineData("${SET:+[${SET}]}", "[value]")]
    public void Operator_arguments_are_interpolated_and_may_nest(string reference, string expected)
    {
        Assert.Equal(expected, Value($"SET=value\nEMPTY=\nA={reference}", "A"));
    }

    [Theory]
    [InlineData("A=$$", "$")]
    [InlineData("A=\"pa$$word\"", "pa$word")]
    [InlineData("A=$${SET}", "${SET}")]
    [InlineData("A=5$", "5$")]
    [InlineData("A=$1 $- $ x", "$1 $- $ x")]
    public void Dollar_that_starts_no_reference_is_literal(string text, string expected)
    {
        Assert.Equal(expected, Value(text, "A", Environment(("SET", "value"))));
    }

    [Fact]
    public void A_key_without_equals_takes_its_value_from_the_lookup()
    {
        var file = Parse("FROM_ENV\n  ALSO_FROM_ENV  \nNOT_SET\nA=1\nLAST", Environment(
            ("FROM_ENV", "e1"), ("ALSO_FROM_ENV", "e2"), ("LAST", "e3")));

        Assert.Equal(
            [new DotEnvEntry("FROM_ENV", "e1", 1), new DotEnvEntry("ALSO_FROM_ENV", "e2", 2),
             new DotEnvEntry("A", "1", 4), new DotEnvEntry("LAST", "e3", 5)],
            file.Entries);
        Assert.Null(file.Find("NOT_SET"));
    }

    [Fact]
    public void A_repeated_key_keeps_its_place_and_takes_the_last_value_and_line()
    {
        var file = Parse("A=1\nB=2\nA=3");

        Assert.Equal([new DotEnvEntry("A", "3", 3), new DotEnvEntry("B", "2", 2)], file.Entries);
    }

    [Fact]
    public void Keys_that_differ_only_in_case_are_different_keys_as_in_compose()
    {
        var file = Parse("db_password=lower\nDB_PASSWORD=upper\nBOTH=${db_password}/${DB_PASSWORD}");

        Assert.Equal(
            [new DotEnvEntry("db_password", "lower", 1), new DotEnvEntry("DB_PASSWORD", "upper", 2), new DotEnvEntry("BOTH", "lower/upper", 3)],
            file.Entries);
    }

    [Fact]
    public void Reads_crlf_files_like_lf_files()
    {
        var file = Parse("# c\r\nA=1\r\nB = \"two\" \r\nC='3' # x\r\nD=4 # y\r\nINHERITED\r\n\r\nE=5",
            Environment(("INHERITED", "i")));

        Assert.Equal(
            [new DotEnvEntry("A", "1", 2), new DotEnvEntry("B", "two", 3), new DotEnvEntry("C", "3", 4),
             new DotEnvEntry("D", "4", 5), new DotEnvEntry("INHERITED", "i", 6), new DotEnvEntry("E", "5", 8)],
            file.Entries);
    }

    [Fact]
    public void Keeps_carriage_returns_inside_a_multi_line_quoted_value_as_compose_does()
    {
        Assert.Equal("a\r\nb", Value("A=\"a\r\nb\"\r\n", "A"));
    }

    [Fact]
    public void Ignores_a_byte_order_mark()
    {
        var file = Parse("\uFEFFA=1\nB=2");

        Assert.Equal(["A", "B"], file.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Loads_a_file_from_disk_with_its_byte_order_mark()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dotenv-{Guid.NewGuid():N}.env");
        File.WriteAllText(path, "A=1\nB=${A}${X}\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var file = DotEnvFile.Load(path, Environment(("X", "x")));

            Assert.Equal(path, file.Path);
            Assert.Equal([new DotEnvEntry("A", "1", 1), new DotEnvEntry("B", "1x", 2)], file.Entries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loading_a_missing_file_is_bad_input()
    {
        var exception = Assert.Throws<DotEnvException>(() => DotEnvFile.Load("/nonexistent/.env"));

        Assert.Equal("/nonexistent/.env: file not found; create it or give the right path", exception.Message);
        Assert.IsAssignableFrom<BuildInputException>(exception);
    }

    [Fact]
    public void An_entry_never_shows_its_value_when_formatted()
    {
        var entry = Parse("DB_PASSWORD=hunter2").Entries.Single();

        Assert.Equal("DB_PASSWORD (line 1)", entry.ToString());
        Assert.DoesNotContain("hunter2", $"{entry}");
    }

    [Fact]
    public void Rejects_a_bad_character_in_a_key()
    {
        var exception = Assert.Throws<DotEnvException>(() => Parse("A=1\n\nMY$KEY=hunter2"));

        Assert.Equal(
            "/srv/cloud/.env:3: unexpected character at column 3 of a variable name; a name holds only letters, digits, '_', '.', '-', '[' and ']'",
            exception.Message);
        Assert.Equal(3, exception.Line);
        Assert.Equal(Path, exception.Path);
    }

    [Fact]
    public void Rejects_a_line_of_garbage_without_showing_it()
    {
        var message = Error("A=1\nhunter2!secret");

        Assert.Equal(
            "/srv/cloud/.env:2: unexpected character at column 8 of a variable name; a name holds only letters, digits, '_', '.', '-', '[' and ']'",
            message);
    }

    [Fact]
    public void Rejects_a_blank_inside_a_key()
    {
        Assert.Equal(
            "/srv/cloud/.env:1: a variable name cannot contain blanks; write NAME=value",
            Error("MY KEY=hunter2"));
    }

    [Fact]
    public void Rejects_a_missing_key()
    {
        Assert.Equal(
            "/srv/cloud/.env:2: missing variable name before the '='; write NAME=value",
            Error("A=1\n  =hunter2"));
    }

    [Theory]
    [InlineData("A=1\nSECRET=\"hunter2\nmore", "/srv/cloud/.env:2: the value of SECRET has no closing \"; add it (a quoted value may span lines, but must end with its quote)")]
    [InlineData("SECRET='hunter2", "/srv/cloud/.env:1: the value of SECRET has no closing '; add it (a quoted value may span lines, but must end with its quote)")]
    [InlineData("SECRET=\"hunter2\\\"", "/srv/cloud/.env:1: the value of SECRET has no closing \"; add it (a quoted value may span lines, but must end with its quote)")]
    public void Rejects_an_unterminated_quote_at_the_line_of_its_key(string text, string expected)
    {
        Assert.Equal(expected, Error(text));
    }

    [Theory]
    [InlineData("SECRET=\"hunter\"2", 1)]
    [InlineData("SECRET='a\nb' c=d", 2)]
    public void Rejects_text_after_a_closing_quote(string text, int line)
    {
        Assert.Equal(
            $"/srv/cloud/.env:{line}: unexpected text after the closing quote of SECRET; put the whole value inside the quotes, or start a comment with '#'",
            Error(text));
    }

    [Theory]
    [InlineData("X=1\nSECRET=hunter2${")]
    [InlineData("X=1\nSECRET=hunter2${}")]
    [InlineData("X=1\nSECRET=\"hunter2${ A}\"")]
    [InlineData("X=1\nSECRET=hunter2${A B}")]
    [InlineData("X=1\nSECRET=hunter2${1A}")]
    [InlineData("X=1\nSECRET=hunter2${A!}")]
    [InlineData("X=1\nSECRET=hunter2${A:}")]
    [InlineData("X=1\nSECRET=hunter2${A:-unclosed")]
    [InlineData("X=1\nSECRET=\"hunter2${A:-x\ny}\"")]
    public void Rejects_bad_brace_syntax(string text)
    {
        Assert.Equal(
            "/srv/cloud/.env:2: SECRET: invalid interpolation: \"${\" must be followed by a name and \"}\", as in ${NAME}, ${NAME:-default} or ${NAME:?error}; write $$ for a literal $",
            Error(text));
    }

    [Theory]
    [InlineData("A=${UNSET:?set UNSET in .env}", "A: required variable UNSET is missing a value: set UNSET in .env")]
    [InlineData("EMPTY=\nA=\"${EMPTY:?}\"", "A: required variable EMPTY is missing a value")]
    [InlineData("A=${UNSET?needs $SECRET}", "A: required variable UNSET is missing a value: needs $SECRET")]
    public void Rejects_a_missing_required_variable(string text, string expected)
    {
        var message = Error(text, Environment(("SECRET", "hunter2")));

        Assert.Equal($"/srv/cloud/.env:{text.Count(c => c == '\n') + 1}: {expected}", message);
    }
}
