using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Docker;

public class ComposeToolTests
{
    [Fact]
    public void Plugin_runs_through_docker_with_the_context_before_the_compose_subcommand()
    {
        var request = new ComposeTool(ComposeFlavor.PluginV2, "2.30.0")
            .Request(DockerEngineTarget.Context("prod"), ["up", "--detach"]);

        Assert.Equal("docker", request.Program);
        Assert.Equal(["--context", "prod", "compose", "up", "--detach"], request.Arguments);
    }

    [Fact]
    public void Standalone_v1_runs_docker_compose_with_its_own_context_option()
    {
        var request = new ComposeTool(ComposeFlavor.StandaloneV1, "1.29.2")
            .Request(DockerEngineTarget.Context("prod"), ["ps"]);

        Assert.Equal("docker-compose", request.Program);
        Assert.Equal(["--context", "prod", "ps"], request.Arguments);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Detects_the_compose_asked_for_and_its_version(ComposeFlavor flavor)
    {
        var tool = InstalledCompose.Require(flavor);

        Assert.Equal(flavor, tool.Flavor);
        Assert.Matches(@"^v?\d+\.\d+\.\d+", tool.Version);
    }

    [Fact]
    public void Auto_takes_the_plugin_where_both_are_installed()
    {
        InstalledCompose.Require(ComposeFlavor.PluginV2);
        InstalledCompose.Require(ComposeFlavor.StandaloneV1);

        Assert.Equal(ComposeFlavor.PluginV2, ComposeTool.Detect(CakeProcesses.CreateCommandRunner()).Flavor);
    }

    [Fact]
    public void The_lookup_finds_both_installed_composes_where_they_lie_without_starting_them_and_chooses_as_detection_does()
    {
        InstalledCompose.Require(ComposeFlavor.PluginV2);
        InstalledCompose.Require(ComposeFlavor.StandaloneV1);

        var found = InstalledCompose.Lookup();

        Assert.Equal([ComposeFlavor.PluginV2, ComposeFlavor.StandaloneV1], found.Select(tool => tool.Flavor));
        Assert.All(found, tool => Assert.True(File.Exists(tool.Location), $"{tool.Location} does not exist"));
        Assert.Equal(ComposeFlavor.PluginV2, ComposeTool.Choose(found, wanted: null)!.Flavor);
        Assert.Equal("docker-compose at /usr/bin/docker-compose", ComposeTool.Choose(found, ComposeFlavor.StandaloneV1)!.ToString());
        Assert.Null(ComposeTool.Choose(ComposeTool.ParseLookup("v1 /usr/bin/docker-compose\n"), ComposeFlavor.PluginV2));
        Assert.Empty(ComposeTool.ParseLookup(string.Empty));
    }

    [Fact]
    public void A_flavour_asked_for_is_the_only_one_tried()
    {
        var asked = new List<string>();

        var found = ComposeTool.Detect(
            request =>
            {
                asked.Add(string.Join(' ', [request.Program, .. request.Arguments]));
                return new CommandResult(0, "1.29.2\n", string.Empty);
            },
            ComposeFlavor.StandaloneV1);

        Assert.Equal(new ComposeTool(ComposeFlavor.StandaloneV1, "1.29.2"), found);
        Assert.Equal(["docker-compose version --short"], asked);
    }

    [Theory]
    [InlineData(ComposeFlavor.StandaloneV1, "Attaching to p_worker_1\nline 1\nline 2\n", "line 1\nline 2\n")]
    [InlineData(ComposeFlavor.PluginV2, "\u001b[2Kline 1\n\u001b[2Kline 2 keeps \u001b[2K inside\n", "line 1\nline 2 keeps \u001b[2K inside\n")]
    [InlineData(ComposeFlavor.PluginV2, "Attaching to is a log line here\n", "Attaching to is a log line here\n")]
    public void Log_text_drops_what_each_flavour_adds_to_the_lines(ComposeFlavor flavor, string output, string expected) =>
        Assert.Equal(expected, new ComposeTool(flavor, "x").LogText(output));
}
