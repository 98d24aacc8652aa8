using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;

namespace PrivateCloud.Tests.Configuration;

/// <summary>
/// NewEnv as a user runs it on the real .env.dist, then Plan and Deploy on what it wrote and on a
/// plain copy of .env.dist; the dashboard login checked with an independent bcrypt verify.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class NewEnvTests : IDisposable
{
    /// <summary>The secrets .env.dist prints, listed here by hand so the test does not share the code's rule.</summary>
    private static readonly string[] ExampleSecrets =
    [
        "STATUS_CREDENTIALS", "MYSQL_ROOT_PASSWORD", "MONGO_INITDB_ROOT_PASSWORD", "MAIL_PRINCIPAL_PASSWORD", "MAIL_NO_REPLY_PASSWORD",
        "PASSBOLT_DB_PASSWORD", "COUCHDB_PASSWORD", "COZY_ADMIN_PASSPHRASE", "CLOUD_MASTER_PASSWORD", "XBS_DB_PASSWORD", "DAVIS_DB_PASSWORD",
        "DAVIS_APP_SECRET", "DAVIS_ADMIN_PASSWORD", "MAPS_API_KEY", "GITEA_DB_PASSWORD", "GITEA_ADMIN_PASSWORD", "LINKDING_PASSWORD",
    ];

    /// <summary>The domains and addresses only the user knows.</summary>
    private static readonly string[] LeftForUser =
    [
        "DEPLOY_HOST", "TOP_DOMAIN", "PASSWORDS_DOMAIN", "CLOUD_DOMAIN", "BOOKMARKS_DOMAIN", "DAV_DOMAIN", "MAIL_DOMAIN", "MAPS_DOMAIN",
        "CRYPTPAD_DOMAIN", "CRYPTPAD_SANDBOX_DOMAIN", "GIT_DOMAIN", "LINKDING_DOMAIN", "STATUS_DOMAIN", "EMAIL", "MAIL_HOST_IP", "CRYPTPAD_ADMIN_EMAIL",
    ];

    private readonly TemporaryDirectory _work = new();

    public NewEnvTests()
    {
        _work.Write("stack/.env.dist", File.ReadAllText(StackFiles.EnvDist));
    }

    public void Dispose() => _work.Dispose();

    private string EnvFile => _work.Combine("stack", ".env");

    private string TemplateFile => _work.Combine("stack", ".env.dist");

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(_work.Path, null, ["--stack=stack", .. args]);

    private Dictionary<string, string> Values() => DotEnvFile.Load(EnvFile, _ => null).Values.ToDictionary();

    [Fact]
    public void Writes_fresh_secrets_and_a_dashboard_login_shown_once_keeping_every_other_line_of_env_dist()
    {
        var result = Run("--target=NewEnv", "--status-user=owner");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EnvFile));
        var template = StackFiles.EnvDistValues;
        var values = Values();
        Assert.Equal(template.Keys, values.Keys);
        var generated = ExampleSecrets.Where(name => name != "STATUS_CREDENTIALS").Select(name => values[name]).ToList();
        Assert.All(generated, value => Assert.Matches("^[A-Za-z0-9]{32}$", value));
        Assert.Equal(generated.Count, generated.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ExampleSecrets, name => Assert.NotEqual(template[name], values[name]));
        Assert.All(LeftForUser, name => Assert.Equal(string.Empty, values[name]));
        Assert.All(template.Keys.Except(ExampleSecrets).Except(LeftForUser), name => Assert.Equal(template[name], values[name]));

        // Comments, blanks and the kept assignments stay as .env.dist writes them, line for line.
        var before = File.ReadAllLines(TemplateFile);
        var after = File.ReadAllLines(EnvFile);
        Assert.Equal(before.Length, after.Length);
        var changed = before.Zip(after).Where(pair => pair.First != pair.Second).Select(pair => pair.Second.Split('=')[0]).ToList();
        Assert.Equal(ExampleSecrets.Concat(LeftForUser).Order(StringComparer.Ordinal), changed.Order(StringComparer.Ordinal));

        // The dashboard login: printed once on stdout, its bcrypt hash alone in the file, single-quoted for both composes.
        var password = ShownPassword(result);
        Assert.Matches(@"^STATUS_CREDENTIALS='owner:\$2y\$11\$[./A-Za-z0-9]{53}'$", Assert.Single(after, l => l.StartsWith("STATUS_CREDENTIALS=", StringComparison.Ordinal)));
        Assert.True(BCrypt.Net.BCrypt.Verify(password, values["STATUS_CREDENTIALS"]["owner:".Length..]));
        Assert.Single(Regex.Matches(result.Output, Regex.Escape(password)));
        Assert.Contains("shown this once", result.Output, StringComparison.Ordinal);
        Assert.All(generated, value => Assert.DoesNotContain(value, result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_names_the_domains_and_addresses_left_empty_and_accepts_the_env_once_they_are_filled_in()
    {
        Assert.Equal(0, Run("--target=NewEnv").ExitCode);

        var unfilled = Run();
        foreach (var name in LeftForUser)
        {
            DotEnvAssignment.Set(EnvFile, name, name switch
            {
                "DEPLOY_HOST" => "root@cloud.example.org",
                "EMAIL" or "CRYPTPAD_ADMIN_EMAIL" => "me@example.org",
                "MAIL_HOST_IP" => "198.51.100.7",
                _ => name.ToLowerInvariant().Replace('_', '-') + ".example.org",
            });
        }

        var filled = Run();

        Assert.True(unfilled.ExitCode == 0, unfilled.ToString());
        Assert.Contains("--host (or DEPLOY_HOST)", unfilled.Output, StringComparison.Ordinal);
        Assert.All(LeftForUser.Where(name => name != "DEPLOY_HOST"), name => Assert.Contains($"  - {name} ({TemplateFile}:", unfilled.Output, StringComparison.Ordinal));
        Assert.DoesNotContain("example value", unfilled.Output, StringComparison.Ordinal);
        Assert.True(filled.ExitCode == 0, filled.ToString());
        Assert.Contains("Every setting a Deploy needs has a value.", filled.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Still", filled.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_env_copied_from_env_dist_is_listed_by_Plan_and_refused_by_Deploy_and_UploadRelease_naming_each_example_secret()
    {
        File.Copy(TemplateFile, EnvFile);
        var lines = File.ReadAllLines(EnvFile);

        var plan = Run();
        var before = _work.Snapshot();
        var deploy = Run("--target=Deploy");
        var dryRun = Run("--target=Deploy", "--dryrun");
        var bootstrap = Run("--target=Bootstrap");
        var exclusive = Run("--target=Deploy", "--exclusive");
        var upload = Run("--target=UploadRelease");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.DoesNotContain("Every setting a Deploy needs has a value.", plan.Output, StringComparison.Ordinal);
        foreach (var result in new[] { plan, deploy, dryRun, bootstrap, exclusive, upload })
        {
            foreach (var name in ExampleSecrets)
            {
                var line = Array.FindIndex(lines, l => l.StartsWith($"{name}=", StringComparison.Ordinal)) + 1;
                Assert.Contains(
                    $"  - {name} ({EnvFile}:{line}) still holds the example value of {TemplateFile}, printed in the public repository: " +
                    "set a value of your own, or delete its line and run ./build.sh --target=NewEnv --add-missing=true to generate one.",
                    result.Output,
                    StringComparison.Ordinal);
            }

            Assert.Equal(ExampleSecrets.Length, result.Output.Split('\n').Count(l => l.Contains("still holds the example value", StringComparison.Ordinal)));
        }

        foreach (var (refused, task) in new[] { (deploy, "Deploy"), (dryRun, "Deploy"), (bootstrap, "Deploy"), (exclusive, "Deploy"), (upload, "UploadRelease") })
        {
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains($"{task} refuses to send the example secrets of .env.dist to the host ({ExampleSecrets.Length}):", refused.Output, StringComparison.Ordinal);
            // Refused before the first task: nothing rendered, nothing connected.
            Assert.DoesNotContain("UpdateSubmodules", refused.Output, StringComparison.Ordinal);
        }

        Assert.Equal(before, _work.Snapshot());
    }

    [Fact]
    public void Refuses_to_overwrite_an_env_and_a_dry_run_lists_names_only_and_writes_nothing()
    {
        var dryRun = Run("--target=NewEnv", "--dryrun");
        var afterDryRun = File.Exists(EnvFile);
        File.WriteAllText(EnvFile, "TOP_DOMAIN=mine.example.org\n");
        var overwrite = Run("--target=NewEnv");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.False(afterDryRun);
        Assert.Contains($"Would write {EnvFile} (0600) from {TemplateFile}:", dryRun.Output, StringComparison.Ordinal);
        Assert.All(ExampleSecrets.Concat(LeftForUser), name => Assert.Contains(name, dryRun.Output, StringComparison.Ordinal));
        Assert.False(DashboardLogin().IsMatch(dryRun.Output), dryRun.ToString());
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains(
            $"Error: {EnvFile} already exists and NewEnv never overwrites it: give --add-missing=true to append what {TemplateFile} added since, or move it away to start over.",
            overwrite.Output,
            StringComparison.Ordinal);
        Assert.Equal("TOP_DOMAIN=mine.example.org\n", File.ReadAllText(EnvFile));
    }

    [Fact]
    public void Add_missing_appends_what_a_newer_env_dist_brought_keeping_every_existing_byte_and_a_second_run_adds_nothing()
    {
        Assert.Equal(0, Run("--target=NewEnv").ExitCode);
        // The user's own edits, and a last line without its newline.
        var mine = File.ReadAllText(EnvFile).Replace("TOP_DOMAIN=\n", "TOP_DOMAIN=mine.example.org # my domain\n", StringComparison.Ordinal) + "# my note";
        File.WriteAllText(EnvFile, mine);
        File.AppendAllText(TemplateFile, "\n# A newer service.\nNEWAPP_DB_PASSWORD=example-newapp-db-password\nNEWAPP_DOMAIN=newapp.example.com\nNEWAPP_QUOTA='10 GB'\n");

        var dryRun = Run("--target=NewEnv", "--add-missing=true", "--dryrun");
        var afterDryRun = File.ReadAllText(EnvFile);
        var added = Run("--target=NewEnv", "--add-missing=true");
        var afterAdding = File.ReadAllText(EnvFile);
        var again = Run("--target=NewEnv", "--add-missing=true");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"Would add to {EnvFile} (0600):", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(mine, afterDryRun);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith(mine + "\n", afterAdding, StringComparison.Ordinal);
        var appended = afterAdding[(mine.Length + 1)..].Split('\n');
        Assert.Equal("# Added by NewEnv --add-missing from .env.dist, which says what each one is for.", appended[1]);
        Assert.Matches("^NEWAPP_DB_PASSWORD=[A-Za-z0-9]{32}$", appended[2]);
        Assert.Equal(["NEWAPP_DOMAIN=", "NEWAPP_QUOTA='10 GB'", string.Empty], appended[3..]);
        Assert.Equal("10 GB", Values()["NEWAPP_QUOTA"]);
        Assert.Equal("mine.example.org", Values()["TOP_DOMAIN"]);
        Assert.Contains("  a fresh random secret (1): NEWAPP_DB_PASSWORD", added.Output, StringComparison.Ordinal);
        Assert.Contains("  empty, for you to fill in (1): NEWAPP_DOMAIN", added.Output, StringComparison.Ordinal);
        Assert.Contains("  as .env.dist has it (1): NEWAPP_QUOTA", added.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Values()["NEWAPP_DB_PASSWORD"], added.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EnvFile));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"{EnvFile} already has every variable of {TemplateFile}: nothing to add.", again.Output, StringComparison.Ordinal);
        Assert.Equal(afterAdding, File.ReadAllText(EnvFile));
    }

    [Fact]
    public void Add_missing_to_an_env_without_the_dashboard_login_generates_it_and_shows_its_password()
    {
        File.WriteAllText(EnvFile, string.Concat(File.ReadAllLines(TemplateFile).Where(l => !l.StartsWith("STATUS_CREDENTIALS=", StringComparison.Ordinal)).Select(l => l + "\n")));
        var before = File.ReadAllText(EnvFile);

        var result = Run("--target=NewEnv", "--add-missing=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        var password = ShownPassword(result);
        Assert.StartsWith(before, File.ReadAllText(EnvFile), StringComparison.Ordinal);
        Assert.True(BCrypt.Net.BCrypt.Verify(password, Values()["STATUS_CREDENTIALS"]["admin:".Length..]));
    }

    [Fact]
    public void A_secret_spread_over_several_lines_of_env_dist_stops_it_naming_the_line_and_writes_nothing()
    {
        File.WriteAllText(TemplateFile, "# mine\nTOP_DOMAIN=example.com\nAPP_PASSWORD=\"first\nsecond\"\n");

        var result = Run("--target=NewEnv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Error: {TemplateFile}:3: APP_PASSWORD is not a one-line assignment there; write it as APP_PASSWORD=<example> on one line.", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(EnvFile));
        Assert.Empty(Directory.GetFiles(_work.Combine("stack"), ".env.*.tmp"));
    }

    private static string ShownPassword(BuildProgram.Result result)
    {
        var login = DashboardLogin().Match(result.Stdout);
        Assert.True(login.Success, result.ToString());
        return login.Groups["password"].Value;
    }

    [GeneratedRegex(@"The status dashboard's login: (?<user>\S+) / (?<password>[A-Za-z0-9]{32})")]
    private static partial Regex DashboardLogin();
}
