using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A small compose project in a temp directory, with a project name no other test uses:
/// <c>web</c> (busybox httpd with a healthcheck, a mounted config file and a named volume),
/// <c>worker</c> (prints numbered lines, then sleeps) and optionally <c>broken</c>, whose
/// healthcheck always fails. It runs under one compose flavour, or what auto picks. Disposing removes
/// its containers, networks, volumes and built images, whichever compose named them.
/// </summary>
public sealed class TestComposeStack : IDisposable
{
    public const string Greeting = "hello from the env file";

    private readonly DockerFixture _docker;

    private TestComposeStack(DockerFixture docker, DirectoryInfo directory, string name, ComposeTool compose)
    {
        _docker = docker;
        Directory = directory.FullName;
        Project = new ComposeProject(name, Directory, ["docker-compose.yml"], ".env");
        Cli = new ComposeCli(docker.Runner, compose, Project, DockerEngineTarget.Local);
        Flavor = compose.Flavor;
        ComposeOption = $"{ComposeSettings.Compose.Option}={ComposeSettings.OptionValue(Flavor)}";
    }

    public string Directory { get; }

    public ComposeProject Project { get; }

    public ComposeCli Cli { get; }

    /// <summary>The compose that runs the stack, here and, in deploy tests, on the loopback host.</summary>
    public ComposeFlavor Flavor { get; }

    /// <summary>
    /// The name compose gives the service's first container: docker-compose v1 joins project,
    /// service and number with '_', the v2 plugin with '-'.
    /// </summary>
    public string ContainerName(string service) =>
        Flavor == ComposeFlavor.PluginV2 ? $"{Project.Name}-{service}-1" : $"{Project.Name}_{service}_1";

    /// <summary>The name compose gives the image it builds for a service without an image name: v1 joins with '_', v2 with '-'.</summary>
    public string ImageName(string service) =>
        Flavor == ComposeFlavor.PluginV2 ? $"{Project.Name}-{service}" : $"{Project.Name}_{service}";

    /// <summary>The build program's option that runs this stack's compose flavour, here and on the host.</summary>
    public string ComposeOption { get; }

    /// <param name="flavor">The compose that runs the stack; null: what auto picks.</param>
    public static TestComposeStack Create(DockerFixture docker, bool withBrokenService = false, ComposeFlavor? flavor = null)
    {
        var compose = docker.RequireCompose(flavor);
        var name = $"pct-{Guid.NewGuid():N}"[..16];
        var directory = System.IO.Directory.CreateTempSubdirectory($"{name}-");
        var stack = new TestComposeStack(docker, directory, name, compose);
        stack.Write("docker-compose.yml", ComposeFile(withBrokenService));
        stack.Write(".env", $"COMPOSE_PROJECT_NAME={name}\nGREETING={Greeting}\n");
        stack.Write("web/Dockerfile", $"FROM {DockerFixture.BaseImage}\nCOPY index.html /www/index.html\n");
        stack.Write("web/index.html", "<h1>it works</h1>\n");
        stack.Write("web/httpd.conf", "A:*\n");
        stack.Write("worker/Dockerfile", $"FROM {DockerFixture.BaseImage}\nCOPY job.sh /job.sh\n");
        stack.Write("worker/job.sh", "echo \"$GREETING\"\nfor i in $(seq 1 20); do echo \"line $i\"; done\nexec sleep 3600\n");
        return stack;
    }

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Polls `ps` until every container satisfies <paramref name="condition"/>; returns the last listing.</summary>
    public IReadOnlyList<ServiceStatus> WaitUntil(Func<IReadOnlyList<ServiceStatus>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var statuses = Cli.Ps();
            if (condition(statuses) || DateTime.UtcNow > deadline)
            {
                return statuses;
            }

            Thread.Sleep(500);
        }
    }

    /// <summary>
    /// Removes what the project left on the engine by compose's labels and image names, using the
    /// docker CLI only: it works even when the test broke the compose file, and skips the seconds
    /// docker-compose v1 needs to start.
    /// </summary>
    public void Dispose()
    {
        var runner = _docker.Runner;
        RemoveProject(runner, Project.Name);
        RemoveListed(runner, ["image", "ls", "--quiet", "--filter", $"reference={Project.Name}*"], ["image", "rm", "--force"]);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Removes a compose project's containers, networks and volumes by compose's labels.</summary>
    public static void RemoveProject(CommandRunner runner, string project)
    {
        var label = $"label=com.docker.compose.project={project}";
        RemoveListed(runner, ["container", "ls", "--all", "--quiet", "--filter", label], ["container", "rm", "--force", "--volumes"]);
        RemoveListed(runner, ["network", "ls", "--quiet", "--filter", label], ["network", "rm"]);
        RemoveListed(runner, ["volume", "ls", "--quiet", "--filter", label], ["volume", "rm", "--force"]);
    }

    private static void RemoveListed(CommandRunner runner, string[] list, string[] remove)
    {
        var ids = runner.Run(new CommandRequest("docker", list) { Quiet = true }).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Distinct()
            .ToArray();
        if (ids.Length > 0)
        {
            runner.Run(new CommandRequest("docker", [.. remove, .. ids]) { Quiet = true });
        }
    }

    // Every service stops with SIGKILL: httpd and sleep run as PID 1, which ignores SIGTERM, and
    // compose would wait its full grace period on each of them at every `down`.
    private static string ComposeFile(bool withBrokenService) =>
        """
        services:
          web:
            build: ./web
            command: ["httpd", "-f", "-p", "80", "-h", "/www", "-c", "/etc/httpd.conf"]
            stop_signal: SIGKILL
            volumes:
              - ./web/httpd.conf:/etc/httpd.conf:ro
              - data:/data
            healthcheck:
              test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1/"]
              interval: 1s
              timeout: 2s
              retries: 3
          worker:
            build: ./worker
            command: ["sh", "/job.sh"]
            stop_signal: SIGKILL
            environment:
              GREETING: ${GREETING}
            volumes:
              - data:/data
        """
        + (withBrokenService
            ? """

                broken:
                  build: ./worker
                  command: ["sleep", "3600"]
                  stop_signal: SIGKILL
                  healthcheck:
                    test: ["CMD", "false"]
                    interval: 1s
                    timeout: 2s
                    retries: 2
              """
            : string.Empty)
        + """

        volumes:
          data:

        """;
}
