using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Docker;

public class ComposeStatusTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(40);

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_service_whose_healthcheck_fails_is_reported_unhealthy(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, withBrokenService: true, flavor: flavor);

        stack.Cli.Up(["broken"]);
        var statuses = stack.WaitUntil(s => s.Any(status => status.Health == ContainerHealth.Unhealthy), HealthTimeout);

        var broken = Assert.Single(statuses);
        Assert.Equal("broken", broken.Service);
        Assert.True(broken.IsRunning);
        Assert.Equal(ContainerHealth.Unhealthy, broken.Health);
        Assert.False(broken.IsReady);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Down_removes_the_containers_and_a_volume_is_removed_once(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);
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
