using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// The real runs go over the real sshd with a key whose authorized_keys entry forces every command
/// into a network namespace the test created, so iptables never touches this machine's own rules.
/// </summary>
public sealed class MailRoutingTests(SshServerFixture server) : IClassFixture<SshServerFixture>
{
    private const string HostIp = "192.0.2.25";
    private const string Subnet = "172.31.250.0/24";
    private const string Rule = $"-s {Subnet} ! -d {Subnet} -j SNAT --to-source {HostIp}";
    private const string Check = $"iptables -w 30 -t nat -C POSTROUTING {Rule}";
    private const string Insert = $"iptables -w 30 -t nat -I POSTROUTING 1 {Rule}";

    private readonly List<string> _log = [];

    [Fact]
    public async Task Adds_the_rule_first_in_postrouting_once_and_a_second_run_changes_nothing()
    {
        server.Require();
        Requires.That(NetworkNamespace.Available, "root with ip (iproute2) and iptables is needed (apt-get install iproute2 iptables)");
        await using var space = await NetworkNamespace.Create();
        // Docker appends a MASQUERADE rule per network; the SNAT rule has to come before it.
        await space.Run($"iptables -t nat -A POSTROUTING -s {Subnet} ! -o br-mail -j MASQUERADE");
        using var session = new SshSession(server.Settings(keyFile: await KeyInside(space)));
        var routing = new MailRoutingSetup(new RemoteShell(session, new SecretRedactor(), _log.Add));

        var first = routing.Ensure(HostIp, "mail", Subnet);
        var firstLog = _log.ToList();
        _log.Clear();
        var second = routing.Ensure(HostIp, "mail", Subnet);

        var shown = $"root@127.0.0.1:{server.Port}: ";
        Assert.Equal([shown + "iptables --version", shown + Check, shown + Insert], firstLog);
        Assert.Equal([$"added SNAT rule: iptables -t nat POSTROUTING {Rule}"], first.Changes.Select(change => change.Describe(dryRun: false)));
        Assert.Equal([shown + "iptables --version", shown + Check], _log);
        Assert.Empty(second.Changes);
        Assert.Equal(
            ["-P POSTROUTING ACCEPT", $"-A POSTROUTING {Rule}", $"-A POSTROUTING -s {Subnet} ! -o br-mail -j MASQUERADE"],
            (await space.Run("iptables -t nat -S POSTROUTING")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var nfTables = (await space.Run("iptables --version")).Contains("(nf_tables)", StringComparison.Ordinal);
        Assert.Equal(nfTables ? IptablesBackend.NfTables : IptablesBackend.Legacy, second.Backend);
        Assert.Equal(nfTables, second.BackendAdvice?.Contains("update-alternatives --set iptables /usr/sbin/iptables-legacy", StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public async Task A_missing_docker_network_is_a_clear_input_error_naming_the_subnet_setting()
    {
        server.Require();
        Requires.That(NetworkNamespace.Available, "root with ip (iproute2) and iptables is needed (apt-get install iproute2 iptables)");
        await using var space = await NetworkNamespace.Create();
        using var session = new SshSession(server.Settings(keyFile: await KeyInside(space)));
        var routing = new MailRoutingSetup(new RemoteShell(session, new SecretRedactor(), _log.Add));

        // Whether docker is missing, stopped, or lacks the network, the lookup fails the same way.
        var error = Assert.Throws<BuildInputException>(() => routing.Ensure(HostIp, "no-such-network-4711"));

        Assert.StartsWith("Could not read the subnet of Docker network 'no-such-network-4711' on 127.0.0.1 (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("start the mail stack first so the network exists, or set MAIL_SUBNET.", error.Message, StringComparison.Ordinal);
        Assert.Equal("-P POSTROUTING ACCEPT\n", await space.Run("iptables -t nat -S POSTROUTING"));
    }

    [Fact]
    public async Task A_dry_run_reads_the_rules_for_real_and_shows_only_the_insert_a_real_run_then_makes()
    {
        server.Require();
        Requires.That(NetworkNamespace.Available, "root with ip (iproute2) and iptables is needed (apt-get install iproute2 iptables)");
        await using var space = await NetworkNamespace.Create();
        var key = await KeyInside(space);
        using var drySession = new SshSession(server.Settings(keyFile: key) with { DryRun = true });
        using var realSession = new SshSession(server.Settings(keyFile: key));
        var dryRun = new MailRoutingSetup(new RemoteShell(drySession, new SecretRedactor(), _log.Add));
        var realRun = new MailRoutingSetup(new RemoteShell(realSession, new SecretRedactor(), _ => { }));

        var foreseen = dryRun.Ensure(HostIp, "mail", Subnet);
        var rulesAfterDryRun = await space.Run("iptables -t nat -S POSTROUTING");
        var made = realRun.Ensure(HostIp, "mail", Subnet);
        var afterwards = dryRun.Ensure(HostIp, "mail", Subnet);

        var shown = $"root@127.0.0.1:{server.Port}: ";
        Assert.Equal(
            [shown + "iptables --version", shown + Check, $"[dry-run] would run on {shown}{Insert}"],
            _log.Take(3));
        Assert.Equal("-P POSTROUTING ACCEPT\n", rulesAfterDryRun);
        Assert.Equal([$"would add SNAT rule: iptables -t nat POSTROUTING {Rule}"], foreseen.Changes.Select(change => change.Describe(dryRun: true)));
        Assert.Equal(made.Changes, foreseen.Changes);
        Assert.Empty(afterwards.Changes);
    }

    [Fact]
    public void A_bad_host_ip_fails_before_any_command()
    {
        server.Require();
        using var session = new SshSession(server.Settings());

        var error = Assert.Throws<BuildInputException>(() => new MailRoutingSetup(new RemoteShell(session, new SecretRedactor(), _log.Add)).Ensure("192.0.2.256", "mail"));

        Assert.StartsWith("MAIL_HOST_IP has the invalid value '192.0.2.256'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_log);
        Assert.Equal(0, session.ConnectionsOpened);
    }

    /// <summary>A new client key the fixture's sshd accepts only to run commands inside <paramref name="space"/>.</summary>
    private async Task<string> KeyInside(NetworkNamespace space)
    {
        var key = Path.Combine(server.Folder, $"id_{space.Name}");
        await SshServerFixture.RunTool("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", key);
        var publicKey = (await File.ReadAllTextAsync(key + ".pub")).Trim();
        await File.AppendAllTextAsync(Path.Combine(server.Folder, "authorized_keys"), $"{space.ForcedCommand} {publicKey}\n");
        return key;
    }
}
