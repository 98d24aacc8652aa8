using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public CommandLineTests()
    {
        _work.Write("configuration/.env.dist", "COMPOSE_PROJECT_NAME=demo\nCLOUD_DOMAIN=\nMYSQL_ROOT_PASSWORD=\n");
        _work.Write("configuration/docker-compose.yml", "services: {}\n");
    }

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(_work.Path, null, args);

    [Fact]
    public void Default_target_is_plan_and_works_on_a_fresh_clone_without_env()
    {
        var before = _work.Snapshot();

        var result = Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(".env yet: reading .env.dist instead", result.Output);
        Assert.Contains("Still missing for a Deploy", result.Output);
        Assert.Contains("--host (or DEPLOY_HOST)", result.Output);
        Assert.Contains("CLOUD_DOMAIN (" + _work.Combine("configuration", ".env.dist") + ":2): no value yet", result.Output);
        Assert.DoesNotContain("COMPOSE_PROJECT_NAME (", result.Output);
        Assert.Equal(before, _work.Snapshot());
    }

    [Fact]
    public void Unknown_target_exits_2_and_names_the_closest_tasks()
    {
        var result = Run("--target=Plam");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("The target 'Plam' was not found. Did you mean Plan?", result.Output);
    }

    [Fact]
    public void A_former_task_name_runs_the_renamed_task_after_one_deprecation_line()
    {
        var result = Run("--target=Submodules");

        Assert.True(result.ExitCode == 0, result.ToString());
        var notices = result.Output.Split('\n').Where(line => line.Contains("deprecated", StringComparison.Ordinal)).ToList();
        Assert.Equal(["The task name 'Submodules' is deprecated and will be removed: use --target=UpdateSubmodules."], notices.Select(line => line.Trim()));
        Assert.Contains("is not in a git repository: no submodules to update.", result.Output);
    }

    [Fact]
    public void Every_former_task_name_is_documented_beside_the_task_it_became()
    {
        var readme = File.ReadAllText(Path.Combine(SourceRoot.Find(), "README.md"));
        foreach (var type in typeof(PrivateCloud.Tasks.BuildContext).Assembly.GetTypes())
        {
            foreach (var alias in type.GetCustomAttributes(typeof(PrivateCloud.Frosting.TaskAliasAttribute), false).Cast<PrivateCloud.Frosting.TaskAliasAttribute>())
            {
                Assert.Contains($"| `{type.Name}` (was `{alias.Name}`)", readme);
            }
        }
    }

    [Fact]
    public void Unknown_setting_exits_2_and_suggests_the_closest()
    {
        var result = Run("--hots=example.org");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown setting --hots. Did you mean --host?", result.Output);
    }

    [Theory]
    [InlineData("--verbosity=loud")]
    [InlineData("--dryrun=perhaps")]
    [InlineData("stray")]
    public void Malformed_command_line_exits_2(string argument)
    {
        var result = Run(argument);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error: ", result.Output.Trim());
    }

    [Fact]
    public void Missing_env_file_exits_2_naming_it()
    {
        var result = Run("--env-file=nowhere/.env");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--env-file (command line): the file '" + _work.Combine("nowhere", ".env") + "' does not exist.", result.Output);
    }

    [Theory]
    [InlineData("--tree")]
    [InlineData("--description")]
    [InlineData("--help")]
    [InlineData("--version")]
    public void Informational_options_succeed_without_side_effects(string option)
    {
        var before = _work.Snapshot();

        var result = Run(option, "--stack=does-not-exist");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(before, _work.Snapshot());
        Assert.DoesNotContain("Setup", result.Output);
    }

    [Fact]
    public void Version_names_the_program_and_cakes_engine() =>
        Assert.Equal("0.1.0 (Cake 7.0.0)", Run("--version").Output.Trim());

    [Fact]
    public void Description_lists_every_task_with_its_description()
    {
        var result = Run("--description");

        Assert.Contains("Plan", result.Output);
        Assert.Contains("Shows, without touching anything", result.Output);
        Assert.Contains("Test", result.Output);
    }

    [Fact]
    public void Description_groups_the_tasks_by_category()
    {
        var lines = Run("--description").Output.Split('\n').Select(line => line.TrimEnd()).ToList();

        Assert.Equal(["deploy", "host", "mail", "accounts", "backup", "checks", "development"], lines.Where(line => line.Length > 0 && !line.StartsWith(' ')));
        var development = lines.Skip(lines.IndexOf("development") + 1).TakeWhile(line => line.Length > 0).Select(line => line.Trim().Split(' ')[0]);
        Assert.Equal(["Docs", "Test"], development);
        var host = lines.Skip(lines.IndexOf("host") + 1).TakeWhile(line => line.Length > 0).Select(line => line.Trim().Split(' ')[0]);
        Assert.Equal(["Bootstrap", "CheckDataMounts", "DisableIpv6", "FailoverIp", "GrowVolume", "MountDataVolumes", "MountVolume", "Preflight", "PrepareHost", "RenameVolume", "SetUpGiteaSsh"], host);
    }

    [Fact]
    public void Help_lists_every_setting_with_its_environment_variable()
    {
        var result = Run("--help");

        foreach (var setting in PrivateCloud.Tasks.Plumbing.Settings.SettingCatalog.All)
        {
            Assert.Contains($"{setting.Option} ", result.Output);
            Assert.Contains(setting.EnvironmentVariable, result.Output);
        }

        Assert.Contains("Exit codes: 0 success, 1 a task failed, 2 bad arguments or configuration.", result.Output);
    }

    [Fact]
    public void Help_groups_the_settings_by_area_and_for_a_target_shows_only_those_it_and_its_dependencies_read()
    {
        var all = Run("--help").Output;
        var mount = Run("--target=MountVolume", "--help").Output;
        var deploy = Run("--target=Deploy", "--help").Output;
        var unknown = Run("--target=MountVolum", "--help");

        var areas = all.Split('\n').Select(line => line.TrimEnd()).Where(line => line.StartsWith(' ') && line.EndsWith(':') && !line.StartsWith("  ")).ToList();
        string[] known = [" stack and host:", " SSH connection:", " configuration:", " compose:", " deploy:", " git:", " host:", " testing:"];
        Assert.Equal(known, areas.Where(known.Contains));
        Assert.Equal(PrivateCloud.Tasks.Plumbing.Settings.SettingCatalog.Areas.Count, areas.Count);
        Assert.Contains("Settings MountVolume read", mount);
        Assert.Contains("--device ", mount);
        Assert.Contains("--format-device ", mount);
        Assert.DoesNotContain("--format ", mount);
        Assert.Contains("--host ", mount);
        Assert.DoesNotContain("--disk-warn", mount);
        Assert.DoesNotContain("--tail ", mount);
        Assert.DoesNotContain("--keep-releases", mount);
        // MountVolume changes the host, so its run holds the deploy lock.
        Assert.Contains("--lock-timeout ", mount);
        Assert.Contains("--submodules ", deploy);
        Assert.Contains("--dkim-bits ", deploy);
        Assert.Contains("--keep-releases ", deploy);
        Assert.DoesNotContain("--device ", deploy);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("The target 'MountVolum' was not found. Did you mean MountVolume?", unknown.Output);
    }

    [Fact]
    public void Command_line_beats_environment_which_beats_the_env_file()
    {
        _work.Write("configuration/.env", "DEPLOY_HOST=from-env-file\n");
        var fromFile = Run();
        var fromEnvironment = BuildProgram.Run(_work.Path, new Dictionary<string, string> { ["DEPLOY_HOST"] = "from-environment" });
        var fromCommandLine = BuildProgram.Run(
            _work.Path, new Dictionary<string, string> { ["DEPLOY_HOST"] = "from-environment" }, "--host=from-command-line");

        Assert.Contains("Host: root@from-env-file:22", fromFile.Output);
        Assert.Contains("Host: root@from-environment:22", fromEnvironment.Output);
        Assert.Contains("Host: root@from-command-line:22", fromCommandLine.Output);
    }

    [Fact]
    public void Readme_documents_every_setting_and_task()
    {
        var readme = File.ReadAllText(Path.Combine(SourceRoot.Find(), "README.md"));
        var description = Run("--description").Output;

        foreach (var setting in PrivateCloud.Tasks.Plumbing.Settings.SettingCatalog.All)
        {
            Assert.Contains($"| `{setting.Option}` | `{setting.EnvironmentVariable}` |", readme);
        }

        foreach (var task in typeof(PrivateCloud.Tasks.BuildContext).Assembly.GetTypes()
                     .Select(t => t.GetCustomAttributes(typeof(PrivateCloud.Frosting.TaskNameAttribute), false))
                     .SelectMany(a => a.Cast<PrivateCloud.Frosting.TaskNameAttribute>()))
        {
            Assert.Contains($"| `{task.Name}`", readme);
            Assert.Contains(task.Name, description);
        }
    }
}
