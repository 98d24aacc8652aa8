using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// Commands that create accounts never run here: dry-run shows them, and the real sshd only
/// answers the read-only probes, checked against this machine's own getent.
/// </summary>
public sealed class GiteaSshPassthroughTests(SshServerFixture server) : IClassFixture<SshServerFixture>
{
    private readonly List<string> _log = [];

    [Fact]
    public void Dry_run_probes_then_shows_every_step_with_its_exact_command()
    {
        using var dryRun = new DryRunShell(_log);

        var changes = new GiteaPassthroughSetup(dryRun.Shell).Ensure();

        Assert.Equal(
            [
                "would create group git (gid 2022)",
                "would create user git (uid 2022, home /home/git)",
                "would create the git user's key pair /home/git/.ssh/id_ed25519",
                "would authorize the git user's key in /home/git/.ssh/authorized_keys",
                "would write the SSH shim /usr/local/bin/gitea",
            ],
            changes);
        Assert.Equal(
            [
                dryRun.Line("getent group git"),
                dryRun.Line("getent passwd git"),
                dryRun.Line("test -f /home/git/.ssh/id_ed25519 && test -f /home/git/.ssh/id_ed25519.pub"),
                dryRun.Line("grep -qxF \"no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty $(cat /home/git/.ssh/id_ed25519.pub 2>/dev/null)\" /home/git/.ssh/authorized_keys"),
                dryRun.Line("cat -- /usr/local/bin/gitea"),
                dryRun.Line("groupadd -g 2022 git"),
                dryRun.Line("useradd -u 2022 -g 2022 -m -d /home/git -s /bin/bash git"),
                dryRun.Line("runuser -u git -- sh -c 'mkdir -p -m 700 /home/git/.ssh && ssh-keygen -q -t ed25519 -N \"\" -C gitea-passthrough -f /home/git/.ssh/id_ed25519'"),
                dryRun.Line("runuser -u git -- sh -c 'line=\"no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty $(cat /home/git/.ssh/id_ed25519.pub)\" && " +
                    "touch /home/git/.ssh/authorized_keys && chmod 600 /home/git/.ssh/authorized_keys && " +
                    "{ grep -qxF \"$line\" /home/git/.ssh/authorized_keys || printf '\\''%s\\n'\\'' \"$line\" >> /home/git/.ssh/authorized_keys; }'"),
            ],
            _log.Take(9));
        Assert.StartsWith(dryRun.Line("set -e; target=/usr/local/bin/gitea;"), _log[9], StringComparison.Ordinal);
        Assert.EndsWith($"(stdin: {GiteaSshPlan.ShimText.Length} bytes)", _log[9], StringComparison.Ordinal);
        Assert.Equal(10, _log.Count);
    }

    [Fact]
    public async Task Inspect_reads_the_accounts_as_getent_on_the_host_reports_them()
    {
        server.Require();
        using var session = new SshSession(server.Settings());

        var state = new GiteaPassthroughSetup(new RemoteShell(session, new SecretRedactor(), _log.Add)).Inspect();

        Assert.Equal(await Getent("group"), state.GroupEntry);
        Assert.Equal(await Getent("passwd"), state.UserEntry);
        Assert.Equal(File.Exists(GiteaSshPlan.KeyFile) && File.Exists(GiteaSshPlan.KeyFile + ".pub"), state.KeyPairExists);
        Assert.Equal(File.Exists(GiteaSshPlan.ShimPath) ? File.ReadAllText(GiteaSshPlan.ShimPath) : null, state.Shim);
    }

    /// <summary>The machine's own answer through /bin/sh, null when getent finds no git entry.</summary>
    private static async Task<string?> Getent(string database)
    {
        var output = await SshServerFixture.RunTool("/bin/sh", "-c", $"getent {database} git || true");
        return output.Length == 0 ? null : output;
    }
}
