using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// Deploys the test compose stack through a real sshd, under docker-compose v1 and the v2 plugin:
/// the "remote" host is this machine, so compose runs against the same local engine the Docker
/// fixture prepared.
/// </summary>
public sealed class RemoteComposeTests(SshServerFixture server, DockerFixture docker)
    : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Start = new(2025, 6, 7, 8, 9, 10, TimeSpan.Zero);

    private readonly List<string> _log = [];
    private readonly TemporaryDirectory _remote = new();

    public void Dispose() => _remote.Dispose();

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Build_and_up_in_current_start_the_stack_and_later_ups_keep_unchanged_containers(ComposeFlavor flavor)
    {
        server.Require();
        using var stack = TestComposeStack.Create(docker, flavor: flavor);
        using var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromMinutes(5) });
        var shell = new RemoteShell(session, new SecretRedactor(), _log.Add);
        var uploader = new ReleaseStore(shell, _remote.Path, _log.Add);
        var project = new ComposeProject(stack.Project.Name, uploader.CurrentPath, ["docker-compose.yml"], ".env");
        var compose = new RemoteCompose(shell, project, new SecretRedactor(), _log.Add, flavor);

        var first = Deploy(stack, uploader, compose, Start);
        var running = WaitUntilRunning(compose);

        Assert.Equal(flavor, compose.Tool.Flavor);
        Assert.Equal(["web", "worker"], running.Select(s => s.Service));
        Assert.Equal([stack.ContainerName("web"), stack.ContainerName("worker")], running.Select(s => s.ContainerName));
        Assert.All(running, status => Assert.True(status.IsRunning));
        Assert.Contains(_log, line => line.Contains($"cd {uploader.CurrentPath} &&", StringComparison.Ordinal) && line.Contains(" up -d --remove-orphans", StringComparison.Ordinal));
        Assert.Contains(_log, line => line.Contains($"cd {uploader.ReleasePath(first)} &&", StringComparison.Ordinal) && line.Contains(" build", StringComparison.Ordinal));

        compose.Up([]);
        Assert.Equal(running.Select(s => s.ContainerId), compose.Ps().Select(s => s.ContainerId));

        // A release that touches no service's files: new directory, same containers.
        stack.Write("README.md", "operator notes\n");
        var second = Deploy(stack, uploader, compose, Start.AddMinutes(1));

        Assert.NotEqual(first, second);
        Assert.Equal($"releases/{second}", new FileInfo(Path.Combine(_remote.Path, "current")).LinkTarget);
        var after = compose.Ps();
        Assert.True(
            running.Select(s => s.ContainerId).SequenceEqual(after.Select(s => s.ContainerId)),
            "A release that changes no service recreated a container:\n" + string.Join("\n", _log));
        Assert.All(after, status => Assert.True(status.IsRunning));
        Assert.Contains("line 20", compose.Logs("worker", 30), StringComparison.Ordinal);

        compose.Down();
        Assert.Empty(compose.Ps());
        Assert.Equal(1, session.ConnectionsOpened);
    }

    /// <summary>What the deploy task does: upload, build from the new release, switch current, up.</summary>
    private static string Deploy(TestComposeStack stack, ReleaseStore uploader, RemoteCompose compose, DateTimeOffset now)
    {
        var upload = uploader.Upload(stack.Directory, ReleaseManifest.Scan(stack.Directory, now));
        compose.Build(uploader.ReleasePath(upload.ReleaseId), []);
        uploader.Activate(upload.ReleaseId);
        compose.Up([]);
        return upload.ReleaseId;
    }

    private static IReadOnlyList<ServiceStatus> WaitUntilRunning(RemoteCompose compose)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var statuses = compose.Ps();
            if ((statuses.Count == 2 && statuses.All(s => s.IsRunning)) || DateTime.UtcNow > deadline)
            {
                return statuses;
            }

            Thread.Sleep(1000);
        }
    }
}
