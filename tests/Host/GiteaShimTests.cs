using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// The shim exactly as SetUpGiteaSsh writes it, run the way the host's sshd runs it (through
/// <c>sh -c</c> with SSH_ORIGINAL_COMMAND set), against a real sshd standing in for the one in
/// Gitea's container. The stand-in for the container's gitea binary is a recorder script that keeps
/// the command and arguments it received.
/// </summary>
public sealed class GiteaShimTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Canary => _work.Combine("ran");

    public static TheoryData<string> HostileCommands() =>
    [
        "git-upload-pack 'someone/repo.git'",
        "git-upload-pack '$(touch CANARY)'",
        "$(touch CANARY)",
        "`touch CANARY`",
        "git-upload-pack \"; touch CANARY; \"",
        "'; touch CANARY; '",
        "'",
        "it's \\'\"$HOME",
        "git-upload-pack x\ntouch CANARY\n",
        "a\n\n",
        "${IFS}touch${IFS}CANARY",
        "x; touch CANARY & | > CANARY",
        string.Empty,
    ];

    [Theory]
    [MemberData(nameof(HostileCommands))]
    [UnsupportedOSPlatform("windows")]
    public async Task The_container_receives_the_clients_command_byte_for_byte_and_runs_none_of_it(string template)
    {
        server.Require();
        var command = template.Replace("CANARY", Canary, StringComparison.Ordinal);

        var exit = await RunShim(server.KnownHostsFile, command);

        Assert.Equal(0, exit.Code);
        Assert.Equal(command, File.ReadAllText(_work.Combine("command")));
        Assert.Equal("--config=/data/gitea/conf/app.ini\0serv\0key-7\0", File.ReadAllText(_work.Combine("arguments")));
        Assert.False(File.Exists(Canary), "a part of the client's command ran");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_container_presenting_another_host_key_is_refused_before_anything_runs()
    {
        server.Require();
        var otherKey = _work.Combine("other_host_key");
        await SshServerFixture.RunTool("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", otherKey);
        var pinned = _work.Write(
            "pinned", GiteaSshPlan.PinnedKeys(File.ReadAllText(otherKey + ".pub"), otherKey).Replace("2222", server.Port.ToString(), StringComparison.Ordinal));

        var exit = await RunShim(pinned, "git-upload-pack 'someone/repo.git'");

        Assert.NotEqual(0, exit.Code);
        Assert.Contains("Host key verification failed", exit.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_work.Combine("command")), "the recorder ran although the host key was wrong");
    }

    [Fact]
    public void The_hosts_shim_reaches_gitea_on_2222_as_git_with_the_pinned_key_only()
    {
        Assert.Equal(
            GiteaSshPlan.Shim(new GiteaShimEnd("git", 2222, "/home/git/.ssh/id_ed25519", "/etc/ssh/gitea_known_hosts", "/usr/local/bin/gitea")),
            GiteaSshPlan.ShimText);
        Assert.DoesNotContain("StrictHostKeyChecking=no", GiteaSshPlan.ShimText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pinned_line_names_the_containers_loopback_port_and_drops_the_comment() =>
        Assert.Equal(
            "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc3oMdaLqP9nQ7eFQJkmiV7d8Dps3G1SsVwxKZ8YgAb\n",
            GiteaSshPlan.PinnedKeys("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc3oMdaLqP9nQ7eFQJkmiV7d8Dps3G1SsVwxKZ8YgAb root@gitea\n", "/k.pub"));

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n")]
    [InlineData("ssh-ed25519 not-base64!")]
    [InlineData("command=\"x\" ssh-ed25519 AAAA")]
    public void Anything_but_one_public_key_is_refused_naming_the_file(string text)
    {
        var error = Assert.Throws<PrivateCloud.Frosting.BuildInputException>(() => GiteaSshPlan.PinnedKeys(text, "/mnt/files/gitea/ssh/k.pub"));

        Assert.StartsWith("On the host, /mnt/files/gitea/ssh/k.pub is not one SSH public key", error.Message, StringComparison.Ordinal);
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<(int Code, string Stderr)> RunShim(string knownHosts, string command)
    {
        var recorder = _work.Write("gitea", $"""
            #!/bin/sh
            printf '%s' "$SSH_ORIGINAL_COMMAND" > {_work.Combine("command")}
            printf '%s\0' "$@" > {_work.Combine("arguments")}

            """);
        File.SetUnixFileMode(recorder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var shim = _work.Write("shim", GiteaSshPlan.Shim(new GiteaShimEnd(SshServerFixture.User, server.Port, server.Ed25519Key, knownHosts, recorder)));
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // What the host's sshd runs for a Gitea key line: the login shell with the forced command.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = _work.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{shim} --config=/data/gitea/conf/app.ini serv key-7");
        start.Environment["SSH_ORIGINAL_COMMAND"] = command;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stderr);
    }
}
