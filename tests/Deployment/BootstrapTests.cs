using System.Text.RegularExpressions;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// Bootstrap as a newcomer runs it: the build program through the real sshd on loopback against the
/// real Docker engine with the small busybox stack, as DeployTasksTests deploys it. The "host" is
/// this machine, so PrepareHost gets an installed package and the test stack binds no host directory,
/// and the steps that would change this machine's firewall or users (RouteMailTraffic without
/// MAIL_HOST_IP, SetUpGiteaSsh and InitUsers on a stack without their applications) are skipped,
/// each with its reason.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BootstrapTests(SshServerFixture server, DockerFixture docker) : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private readonly TemporaryDirectory _remote = new();
    private TestComposeStack? _stack;

    public void Dispose()
    {
        _stack?.Dispose();
        _remote.Dispose();
    }

    private TestComposeStack Stack(string extraEnv)
    {
        server.Require();
        _stack = TestComposeStack.Create(docker);
        var env = Path.Combine(_stack.Directory, ".env");
        File.AppendAllText(env, extraEnv);
        return _stack;
    }

    private BuildProgram.Result Run(TestComposeStack stack, params string[] args) => BuildProgram.Run(
        stack.Directory,
        null,
        [
            $"--stack={stack.Directory}", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
            $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--timeout=60", stack.ComposeOption, .. args,
        ]);

    [Fact]
    public void Bootstrap_runs_every_step_in_order_and_a_second_run_changes_nothing()
    {
        var stack = Stack(string.Empty);
        string[] args = ["--target=Bootstrap", "--packages=openssh-server"];

        var first = Run(stack, args);
        var ids = stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId);
        var second = Run(stack, args);

        Assert.True(first.ExitCode == 0, first.ToString());
        var order = new[] { "Preflight", "MountDataVolumes", "CheckDataMounts", "PrepareHost", "UploadRelease", "Up", "WaitHealthy", "Deploy", "RouteMailTraffic", "SetUpGiteaSsh", "InitUsers", "CheckEndpoints", "Bootstrap" }
            .Select(task => Regex.Match(first.Output, $"^ {task} *\r?$", RegexOptions.Multiline) is { Success: true } header
                ? header.Index
                : first.Output.IndexOf($"{task} skipped", StringComparison.Ordinal))
            .ToList();
        Assert.True(!order.Contains(-1) && order.SequenceEqual(order.Order()), $"steps at {string.Join(", ", order)} in:\n{first.Output}");
        Assert.Contains("MountDataVolumes skipped: no --databases-device or --files-device given", first.Output);
        Assert.Contains("RouteMailTraffic skipped: MAIL_HOST_IP is not set: mail leaves from the host's own address.", first.Output);
        Assert.Contains("SetUpGiteaSsh skipped: the stack runs no 'gitea' service.", first.Output);
        Assert.Contains("InitPassboltAdmin skipped: the stack runs no 'passbolt' service.", first.Output);
        Assert.Contains("CheckEndpoints skipped: no *_DOMAIN is set: there is no endpoint to check.", first.Output);
        Assert.Contains("Bootstrap goes on: no pre-flight check failed.", first.Output);
        Assert.Contains("Deployed release", first.Output);
        Assert.Contains("Bootstrap done on root@127.0.0.1", first.Output);
        Assert.Contains(" Bootstrap ", File.ReadAllText(_remote.Combine("audit.log")));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Host preparation: nothing to change", second.Output);
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(ids, stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId));
    }

    [Fact]
    public void Deploy_refuses_an_unmounted_DATABASES_DIR_before_it_uploads_anything()
    {
        var data = _remote.Combine("not-a-mount");
        Directory.CreateDirectory(data);
        var stack = Stack($"DATABASES_DIR={data}\n");

        var refused = Run(stack, "--target=Deploy");
        var singleDisk = Run(stack, "--target=Deploy", "--single-disk=true");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"DATABASES_DIR={data} is not a mount point on 127.0.0.1", refused.Output);
        Assert.DoesNotMatch("(?m)^ UploadRelease *\r?$", refused.Output);
        Assert.True(singleDisk.ExitCode == 0, singleDisk.ToString());
        Assert.Contains("Deployed release", singleDisk.Output);
    }
}
