using System.Runtime.Versioning;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Configuration;

[UnsupportedOSPlatform("windows")]
public sealed class ConfigurationWriterTests : IDisposable
{
    private const UnixFileMode Rw_r__r__ = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const string Secret = "s3cr3t-Pa55";
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly string _stack = Directory.CreateTempSubdirectory("writer-").FullName;
    private readonly SecretRedactor _redactor = new();
    private readonly Dictionary<string, string> _variables = new() { ["DOMAIN"] = "example.org", ["DB_PASSWORD"] = Secret };

    public ConfigurationWriterTests() => _redactor.Add(Secret);

    private string PathOf(string relative) => Path.Combine(_stack, relative);

    private void Template(string relative, string text, UnixFileMode mode = Rw_r__r__)
    {
        var path = PathOf(relative + ".template");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
    }

    private ConfigurationReport Apply(bool dryRun = false) =>
        new ConfigurationWriter(_redactor).Apply(TemplateSet.Find(_stack), _variables, allowUndefined: false, dryRun);

    [Fact]
    public void Renders_every_template_beside_it_and_a_second_run_changes_nothing()
    {
        Template("traefik/traefik.yml", "domain: ${DOMAIN}\n");
        Template("db.env", "PASSWORD=$DB_PASSWORD\n");

        var first = Apply();
        File.SetLastWriteTimeUtc(PathOf("traefik/traefik.yml"), LongAgo);
        var second = Apply();

        Assert.Equal((2, 2, 0), (first.Rendered, first.Changed, first.Unchanged));
        Assert.Equal([FileChangeKind.Created, FileChangeKind.Created], first.Files.Select(f => f.Change));
        Assert.Equal("domain: example.org\n", File.ReadAllText(PathOf("traefik/traefik.yml")));
        Assert.Equal($"PASSWORD={Secret}\n", File.ReadAllText(PathOf("db.env")));
        Assert.Equal((2, 0, 2), (second.Rendered, second.Changed, second.Unchanged));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(PathOf("traefik/traefik.yml")));
        Assert.DoesNotContain(Directory.EnumerateFiles(_stack, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_values_rewrite_only_the_files_that_differ()
    {
        Template("a.conf", "domain ${DOMAIN}\n");
        Template("b.conf", "static\n");
        Apply();
        File.SetLastWriteTimeUtc(PathOf("b.conf"), LongAgo);

        _variables["DOMAIN"] = "example.net";
        var report = Apply();

        Assert.Equal([("a.conf", FileChangeKind.Updated), ("b.conf", FileChangeKind.Unchanged)], report.Files.Select(f => (f.RelativePath, f.Change)));
        Assert.Equal("domain example.net\n", File.ReadAllText(PathOf("a.conf")));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(PathOf("b.conf")));
    }

    [Fact]
    public void One_failing_template_leaves_every_output_untouched_and_all_errors_are_reported()
    {
        Template("a.conf", "domain ${DOMAIN}\n");
        Template("b.conf", "old\n");
        Apply();
        File.SetLastWriteTimeUtc(PathOf("a.conf"), LongAgo);
        _variables["DOMAIN"] = "example.net";
        Template("b.conf", "x=$MISSING\ny=$(hostname)\n");
        Template("c.conf", "${DB_PASSWORD:+has} ${NOPE:?say $DB_PASSWORD}\n");

        var report = Apply();

        Assert.False(report.Succeeded);
        Assert.Empty(report.Files);
        Assert.Equal(
            [
                "b.conf.template:2:3: command substitution '$(' is never executed; write '\\$' for a literal dollar sign",
                "c.conf.template:1:21: NOPE: say [REDACTED]",
            ],
            report.Errors.Select(e => e.ToString()));
        Assert.Equal("domain example.org\n", File.ReadAllText(PathOf("a.conf")));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(PathOf("a.conf")));
        Assert.Equal("old\n", File.ReadAllText(PathOf("b.conf")));
        Assert.False(File.Exists(PathOf("c.conf")));
    }

    [Theory]
    [InlineData(0b110_100_100, 0b110_100_100)]
    [InlineData(0b110_110_110, 0b110_100_100)]
    [InlineData(0b111_111_101, 0b111_101_101)]
    [InlineData(0b110_100_000, 0b110_100_000)]
    [InlineData(0b100_000_000, 0b100_000_000)]
    public void Output_takes_the_template_bits_but_never_group_or_world_write(int templateMode, int expected)
    {
        Template("run.sh", "echo ${DOMAIN}\n", (UnixFileMode)templateMode);

        var file = Assert.Single(Apply().Files);

        Assert.Equal((UnixFileMode)expected, file.Mode);
        Assert.Equal((UnixFileMode)expected, File.GetUnixFileMode(PathOf("run.sh")));
    }

