using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// The no-change Deploy and the drift that makes it run compose, as a user runs it: the build
/// program, a real sshd on loopback and the real engine. Compose calls are counted by wrappers
/// first on PATH, here and in the host's sessions, that log and then run the real programs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeployFastPathTests : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private readonly SshServerFixture _server;
    private readonly DockerFixture _docker;
    private readonly TemporaryDirectory _remote = new();
    private readonly TemporaryDirectory _work = new();
    private readonly ComposeCallRecorder _compose;
    private TestComposeStack? _stack;

    public DeployFastPathTests(SshServerFixture server, DockerFixture docker)
    {
        _server = server;
        _docker = docker;
        server.Require();
        _compose = new ComposeCallRecorder(server.SessionPathDirectory, _work.Combine("compose-calls.log"));
    }

    private TestComposeStack Stack => _stack ??= TestComposeStack.Create(_docker);

    private void Use(ComposeFlavor flavor) => _stack = TestComposeStack.Create(_docker, flavor: flavor);

    private string Current => _remote.Combine("current");

    public void Dispose()
    {
        _stack?.Dispose();
        _remote.Dispose();
        _work.Dispose();
    }

    private BuildProgram.Result Run(params string[] args)
    {
        var stack = Stack;
        var result = BuildProgram.Run(
            stack.Directory,
            _compose.Environment,
            [
                $"--stack={stack.Directory}", $"--host=root@127.0.0.1:{_server.Port}", $"--ssh-key={_server.Ed25519Key}",
                $"--known-hosts={_server.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--timeout=60", stack.ComposeOption, .. args,
            ]);
        _server.WaitForConnectionsToEnd();
        return result;
    }

    private BuildProgram.Result Deploy(params string[] args)
    {
        var result = Run(["--target=Deploy", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private Dictionary<string, ServiceStatus> Containers() => Stack.Cli.Ps().ToDictionary(s => s.Service);

    private void Docker(params string[] args) => _docker.Runner.Run(new CommandRequest("docker", args) { Quiet = true }).EnsureSuccess("docker " + args[0]);

    private static Dictionary<string, string> Ids(Dictionary<string, ServiceStatus> containers) => containers.ToDictionary(c => c.Key, c => c.Value.ContainerId);

    private string ReleaseId() => Path.GetFileName(new DirectoryInfo(Current).ResolveLinkTarget(returnFinalTarget: true)!.FullName);

    /// <summary>The page web serves, fetched inside its container: its port is published nowhere.</summary>
    private string Fetch(ServiceStatus web) =>
        _docker.Runner.Run(new CommandRequest("docker", ["exec", web.ContainerId, "wget", "-q", "-O-", "http://127.0.0.1/"]) { Quiet = true }).EnsureSuccess("fetching web's page").StandardOutput;

    private List<string> ComposeUps() => [.. _compose.ComposeCalls.Where(call => call.Contains(" up -d ", StringComparison.Ordinal))];

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_no_change_Deploy_opens_one_connection_runs_one_command_and_no_compose(ComposeFlavor flavor)
    {
        Use(flavor);
        var first = Deploy();
        var builds = _compose.ComposeCalls.Where(call => call.Split(' ').Contains("build")).ToList();
        var before = Containers();
        _compose.Clear();
        var (logins, commands) = (_server.AcceptedLogins, _server.CommandsStarted);

        var second = Deploy();

        Assert.Contains("--parallel", Assert.Single(builds).Split(' '));
        Assert.All(before.Values, s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.Equal(logins + 1, _server.AcceptedLogins);
        Assert.Equal(commands + 1, _server.CommandsStarted);
        Assert.Empty(_compose.ComposeCalls);
        Assert.Contains("compose did not run, nothing changed.", second.Output);
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Contains("WaitHealthy skipped: every container was running and healthy a moment ago", second.Output);
        Assert.Equal(before.ToDictionary(c => c.Key, c => c.Value.ContainerId), Containers().ToDictionary(c => c.Key, c => c.Value.ContainerId));
        var audit = File.ReadAllLines(_remote.Combine(AuditLog.FileName));
        Assert.Equal(2, audit.Length);
        Assert.Matches(" Deploy release=\\S+ commit=- outcome=succeeded$", audit[1]);
        Assert.Contains("Deployed", first.Output);
    }

    [Fact]
    public void With_force_a_no_change_Deploy_runs_compose_and_changes_nothing()
    {
        Deploy();
        var before = Containers();
        _compose.Clear();

        var forced = Deploy("--force");

        Assert.Single(ComposeUps());
        Assert.Contains("--force: compose runs whatever the last deploy left.", forced.Output);
        Assert.Contains("Deploy changed nothing", forced.Output);
        Assert.Equal(before.ToDictionary(c => c.Key, c => c.Value.ContainerId), Containers().ToDictionary(c => c.Key, c => c.Value.ContainerId));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_stopped_or_a_missing_container_runs_compose_which_brings_it_back(ComposeFlavor flavor)
    {
        Use(flavor);
        Deploy();
        var deployed = Containers();

        Docker("stop", deployed["worker"].ContainerId);
        _compose.Clear();
        var afterStop = Deploy();
        var restarted = Containers();
        var upsAfterStop = ComposeUps();

        Docker("rm", "--force", deployed["web"].ContainerId);
        _compose.Clear();
        var afterRemoval = Deploy();
        var recreated = Containers();
        var upsAfterRemoval = ComposeUps();

        _compose.Clear();
        var settled = Deploy();

        Assert.Contains($"Not as the last deploy left it: worker: container {deployed["worker"].ContainerName} is exited.", afterStop.Output);
        Assert.Single(upsAfterStop);
        Assert.True(restarted["worker"].IsRunning, "compose did not start the stopped worker");
        Assert.Contains("Not as the last deploy left it: web: its container is gone.", afterRemoval.Output);
        Assert.Single(upsAfterRemoval);
        Assert.NotEqual(deployed["web"].ContainerId, recreated["web"].ContainerId);
        Assert.All(recreated.Values, s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.Empty(_compose.ComposeCalls);
        Assert.Contains("compose did not run, nothing changed.", settled.Output);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_container_with_another_config_hash_runs_compose_which_restores_the_deployed_one(ComposeFlavor flavor)
    {
        Use(flavor);
        Deploy();
        var deployed = Containers();
        // By hand on the host, as someone might: the same release with another greeting, which the environment overrides.
        var project = new ComposeProject(Stack.Project.Name, Current, ["docker-compose.yml"], ".env");
        var request = InstalledCompose.Require(flavor).Request(DockerEngineTarget.Local, [.. project.GlobalArguments, "up", "-d", "worker"]);
        _docker.Runner.Run(request with { WorkingDirectory = Current, Environment = new Dictionary<string, string> { ["GREETING"] = "changed by hand" }, Quiet = true })
            .EnsureSuccess("compose up by hand");
        var byHand = Containers();
        _compose.Clear();

        var result = Deploy();
        var after = Containers();

        Assert.NotEqual(deployed["worker"].ConfigHash, byHand["worker"].ConfigHash);
        Assert.Contains($"Not as the last deploy left it: worker: config hash {byHand["worker"].ConfigHash[..12]}, the last deploy left {deployed["worker"].ConfigHash[..12]}.", result.Output);
        Assert.Single(ComposeUps());
        Assert.Equal(deployed["worker"].ConfigHash, after["worker"].ConfigHash);
        Assert.Equal(deployed["web"].ContainerId, after["web"].ContainerId);
    }

    /// <summary>
    /// What each kind of change costs in compose processes, here and on the host together. web is
    /// made to depend on worker: compose v2 recreates a dependent with the service it depends on
    /// unless told --no-deps, which the plan's named up is.
    /// </summary>
    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_changing_Deploy_runs_compose_only_for_what_the_change_touches_and_keeps_dependents_running(ComposeFlavor flavor)
    {
        Use(flavor);
        var composeFile = Path.Combine(Stack.Directory, "docker-compose.yml");
        File.WriteAllText(composeFile, File.ReadAllText(composeFile).Replace("    build: ./web\n", "    build: ./web\n    depends_on: [worker]\n", StringComparison.Ordinal));
        Deploy();
        var deployed = Containers();
        var firstRelease = ReleaseId();

        Stack.Write("notes.txt", "read by no one\n");
        _compose.Clear();
        var unread = Deploy();
        var unreadCalls = _compose.ComposeCalls;
        var afterUnread = Containers();
        var unreadRelease = ReleaseId();

        Stack.Write("web/index.html", "<h1>changed</h1>\n");
        _compose.Clear();
        var page = Deploy();
        var pageCalls = _compose.ComposeCalls;
        var afterPage = Containers();
        var served = Fetch(afterPage["web"]);
        var pageRelease = ReleaseId();

        var envFile = Path.Combine(Stack.Directory, ".env");
        File.WriteAllText(envFile, File.ReadAllText(envFile).Replace(TestComposeStack.Greeting, "changed in the env file", StringComparison.Ordinal));
        _compose.Clear();
        var env = Deploy();
        var envCalls = _compose.ComposeCalls.Where(call => !call.EndsWith(" version --short", StringComparison.Ordinal)).ToList();
        var afterEnv = Containers();

        _compose.Clear();
        var settled = Deploy();

        Assert.Contains("  uploaded notes.txt", unread.Output);
        Assert.NotEqual(firstRelease, unreadRelease);
        Assert.Empty(unreadCalls);
        Assert.Contains("BuildImages skipped: no service's build context changed", unread.Output);
        Assert.Equal(Ids(deployed), Ids(afterUnread));

        Assert.Equal(2, pageCalls.Count);
        Assert.EndsWith(" build --force-rm --parallel web", pageCalls[0], StringComparison.Ordinal);
        Assert.EndsWith(" up -d --remove-orphans --force-recreate --no-deps web", pageCalls[1], StringComparison.Ordinal);
        Assert.NotEqual(afterUnread["web"].ContainerId, afterPage["web"].ContainerId);
        Assert.Equal(afterUnread["worker"].ContainerId, afterPage["worker"].ContainerId);
        Assert.Equal("<h1>changed</h1>", served.Trim());

        Assert.Contains("  uploaded .env", env.Output);
        Assert.Equal(4, envCalls.Count);
        Assert.EndsWith(" config --quiet", envCalls[0], StringComparison.Ordinal);
        Assert.EndsWith($"--file {Current}/docker-compose.yml --env-file {Current}/.env config --hash *", envCalls[1], StringComparison.Ordinal);
        Assert.EndsWith($"--file {_remote.Combine("releases", pageRelease)}/docker-compose.yml --env-file {_remote.Combine("releases", pageRelease)}/.env config --hash *", envCalls[2], StringComparison.Ordinal);
        Assert.EndsWith(" up -d --remove-orphans --force-recreate --no-deps worker", envCalls[3], StringComparison.Ordinal);
        Assert.NotEqual(afterPage["worker"].ConfigHash, afterEnv["worker"].ConfigHash);
        Assert.Equal(afterPage["web"].ContainerId, afterEnv["web"].ContainerId);
        Assert.Contains("worker: container recreated", env.Output);
        Assert.DoesNotContain("web: container recreated", env.Output);

        Assert.Empty(_compose.ComposeCalls);
        Assert.Contains("compose did not run, nothing changed.", settled.Output);
    }

    [Fact]
    public void The_snapshot_names_every_container_the_deploy_left_running()
    {
        Deploy();

        var snapshot = RunningSnapshot.Parse(File.ReadAllText(Path.Combine(Current, RunningSnapshot.FileName)), "test");

        Assert.Equal(Stack.Project.Name, snapshot.Project);
        Assert.Equal(["docker-compose.yml"], snapshot.ComposeFiles);
        Assert.Equal(
            Containers().Values.Select(c => new SnapshotContainer(c.Service, c.ContainerId, c.ConfigHash, "running")).OrderBy(c => c.Service),
            snapshot.Containers.OrderBy(c => c.Service));
        Assert.All(snapshot.Containers, c => Assert.Equal(64, c.ConfigHash.Length));
    }
}
