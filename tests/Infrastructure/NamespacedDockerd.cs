using System.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A dockerd of its own for the swarm fixtures, never the machine's: it runs in a network namespace
/// made for it (loopback up, nothing else until the fixture adds links) and a UTS namespace whose
/// hostname is <see cref="Name"/> (so `docker node ls` and `service ps` tell the nodes apart), with
/// its own data root, exec root and socket under <see cref="Folder"/>, the vfs driver, and no
/// iptables rules (the namespace has no route out anyway). Dispose leaves the swarm, removes its
/// containers, stops the engine, unmounts and removes the folder, and deletes the namespace.
/// </summary>
public sealed class NamespacedDockerd(string name, string folder, CommandRunner runner) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private bool _namespaceMade;

    /// <summary>The node's hostname.</summary>
    public string Name => name;

    public string Folder => folder;

    public string Namespace => $"pcswarm-{_id}";

    /// <summary>For commands run inside the namespace (nsenter).</summary>
    public string NamespacePath => $"/run/netns/{Namespace}";

    public string DockerHost => $"unix://{Path.Combine(Folder, "docker.sock")}";

    private string PidFile => Path.Combine(Folder, "dockerd.pid");

    /// <summary>Why no such engine can run here; null when it can.</summary>
    public static string? WhyUnavailable =>
        Environment.UserName != "root" ? "A second dockerd for the swarm needs root"
        : !Requires.Executable("dockerd") || !Requires.Executable("nsenter") || !Requires.Executable("unshare") || !Requires.Executable("ip")
            ? "dockerd, nsenter and unshare (util-linux) and ip (iproute2) are needed"
        : DockerFixture.WhyUnavailable;

    public void CreateNamespace()
    {
        Directory.CreateDirectory(Folder);
        Shell($"ip netns add {Namespace} && ip netns exec {Namespace} ip link set lo up");
        _namespaceMade = true;
    }

    /// <summary>Starts the engine and waits for it; null when it answers, else why not.</summary>
    /// <param name="insecureRegistries">Registries it may reach over plain HTTP (loopback ones need none).</param>
    public async Task<string?> StartAsync(IReadOnlyList<string> insecureRegistries)
    {
        // nsenter enters the network namespace only: `ip netns exec` would also remount /sys and hide the cgroups dockerd needs.
        var insecure = string.Concat(insecureRegistries.Select(registry => $" --insecure-registry {registry}"));
        Shell($"unshare --uts sh -c 'hostname {Name} && exec nsenter --net={NamespacePath} dockerd --data-root {Folder}/data --exec-root {Folder}/exec " +
              $"--pidfile {PidFile} -H {DockerHost} --storage-driver=vfs --iptables=false --ip6tables=false{insecure}' >{Folder}/dockerd.log 2>&1 &");
        var waited = Stopwatch.StartNew();
        while (!Docker("info").Succeeded)
        {
            if (waited.Elapsed > StartTimeout)
            {
                return $"The swarm's dockerd {Name} did not answer within {StartTimeout.TotalSeconds:0} s; see {Folder}/dockerd.log";
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>Runs the docker CLI against this engine.</summary>
    public CommandResult Docker(params string[] arguments) =>
        runner.Run(new CommandRequest("docker", arguments) { Environment = new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost }, Quiet = true });

    /// <summary>Lines of a docker command's output.</summary>
    public IReadOnlyList<string> DockerLines(params string[] arguments) =>
        Docker(arguments).EnsureSuccess(string.Join(' ', arguments)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string NodeId => Docker("info", "--format", "{{.Swarm.NodeID}}").StandardOutput.Trim();

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile))
        {
            Docker("swarm", "leave", "--force");
            var ids = Docker("container", "ls", "--all", "--quiet").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0)
            {
                Docker(["container", "rm", "--force", .. ids]);
            }

            var pid = int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>Runs a root shell command here, failing the fixture when it fails.</summary>
    public static void Shell(string script) =>
        CakeProcesses.CreateCommandRunner().Run(new CommandRequest("/bin/sh", ["-c", script]) { Quiet = true }).EnsureSuccess(script);
}
