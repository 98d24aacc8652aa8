using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// Deploy and its tasks as a user runs them: the build program, through a real sshd on loopback,
/// against the real Docker engine, with a small busybox stack. The "host" is this machine, so every
/// remote directory lives in a temporary folder. The tests over SSH run under docker-compose v1 and
/// the v2 plugin, chosen with --compose, which picks the compose both here and on the host; a
/// second sshd plays a host with docker-compose v1 only.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeployTasksTests(SshServerFixture server, V1OnlyHostFixture v1OnlyHost, DockerFixture docker)
    : IClassFixture<SshServerFixture>, IClassFixture<V1OnlyHostFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private readonly TemporaryDirectory _remote = new();
    private TestComposeStack? _stack;
    private SshServerFixture _host = server;

    private TestComposeStack Stack => _stack ??= CreateStack(flavor: null);

    private string Current => _remote.Combine("current");

    public void Dispose()
    {
        _stack?.Dispose();
        _remote.Dispose();
    }

    private TestComposeStack CreateStack(ComposeFlavor? flavor)
    {
        _host.Require();
        return TestComposeStack.Create(docker, flavor: flavor);
    }

    /// <summary>Makes this test's stack run under <paramref name="flavor"/>, here and on the host.</summary>
    private void Use(ComposeFlavor flavor) => _stack = CreateStack(flavor);

    private BuildProgram.Result Run(params string[] args)
    {
        var stack = Stack;
        return BuildProgram.Run(
            stack.Directory,
            null,
            [
                $"--stack={stack.Directory}", $"--host=root@127.0.0.1:{_host.Port}", $"--ssh-key={_host.Ed25519Key}",
                $"--known-hosts={_host.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--timeout=60", stack.ComposeOption, .. args,
            ]);
    }

    private Dictionary<string, string> ContainerIds() =>
        Stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId);

    private string CurrentRelease() => Path.GetFileName(new DirectoryInfo(Current).LinkTarget!);

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void First_deploy_brings_the_stack_up_and_a_second_changes_nothing(ComposeFlavor flavor)
    {
        Use(flavor);
        var logins = -1;
        var first = Run("--target=Deploy");
        var release = CurrentRelease();
        var containers = ContainerIds();
        logins = _host.AcceptedLogins;

        var second = Run("--target=Deploy");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Compose on this machine: {InstalledCompose.Require(flavor)}.", first.Output);
        // Deploy found the host's compose where it lies instead of starting it to ask its version.
        Assert.Contains($"Compose on {_host.Target}: {InstalledCompose.Located(flavor)}.", first.Output);
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.All(Stack.Cli.Ps(), s => Assert.Equal((Stack.ContainerName(s.Service), Stack.ImageName(s.Service)), (s.ContainerName, s.Image)));
        Assert.Equal(["web", "worker"], containers.Keys.Order());
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(Current, ".env")));
        Assert.True(File.Exists(Path.Combine(Current, ".release.json")));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to upload", second.Output);
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(release, CurrentRelease());
        Assert.Single(Directory.GetDirectories(_remote.Combine("releases")));
        Assert.Equal(containers, ContainerIds());
        Assert.Equal(logins + 1, _host.AcceptedLogins);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_changed_template_recreates_only_the_service_mounting_its_output(ComposeFlavor flavor)
    {
        Use(flavor);
        Stack.Write("web/httpd.conf.template", "A:*\n# ${WEB_NOTE}\n");
        File.AppendAllText(Path.Combine(Stack.Directory, ".env"), "WEB_NOTE=first\n");
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var before = ContainerIds();

        File.AppendAllText(Path.Combine(Stack.Directory, ".env"), "WEB_NOTE=second\n");
        var result = Run("--target=Deploy");
        var after = ContainerIds();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("updated web/httpd.conf", result.Output);
        Assert.Contains("Recreating web alone: no other service differs from what runs.", result.Output);
        Assert.NotEqual(before["web"], after["web"]);
        Assert.Equal(before["worker"], after["worker"]);
        Assert.Equal("A:*\n# second\n", File.ReadAllText(Path.Combine(Current, "web", "httpd.conf")));
    }

    [Fact]
    public void A_host_moved_from_v1_to_v2_is_taken_over_by_v2_with_its_data_and_then_left_alone()
    {
        Use(ComposeFlavor.StandaloneV1);
        InstalledCompose.Require(ComposeFlavor.PluginV2);
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var underV1 = ContainerIds();
        docker.Runner.Run(new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest("docker", ["exec", underV1["worker"], "touch", "/data/kept"]));

        // The release is unchanged and v1's containers run as recorded, but this machine has the plugin, which auto picks.
        var first = Run("--target=Deploy", "--compose=auto");
        var underV2 = Stack.Cli.Ps();
        var second = Run("--target=Deploy", "--compose=auto");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Not as the last deploy left it: web: compose {InstalledCompose.Require(ComposeFlavor.StandaloneV1).Version} made its container, and this deploy runs compose v2, which takes it over.", first.Output);
        Assert.Contains("web: container recreated", first.Output);
        Assert.Contains("worker: container recreated", first.Output);
        Assert.Equal([$"{Stack.Project.Name}-web-1", $"{Stack.Project.Name}-worker-1"], underV2.Select(s => s.ContainerName));
        Assert.All(underV2, s => Assert.DoesNotContain(s.ContainerId, underV1.Values));
        Assert.True(docker.Runner.Run(new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest("docker", ["exec", underV2[1].ContainerId, "test", "-f", "/data/kept"])).Succeeded);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(underV2.Select(s => s.ContainerId), Stack.Cli.Ps().Select(s => s.ContainerId));
    }

    [Fact]
    public void A_host_with_only_docker_compose_v1_is_deployed_with_it_under_auto_and_v2_asked_for_stops_naming_the_host()
    {
        V1OnlyHost.Require();
        _host = v1OnlyHost;
        Use(ComposeFlavor.StandaloneV1);
        var here = InstalledCompose.Require();

        var first = Run("--target=Deploy", "--compose=auto");
        var containers = ContainerIds();
        var second = Run("--target=Deploy", "--compose=auto");
        Stack.Write("web/index.html", "<h1>second</h1>\n");
        var v2 = Run("--target=Deploy", "--compose=v2");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Compose on this machine: {here}.", first.Output);
        Assert.Contains($"Compose on {v1OnlyHost.Target}: {InstalledCompose.Located(ComposeFlavor.StandaloneV1)}.", first.Output);
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        Assert.All(Stack.Cli.Ps(), s => Assert.Equal(Stack.ContainerName(s.Service), s.ContainerName));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(1, v2.ExitCode);
        Assert.Contains(ComposeTool.Missing(ComposeFlavor.PluginV2, v1OnlyHost.Target.ToString()), v2.Output);
        Assert.Equal(containers, ContainerIds());
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsRunning));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_broken_build_leaves_the_running_release_and_containers_alone(ComposeFlavor flavor)
    {
        Use(flavor);
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var release = CurrentRelease();
        var before = ContainerIds();

        Stack.Write("worker/Dockerfile", $"FROM {DockerFixture.BaseImage}\nRUN exit 3\n");
        var leftoversBefore = ExitedBuildContainers();
        var result = Run("--target=Deploy");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The build failed", result.Output);
        Assert.Equal(release, CurrentRelease());
        Assert.Single(Directory.GetDirectories(_remote.Combine("releases")));
        Assert.Equal(before, ContainerIds());
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsRunning));
        Assert.Equal(leftoversBefore, ExitedBuildContainers());
    }

    /// <summary>Stopped containers of build steps on the test base image: a failed build must not leave one.</summary>
    private IReadOnlyList<string> ExitedBuildContainers() =>
        docker.Runner.Run(new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest(
                "docker", ["ps", "--all", "--quiet", "--filter", "status=exited", "--filter", $"ancestor={DockerFixture.BaseImage}"]) { Quiet = true })
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void WaitHealthy_names_a_failing_service_with_its_logs(ComposeFlavor flavor)
    {
        Use(flavor);
        Stack.Write("web/httpd.conf", "A:*\n");
        Stack.Write("docker-compose.override.yml", "services:\n  worker:\n    healthcheck:\n      test: [\"CMD\", \"false\"]\n      interval: 1s\n      retries: 1\n");

        var result = Run("--target=Deploy", "--compose-file=docker-compose.yml,docker-compose.override.yml", "--timeout=15");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("worker: running, unhealthy; its last 50 log lines:", result.Output);
        Assert.Contains(TestComposeStack.Greeting, result.Output);
        Assert.Contains("1 service(s) not healthy after 15 s: worker (running, unhealthy).", result.Output);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Rollback_returns_to_the_previous_release(ComposeFlavor flavor)
    {
        Use(flavor);
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var first = CurrentRelease();
        Stack.Write("web/index.html", "<h1>second</h1>\n");
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var second = CurrentRelease();

        var result = Run("--target=Rollback");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEqual(first, second);
        Assert.Equal(first, CurrentRelease());
        Assert.Contains($"(was {second})", result.Output);
        Assert.All(Stack.Cli.Ps(), s => Assert.True(s.IsReady));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Status_Logs_and_a_guarded_Down(ComposeFlavor flavor)
    {
        Use(flavor);
        Assert.True(Run("--target=Deploy").ExitCode == 0);

        var status = Run("--target=ShowStatus");
        var logs = Run("--target=ShowLogs", "--service=worker", "--tail=3");
        var refused = Run("--target=Down");
        var down = Run("--target=Down", "--confirm");

        Assert.Contains($"Release {CurrentRelease()}", status.Output);
        Assert.Matches($@"web\s+running\s+healthy\s+{Stack.ImageName("web")}\n", status.Output);
        Assert.Contains("line 20", logs.Output);
        Assert.DoesNotContain("line 17", logs.Output);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("run it again with --confirm", refused.Output);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Stack.Cli.Ps());
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Recreate_rebuilds_one_service_and_can_reset_its_volume(ComposeFlavor flavor)
    {
        Use(flavor);
        Stack.Write("docker-compose.cache.yml", "services:\n  worker:\n    volumes:\n      - cache:/cache\nvolumes:\n  cache: {}\n");
        string[] files = ["--compose-file=docker-compose.yml,docker-compose.cache.yml"];
        Assert.True(Run(["--target=Deploy", .. files]).ExitCode == 0);
        var before = ContainerIds();
        docker.Runner.Run(new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest("docker", ["exec", before["worker"], "touch", "/cache/stale"]));

        var result = Run(["--target=Recreate", "--service=worker", "--reset-volume=cache", "--confirm", .. files]);
        var after = ContainerIds();
        var listing = docker.Runner.Run(new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest("docker", ["exec", after["worker"], "ls", "/cache"]) { Quiet = true });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Volume {Stack.Project.Name}_cache: removed.", result.Output);
        Assert.NotEqual(before["worker"], after["worker"]);
        Assert.Equal(before["web"], after["web"]);
        Assert.Equal(string.Empty, listing.StandardOutput.Trim());
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_dry_run_lists_what_the_first_deploy_then_does_and_after_it_says_nothing_would_change(ComposeFlavor flavor)
    {
        Use(flavor);
        // The host is fresh; the stack's own files (the DKIM key, rendered templates) are made first,
        // since a dry run does not write them here either and the upload would otherwise differ.
        Assert.True(Run("--target=RenderConfiguration").ExitCode == 0);
        var dryRun = Run("--target=Deploy", "--dryrun");
        var leftByDryRun = Directory.GetFileSystemEntries(_remote.Path);
        var containersAfterDryRun = Stack.Cli.Ps();
        var first = Run("--target=Deploy");
        var dryRunAfter = Run("--target=Deploy", "--dryrun");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Empty(leftByDryRun);
        Assert.Empty(containersAfterDryRun);
        Assert.Equal(Lines(first, "  uploaded "), Lines(dryRun, "  would upload "));
        Assert.Equal(["web: container created", "worker: container created"], Lines(first, "web: container", "worker: container"));
        Assert.Equal(["web: container would be created", "worker: container would be created"], Lines(dryRun, "web: container", "worker: container"));
        Assert.Contains("would run on", dryRun.Output);
        Assert.Contains("up -d --remove-orphans", dryRun.Output);
        Assert.Contains("WaitHealthy skipped: a dry run starts nothing to wait for.", dryRun.Output);

        Assert.True(dryRunAfter.ExitCode == 0, dryRunAfter.ToString());
        Assert.Contains("nothing to upload", dryRunAfter.Output);
        Assert.Contains("BuildImages skipped: release", dryRunAfter.Output);
        Assert.Contains("SwitchRelease skipped: no new release to switch to.", dryRunAfter.Output);
        Assert.Contains($"Up skipped: every container is as the last deploy of release {CurrentRelease()} left it, running and healthy: compose would not run, nothing would change.", dryRunAfter.Output);
        Assert.Contains($"Deploy would change nothing: release {CurrentRelease()} is current", dryRunAfter.Output);
        // Nor would a real run: the containers match the first deploy's snapshot, so not even compose up runs.
        Assert.Empty(Lines(dryRunAfter, "[dry-run] would run on "));
    }

    /// <summary>The output lines starting with one of <paramref name="prefixes"/>, in order, without what the prefix says.</summary>
    private static List<string> Lines(BuildProgram.Result result, params string[] prefixes) =>
        [.. result.Output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => prefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(line => prefixes.Length == 1 ? line[prefixes[0].Length..] : line)];

    [Fact]
    public void Without_a_host_compose_runs_against_the_local_engine()
    {
        var stack = Stack;
        var result = BuildProgram.Run(stack.Directory, null, $"--stack={stack.Directory}", "--target=Deploy", "--timeout=60");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No --host: compose runs against the local Docker engine.", result.Output);
        Assert.Contains("nothing to upload", result.Output);
        Assert.All(stack.Cli.Ps(), s => Assert.True(s.IsReady));
    }
}
