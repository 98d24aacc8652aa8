using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// Commands that create accounts never run here: a dry run shows them, and the real sshd only
/// answers the read-only probes, checked against this machine's own getent.
/// </summary>
public sealed class GiteaSshPassthroughTests(SshServerFixture server) : IClassFixture<SshServerFixture>
{
    private readonly List<string> _log = [];

    [Fact]
    public async Task Dry_run_reads_the_host_and_shows_each_missing_step_without_running_it()
    {
        server.Require();
        using var session = new SshSession(server.Settings() with { DryRun = true });
        var setup = new GiteaSshSetup(new RemoteShell(session, new SecretRedactor(), _log.Add), _log.Add, $"/mnt/files/{GiteaSshPlan.HostKeyUnderFilesDir}");
        var missing = GiteaSshPlan.Steps(setup.Inspect());
        var before = (await Getent("group"), await Getent("passwd"));
        _log.Clear();

        var changes = setup.Ensure();

        Assert.Equal(missing.Count, changes.Count);
        Assert.All(changes, change => Assert.StartsWith("would ", change.Describe(dryRun: true), StringComparison.Ordinal));
        var shown = _log.Where(line => line.StartsWith("[dry-run] would run on ", StringComparison.Ordinal)).ToList();
        Assert.Equal(missing.Count, shown.Count);
        foreach (var step in missing.Where(step => step != GiteaSshStep.WriteShim))
        {
            Assert.Contains($"[dry-run] would run on root@127.0.0.1:{server.Port}: {GiteaSshCommands.For(step, GiteaSshPlan.DefaultId).Text}", shown);
        }

        Assert.Equal(before, (await Getent("group"), await Getent("passwd")));
    }

    [Fact]
    public async Task Inspect_reads_the_accounts_as_getent_on_the_host_reports_them()
    {
        server.Require();
        using var session = new SshSession(server.Settings());

        var state = new GiteaSshSetup(new RemoteShell(session, new SecretRedactor(), _log.Add), _log.Add, $"/mnt/files/{GiteaSshPlan.HostKeyUnderFilesDir}").Inspect();

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
