using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// RenameVolume run by the build program over the real sshd of this machine against its Docker
/// engine (the disposable host has no Docker), with the locally built busybox image as helper.
/// Every volume and container here is the test's own, named with a unique prefix and removed after.
/// </summary>
public sealed class RenameVolumeTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();
    private readonly DockerFixture _docker = new();
    private readonly string _prefix = $"renametest-{Guid.NewGuid():N}"[..20];
    private readonly List<string> _containers = [];

    public void Dispose()
    {
        foreach (var container in _containers)
        {
            Docker("rm", "--force", container);
        }

        foreach (var volume in Docker("volume", "ls", "--quiet", "--filter", $"name={_prefix}").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Docker("volume", "rm", "--force", volume.Trim());
        }

        _work.Dispose();
    }

    [Fact]
    public void Copies_the_volume_checks_the_copy_keeps_the_source_and_changes_nothing_the_second_time()
    {
        var (from, to) = Volumes();
        Fill(from);

        var first = Run($"--from={from}", $"--to={to}");
        var second = Run($"--from={from}", $"--to={to}");

        Assert.True(first.ExitCode == 0, first.ToString());
        AssertSays(first, $"copied volume {from} (5 entries, 1048593 bytes) into new volume {to}, the copy checked against it");
        Assert.True(second.ExitCode == 0, second.ToString());
        AssertSays(second, "Rename volume: nothing to change on");
        Assert.Equal(Listing(from), Listing(to));
        Assert.Contains("1000:1000 640 ./app/secret.txt", Listing(to));
        Assert.True(Docker("volume", "inspect", from).Succeeded);
    }

    [Fact]
    public void Removes_the_source_only_with_confirm()
    {
        var (from, to) = Volumes();
        Fill(from);

        var unconfirmed = Run($"--from={from}", $"--to={to}", "--remove-source");
        var confirmed = Run($"--from={from}", $"--to={to}", "--remove-source", "--confirm");
        var again = Run($"--from={from}", $"--to={to}", "--remove-source", "--confirm");

        Assert.Equal(2, unconfirmed.ExitCode);
        AssertSays(unconfirmed, $"--remove-source deletes volume '{from}' and its data after the copy: add --confirm to do it.");
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        AssertSays(confirmed, $"removed the source volume {from}");
        Assert.False(Docker("volume", "inspect", from).Succeeded);
        Assert.True(again.ExitCode == 0, again.ToString());
        AssertSays(again, "Rename volume: nothing to change on");
    }

    [Fact]
    public void Refuses_while_a_container_uses_either_volume_and_creates_nothing()
    {
        var (from, to) = Volumes();
        Fill(from);
        var container = _prefix + "-user";
        _containers.Add(container);
        Docker("run", "--detach", "--name", container, "--network", "none", "-v", $"{from}:/data", DockerFixture.BaseImage, "sleep", "300").EnsureSuccess("start a container using the volume");

        var result = Run($"--from={from}", $"--to={to}");

        Assert.Equal(2, result.ExitCode);
        AssertSays(result, $"Containers running on 127.0.0.1 use the volumes: {container} ({from}). Stop them first");
        Assert.False(Docker("volume", "inspect", to).Succeeded);
    }

    [Fact]
    public void Refuses_an_existing_different_target_and_a_missing_source()
    {
        var (from, to) = Volumes();
        Fill(from);
        Docker("volume", "create", to).EnsureSuccess("create the target");

        var different = Run($"--from={from}", $"--to={to}");
        var missing = Run($"--from={_prefix}-none", $"--to={to}x");

        Assert.Equal(2, different.ExitCode);
        AssertSays(different, $"Volume '{to}' already exists on 127.0.0.1 and differs from '{from}' (0 entries, 0 bytes against 5 entries, 1048593 bytes)");
        Assert.Equal(2, missing.ExitCode);
        AssertSays(missing, $"There is no Docker volume '{_prefix}-none' on 127.0.0.1");
    }

    [Fact]
    public void A_dry_run_shows_the_copy_and_creates_nothing()
    {
        var (from, to) = Volumes();
        Fill(from);

        var result = Run($"--from={from}", $"--to={to}", "--dryrun");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertSays(result, $"would copy volume {from} (5 entries, 1048593 bytes) into new volume {to}, the copy checked against it");
        Assert.False(Docker("volume", "inspect", to).Succeeded);
    }

    private static void AssertSays(BuildProgram.Result result, string text) =>
        Assert.True(result.Output.Contains(text, StringComparison.Ordinal), $"Expected '{text}' in {result}");

    private (string From, string To) Volumes()
    {
        server.Require();
        _docker.RequireEngine();
        return ($"{_prefix}-old", $"{_prefix}-new");
    }

    /// <summary>A directory, a 1 MiB file, an owned and moded file, a symbolic link: 5 entries, 1048593 bytes of files.</summary>
    private void Fill(string volume) =>
        Docker("run", "--rm", "--network", "none", "-v", $"{volume}:/v", DockerFixture.BaseImage, "sh", "-c",
            "mkdir /v/app && head -c 1048576 /dev/zero > /v/app/blob && printf 'not for everyone\\n' > /v/app/secret.txt && " +
            "chown 1000:1000 /v/app/secret.txt && chmod 640 /v/app/secret.txt && ln -s app/blob /v/link && mkdir /v/empty")
            .EnsureSuccess("fill the volume");

    private string Listing(string volume) =>
        Docker("run", "--rm", "--network", "none", "-v", $"{volume}:/v:ro", DockerFixture.BaseImage, "sh", "-c",
            "cd /v && find . -mindepth 1 | sort | while read f; do echo \"$(stat -c '%u:%g %a' \"$f\") $f $(stat -c %s \"$f\")\"; done")
            .EnsureSuccess("list the volume").StandardOutput;

    private BuildProgram.Result Run(params string[] args)
    {
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=renametest\n");
        return BuildProgram.Run(
            _work.Path,
            null,
            ["--stack=stack", "--target=RenameVolume", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
             $"--known-hosts={server.KnownHostsFile}", $"--helper-image={DockerFixture.BaseImage}",
             // Its own lock and audit log: the runs of other classes on this machine's sshd lock the default one.
             $"--remote-dir={_work.Combine("remote")}", .. args]);
    }

    private PrivateCloud.Tasks.Plumbing.Processes.CommandResult Docker(params string[] arguments) =>
        _docker.Runner.Run(new CommandRequest("docker", arguments) { Quiet = true });
}
