using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Docker;

public class ComposeUpTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(40);

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Build_and_up_start_every_service_and_a_second_up_keeps_the_same_containers(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);

        stack.Cli.Build([]);
        stack.Cli.Up([]);
        var first = stack.WaitUntil(s => s.All(status => status.IsReady), HealthTimeout);

        Assert.Equal(["web", "worker"], first.Select(s => s.Service));
        Assert.All(first, status => Assert.Equal("running", status.State));
        Assert.Equal(ContainerHealth.Healthy, first[0].Health);
        Assert.Equal(ContainerHealth.None, first[1].Health);
        Assert.All(first, status => Assert.Equal(stack.ImageName(status.Service), status.Image));
        Assert.All(first, status => Assert.Equal(stack.ContainerName(status.Service), status.ContainerName));

        stack.Cli.Up([]);
        var second = stack.Cli.Ps();

        Assert.Equal(first.Select(s => s.ContainerId), second.Select(s => s.ContainerId));
        Assert.All(second, status => Assert.True(status.IsRunning));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Up_of_one_service_starts_only_it_and_logs_return_its_last_lines_with_env_file_values(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);

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
}
