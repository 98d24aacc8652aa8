using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// A host with docker-compose v1 only, as Debian bookworm ships it, keeps working with
/// --compose left at auto: the loopback sshd runs where the compose plugin is hidden
/// (<see cref="V1OnlyHost"/>), with the real docker CLI, docker-compose 1.29 and engine.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class V1OnlyHostTests(V1OnlyHostFixture host, DockerFixture docker)
    : IClassFixture<V1OnlyHostFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private readonly TemporaryDirectory _remote = new();
    private TestComposeStack? _stack;

    private TestComposeStack Stack => _stack ??= CreateStack();

    public void Dispose()
    {
        _stack?.Dispose();
        _remote.Dispose();
    }

    private TestComposeStack CreateStack()
    {
        host.Require();
        V1OnlyHost.Require();
        return TestComposeStack.Create(docker, flavor: ComposeFlavor.StandaloneV1);
    }

    private string[] Arguments(params string[] args) =>
    [
        $"--stack={Stack.Directory}", $"--host=root@127.0.0.1:{host.Port}", $"--ssh-key={host.Ed25519Key}",
        $"--known-hosts={host.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--timeout=60", .. args,
    ];

    private Dictionary<string, string> ContainerIds() => Stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId);

    [Fact]
    public void Auto_deploys_with_docker_compose_v1_there_and_v2_asked_for_fails_naming_the_host_and_leaves_the_stack_alone()
    {
        var here = InstalledCompose.Require();
        var v1 = InstalledCompose.Require(ComposeFlavor.StandaloneV1);

        var first = BuildProgram.Run(Stack.Directory, null, Arguments("--target=Deploy"));
        var containers = ContainerIds();
        var second = BuildProgram.Run(Stack.Directory, null, Arguments("--target=Deploy"));
        Stack.Write("web/index.html", "<h1>second</h1>\n");
        var v2 = BuildProgram.Run(Stack.Directory, null, Arguments("--target=Deploy", "--compose=v2"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Compose on this machine: {here}.", first.Output);
        Assert.Contains($"Compose on {host.Target}: {v1}.", first.Output);
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.All(Stack.Cli.Ps(), s => Assert.Equal(Stack.ContainerName(s.Service), s.ContainerName));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(1, v2.ExitCode);
        Assert.Contains(ComposeTool.Missing(ComposeFlavor.PluginV2, host.Target.ToString()), v2.Output);
        Assert.Equal(containers, ContainerIds());
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsRunning));
    }

    [Fact]
    public void A_machine_with_only_docker_compose_v1_validates_with_it()
    {
        var v1 = InstalledCompose.Require(ComposeFlavor.StandaloneV1);

        var result = BuildProgram.RunBehind(V1OnlyHost.Wrapper, Stack.Directory, null, $"--stack={Stack.Directory}", "--target=ValidateCompose");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Compose on this machine: {v1}.", result.Output);
        Assert.Contains($"The compose project {Stack.Project.Name} (docker-compose.yml) is valid.", result.Output);
    }
}
