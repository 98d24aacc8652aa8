using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Docker;

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
        // The one-call listing a Deploy reads the host with tells the same, images aside.
        Assert.Equal(statuses.Select(s => s with { Image = string.Empty, ImageId = string.Empty }), Listed(stack));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void The_one_call_listing_tells_a_healthy_and_a_checkless_container_as_inspect_does(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);
        stack.Cli.Up([]);

        var statuses = stack.WaitUntil(s => s.Count == 2 && s.All(status => status.IsReady), HealthTimeout);

        Assert.Equal([ContainerHealth.Healthy, ContainerHealth.None], statuses.Select(s => s.Health));
        Assert.Equal(statuses.Select(s => s with { Image = string.Empty, ImageId = string.Empty }), Listed(stack));
        stack.Cli.Down();
    }

    private IReadOnlyList<ServiceStatus> Listed(TestComposeStack stack) =>
        ComposeContainers.ParseListing(docker.Runner.Run(
            new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest("docker", ComposeContainers.ListingArguments(stack.Project.Name)) { Quiet = true }).StandardOutput);

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
