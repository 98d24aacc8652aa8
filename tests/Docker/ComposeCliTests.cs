using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Docker;

public class ComposeCliTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public void Config_accepts_a_valid_stack()
    {
        using var stack = TestComposeStack.Create(docker);

        var validation = stack.Cli.Config();

        Assert.True(validation.IsValid, validation.Message);
    }

    [Fact]
    public void Config_returns_composes_explanation_for_a_broken_file()
    {
        using var stack = TestComposeStack.Create(docker);
        stack.Write("docker-compose.yml", "services:\n  web:\n    build: ./web\n    restart_policy_typo: always\n");

        var validation = stack.Cli.Config();

        Assert.False(validation.IsValid);
        Assert.Contains("restart_policy_typo", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_and_up_start_every_service_and_a_second_up_keeps_the_same_containers()
    {
        using var stack = TestComposeStack.Create(docker);

        stack.Cli.Build([]);
        stack.Cli.Up([]);
        var first = stack.WaitUntil(s => s.All(status => status.IsReady), HealthTimeout);

        Assert.Equal(["web", "worker"], first.Select(s => s.Service));
        Assert.All(first, status => Assert.Equal("running", status.State));
        Assert.Equal(ContainerHealth.Healthy, first[0].Health);
        Assert.Equal(ContainerHealth.None, first[1].Health);
        Assert.All(first, status => Assert.StartsWith(stack.Project.Name, status.Image, StringComparison.Ordinal));

        stack.Cli.Up([]);
        var second = stack.Cli.Ps();

        Assert.Equal(first.Select(s => s.ContainerId), second.Select(s => s.ContainerId));
        Assert.All(second, status => Assert.True(status.IsRunning));
    }

    [Fact]
    public void A_service_whose_healthcheck_fails_is_reported_unhealthy()
    {
        using var stack = TestComposeStack.Create(docker, withBrokenService: true);

        stack.Cli.Up(["broken"]);
        var statuses = stack.WaitUntil(s => s.Any(status => status.Health == ContainerHealth.Unhealthy), HealthTimeout);

        var broken = Assert.Single(statuses);
        Assert.Equal("broken", broken.Service);
        Assert.True(broken.IsRunning);
        Assert.Equal(ContainerHealth.Unhealthy, broken.Health);
        Assert.False(broken.IsReady);
    }

    [Fact]
    public void Up_of_one_service_starts_only_it_and_logs_return_its_last_lines_with_env_file_values()
    {
        using var stack = TestComposeStack.Create(docker);

        stack.Cli.Up(["worker"]);
        var worker = Assert.Single(stack.Cli.Ps());
        Assert.Equal("worker", worker.Service);
        var logs = string.Empty;
        var deadline = DateTime.UtcNow + HealthTimeout;
        while (!logs.Contains("line 20", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            logs = stack.Cli.Logs("worker", tail: 21);
        }

        Assert.Equal([TestComposeStack.Greeting, .. Enumerable.Range(1, 20).Select(i => $"line {i}")], logs.Split('\n'));
        Assert.Equal("line 18\nline 19\nline 20", stack.Cli.Logs("worker", tail: 3));
    }

    [Fact]
    public void Down_removes_the_containers_and_a_volume_is_removed_once()
    {
        using var stack = TestComposeStack.Create(docker);
        stack.Cli.Up(["worker"]);
        var engine = new DockerEngine(docker.Runner, DockerEngineTarget.Local);
        var volume = stack.Project.VolumeName("data");
        Assert.True(engine.VolumeExists(volume));

        stack.Cli.Down();

        Assert.Empty(stack.Cli.Ps());
        Assert.True(engine.VolumeExists(volume), "down without removeVolumes keeps the data");
        Assert.True(stack.Cli.RemoveVolume("data"));
        Assert.False(engine.VolumeExists(volume));
        Assert.False(stack.Cli.RemoveVolume("data"));
        stack.Cli.Down();
    }

    [Fact]
    public void A_failing_command_names_the_project_and_compose_message()
    {
        using var stack = TestComposeStack.Create(docker);

        var failure = Assert.Throws<CommandFailedException>(() => stack.Cli.Up(["no-such-service"]));

        Assert.Contains($"Starting compose project '{stack.Project.Name}' failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-service", failure.Message, StringComparison.Ordinal);
    }
}
