using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using ProcessResult = PrivateCloud.Tasks.Plumbing.Processes.CommandResult;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A throwaway Debian server in a Docker container, reached over real SSH on 127.0.0.1, for tests
/// of tasks that change a machine (packages, users, iptables, block devices): those commands must
/// never run on the machine that runs the tests. One container per test class; removed on dispose.
/// Accounts: root, <see cref="SudoUser"/> (passwordless sudo) and <see cref="PasswordSudoUser"/>
/// (sudo asks for a password), all authorising <see cref="KeyFile"/>. Its only apt source is a
/// local repository holding <c>privatecloud-probe-a</c> and <c>privatecloud-probe-b</c> (depends on a).
/// </summary>
public sealed class DisposableHostFixture : IAsyncLifetime
{
    public const string Image = "privatecloud-test/debian-host:bookworm";
    public const string Host = "127.0.0.1";
    public const string SudoUser = "deployer";
    public const string PasswordSudoUser = "nosudo-pw";

    private const string ImageScript = "scripts/make-test-host-image.sh";
    private const int MissingToolExitStatus = 3;
    private static readonly TimeSpan ImageBuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan SshdStartTimeout = TimeSpan.FromSeconds(30);

    // Loop devices are not namespaced: each one this fixture attaches is the host kernel's, so it is
    // detached on dispose even if a test forgot to.
    private readonly List<string> _blockDevices = [];
    private readonly CommandRunner _runner = CakeProcesses.CreateCommandRunner();
    private string? _container;

    public string Folder { get; } = Directory.CreateTempSubdirectory("disposable-host-").FullName;

    public int Port { get; private set; }

    /// <summary>An ed25519 client key made for this container, authorised for every account.</summary>
    public string KeyFile => Path.Combine(Folder, "id_ed25519");

    /// <summary>Trusts this container's own host key under <c>[127.0.0.1]:port</c>.</summary>
    public string KnownHostsFile => Path.Combine(Folder, "known_hosts");

    /// <summary>Null when the host is up, otherwise why it cannot be had on this machine.</summary>
    public string? Problem { get; private set; }

    /// <summary>Call first in every test: skips (fails in CI) when Docker or debootstrap is missing.</summary>
    public void Require() => Requires.That(Problem is null, Problem ?? string.Empty);

    /// <summary>Settings that connect as <paramref name="user"/> and trust the container's host key.</summary>
    public SshSettings Settings(string user = SshTarget.DefaultUser) => new()
    {
        Target = new SshTarget(user, Host, Port),
        KeyFile = KeyFile,
        KnownHostsFile = KnownHostsFile,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>
    /// Runs a command as root inside the container through <c>docker exec</c>, bypassing SSH and
    /// the code under test: for setting up and checking the host's state. Returns the output lines
    /// joined by '\n' (no final newline); throws on failure.
    /// </summary>
    public string Exec(string command) => Docker("exec", Container, "sh", "-c", command).StandardOutput;

    /// <summary>
    /// Attaches a sparse file of <paramref name="sizeMb"/> MiB inside the container to a free loop
    /// device and returns its path (<c>/dev/loopN</c>), ready for mkfs and mount inside the container.
    /// </summary>
    public string CreateBlockDevice(int sizeMb)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeMb, 1);

        // The container's /dev is a copy made at start, so a loop device the kernel adds later has
        // no node there: make it from the numbers sysfs gives. Another process on the machine may
        // take the same free device between lookup and attach, hence the retries.
        const string attach = """
            set -e
            image=$(mktemp /var/tmp/block-device.XXXXXX)
            truncate -s "$1M" "$image"
            for attempt in 1 2 3 4 5; do
              device=$(losetup --find)
              if [ ! -b "$device" ]; then
                numbers=$(cat "/sys/class/block/${device#/dev/}/dev")
                mknod "$device" b "${numbers%:*}" "${numbers#*:}"
              fi
              if losetup "$device" "$image" 2>/dev/null; then
                echo "$device"
                exit 0
              fi
            done
            echo "no free loop device could be attached after 5 attempts" >&2
            exit 1
            """;
        var device = Docker("exec", Container, "sh", "-c", attach, "sh", sizeMb.ToString(CultureInfo.InvariantCulture))
            .StandardOutput.Trim();
        lock (_blockDevices)
        {
            _blockDevices.Add(device);
        }

