using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// Prune as a user runs it, against the real Docker engine: over a real sshd on loopback with real
/// releases (the "host" is this machine), and without --host against the local engine. Each test
/// also leaves things of another compose project on the engine and proves they survive.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PruneTests(SshServerFixture server, DockerFixture docker)
    : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string ProjectLabel = "com.docker.compose.project";

    private readonly TemporaryDirectory _remote = new();
    private readonly TemporaryDirectory _contexts = new();
    private readonly string _otherProject = $"pct-other-{Guid.NewGuid():N}"[..24];
    private readonly List<string> _images = [];
    private TestComposeStack? _stack;

    private TestComposeStack Stack => _stack ??= TestComposeStack.Create(docker);

    public void Dispose()
    {
        // The project's images no tag names any more are only found through the records.
        var recorded = Directory.Exists(_remote.Combine("images"))
            ? Directory.GetFiles(_remote.Combine("images")).SelectMany(f => ImageRecord.Parse(Path.GetFileName(f), File.ReadAllText(f)).AllImages)
            : [];
        TestComposeStack.RemoveProject(docker.Runner, _otherProject);
        _stack?.Dispose();
        string[] images = [.. _images, .. recorded];
        if (images.Length > 0)
        {
            Docker(["image", "rm", "--force", .. images.Distinct()]);
        }

        _remote.Dispose();
        _contexts.Dispose();
    }

    [Fact]
    public void Over_ssh_it_removes_only_the_projects_leftovers_keeps_the_rollback_images_and_a_second_run_finds_nothing()
    {
        server.Require();
        var stack = Stack;
        Assert.True(RunRemote("--target=Deploy").ExitCode == 0);
        var oldest = CurrentRelease();
        stack.Write("web/index.html", "<h1>release A</h1>\n");
        Assert.True(RunRemote("--target=Deploy").ExitCode == 0);
        var releaseA = CurrentRelease();
        var webOfA = ServiceImage("web");
        Assert.Equal(webOfA, Record(releaseA).Current["web"]);
        stack.Write("web/index.html", "<h1>release B</h1>\n");
        var deployB = RunRemote("--target=Deploy", "--keep-releases=2");
        Assert.True(deployB.ExitCode == 0, deployB.ToString());
        var webOfOldest = Record(oldest).Current["web"];
        Assert.False(Directory.Exists(_remote.Combine("releases", oldest)));

        var oneOff = RunOneOff();
        var labelled = BuildDanglingImage(Stack.Project.Name);
        var otherContainer = ExitedContainer(_otherProject);
        var otherImage = BuildDanglingImage(_otherProject);
        var nobodysImage = BuildDanglingImage(null);
        var running = ContainerIds();

        var dryRun = RunRemote("--target=Prune", "--dryrun");
        var afterDryRun = (ContainerExists(oneOff), ImageExists(webOfOldest), ImageExists(labelled));
        var prune = RunRemote("--target=Prune");
        var again = RunRemote("--target=Prune");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Equal((true, true, true), afterDryRun);
        var removed = Lines(prune, "  removed ");
        Assert.Equal(removed, Lines(dryRun, "  would remove "));
        Assert.Equal(Lines(prune, "  forgot "), Lines(dryRun, "  would forget "));
        Assert.Equal(3, removed.Count);
        Assert.Contains(removed, line => line.StartsWith("stopped container ", StringComparison.Ordinal) && line.Contains("one-off of worker", StringComparison.Ordinal));
        Assert.Contains(removed, line => line.StartsWith($"dangling image {Short(webOfOldest)} (", StringComparison.Ordinal) && line.Contains($"web of release {oldest}", StringComparison.Ordinal));
        Assert.Contains(removed, line => line.StartsWith($"dangling image {Short(labelled)} (", StringComparison.Ordinal));
        Assert.Equal([$"the image record of removed release {oldest}"], Lines(prune, "  forgot "));
        Assert.Contains($"kept dangling image {Short(webOfA)}", prune.Output);
        Assert.Contains($"release {releaseA} needs it for a rollback", prune.Output);

        Assert.False(ContainerExists(oneOff));
        Assert.False(ImageExists(webOfOldest));
        Assert.False(ImageExists(labelled));
        Assert.False(File.Exists(_remote.Combine("images", oldest)));
        Assert.True(ImageExists(webOfA));
        Assert.True(ContainerExists(otherContainer));
        Assert.True(ImageExists(otherImage));
        Assert.True(ImageExists(nobodysImage));
        Assert.Equal(running, ContainerIds());

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(Lines(again, "  removed ", "  forgot "));
        Assert.Contains($"Nothing to prune in compose project {Stack.Project.Name}", again.Output);

        var rollback = RunRemote("--target=Rollback");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(releaseA, CurrentRelease());
        Assert.Equal(webOfA, ServiceImage("web"));
        Assert.All(stack.Cli.Ps(), s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
    }

    [Fact]
    public void Without_a_host_it_prunes_the_local_engine_and_leaves_other_projects_alone()
    {
        var stack = Stack;
        Assert.True(RunLocal("--target=Deploy").ExitCode == 0);
        var oneOff = RunOneOff();
        var labelled = BuildDanglingImage(stack.Project.Name);
        var otherContainer = ExitedContainer(_otherProject);
        var otherImage = BuildDanglingImage(_otherProject);
        var running = ContainerIds();

        var dryRun = RunLocal("--target=Prune", "--dryrun");
        var stillThere = ContainerExists(oneOff) && ImageExists(labelled);
        var prune = RunLocal("--target=Prune");
        var again = RunLocal("--target=Prune");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.True(stillThere);
        Assert.Contains("[dry-run] would run `docker container rm", dryRun.Output);
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Equal(Lines(prune, "  removed "), Lines(dryRun, "  would remove "));
        Assert.Equal(2, Lines(prune, "  removed ").Count);
        Assert.False(ContainerExists(oneOff));
        Assert.False(ImageExists(labelled));
        Assert.True(ContainerExists(otherContainer));
        Assert.True(ImageExists(otherImage));
        Assert.Equal(running, ContainerIds());
        Assert.Contains($"Nothing to prune in compose project {stack.Project.Name}", again.Output);
    }

    private BuildProgram.Result RunRemote(params string[] args) =>
        BuildProgram.Run(
            Stack.Directory,
            null,
            [
                $"--stack={Stack.Directory}", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
                $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--timeout=60", .. args,
            ]);

    private BuildProgram.Result RunLocal(params string[] args) =>
        BuildProgram.Run(Stack.Directory, null, [$"--stack={Stack.Directory}", "--timeout=60", .. args]);

    private string CurrentRelease() => Path.GetFileName(new DirectoryInfo(_remote.Combine("current")).LinkTarget!);

    private ImageRecord Record(string release) => ImageRecord.Parse(release, File.ReadAllText(_remote.Combine("images", release)));

    private Dictionary<string, string> ContainerIds() => Stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId);

    private string ServiceImage(string service) => Stack.Cli.Ps().Single(s => s.Service == service).ImageId;

    /// <summary>What `docker-compose run` leaves behind without --rm: an exited one-off container of the project.</summary>
    private string RunOneOff()
    {
        var request = docker.Compose.Request(DockerEngineTarget.Local, [.. Stack.Project.GlobalArguments, "run", "-T", "--no-deps", "worker", "true"]);
        Assert.True(docker.Runner.Run(request with { Quiet = true }).Succeeded);
        var ids = Docker(["container", "ls", "--all", "--quiet", "--no-trunc", "--filter", $"label={ProjectLabel}={Stack.Project.Name}", "--filter", "label=com.docker.compose.oneoff=True"]);
        return Assert.Single(ids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>An image no tag names, built with the compose project label compose v2 puts on what it builds (or none).</summary>
    private string BuildDanglingImage(string? project)
    {
        var context = _contexts.Combine(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "stamp"), context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {DockerFixture.BaseImage}\nCOPY stamp /stamp\n");
        var result = Docker(["build", "--quiet", .. project is null ? Array.Empty<string>() : ["--label", $"{ProjectLabel}={project}"], context]);
        Assert.True(result.Succeeded, result.StandardError);
        var id = result.StandardOutput.Trim();
        _images.Add(id);
        return id;
    }

    private string ExitedContainer(string project)
    {
        var result = Docker(["run", "--detach", "--label", $"{ProjectLabel}={project}", "--label", "com.docker.compose.service=thing", DockerFixture.BaseImage, "true"]);
        Assert.True(result.Succeeded, result.StandardError);
        var id = result.StandardOutput.Trim();
        Docker(["container", "wait", id]);
        return id;
    }

    private bool ContainerExists(string id) => Docker(["container", "inspect", id]).Succeeded;

    private bool ImageExists(string id) => Docker(["image", "inspect", id]).Succeeded;

    private CommandResult Docker(IReadOnlyList<string> arguments) =>
        docker.Runner.Run(new CommandRequest("docker", arguments) { Quiet = true });

    private static string Short(string imageId) => imageId[7..19];

    /// <summary>The output lines starting with one of <paramref name="prefixes"/>, without the prefix.</summary>
    private static List<string> Lines(BuildProgram.Result result, params string[] prefixes) =>
        [.. result.Output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .SelectMany(line => prefixes.Where(p => line.StartsWith(p, StringComparison.Ordinal)).Select(p => line[p.Length..]))];
}