    [Fact]
    public void Output_holding_a_secret_is_owner_only_and_a_wrong_mode_is_fixed_in_place()
    {
        Template("db.env", "PASSWORD=$DB_PASSWORD\n", (UnixFileMode)0b111_111_111);
        Template("plain.conf", "domain ${DOMAIN}\n");
        Apply();
        File.SetUnixFileMode(PathOf("db.env"), Rw_r__r__);
        File.SetLastWriteTimeUtc(PathOf("db.env"), LongAgo);

        var report = Apply();

        Assert.Equal(
            [("db.env", FileChangeKind.ModeChanged, true), ("plain.conf", FileChangeKind.Unchanged, false)],
            report.Files.Select(f => (f.RelativePath, f.Change, f.ContainsSecret)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("db.env")));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(PathOf("db.env")));
        Assert.Equal(Rw_r__r__, File.GetUnixFileMode(PathOf("plain.conf")));
    }

    [Fact]
    public void Dry_run_writes_nothing_and_shows_redacted_diffs_of_what_would_change()
    {
        Template("a.conf", "one\ndomain ${DOMAIN}\nthree\n");
        Template("same.conf", "same\n");
        Apply();
        File.SetLastWriteTimeUtc(PathOf("a.conf"), LongAgo);
        Template("a.conf", "one\ndomain ${DOMAIN}\npassword $DB_PASSWORD\n");
        Template("new.conf", "new $DB_PASSWORD\n");

        var report = new ConfigurationWriter(_redactor).Apply(TemplateSet.Find(_stack), _variables, allowUndefined: false, dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal(
            [
                ("a.conf", FileChangeKind.Updated, "--- a/a.conf\n+++ b/a.conf\n@@ -1,3 +1,3 @@\n one\n domain example.org\n-[REDACTED]\n+password [REDACTED]\n"),
                ("new.conf", FileChangeKind.Created, "--- /dev/null\n+++ b/new.conf\n@@ -0,0 +1 @@\n+new [REDACTED]\n"),
                ("same.conf", FileChangeKind.Unchanged, null),
            ],
            report.Files.Select(f => (f.RelativePath, f.Change, f.Diff)));
        Assert.Equal("one\ndomain example.org\nthree\n", File.ReadAllText(PathOf("a.conf")));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(PathOf("a.conf")));
        Assert.False(File.Exists(PathOf("new.conf")));
    }

    [Fact]
    public void Dry_run_after_a_password_change_masks_the_old_password_on_the_minus_lines()
    {
        const string oldPassword = "old-Pa55word-1";
        Template("db.env", "PASSWORD=$DB_PASSWORD\nDOMAIN=${DOMAIN}\n");
        File.WriteAllText(PathOf("db.env"), $"PASSWORD={oldPassword}\nDOMAIN=old.example\n");

        var diff = DryRunDiff("db.env");

        Assert.Equal(
            "--- a/db.env\n+++ b/db.env\n@@ -1,2 +1,2 @@\n-PASSWORD=[REDACTED]\n-DOMAIN=old.example\n+PASSWORD=[REDACTED]\n+DOMAIN=example.org\n",
            diff);
    }

    [Fact]
    public void An_old_password_is_found_line_by_line_when_the_file_was_also_edited_elsewhere()
    {
        Template("db.env", "user: app\npassword: '${DB_PASSWORD}' # rotated\n");
        File.WriteAllText(PathOf("db.env"), "user: app\nadded: by hand\npassword: 'old-Pa55word-2' # rotated\n");

        var diff = DryRunDiff("db.env");

        Assert.Contains("-password: '[REDACTED]' # rotated\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("old-Pa55word-2", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_password_whose_line_the_same_change_also_edited_is_masked()
    {
        Template("db.yml", "pass: ${DB_PASSWORD}\ndomain: ${DOMAIN}\n");
        File.WriteAllText(PathOf("db.yml"), "password: old-Pa55word-3\nnote: old-Pa55word-3 since May\ndomain: example.org\n");

        var diff = DryRunDiff("db.yml");

        Assert.Equal(
            "--- a/db.yml\n+++ b/db.yml\n@@ -1,3 +1,2 @@\n-[REDACTED]\n-[REDACTED]\n+pass: [REDACTED]\n domain: example.org\n",
            diff);
    }

    [Fact]
    public void Each_line_of_an_old_and_a_new_multi_line_secret_is_masked()
    {
        const string oldKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nOLDoggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
        const string newKey = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\nNEWoggSkAgEAAoIBAQDf\n-----END PRIVATE KEY-----";
        _variables["DKIM_KEY"] = newKey;
        _redactor.Add(newKey);
        Template("dkim.pem", "${DKIM_KEY}\n");
        File.WriteAllText(PathOf("dkim.pem"), oldKey + "\n");

        var diff = DryRunDiff("dkim.pem");

        foreach (var line in oldKey.Split('\n').Concat(newKey.Split('\n')).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, diff, StringComparison.Ordinal);
        }

        Assert.Contains("-[REDACTED]\n", diff, StringComparison.Ordinal);
        Assert.Contains("+[REDACTED]\n", diff, StringComparison.Ordinal);
    }

    private string? DryRunDiff(string relative) =>
        Assert.Single(
            new ConfigurationWriter(_redactor).Apply(TemplateSet.Find(_stack), _variables, allowUndefined: false, dryRun: true).Files,
            f => f.RelativePath == relative).Diff;

    public void Dispose() => Directory.Delete(_stack, recursive: true);
}
