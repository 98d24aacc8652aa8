using System.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// Real MariaDB servers for the database dump tests: Debian's mariadb-server 10.11 in the image
/// scripts/make-mariadb-test-image.sh builds (made here when missing, then reused from its recipe
/// label), each container labelled as a compose project's service so the dump script finds it as
/// it finds the stack's. The stack runs the official image (MARIADB_VERSION in .env.dist); the dump
/// and load programs, mariadb-dump and mariadb, are the same. Containers are removed on dispose.
/// </summary>
public sealed class MariaDbServers : IDisposable
{
    public const string Image = "privatecloud-test/mariadb:10.11";

    private const string ImageScript = "scripts/make-mariadb-test-image.sh";
    private const int MissingToolExitStatus = 3;
    private static readonly TimeSpan ImageBuildTimeout = TimeSpan.FromMinutes(25);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly Lazy<string?> Problem = new(BuildImage);

    private readonly DockerFixture _docker = new();
    private readonly List<string> _containers = [];

    /// <summary>The root password every server of this fixture is started with.</summary>
    public string RootPassword { get; } = "Root-" + Guid.NewGuid().ToString("N");

    /// <summary>Skips (fails in CI) when no engine answers or the image cannot be built here.</summary>
    public void Require()
    {
        _docker.RequireEngine();
        Requires.That(Problem.Value is null, Problem.Value ?? string.Empty);
    }

    /// <summary>Starts a server as service <paramref name="service"/> of compose project <paramref name="project"/>; returns once it answers.</summary>
    public string Start(string project, string service = "mariadb", params string[] extraArguments)
    {
        Require();
        var container = Docker(
        [
            "run", "--detach", "--label", $"com.docker.compose.project={project}", "--label", $"com.docker.compose.service={service}",
            "--env", "MARIADB_ROOT_PASSWORD", .. extraArguments, Image,
        ]).StandardOutput.Trim();
        lock (_containers)
        {
            _containers.Add(container);
        }

        WaitUntilAnswering(container);
        return container;
    }

    /// <summary>Waits until the server in <paramref name="container"/> answers as root.</summary>
    public void WaitUntilAnswering(string container)
    {
        var waited = Stopwatch.StartNew();
        while (Run(container, "SELECT 1").ExitCode != 0)
        {
            if (waited.Elapsed > StartTimeout)
            {
                var logs = _docker.Runner.Run(new CommandRequest("docker", ["logs", "--tail", "30", container]) { Quiet = true });
                throw new InvalidOperationException($"MariaDB in {container} did not answer within {StartTimeout.TotalSeconds:0} s: {logs.StandardError}");
            }

            Thread.Sleep(300);
        }
    }

    /// <summary>Runs <paramref name="sql"/> as root in the container; returns its tab-separated rows, no header.</summary>
    public string Sql(string container, string sql) =>
        Run(container, sql).EnsureSuccess($"SQL in {container}: {sql}").StandardOutput.Trim();

    /// <summary>Loads a dump file into the server of <paramref name="container"/>, as RestoreData's load would.</summary>
    public void Load(string container, string dumpFile) =>
        _docker.Runner.Run(new CommandRequest(
                "sh", ["-c", "docker exec -i --env MYSQL_PWD \"$1\" mariadb --protocol=socket --user=root < \"$2\"", "sh", container, dumpFile])
            { Quiet = true, Environment = new Dictionary<string, string> { ["MYSQL_PWD"] = RootPassword } })
            .EnsureSuccess($"Loading {dumpFile} into {container}");

    /// <summary>Runs docker with the root password in MARIADB_ROOT_PASSWORD and MYSQL_PWD, for <c>--env NAME</c> to pass on without a command line showing it.</summary>
    public CommandResult Docker(params string[] arguments) =>
        _docker.Runner.Run(new CommandRequest("docker", arguments)
        {
            Quiet = true,
            Environment = new Dictionary<string, string> { ["MARIADB_ROOT_PASSWORD"] = RootPassword, ["MYSQL_PWD"] = RootPassword },
        }).EnsureSuccess($"docker {arguments[0]} for the MariaDB test servers");

    public void Dispose()
    {
        foreach (var container in _containers)
        {
            _docker.Runner.Run(new CommandRequest("docker", ["rm", "--force", "--volumes", container]) { Quiet = true });
        }
    }

    private CommandResult Run(string container, string sql) =>
        _docker.Runner.Run(new CommandRequest(
                "docker", ["exec", "--env", "MYSQL_PWD", container, "mariadb", "--protocol=socket", "--user=root", "--batch", "--skip-column-names", "--execute", sql])
            { Quiet = true, Environment = new Dictionary<string, string> { ["MYSQL_PWD"] = RootPassword } });

    private static string? BuildImage()
    {
        if (DockerFixture.WhyUnavailable is { } noEngine)
        {
            return noEngine;
        }

        var result = CakeProcesses.CreateCommandRunner().Run(
            new CommandRequest("bash", [Path.Combine(SourceRoot.Find(), ImageScript)]) { Quiet = true, Timeout = ImageBuildTimeout });
        if (result.ExitCode == MissingToolExitStatus)
        {
            return $"Cannot build {Image}: {result.StandardError.Trim()}";
        }

        result.EnsureSuccess($"Building {Image} with {ImageScript}");
        return null;
    }
}
