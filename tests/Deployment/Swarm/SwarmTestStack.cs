using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment.Swarm;

/// <summary>
/// The compose tests' busybox stack with an override file of the test's, deployed to a swarm fixture
/// by the build program over its real sshd (--orchestrator=swarm), and what the swarm's manager says
/// of it. Disposing removes the stack, its volumes and its images from the manager (the worker's
/// engine goes with its fixture).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SwarmTestStack : IDisposable
{
    public const string OverrideFile = "docker-compose.swarm.yml";

    private readonly SwarmEngineFixture _swarm;
    private readonly TemporaryDirectory _remote = new();

    /// <param name="overrideText">The override compose file, over the stack's own.</param>
    /// <param name="env">Lines appended to the stack's .env.</param>
    public SwarmTestStack(SwarmEngineFixture swarm, DockerFixture docker, string overrideText, string env = "")
    {
        swarm.Require();
        swarm.Ssh.Require();
        _swarm = swarm;
        Stack = TestComposeStack.Create(docker);
        Stack.Write(OverrideFile, overrideText);
        File.AppendAllText(Path.Combine(Stack.Directory, ".env"), env);
    }

    public TestComposeStack Stack { get; }

    public string Name => Stack.Project.Name;

    /// <summary>The host's releases directory (--remote-dir).</summary>
    public string RemoteDirectory => _remote.Path;

    /// <summary>Runs the build program against the swarm's manager over SSH, with both compose files unless the arguments name others.</summary>
    public BuildProgram.Result Run(params string[] args)
    {
        var ssh = _swarm.Ssh;
        return BuildProgram.Run(
            Stack.Directory,
            null,
            [
                $"--stack={Stack.Directory}", $"--host=root@127.0.0.1:{ssh.Port}", $"--ssh-key={ssh.Ed25519Key}",
                $"--known-hosts={ssh.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--timeout=90", "--orchestrator=swarm",
                .. args.Any(arg => arg.StartsWith("--compose-file=", StringComparison.Ordinal)) ? [] : new[] { $"--compose-file=docker-compose.yml,{OverrideFile}" },
                .. args,
            ]);
    }

    /// <summary>Each service's running task ids, joined, by service.</summary>
    public Dictionary<string, string> Tasks(params string[] services) =>
        services.ToDictionary(
            service => service,
            service => string.Join(",", _swarm.DockerLines("service", "ps", "--quiet", "--filter", "desired-state=running", $"{Name}_{service}").Order()));

    /// <summary>The node (hostname) of each running task of a service, sorted.</summary>
    public IReadOnlyList<string> Nodes(string service) =>
        [.. _swarm.DockerLines("service", "ps", "--format", "{{.Node}} {{.CurrentState}}", "--filter", "desired-state=running", $"{Name}_{service}")
            .Select(line => line.Split(' ')[0]).Order(StringComparer.Ordinal)];

    public string Inspect(string service, string format) =>
        _swarm.Docker("service", "inspect", "--format", format, $"{Name}_{service}").StandardOutput.Trim();

    /// <summary>Running/wanted replicas by service, as `docker service ls` counts them.</summary>
    public Dictionary<string, string> Replicas() =>
        _swarm.DockerLines("service", "ls", "--format", "{{.Name}} {{.Replicas}}", "--filter", $"label=com.docker.stack.namespace={Name}")
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0][(Name.Length + 1)..], parts => parts[1]);

    public void Dispose()
    {
        var label = $"label=com.docker.stack.namespace={Name}";
        _swarm.Docker("stack", "rm", Name);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && _swarm.DockerLines("container", "ls", "--all", "--quiet", "--filter", label).Count > 0)
        {
            Thread.Sleep(250);
        }

        foreach (var volume in _swarm.DockerLines("volume", "ls", "--quiet", "--filter", label))
        {
            _swarm.Docker("volume", "rm", "--force", volume);
        }

        foreach (var image in _swarm.DockerLines("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").Where(i => i.Contains(Name, StringComparison.Ordinal)))
        {
            _swarm.Docker("image", "rm", "--force", image);
        }

        Stack.Dispose();
        _remote.Dispose();
    }
}
