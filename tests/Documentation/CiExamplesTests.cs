using System.Text.RegularExpressions;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Documentation;
using PrivateCloud.Tasks.Documentation.Readme;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Testing.DotnetTest;
using YamlDotNet.RepresentationModel;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Documentation;

/// <summary>
/// The CI examples in docs/ci, parsed as YAML: they deploy on a push to main and check on a schedule,
/// and every task, option and DEPLOY_* variable they use is one the program really has.
/// </summary>
public sealed partial class CiExamplesTests
{
    private static readonly string CiDirectory = Path.Combine(SourceRoot.Find(), "docs", "ci");

    private static readonly IReadOnlySet<string> TaskNames = TaskCatalog.Read(typeof(Docs).Assembly)
        .SelectMany(task => task.FormerNames.Prepend(task.Name))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static readonly TheoryData<string> Files = new() { "github-actions.yml", "gitlab-ci.yml" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_task_option_and_setting_variable_the_example_uses_exists(string file)
    {
        var root = Load(file);
        var commands = Scalars(root).SelectMany(text => text.Split('\n')).Select(line => line.Trim())
            .SelectMany(line => BuildCall().Matches(line).Select(match => match.Groups[1].Value))
            .ToList();
        var options = commands.SelectMany(command => OptionPattern().Matches(command).Select(m => (Name: m.Groups[1].Value, Value: m.Groups[2].Value))).ToList();
        var targets = options.Where(o => o.Name == CommandLine.Target).SelectMany(o => o.Value.Split(',')).ToList();
        var variables = Keys(root).Where(key => key.StartsWith("DEPLOY_", StringComparison.Ordinal)).ToList();

        var unknownTasks = targets.Where(target => !TaskNames.Contains(target)).ToList();
        var unknownOptions = options.Where(o => !CommandLine.HostOptionNames.Contains(o.Name) && SettingCatalog.Find(o.Name) is null).Select(o => o.Name).ToList();
        var unknownVariables = variables.Where(name => SettingCatalog.All.All(setting => setting.EnvironmentVariable != name)).ToList();

        Assert.NotEmpty(commands);
        Assert.Empty(unknownTasks);
        Assert.Empty(unknownOptions);
        Assert.Empty(unknownVariables);
        Assert.Contains("Deploy", targets);
        Assert.Contains("CheckDiskUsage", targets);
        Assert.Contains("CheckEndpoints", targets);
        Assert.Contains("Doctor", targets);
    }

    [Fact]
    public void GitHub_deploys_on_a_push_to_main_and_checks_on_a_schedule()
    {
        var root = Load("github-actions.yml");
        var on = (YamlMappingNode)root.Children[new YamlScalarNode("on")];
        var jobs = (YamlMappingNode)root.Children[new YamlScalarNode("jobs")];

        Assert.Contains("main", ((YamlSequenceNode)((YamlMappingNode)on.Children[new YamlScalarNode("push")]).Children[new YamlScalarNode("branches")]).Select(n => n.ToString()));
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("schedule")));
        Assert.Equal("github.event_name != 'schedule'", Scalar(jobs, "deploy", "if"));
        Assert.Contains("'schedule'", Scalar(jobs, "checks", "if"), StringComparison.Ordinal);
        // Secrets come from the secret store, never from the file itself.
        Assert.All(Scalars(root).Where(text => text.Contains("PASSWORD", StringComparison.Ordinal)), text => Assert.Contains("secrets.", text, StringComparison.Ordinal));
        Assert.Contains(Scalars(root), text => text.Contains("${{ secrets.PRIVATE_CLOUD_ENV }}", StringComparison.Ordinal));
    }

    [Fact]
    public void GitLab_deploys_on_a_push_to_main_and_checks_on_a_schedule()
    {
        var root = Load("gitlab-ci.yml");

        Assert.Equal("$CI_PIPELINE_SOURCE == \"push\" && $CI_COMMIT_BRANCH == \"main\"", Rule(root, "deploy"));
        Assert.Equal("$CI_PIPELINE_SOURCE == \"schedule\"", Rule(root, "nightly-checks"));
        Assert.Contains(Scalars(root), text => text.Contains("\"$PRIVATE_CLOUD_ENV\" configuration/.env", StringComparison.Ordinal));
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(Path.Combine(CiDirectory, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Rule(YamlMappingNode root, string job)
    {
        var rules = (YamlSequenceNode)((YamlMappingNode)root.Children[new YamlScalarNode(job)]).Children[new YamlScalarNode("rules")];
        return ((YamlMappingNode)rules.Children.Single()).Children[new YamlScalarNode("if")].ToString();
    }

    private static string Scalar(YamlMappingNode jobs, string job, string key) =>
        ((YamlMappingNode)jobs.Children[new YamlScalarNode(job)]).Children[new YamlScalarNode(key)].ToString();

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Scalars),
        _ => [],
    };

    private static IEnumerable<string> Keys(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.SelectMany(Keys),
        YamlMappingNode mapping => mapping.Children.Keys.Select(key => key.ToString()).Concat(mapping.Children.Values.SelectMany(Keys)),
        _ => [],
    };

    [GeneratedRegex(@"\./build\.sh(.*?)(?:\|\||$)")]
    private static partial Regex BuildCall();

    [GeneratedRegex(@"--([a-z][a-z-]*)(?:=(\S*))?")]
    private static partial Regex OptionPattern();
}
