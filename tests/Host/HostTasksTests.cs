using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>The host tasks as a user runs them: the build program against a real sshd on loopback.</summary>
public sealed class HostTasksTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = CreateStack();

    public void Dispose() => _work.Dispose();

    private static TemporaryDirectory CreateStack()
    {
        var work = new TemporaryDirectory();
        work.Write("stack/.env", "COMPOSE_PROJECT_NAME=hosttest\nMAIL_HOST_IP=192.0.2.10\n");
        return work;
    }

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(
        _work.Path,
        null,
        ["--stack=stack", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}", $"--known-hosts={server.KnownHostsFile}", .. args]);

    [Fact]
    public void DiskUsage_lists_the_hosts_filesystems_and_flags_missing_data_mounts()
    {
        server.Require();
        var logins = server.AcceptedLogins;

        var healthy = Run("--target=CheckDiskUsage", "--data-mounts=/", "--disk-warn=100", "--disk-fail=100");
        var missing = Run("--target=CheckDiskUsage", "--data-mounts=/mnt/no-such-data-mount", "--disk-warn=100", "--disk-fail=100");

        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.Matches(@"\n/\s+\d+% used", healthy.Output);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("/mnt/no-such-data-mount is not mounted", missing.Output);
        Assert.Equal(logins + 2, server.AcceptedLogins);
    }

    [Fact]
    public void DiskUsage_fails_above_the_fail_threshold()
    {
        server.Require();

        var result = Run("--target=CheckDiskUsage", "--data-mounts=/", "--disk-warn=0", "--disk-fail=0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("limit --disk-fail=0%", result.Output);
    }

    [Theory]
    [InlineData("SetUpGiteaSsh")]
    [InlineData("RouteMailTraffic")]
    public void A_dry_run_reads_the_host_so_an_unreachable_one_is_an_error_naming_it(string task)
    {
        var unknown = BuildProgram.Run(
            _work.Path,
            null,
            "--stack=stack", "--host=root@127.0.0.1:1", $"--ssh-key={server.Ed25519Key}", $"--target={task}", "--dryrun", "--subnet-unused=1");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown setting --subnet-unused", unknown.Output);

        var dryRun = BuildProgram.Run(
            _work.Path,
            null,
            "--stack=stack", "--host=root@127.0.0.1:1", $"--ssh-key={server.Ed25519Key}", $"--target={task}", "--dryrun");

        Assert.NotEqual(0, dryRun.ExitCode);
        Assert.Contains("127.0.0.1", dryRun.Output);
        Assert.DoesNotContain("[dry-run] would run", dryRun.Output);
    }

    [Fact]
    public void A_host_task_without_a_host_says_how_to_give_one()
    {
        var result = BuildProgram.Run(_work.Path, null, "--stack=stack", "--target=CheckDiskUsage");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("This task works on the Docker host: give it with --host (or DEPLOY_HOST).", result.Output);
    }
}