        return device;
    }

    public async ValueTask InitializeAsync()
    {
        Problem = DockerFixture.WhyUnavailable ?? BuildImage();
        if (Problem is not null)
        {
            return;
        }

        await SshServerFixture.RunTool("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "disposable-host", "-f", KeyFile);
        _container = StartContainer();
        Port = PublishedPort();
        await WaitForSshd();

        AuthoriseClientKey(await File.ReadAllTextAsync(KeyFile + ".pub"));
        var hostKey = Exec("cat /etc/ssh/ssh_host_ed25519_key.pub").Split(' ');
        await File.WriteAllTextAsync(KnownHostsFile, $"{Settings().Target.KnownHostsName} {hostKey[0]} {hostKey[1]}\n");
    }

    public ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            // A mounted device cannot be detached at once; -d then marks it to free itself when the
            // container's mounts go away with the container.
            foreach (var device in _blockDevices)
            {
                _runner.Run(new CommandRequest("docker", ["exec", _container, "losetup", "-d", device]) { Quiet = true });
            }

            _runner.Run(new CommandRequest("docker", ["rm", "--force", "--volumes", _container]) { Quiet = true });
        }

        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private string Container => _container ?? throw new InvalidOperationException("Call Require() first: the host did not start.");

    private string? BuildImage()
    {
        var script = FindScript();
        var result = _runner.Run(new CommandRequest("bash", [script]) { Quiet = true, Timeout = ImageBuildTimeout });
        if (result.ExitCode == MissingToolExitStatus)
        {
            return $"Cannot build {Image}: {result.StandardError.Trim()}";
        }

        result.EnsureSuccess($"Building {Image} with {ImageScript}");
        return null;
    }

    /// <summary>
    /// Full privileges would be simplest (iptables needs NET_ADMIN, mount and losetup SYS_ADMIN and
    /// access to loop devices), but this sandbox lacks CAP_SYS_RESOURCE and runc refuses
    /// <c>--privileged</c> then. So: every capability the machine has, no seccomp/AppArmor filter,
    /// /proc and /sys unmasked, and the loop devices (block major 7) allowed.
    /// </summary>
    private string StartContainer() =>
        Docker(
            "run", "--detach",
            "--label", "privatecloud.test-host=true",
            "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined",
            "--security-opt", "apparmor=unconfined",
            "--security-opt", "systempaths=unconfined",
            "--device", "/dev/loop-control",
            "--device-cgroup-rule", "b 7:* rwm",
            // Loopback only, on a port Docker picks (no race for a free one); docker-proxy forwards it,
            // which works with the engine's --iptables=false.
            "--publish", $"{Host}::22",
            Image).StandardOutput.Trim();

    private int PublishedPort()
    {
        // Prints e.g. "127.0.0.1:32769".
        var binding = Docker("port", Container, "22/tcp").StandardOutput.Trim().Split('\n')[0];
        return int.Parse(binding[(binding.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// docker-proxy accepts connections before sshd listens (and then drops them), so an open port
    /// proves nothing: wait for sshd's own version banner.
    /// </summary>
    private async Task WaitForSshd()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < SshdStartTimeout)
        {
            try
            {
                using var client = new TcpClient();
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.ConnectAsync(Host, Port, attempt.Token);
                var buffer = new byte[8];
                var read = await client.GetStream().ReadAtLeastAsync(buffer, 4, throwOnEndOfStream: false, attempt.Token);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                // Not up yet.
            }

            await Task.Delay(200);
        }

        var logs = _runner.Run(new CommandRequest("docker", ["logs", "--tail", "20", Container]) { Quiet = true });
        throw new InvalidOperationException(
            $"sshd in container {Container} did not answer on {Host}:{Port} within {SshdStartTimeout.TotalSeconds:0} s; its log: {logs.StandardError}{logs.StandardOutput}");
    }

    private void AuthoriseClientKey(string publicKey)
    {
        const string authorise = """
            set -e
            key=$1
            shift
            for user in "$@"; do
              home=$(getent passwd "$user" | cut -d: -f6)
              install -d -m 700 -o "$user" -g "$user" "$home/.ssh"
              printf '%s\n' "$key" > "$home/.ssh/authorized_keys"
              chown "$user:$user" "$home/.ssh/authorized_keys"
              chmod 600 "$home/.ssh/authorized_keys"
            done
            """;
        Docker("exec", Container, "sh", "-c", authorise, "sh", publicKey.Trim(), SshTarget.DefaultUser, SudoUser, PasswordSudoUser);
    }

    private ProcessResult Docker(params string[] arguments) =>
        _runner.Run(new CommandRequest("docker", arguments) { Quiet = true })
            .EnsureSuccess($"docker {arguments[0]} for the disposable host");

    /// <summary>The script lives in the repository; the tests run from its bin folder below it.</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ImageScript);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{ImageScript} not found above {AppContext.BaseDirectory}");
    }
}
