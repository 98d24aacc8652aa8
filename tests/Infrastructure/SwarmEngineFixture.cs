using System.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A one-node Docker Swarm of its own, for the swarm tests: the machine's dockerd is shared with
/// every other test and must never join a swarm. The manager is a <see cref="NamespacedDockerd"/>
/// (its own network namespace, data, exec root and socket), is given the busybox test image from the
/// shared engine, runs `swarm init --advertise-addr 127.0.0.1` and labels its node as the data node.
/// A real sshd on 127.0.0.1 sets DOCKER_HOST in its sessions, so over SSH the "host"'s docker CLI is
/// this swarm's manager. Dispose stops the engine and removes the namespace and every file.
/// <see cref="TwoNodeSwarmFixture"/> adds a worker node.
/// </summary>
public class SwarmEngineFixture : IAsyncLifetime
{
    public const string DataLabel = "privatecloud.data";

    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(60);
    private Process? _registry;

    public SwarmEngineFixture() => Manager = new NamespacedDockerd("pcswarm-manager", Path.Combine(Folder, "manager"), SharedEngine.Runner);

    public string Folder { get; } = Path.Combine("/tmp", $"pcswarm-{Guid.NewGuid():N}"[..16]);

    /// <summary>The manager's engine, labelled as the data node.</summary>
    public NamespacedDockerd Manager { get; }

    /// <summary>DOCKER_HOST for the manager.</summary>
    public string DockerHost => Manager.DockerHost;

    /// <summary>Logs in to a shell whose docker CLI talks to this swarm's manager.</summary>
    public SshServerFixture Ssh { get; private set; } = new();

    public string? Problem { get; private set; }

    /// <summary>
    /// The registry inside the manager's namespace, when <see cref="StartRegistry"/> ran: on one node
    /// the engine reaches it on its loopback, which it trusts over plain HTTP.
    /// </summary>
    public virtual string RegistryAddress => "127.0.0.1:5000";

    /// <summary>The address the manager advertises to other nodes.</summary>
    protected virtual string AdvertiseAddress => "127.0.0.1";

    /// <summary>Registries the engines reach over plain HTTP without being told: none beyond loopback.</summary>
    protected virtual IReadOnlyList<string> InsecureRegistries => [];

    protected DockerFixture SharedEngine { get; } = new();

    /// <summary>Call first in every test: skips (fails in CI) when no second engine can run here.</summary>
    public void Require() => Requires.That(Problem is null, Problem ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        Problem = NamespacedDockerd.WhyUnavailable;
        if (Problem is not null)
        {
            return;
        }

        Manager.CreateNamespace();
        Problem = await ConnectNodesAsync() ?? await Manager.StartAsync(InsecureRegistries);
        if (Problem is not null)
        {
            return;
        }

        NamespacedDockerd.Shell($"docker save {DockerFixture.BaseImage} | docker -H {DockerHost} load -q");
        Docker("swarm", "init", "--advertise-addr", AdvertiseAddress).EnsureSuccess("swarm init");
        Docker("node", "update", "--label-add", $"{DataLabel}=true", NodeId).EnsureSuccess("Labelling the node");
        Problem = await JoinNodesAsync();
        if (Problem is not null)
        {
            return;
        }

        Ssh = new ManagerSshServer(DockerHost);
        await Ssh.InitializeAsync();
    }

    /// <summary>Before the manager starts: the other nodes' namespaces and the links to them. Null when done, else why not.</summary>
    protected virtual Task<string?> ConnectNodesAsync() => Task.FromResult<string?>(null);

    /// <summary>After `swarm init`: the other nodes start and join. Null when done, else why not.</summary>
    protected virtual Task<string?> JoinNodesAsync() => Task.FromResult<string?>(null);

    public string NodeId => Manager.NodeId;

    /// <summary>Runs the docker CLI against the manager.</summary>
    public CommandResult Docker(params string[] arguments) => Manager.Docker(arguments);

    /// <summary>Lines of a docker command's output on the manager.</summary>
    public IReadOnlyList<string> DockerLines(params string[] arguments) => Manager.DockerLines(arguments);

    /// <summary>Starts Debian's docker-registry in the manager's namespace on <see cref="RegistryAddress"/>, storing under the fixture's folder.</summary>
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
        foreach (var argument in new[] { $"--net={Manager.NamespacePath}", "docker-registry", "serve", config })
        {
            start.ArgumentList.Add(argument);
        }

        _registry = Process.Start(start)!;
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.OutputDataReceived += (_, _) => { };
        _registry.BeginErrorReadLine();
        _registry.BeginOutputReadLine();
        var waited = Stopwatch.StartNew();
        while (!RegistryGet("/v2/").Succeeded && waited.Elapsed < RegistryTimeout)
        {
            Thread.Sleep(200);
        }
    }

    /// <summary>Asks the registry over HTTP from inside the manager's namespace (busybox wget).</summary>
    public CommandResult RegistryGet(string path) =>
        SharedEngine.Runner.Run(new CommandRequest("nsenter", [$"--net={Manager.NamespacePath}", "busybox", "wget", "-q", "-O-", $"http://{RegistryAddress}{path}"]) { Quiet = true });

    public async ValueTask DisposeAsync()
    {
        await Ssh.DisposeAsync();
        if (_registry is { HasExited: false })
        {
            _registry.Kill(entireProcessTree: true);
            await _registry.WaitForExitAsync();
        }

        await DisposeNodesAsync();
        await Manager.DisposeAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the other nodes, before the manager.</summary>
    protected virtual Task DisposeNodesAsync() => Task.CompletedTask;

    /// <summary>A real sshd whose sessions have DOCKER_HOST pointing at the swarm's engine.</summary>
    private sealed class ManagerSshServer(string dockerHost) : SshServerFixture
    {
        protected override IReadOnlyDictionary<string, string> SessionEnvironment =>
            new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost };
    }
}
