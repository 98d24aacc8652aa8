using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Docker;

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

    [Fact]
    public void Detects_the_installed_compose_and_its_version()
    {
        var pluginInstalled = CakeProcesses.CreateCommandRunner()
            .Run(new("docker", ["compose", "version"]) { Quiet = true }).Succeeded;
        Requires.That(pluginInstalled || Requires.Executable("docker-compose"), "No compose implementation is installed");

        var tool = ComposeTool.Detect(CakeProcesses.CreateCommandRunner());

        Assert.Equal(pluginInstalled ? ComposeFlavor.PluginV2 : ComposeFlavor.StandaloneV1, tool.Flavor);
        Assert.Matches(@"^v?\d+\.\d+\.\d+", tool.Version);
    }
}
