using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Docker;

public class ComposeStatusTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(40);

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
}
