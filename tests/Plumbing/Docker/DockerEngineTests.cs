using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Docker;

public class DockerEngineTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public void Finds_a_container_by_label_and_inspects_state_image_and_labels()
    {
        docker.RequireEngine();
        var runner = docker.Runner;
        var label = $"pct-test-{Guid.NewGuid():N}";
        var id = runner.Run(new CommandRequest(
                "docker",
                ["run", "--detach", "--pull=never", "--label", $"{label}=yes", "--label", "role=probe", DockerFixture.BaseImage, "sleep", "60"])
            { Quiet = true })
            .EnsureSuccess("Starting a probe container").StandardOutput.Trim();
        try
        {
            var engine = new DockerEngine(runner, DockerEngineTarget.Local);

            var ids = engine.ContainerIdsWithLabel(label, "yes");
            var container = Assert.Single(engine.InspectContainers(ids));

            Assert.Equal(id, container.Id);
            Assert.True(container.IsRunning);
            Assert.Equal(ContainerHealth.None, container.Health);
            Assert.Equal(DockerFixture.BaseImage, container.Image);
            Assert.StartsWith("sha256:", container.ImageId, StringComparison.Ordinal);
            Assert.Equal("probe", container.Labels["role"]);
            Assert.DoesNotContain('/', container.Name);
        }
        finally
        {
            runner.Run(new CommandRequest("docker", ["container", "rm", "--force", id]) { Quiet = true });
        }
    }

    [Fact]
    public void Inspecting_no_containers_asks_nothing()
    {
        var engine = new DockerEngine(CakeProcesses.CreateCommandRunner(), DockerEngineTarget.Tcp("tcp://127.0.0.1:1", null));

        Assert.Empty(engine.InspectContainers([]));
    }

    [Fact]
    public void A_tcp_target_is_really_used_by_the_cli()
    {
        Requires.That(Requires.Executable("docker"), "The docker CLI is not installed");

        // Nothing listens on port 1: the CLI must report the engine unreachable instead of using the local socket.
        var engine = new DockerEngine(CakeProcesses.CreateCommandRunner(), DockerEngineTarget.Tcp("tcp://127.0.0.1:1", null));

        Assert.False(engine.IsReachable());
    }

    [Fact]
    public void A_context_target_reaches_the_engine_the_context_names()
    {
        docker.RequireEngine();
        var runner = docker.Runner;
        var context = $"pct-{Guid.NewGuid():N}"[..16];
        runner.Run(new CommandRequest("docker", ["context", "create", context, "--docker", "host=unix:///var/run/docker.sock"]) { Quiet = true })
            .EnsureSuccess("Creating a docker context");
        try
        {
            Assert.True(new DockerEngine(runner, DockerEngineTarget.Context(context)).IsReachable());
            Assert.False(new DockerEngine(runner, DockerEngineTarget.Context($"{context}-missing")).IsReachable());
        }
        finally
        {
            runner.Run(new CommandRequest("docker", ["context", "rm", "--force", context]) { Quiet = true });
        }
    }
}
