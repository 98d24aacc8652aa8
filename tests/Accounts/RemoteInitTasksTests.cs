using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Accounts;

/// <summary>
/// The init tasks through --host: a real sshd on loopback, whose "remote" docker is this machine's
/// engine running the stand-in stack. The secrets travel on the SSH channel's stdin.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RemoteInitTasksTests(SshServerFixture server, DockerFixture docker)
    : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private readonly TemporaryDirectory _remote = new();

    public void Dispose() => _remote.Dispose();

    private string[] Connection =>
    [
        $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}", $"--known-hosts={server.KnownHostsFile}",
        $"--remote-dir={_remote.Path}",
    ];

    [Fact]
    public void Over_ssh_secrets_arrive_intact_stay_off_every_command_line_and_a_second_run_changes_nothing()
    {
        server.Require();
        using var stack = StandInStack.Start(docker, InitTasksTests.Env());

        var dryRun = BuildProgram.Run(stack.Directory, null, [$"--stack={stack.Directory}", "--target=InitGiteaAdmin", "--dryrun", .. Connection]);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("[dry-run] Gitea admin ada is missing: it would be created in service 'gitea'.", dryRun.Output);
        Assert.Equal([["gitea", "admin", "user", "list"]], stack.Calls("gitea").Select(call => call.Arguments));

        var onCommandLines = InitTasksTests.ScanWhileRunning(
            stack, "linkding", "createsuperuser", "--target=InitLinkdingUser", InitTasksTests.LinkdingPassword, Connection);
        var gitea = BuildProgram.Run(stack.Directory, null, [$"--stack={stack.Directory}", "--target=InitGiteaAdmin", .. Connection]);
        var again = BuildProgram.Run(stack.Directory, null, [$"--stack={stack.Directory}", "--target=InitLinkdingUser,InitGiteaAdmin", .. Connection]);

        Assert.Empty(onCommandLines);
        Assert.True(gitea.ExitCode == 0, gitea.ToString());
        Assert.Contains("root@127.0.0.1", gitea.Output);
        Assert.Contains("Gitea admin ada: created.", gitea.Output);
        var create = stack.Calls("gitea")[2];
        Assert.Equal(InitTasksTests.GiteaPassword, create.Arguments[^1]);
        Assert.Equal(InitTasksTests.GiteaPassword, create.Environment["GITEA_ADMIN_PASSWORD"]);
        Assert.Equal(InitTasksTests.LinkdingPassword, stack.Calls("linkding")[1].Environment["DJANGO_SUPERUSER_PASSWORD"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("linkding user ada: already present.", again.Output);
        Assert.Contains("Gitea admin ada: already present.", again.Output);
        Assert.Equal(4, stack.Calls("gitea").Count);
        Assert.Equal(3, stack.Calls("linkding").Count);
        foreach (var output in new[] { gitea.Output, again.Output, string.Join('\n', server.ServerLog) })
        {
            Assert.DoesNotContain(InitTasksTests.GiteaPassword, output, StringComparison.Ordinal);
            Assert.DoesNotContain("line2 `x`", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Over_ssh_a_stopped_service_fails_with_one_line_naming_it_and_the_host()
    {
        server.Require();
        using var stack = StandInStack.Start(docker, InitTasksTests.Env());
        stack.Stop("davis");

        var result = BuildProgram.Run(stack.Directory, null, [$"--stack={stack.Directory}", "--target=InitDavisTables", .. Connection]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $"Error: Service 'davis' of compose project '{stack.Name}' is not running on root@127.0.0.1:{server.Port}: start it (--target=Up or Deploy) and run again.",
            result.Output);
    }
}
