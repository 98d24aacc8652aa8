using System.Security.Cryptography;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// Deploy under faults, with real components: the build program, a real sshd on loopback (the
/// "host" is this machine), the real Docker engine and the small busybox stack. Each fault leaves
/// the running release serving its page, and the next Deploy succeeds with nothing cleaned by hand.
/// The faults: the SSH connection cut mid-upload (a forwarder between client and sshd), the
/// engine gone mid-deploy (a forwarder between the host's docker CLI and dockerd; dockerd itself
/// is never stopped), a build that fails, a healthcheck that never passes, two Deploys at once,
/// and the disk of --remote-dir full during the upload (a small tmpfs mounted there).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeployFaultTests(EngineForwardingSshServerFixture server, DockerFixture docker)
    : IClassFixture<EngineForwardingSshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string FirstPage = "<h1>it works</h1>";
    private const string SecondPage = "<h1>second</h1>";

    /// <summary>How the host's compose asks the engine to build: BuildKit's gRPC and session endpoints, or the classic builder's.</summary>
    private static readonly string[] BuildRequests = ["POST /grpc ", "POST /session ", "/build?"];

    private readonly TemporaryDirectory _remote = new();
    private TestComposeStack? _stack;
    private bool _remoteIsTmpfs;

    private TestComposeStack Stack => _stack ??= CreateStack();

    public void Dispose()
    {
        // Containers bind-mount files of the release: they go first, then the filesystem under it.
        _stack?.Dispose();
        if (_remoteIsTmpfs)
        {
            SshServerFixture.RunTool("umount", _remote.Path).GetAwaiter().GetResult();
        }

        _remote.Dispose();
    }

    private TestComposeStack CreateStack()
    {
        server.Require();
        return TestComposeStack.Create(docker);
    }

    private BuildProgram.Result Deploy(params string[] args) => DeployThrough(server.Port, server.KnownHostsFile, args);

    private BuildProgram.Result DeployThrough(int port, string knownHosts, params string[] args)
    {
        var stack = Stack;
        return BuildProgram.Run(
            stack.Directory,
            null,
            [
                "--target=Deploy", $"--stack={stack.Directory}", $"--host=root@127.0.0.1:{port}", $"--ssh-key={server.Ed25519Key}",
                $"--known-hosts={knownHosts}", $"--remote-dir={_remote.Path}", "--timeout=60", .. args,
            ]);
    }

    private string CurrentRelease() => Path.GetFileName(new DirectoryInfo(_remote.Combine("current")).LinkTarget!);

    private string[] ReleaseDirectories() =>
        [.. Directory.GetDirectories(_remote.Combine("releases")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private Dictionary<string, string> ContainerIds() => Stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId);

    private string[] AuditLines() => File.ReadAllLines(_remote.Combine(AuditLog.FileName));

    /// <summary>What the running web container serves, asked inside it: the page users get.</summary>
    private string Page()
    {
        var web = Stack.Cli.Ps().Single(s => s.Service == "web");
        return docker.Runner.Run(new CommandRequest("docker", ["exec", web.ContainerId, "wget", "-q", "-O-", "http://127.0.0.1/"]) { Quiet = true })
            .EnsureSuccess("fetching the web service's page").StandardOutput.Trim();
    }

    /// <summary>The release deployed first, serving <see cref="FirstPage"/>, and its containers.</summary>
    private (string Release, Dictionary<string, string> Containers) DeployFirst(params string[] args)
    {
        var first = Deploy(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(FirstPage, Page());
        return (CurrentRelease(), ContainerIds());
    }

    /// <summary>The running release and containers are the ones from before the fault, ready and serving their page.</summary>
    private void AssertUntouched(string release, Dictionary<string, string> containers)
    {
        Assert.Equal(release, CurrentRelease());
        Assert.Equal(containers, ContainerIds());
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.Equal(FirstPage, Page());
    }

    /// <summary>The next Deploy, with nothing cleaned by hand, puts the second page up from a new, complete release.</summary>
    private BuildProgram.Result AssertNextDeploySucceeds(string previous, params string[] args)
    {
        var next = Deploy(args);

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.NotEqual(previous, CurrentRelease());
        Assert.Equal(SecondPage, Page());
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_remote.Combine("releases")), entry => entry.EndsWith(".partial", StringComparison.Ordinal));
        Assert.EndsWith("outcome=succeeded", AuditLines()[^1], StringComparison.Ordinal);
        return next;
    }

    private void WriteIncompressible(string relativePath, int bytes) =>
        File.WriteAllBytes(Path.Combine(Stack.Directory, relativePath), RandomNumberGenerator.GetBytes(bytes));

    [Fact]
    public void The_ssh_connection_cut_mid_upload_leaves_the_running_release_and_the_next_deploy_removes_the_partial_one()
    {
        var (release, containers) = DeployFirst();
        WriteIncompressible("web/blob.bin", 4 * 1024 * 1024);
        Stack.Write("web/index.html", SecondPage + "\n");
        using var forwarder = CuttableForwarder.Tcp(server.Port);
        var knownHosts = _remote.Path + ".known_hosts";
        File.WriteAllText(knownHosts, $"[127.0.0.1]:{forwarder.Port} {server.HostKeyLine}\n");
        // Three quarters into the upload's 4 MiB. sshd takes 2 MiB (its channel window) before the
        // upload command reads any, so a cut past that falls while tar unpacks into the new release.
        forwarder.CutAfterClientBytes(3 * 1024 * 1024);

        var cut = DeployThrough(forwarder.Port, knownHosts);
        var partials = Directory.GetDirectories(_remote.Combine("releases"), "*.partial");

        Assert.True(forwarder.IsCut, "the forwarder never cut the connection");
        Assert.Equal(1, cut.ExitCode);
        Assert.True(cut.Output.Contains($"Lost the SSH connection to root@127.0.0.1:{forwarder.Port} while running: set -e; test ! -e {_remote.Combine("releases")}/", StringComparison.Ordinal), cut.ToString());
        Assert.Single(partials);
        AssertUntouched(release, containers);

        var next = AssertNextDeploySucceeds(release);
        Assert.Contains($"Removed {partials[0]} on root@127.0.0.1:{server.Port}, left by an upload that was cut off.", next.Output);
        Assert.Equal([release, CurrentRelease()], ReleaseDirectories());
        File.Delete(knownHosts);
    }

    [Fact]
    public void The_engine_gone_during_the_build_discards_the_new_release_and_the_next_deploy_succeeds()
    {
        var (release, containers) = DeployFirst();
        Stack.Write("web/index.html", SecondPage + "\n");
        // The engine goes away when the host's compose asks it to build: after the upload, before the switch.
        server.Engine.CutOnClientText(BuildRequests);

        BuildProgram.Result failed;
        bool wasCut;
        try
        {
            failed = Deploy();
            wasCut = server.Engine.IsCut;
        }
        finally
        {
            server.Engine.Restore();
        }

        Assert.True(wasCut, "the engine was never cut: compose sent no build request");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("The build failed: release ", failed.Output);
        Assert.Equal([release], ReleaseDirectories());
        AssertUntouched(release, containers);
        Assert.EndsWith("outcome=failed", AuditLines()[^1], StringComparison.Ordinal);

        AssertNextDeploySucceeds(release);
    }

    [Fact]
    public void A_build_that_fails_leaves_the_running_release_and_once_fixed_the_next_deploy_succeeds()
    {
        var (release, containers) = DeployFirst();
        Stack.Write("web/index.html", SecondPage + "\n");
        Stack.Write("worker/Dockerfile", $"FROM {DockerFixture.BaseImage}\nRUN exit 3\n");

        var failed = Deploy();

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("The build failed: release ", failed.Output);
        Assert.Equal([release], ReleaseDirectories());
        AssertUntouched(release, containers);
        Assert.EndsWith("outcome=failed", AuditLines()[^1], StringComparison.Ordinal);

        Stack.Write("worker/Dockerfile", $"FROM {DockerFixture.BaseImage}\nCOPY job.sh /job.sh\n");
        AssertNextDeploySucceeds(release);
        Assert.Equal([release, CurrentRelease()], ReleaseDirectories());
    }

    [Fact]
    public void A_healthcheck_that_never_passes_fails_the_deploy_in_its_timeout_while_the_page_is_served_and_the_fixed_deploy_succeeds()
    {
        string[] files = ["--compose-file=docker-compose.yml,docker-compose.health.yml"];
        Stack.Write("docker-compose.health.yml", WorkerHealthcheck("true"));
        var (_, containers) = DeployFirst(files);

        Stack.Write("docker-compose.health.yml", WorkerHealthcheck("false"));
        var failed = Deploy([.. files, "--timeout=8"]);
        var unhealthy = CurrentRelease();

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("1 service(s) not healthy after 8 s: worker (running, unhealthy).", failed.Output);
        Assert.Equal(containers["web"], ContainerIds()["web"]);
        Assert.Equal(FirstPage, Page());
        Assert.EndsWith("outcome=failed", AuditLines()[^1], StringComparison.Ordinal);

        Stack.Write("docker-compose.health.yml", WorkerHealthcheck("true"));
        Stack.Write("web/index.html", SecondPage + "\n");
        var next = AssertNextDeploySucceeds(unhealthy, files);
        Assert.Contains("worker: container recreated", next.Output);
    }

    private static string WorkerHealthcheck(string command) =>
        $"services:\n  worker:\n    healthcheck:\n      test: [\"CMD\", \"{command}\"]\n      interval: 1s\n      retries: 1\n";

    [Fact]
    public async Task Two_deploys_started_together_one_fails_naming_the_holder_then_with_a_lock_timeout_the_second_waits_and_changes_nothing()
    {
        _ = Stack;
        var cancel = TestContext.Current.CancellationToken;

        var together = await Task.WhenAll(Task.Run(() => Deploy(), cancel), Task.Run(() => Deploy(), cancel));

        var refused = Assert.Single(together, r => r.ExitCode != 0);
        var deployed = Assert.Single(together, r => r.ExitCode == 0);
        Assert.Equal(1, refused.ExitCode);
        Assert.Matches(
            $@"Error: Another run holds the deploy lock for {_remote.Path} on root@127\.0\.0\.1:{server.Port}: {Environment.UserName}@{Environment.MachineName}, Deploy, since \S+Z; waited 0 s",
            refused.Output);
        Assert.DoesNotContain("uploaded", refused.Output);
        var release = CurrentRelease();
        Assert.Equal([release], ReleaseDirectories());
        Assert.Contains($"Deployed release {release}", deployed.Output);
        Assert.Equal(FirstPage, Page());
        Assert.Single(AuditLines());

        Stack.Write("web/index.html", SecondPage + "\n");
        var waited = await Task.WhenAll(Task.Run(() => Deploy("--lock-timeout=120"), cancel), Task.Run(() => Deploy("--lock-timeout=120"), cancel));

        Assert.All(waited, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Single(waited, r => r.Output.Contains("Deploy changed nothing", StringComparison.Ordinal));
        Assert.Equal([release, CurrentRelease()], ReleaseDirectories());
        Assert.Equal(SecondPage, Page());
        Assert.Equal(3, AuditLines().Length);
        Assert.All(AuditLines(), line => Assert.EndsWith("outcome=succeeded", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deploy_waiting_for_the_lock_renders_meanwhile_and_sends_nothing_until_it_holds_the_lock()
    {
        _ = Stack;
        Stack.Write("web/note.conf.template", "note: ${GREETING}\n");
        var rendered = Path.Combine(Stack.Directory, "web/note.conf");
        using var session = new SshSession(server.Settings());
        var held = new DeployLock(new RemoteShell(session, new SecretRedactor(), _ => { }), _remote.Path)
            .Acquire("alice@laptop, Deploy, since 2026-11-30T00:00:00Z", TimeSpan.Zero);
        var cancel = TestContext.Current.CancellationToken;
        var commandsBefore = server.CommandsStarted;

        var deploying = Task.Run(() => Deploy("--lock-timeout=120"), cancel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(rendered) && !deploying.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancel);
        }

        var renderedWhileWaiting = File.Exists(rendered) && !deploying.IsCompleted;
        var sentWhileWaiting = Directory.Exists(_remote.Combine("releases"));
        var commandsWhileWaiting = server.CommandsStarted - commandsBefore;
        held!.Dispose();
        var deployed = await deploying;

        Assert.True(renderedWhileWaiting, "the template was not rendered while the deploy waited for the lock");
        Assert.False(sentWhileWaiting, "a release reached the host before the deploy held the lock");
        Assert.True(commandsWhileWaiting <= 1, $"{commandsWhileWaiting} commands reached the host before the deploy held the lock; only the lock's may");
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        Assert.Equal($"note: {TestComposeStack.Greeting}\n", File.ReadAllText(_remote.Combine("current/web/note.conf")));
        Assert.Equal(FirstPage, Page());
    }

    [Fact]
    public async Task The_remote_dir_full_during_the_upload_leaves_the_running_release_and_no_partial_one_and_the_next_deploy_succeeds()
    {
        Requires.That(Environment.UserName == "root" && Requires.Executable("mount"), "Mounting a tmpfs at --remote-dir needs root and mount");
        _ = Stack;
        await SshServerFixture.RunTool("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", _remote.Path);
        _remoteIsTmpfs = true;
        var (release, containers) = DeployFirst();
        WriteIncompressible("web/blob.bin", 2 * 1024 * 1024);
        Stack.Write("web/index.html", SecondPage + "\n");

        var full = Deploy();

        Assert.True(full.ExitCode == 1, full.ToString());
        Assert.True(full.Output.Contains($"Error: The disk of {_remote.Path} on root@127.0.0.1:{server.Port} is full: the new release's 2049 KiB of changed files did not fit in its ", StringComparison.Ordinal), full.ToString());
        Assert.Equal([release], ReleaseDirectories());
        Assert.Empty(Directory.GetDirectories(_remote.Combine("releases"), "*.partial"));
        AssertUntouched(release, containers);

        File.Delete(Path.Combine(Stack.Directory, "web/blob.bin"));
        AssertNextDeploySucceeds(release);
    }
}
