using System.Text.Json;
using PrivateCloud.Tasks.Targets.FirstInstall;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// Preflight on the disposable Debian host, which has the host tasks' tools but no Docker and no
/// data volumes, with the routed names served by a real dnsmasq on loopback: each finding is one
/// line naming what to do, and --format=json puts the document alone on stdout.
/// </summary>
public sealed class PreflightTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Run(string user, params string[] args)
    {
        _work.Write("stack/.env", """
            COMPOSE_PROJECT_NAME=preflighttest
            DATABASES_DIR=/srv/preflight-databases
            FILES_DIR=/
            TOP_DOMAIN=example.test
            MAIL_DOMAIN=mail.example.test
            DAV_DOMAIN=dav.example.test
            DKIM_SELECTOR=mail2026
            """);
        return BuildProgram.Run(
            _work.Path,
            null,
            ["--target=Preflight", "--stack=stack", $"--host={user}@127.0.0.1:{host.Port}", $"--ssh-key={host.KeyFile}", $"--known-hosts={host.KnownHostsFile}", .. args]);
    }

    [Fact]
    public void Reports_each_finding_as_json_naming_the_setting_and_the_fix()
    {
        host.Require();
        host.Exec("mkdir -p /srv/preflight-databases");
        using var dns = DnsmasqServer.Start(
            ["example.test"],
            ["--host-record=example.test,192.0.2.7", "--host-record=dav.example.test,192.0.2.7", "--host-record=mail.example.test,192.0.2.99"]);

        var result = Run("root", "--format=json", "--host-ip=192.0.2.7", $"--dns-server=127.0.0.1:{dns.Port}");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            check => check.GetProperty("name").GetString()!,
            check => (State: check.GetProperty("state").GetString(), Line: check.GetProperty("line").GetString()!, Details: check));
        Assert.Equal(["ssh", "sudo", "tools", "docker", "data mounts", "dns", "ports"], checks.Keys);
        Assert.Equal(("ok", "logged in to 127.0.0.1 as root"), (checks["ssh"].State, checks["ssh"].Line));
        Assert.Equal("ok", checks["tools"].State);
        Assert.Equal("fail", checks["docker"].State);
        Assert.EndsWith("apt-get install docker.io docker-compose, then systemctl start docker.", checks["docker"].Line);
        // FILES_DIR=/ is the root filesystem's own mount point: only DATABASES_DIR is refused.
        Assert.Equal("fail", checks["data mounts"].State);
        Assert.StartsWith("DATABASES_DIR: DATABASES_DIR=/srv/preflight-databases is not a mount point on 127.0.0.1", checks["data mounts"].Line);
        Assert.Equal("fail", checks["dns"].State);
        Assert.Equal("mail.example.test: A is 192.0.2.99, not 192.0.2.7: publish the record MailDnsRecords --host-ip lists.", checks["dns"].Line);
        Assert.Equal("ok", checks["ports"].State);
        Assert.Equal("port 80 free, port 25 free, port 465 free, port 587 free, port 993 free, port 443 free".Split(", ").Order(), checks["ports"].Line.Split(", ").Order());
        Assert.Contains("Preflight: fail (3 fail, 4 ok).", result.Output);
        Assert.DoesNotContain("Preflight: fail", result.Stdout);
    }

    [Fact]
    public void A_sudoer_asked_for_a_password_is_told_to_add_nopasswd_and_the_rest_waits()
    {
        host.Require();

        var result = Run(DisposableHostFixture.PasswordSudoUser);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $"sudo: {DisposableHostFixture.PasswordSudoUser} on 127.0.0.1 cannot run sudo without a password: add '{DisposableHostFixture.PasswordSudoUser} ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/, or connect as root.",
            result.Output);
        Assert.DoesNotContain("tools:", result.Output);
    }

    [Fact]
    public void Listening_ports_are_read_with_their_process_from_ss()
    {
        const string ss = """
            LISTEN 0      4096         0.0.0.0:443        0.0.0.0:*    users:(("docker-proxy",pid=812,fd=4))
            LISTEN 0      100        127.0.0.1:25         0.0.0.0:*    users:(("exim4",pid=700,fd=3))
            LISTEN 0      4096            [::]:80            [::]:*
            """;

        var ports = HostPreflight.ListeningPorts(ss);

        Assert.Equal(new Dictionary<int, string> { [443] = "docker-proxy", [25] = "exim4", [80] = "an unknown process" }, ports);
    }
}
