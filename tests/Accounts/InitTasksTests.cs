using System.Text;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Accounts;

/// <summary>
/// The init tasks run as a user runs them, against the stand-in stack on the local engine: what
/// each application's command received, that secrets reach it intact and nowhere else, and that a
/// second run changes nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InitTasksTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    /// <summary>In the .env: quotes, a dollar, backslashes, blanks, a newline, shell operators.</summary>
    public const string GiteaPasswordLine = "GITEA_ADMIN_PASSWORD=\"it's \\\"q\\\" $$HOME \\\\path\\\\ a  b\\nline2 `x` ;|&\"";

    /// <summary>The value compose reads from <see cref="GiteaPasswordLine"/>.</summary>
    public const string GiteaPassword = "it's \"q\" $HOME \\path\\ a  b\nline2 `x` ;|&";

    public const string LinkdingPassword = "pa ss\n'w\"d $x \\y";

    /// <summary>The install guide's escaped form, and the value compose reads from it: its backslashes stay.</summary>
    public const string GuideMasterPasswordLine = "CLOUD_MASTER_PASSWORD=\"This\\ is\\ a\\ \\'strong\\'\\ password\"";

    public const string GuideMasterPassword = "This\\ is\\ a\\ \\'strong\\'\\ password";

    public const string CozyAdminPassphrase = "cozy-admin-Pw7";

    public static string Env(string giteaUser = "ada") =>
        $"""
        EMAIL=admin@example.test
        PASSBOLT_USER=Ada
        GITEA_ADMIN_USER={giteaUser}
        {GiteaPasswordLine}
        LINKDING_USER=ada
        LINKDING_PASSWORD="pa ss\n'w\"d $$x \\y"
        CLOUD_DOMAIN=cloud.example.test
        {GuideMasterPasswordLine}
        COZY_ADMIN_PASSPHRASE={CozyAdminPassphrase}

        """;

    /// <summary>As a person runs the tasks from a terminal: without CI=true, so Passbolt's registration link is shown.</summary>
    private static BuildProgram.Result Run(StandInStack stack, params string[] args) =>
        BuildProgram.Run(stack.Directory, new Dictionary<string, string> { ["CI"] = "false" }, [$"--stack={stack.Directory}", .. args]);

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in new[] { GiteaPassword, LinkdingPassword, GuideMasterPassword, CozyAdminPassphrase, "line2 `x`", "'w\"d" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_env_values_are_the_ones_compose_reads()
    {
        var values = DotEnvParser.Parse(Env(), "test.env").Values;

        Assert.Equal(GiteaPassword, values["GITEA_ADMIN_PASSWORD"]);
        Assert.Equal(LinkdingPassword, values["LINKDING_PASSWORD"]);
        Assert.Equal(GuideMasterPassword, values["CLOUD_MASTER_PASSWORD"]);
    }

    [Fact]
    public void InitUsers_makes_every_account_with_intact_secrets_then_a_second_run_finds_them_all_present()
    {
        using var stack = StandInStack.Start(docker, Env());

        var first = Run(stack, "--target=InitUsers");
        var second = Run(stack, "--target=InitUsers");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        foreach (var what in new[] { "Davis tables", "Cozy instance cloud.example.test", "Passbolt admin admin@example.test", "Gitea admin ada", "linkding user ada" })
        {
            Assert.Contains($"{what}: created.", first.Output);
            Assert.Contains($"{what}: already present.", second.Output);
            Assert.DoesNotContain($"{what}: created.", second.Output);
        }

        Assert.Contains("https://passwords.example.test/setup/start/3f2b6c1e-0000-4000-8000-000000000001/7d1e4a52-0000-4000-8000-000000000002", first.Output);
        AssertNoSecret(first.Output);
        AssertNoSecret(second.Output);

        // Each application: its check, its creation, then only the check again.
        var gitea = stack.Calls("gitea");
        Assert.Equal(3, gitea.Count);
        Assert.Equal(["gitea", "admin", "user", "list"], gitea[0].Arguments);
        Assert.Equal(["gitea", "admin", "user", "create", "--admin", "--username", "ada", "--email", "admin@example.test", "--password", GiteaPassword], gitea[1].Arguments);
        Assert.Equal(GiteaPassword, gitea[1].Environment["GITEA_ADMIN_PASSWORD"]);
        Assert.All(gitea, call => Assert.Equal("1000", call.Uid));
        Assert.Equal(gitea[0].Arguments, gitea[2].Arguments);

        var passbolt = stack.Calls("passbolt");
        Assert.Equal(
            [["cake", "passbolt", "users_index"],
             ["cake", "passbolt", "register_user", "-u", "admin@example.test", "-f", "Ada", "-l", "Ada", "-r", "admin"],
             ["cake", "passbolt", "users_index"]],
            passbolt.Select(call => call.Arguments));
        Assert.All(passbolt, call => Assert.Equal("33", call.Uid));

        var linkding = stack.Calls("linkding");
        Assert.Equal(3, linkding.Count);
        Assert.Equal(["manage.py", "shell", "-c"], linkding[0].Arguments.Take(3));
        Assert.Equal("ada", linkding[0].Environment["LINKDING_USER"]);
        Assert.Equal(["manage.py", "createsuperuser", "--noinput", "--username", "ada", "--email", "admin@example.test"], linkding[1].Arguments);
        Assert.Equal(LinkdingPassword, linkding[1].Environment["DJANGO_SUPERUSER_PASSWORD"]);
        Assert.All(linkding, call => Assert.Equal("33", call.Uid));
        Assert.DoesNotContain(linkding, call => call.Arguments.Any(argument => argument.Contains("pa ss", StringComparison.Ordinal)));

        var cozy = stack.Calls("cozy");
        Assert.Equal(3, cozy.Count);
        Assert.Equal(["cozy-stack", "instances", "ls"], cozy[0].Arguments);
        Assert.Equal(
            ["cozy-stack", "instances", "add", "--apps", "drive,settings", "--email", "admin@example.test", "--disk-quota", "30GB",
             "--passphrase", GuideMasterPassword, "cloud.example.test"],
            cozy[1].Arguments);
        Assert.All(cozy, call => Assert.Equal(CozyAdminPassphrase, call.Environment["COZY_ADMIN_PASSWORD"]));

        Assert.Equal(
            [["console", "--env=prod", "doctrine:migrations:up-to-date"],
             ["console", "--env=prod", "doctrine:migrations:migrate", "--no-interaction"],
             ["console", "--env=prod", "doctrine:migrations:up-to-date"]],
            stack.Calls("davis").Select(call => call.Arguments));
    }

    [Fact]
    public void No_secret_is_on_any_command_line_while_the_application_runs()
    {
        using var stack = StandInStack.Start(docker, Env());
        var linkdingLines = ScanWhileRunning(stack, "linkding", "createsuperuser", "--target=InitLinkdingUser", LinkdingPassword);
        var giteaLines = ScanWhileRunning(stack, "gitea", "create", "--target=InitGiteaAdmin", GiteaPassword);

        Assert.Empty(linkdingLines);
        // Gitea's CLI takes the password only as an argument: it may be on that one program's command line, nowhere else.
        Assert.All(giteaLines, line => Assert.StartsWith("/bin/sh\0/usr/local/bin/gitea\0admin\0user\0create\0", line, StringComparison.Ordinal));
        Assert.Single(giteaLines);
    }

    [Fact]
    public void On_passbolt_4_without_users_index_the_refused_second_registration_means_already_present()
    {
        using var stack = StandInStack.Start(docker, Env());
        File.WriteAllText(Path.Combine(stack.State("passbolt"), "passbolt-4"), string.Empty);

        var first = Run(stack, "--target=InitPassboltAdmin");
        var second = Run(stack, "--target=InitPassboltAdmin");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Passbolt admin admin@example.test: created.", first.Output);
        Assert.Contains("https://passwords.example.test/setup/start/", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Passbolt admin admin@example.test: already present.", second.Output);
        Assert.Single(File.ReadAllLines(Path.Combine(stack.State("passbolt"), "users")));
        Assert.Equal(
            ["users_index", "register_user", "users_index", "register_user"],
            stack.Calls("passbolt").Select(call => call.Arguments[2]));
    }

    [Theory]
    [InlineData("true", "--format=text", "this run has CI=true, and a CI job's output is kept in its logs")]
    [InlineData("false", "--format=json", "this run has --format=json, whose output programs read")]
    public void A_CI_or_json_run_makes_no_passbolt_admin_and_prints_no_link_and_a_run_from_a_terminal_then_shows_the_link_once(string ci, string format, string why)
    {
        using var stack = StandInStack.Start(docker, Env());

        var unwatched = BuildProgram.Run(stack.Directory, new Dictionary<string, string> { ["CI"] = ci }, $"--stack={stack.Directory}", "--target=InitPassboltAdmin", format);
        var watched = Run(stack, "--target=InitPassboltAdmin");

        Assert.True(unwatched.ExitCode == 0, unwatched.ToString());
        Assert.Contains(
            $"Passbolt admin admin@example.test: not created in this run: its registration link is a bearer token shown only once, and {why}. " +
            "To create it and see its registration link, run ./build.sh --target=InitPassboltAdmin from a terminal, without CI=true and --format=json.",
            unwatched.Output);
        Assert.DoesNotContain("/setup/start/", unwatched.Output + unwatched.Stdout);
        Assert.True(watched.ExitCode == 0, watched.ToString());
        Assert.Single(watched.Output.Split('\n'), line => line.Contains("/setup/start/", StringComparison.Ordinal));
        Assert.Contains("Passbolt admin admin@example.test: created. Its registration link, above, is shown this once, on the console only: it is in no log.", watched.Output);
        Assert.Equal(
            ["users_index", "users_index", "register_user"],
            stack.Calls("passbolt").Select(call => call.Arguments[2]));
    }

    [Fact]
    public void Gitea_refuses_the_name_admin_before_asking_gitea()
    {
        using var stack = StandInStack.Start(docker, Env(giteaUser: "Admin"));

        var result = Run(stack, "--target=InitGiteaAdmin");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            $"Error: GITEA_ADMIN_USER ({Path.Combine(stack.Directory, ".env")}:4) is 'Admin', a name Gitea reserves: choose another admin user name.",
            result.Output);
        Assert.Empty(stack.Calls("gitea"));
    }

    [Fact]
    public void A_stopped_service_fails_with_one_line_naming_it()
    {
        using var stack = StandInStack.Start(docker, Env());
        stack.Stop("linkding");

        var result = Run(stack, "--target=InitLinkdingUser");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Output.Split('\n'), line => line.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Equal(
            $"Error: Service 'linkding' of compose project '{stack.Name}' is not running on the local engine: start it (--target=Up or Deploy) and run again.",
            error.TrimEnd());
        Assert.Empty(stack.Calls("linkding"));
    }

    [Fact]
    public void A_dry_run_checks_for_real_and_creates_nothing()
    {
        using var stack = StandInStack.Start(docker, Env());

        var result = Run(stack, "--target=InitCozyInstance", "--dryrun", "--cozy-apps=drive,notes", "--cozy-quota=5GB");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[dry-run] Cozy instance cloud.example.test is missing: it would be created in service 'cozy'.", result.Output);
        Assert.Equal([["cozy-stack", "instances", "ls"]], stack.Calls("cozy").Select(call => call.Arguments));
        Assert.False(File.Exists(Path.Combine(stack.State("cozy"), "instances")));
    }

    [Fact]
    public void InstallCozyApp_adds_an_app_once_and_needs_its_slug()
    {
        using var stack = StandInStack.Start(docker, Env());
        var instance = Run(stack, "--target=InitCozyInstance", "--cozy-apps=drive", "--cozy-quota=5GB");

        var first = Run(stack, "--target=InstallCozyApp", "--app=notes");
        var second = Run(stack, "--target=InstallCozyApp", "--app=notes");
        var noSlug = Run(stack, "--target=InstallCozyApp");
        var badSlug = Run(stack, "--target=InstallCozyApp", "--app=notes;rm");

        Assert.True(instance.ExitCode == 0, instance.ToString());
        Assert.Equal("--apps drive --email admin@example.test --disk-quota 5GB", string.Join(' ', stack.Calls("cozy")[1].Arguments.Skip(3).Take(6)));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Cozy app notes on cloud.example.test: created.", first.Output);
        Assert.Contains("Cozy app notes on cloud.example.test: already present.", second.Output);
        Assert.Single(stack.Calls("cozy"), call => call.Arguments.SequenceEqual(
            ["cozy-stack", "apps", "install", "--domain", "cloud.example.test", "notes", "registry://notes/stable"]));
        Assert.Equal(2, noSlug.ExitCode);
        Assert.Contains("Error: InstallCozyApp needs --app=<slug>, e.g. --app=notes.", noSlug.Output);
        Assert.Equal(2, badSlug.ExitCode);
        Assert.Contains("Error: Cozy app 'notes;rm' is not an app slug", badSlug.Output);
    }

    /// <summary>
    /// Runs the task with the stand-in paused inside the call that has the argument
    /// <paramref name="pauseAt"/>, and returns every process command
    /// line on this machine (NUL-separated, as /proc has it) that holds the secret at that moment:
    /// the docker CLI, compose, the shells, the container's processes.
    /// </summary>
    internal static IReadOnlyList<string> ScanWhileRunning(
        StandInStack stack, string service, string pauseAt, string target, string secret, params string[] args)
    {
        var state = stack.State(service);
        File.WriteAllText(Path.Combine(state, "pause"), pauseAt);
        var found = new List<string>();
        var scanner = new Thread(() =>
        {
            var paused = Path.Combine(state, "paused");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(paused) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            found.AddRange(CommandLinesHolding(secret));
            File.WriteAllText(Path.Combine(state, "resume"), string.Empty);
        });
        scanner.Start();
        var result = BuildProgram.Run(stack.Directory, null, [$"--stack={stack.Directory}", target, .. args]);
        scanner.Join();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(state, "paused")), "The stand-in never paused: " + result);
        File.Delete(Path.Combine(state, "pause"));
        return found;
    }

    private static IEnumerable<string> CommandLinesHolding(string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            byte[] cmdline;
            try
            {
                cmdline = File.ReadAllBytes(Path.Combine(directory, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.AsSpan().IndexOf(needle) >= 0)
            {
                yield return Encoding.UTF8.GetString(cmdline);
            }
        }
    }
}
