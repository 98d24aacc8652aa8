using System.Diagnostics;
using PrivateCloud.Tasks.Processes;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A one-node Docker Swarm of its own, for the swarm tests: the machine's dockerd is shared with
/// every other test and must never join a swarm. A second dockerd runs in a network namespace this
/// fixture makes (its own bridge, loopback and ports), with its own data, exec root and socket and
/// the vfs driver, is given the busybox test image from the shared engine, runs `swarm init
/// --advertise-addr 127.0.0.1` and labels its node as the data node. A real sshd on 127.0.0.1 sets
/// DOCKER_HOST in its sessions, so over SSH the "host"'s docker CLI is this swarm's manager. Dispose
/// stops the engine and removes the namespace and every file.
/// </summary>
public sealed class SwarmEngineFixture : IAsyncLifetime
{
    public const string DataLabel = "privatecloud.data";

    /// <summary>The registry inside the namespace, when <see cref="StartRegistry"/> ran: the engine there reaches it on its loopback.</summary>
    public const string RegistryAddress = "127.0.0.1:5000";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly DockerFixture _docker = new();
    private Process? _registry;
    private bool _namespaceMade;

    public string Folder { get; } = Path.Combine("/tmp", $"pcswarm-{Guid.NewGuid():N}"[..16]);

    public string Namespace => $"pcswarm-{_id}";

    public string Socket => Path.Combine(Folder, "docker.sock");

    /// <summary>DOCKER_HOST for this engine.</summary>
    public string DockerHost => $"unix://{Socket}";

    /// <summary>Logs in to a shell whose docker CLI talks to this swarm's manager.</summary>
    public SshServerFixture Ssh { get; private set; } = new();

    public string? Problem { get; private set; }

    /// <summary>Call first in every test: skips (fails in CI) when no second engine can run here.</summary>
    public void Require() => Requires.That(Problem is null, Problem ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        Problem = Environment.UserName != "root" ? "A second dockerd for the swarm needs root"
            : !Requires.Executable("dockerd") || !Requires.Executable("nsenter") || !Requires.Executable("ip") ? "dockerd, nsenter (util-linux) and ip (iproute2) are needed"
            : DockerFixture.WhyUnavailable;
        if (Problem is not null)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        Shell($"ip netns add {Namespace} && ip netns exec {Namespace} ip link set lo up");
        _namespaceMade = true;
        // nsenter enters the network namespace only: `ip netns exec` would also remount /sys and hide the cgroups dockerd needs.
        Shell($"nsenter --net=/run/netns/{Namespace} dockerd --data-root {Folder}/data --exec-root {Folder}/exec --pidfile {Folder}/dockerd.pid " +
              $"-H {DockerHost} --storage-driver=vfs --iptables=false --ip6tables=false >{Folder}/dockerd.log 2>&1 &");
        var waited = Stopwatch.StartNew();
        while (!Docker("info").Succeeded)
        {
            if (waited.Elapsed > StartTimeout)
            {
                Problem = $"The swarm's dockerd did not answer within {StartTimeout.TotalSeconds:0} s; see {Folder}/dockerd.log";
                return;
            }

            await Task.Delay(250);
        }

        Shell($"docker save {DockerFixture.BaseImage} | docker -H {DockerHost} load -q");
        Docker("swarm", "init", "--advertise-addr", "127.0.0.1").EnsureSuccess("swarm init");
        Docker("node", "update", "--label-add", $"{DataLabel}=true", NodeId).EnsureSuccess("Labelling the node");

        Ssh = new ManagerSshServer(DockerHost);
        await Ssh.InitializeAsync();
    }

    public string NodeId => Docker("info", "--format", "{{.Swarm.NodeID}}").StandardOutput.Trim();

    /// <summary>Runs the docker CLI against this engine.</summary>
    public CommandResult Docker(params string[] arguments) =>
        _docker.Runner.Run(new CommandRequest("docker", arguments) { Environment = new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost }, Quiet = true });

    /// <summary>Lines of a docker command's output.</summary>
    public IReadOnlyList<string> DockerLines(params string[] arguments) =>
        Docker(arguments).EnsureSuccess(string.Join(' ', arguments)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Starts Debian's docker-registry in the namespace on <see cref="RegistryAddress"/>, storing under the fixture's folder.</summary>
    public void StartRegistry()
    {
        if (_registry is not null)
        {
            return;
        }

        Requires.That(Requires.Executable("docker-registry"), "Debian's docker-registry package is needed (apt-get install docker-registry)");
        var config = Path.Combine(Folder, "registry.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            storage:
              filesystem:
                rootdirectory: {Folder}/registry
            http:
              addr: {RegistryAddress}
            """);
        var start = new ProcessStartInfo("nsenter") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { $"--net=/run/netns/{Namespace}", "docker-registry", "serve", config })
        {
            start.ArgumentList.Add(argument);
        }

        _registry = Process.Start(start)!;
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.OutputDataReceived += (_, _) => { };
        _registry.BeginErrorReadLine();
        _registry.BeginOutputReadLine();
        var waited = Stopwatch.StartNew();
        while (!RegistryGet("/v2/").Succeeded && waited.Elapsed < StartTimeout)
        {
            Thread.Sleep(200);
        }
    }

    /// <summary>Asks the registry over HTTP from inside the namespace (busybox wget).</summary>
    public CommandResult RegistryGet(string path) =>
        _docker.Runner.Run(new CommandRequest("nsenter", [$"--net=/run/netns/{Namespace}", "busybox", "wget", "-q", "-O-", $"http://{RegistryAddress}{path}"]) { Quiet = true });

    public async ValueTask DisposeAsync()
    {
        await Ssh.DisposeAsync();
        if (_registry is { HasExited: false })
        {
            _registry.Kill(entireProcessTree: true);
            await _registry.WaitForExitAsync();
        }

        if (File.Exists(Path.Combine(Folder, "dockerd.pid")))
        {
            Docker("swarm", "leave", "--force");
            var ids = Docker("container", "ls", "--all", "--quiet").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0)
            {
                Docker(["container", "rm", "--force", .. ids]);
            }

            var pid = int.Parse(File.ReadAllText(Path.Combine(Folder, "dockerd.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Shell($"kill -TERM {pid}");
            var waited = Stopwatch.StartNew();
            while (Directory.Exists($"/proc/{pid}") && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }

            if (Directory.Exists($"/proc/{pid}"))
            {
                Shell($"kill -KILL {pid}");
            }
        }

        if (Directory.Exists(Folder))
        {
            // Whatever the engine left mounted under its roots goes first, deepest first, so rm never reaches through a mount.
            Shell($"grep -o ' {Folder}/[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l; rm -rf {Folder}");
        }

        if (_namespaceMade)
        {
            Shell($"ip netns delete {Namespace}");
        }
    }

    private static void Shell(string script)
    {
        var result = CakeProcesses.CreateCommandRunner().Run(new CommandRequest("/bin/sh", ["-c", script]) { Quiet = true });
        result.EnsureSuccess(script);
    }

    /// <summary>A real sshd whose sessions have DOCKER_HOST pointing at the swarm's engine.</summary>
    private sealed class ManagerSshServer(string dockerHost) : SshServerFixture
    {
        protected override IReadOnlyDictionary<string, string> SessionEnvironment =>
            new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost };
    }
}
