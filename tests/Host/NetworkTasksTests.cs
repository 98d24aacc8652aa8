using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// DisableIpv6 and FailoverIp run by the build program on the disposable Debian host. The container
/// has its own network namespace, so its IPv6 sysctls and its interface are really changed, and
/// nothing of the machine running the tests. What cannot run there: a reboot reading the files
/// back (the tests read the files instead), and ifupdown (not installed in the image).
/// </summary>
public sealed class NetworkTasksTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private const string SysctlFile = "/etc/sysctl.d/90-disable-ipv6.conf";

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Target => $"root@127.0.0.1:{host.Port}";

    private BuildProgram.Result Run(params string[] args)
    {
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=networktest\n");
        return BuildProgram.Run(_work.Path, null, ["--stack=stack", $"--host={Target}", $"--ssh-key={host.KeyFile}", $"--known-hosts={host.KnownHostsFile}", .. args]);
    }

    [Fact]
    public void DisableIpv6_sets_the_sysctls_now_and_for_every_boot_once_and_a_dry_run_changes_nothing()
    {
        host.Require();
        host.Exec($"rm -f {SysctlFile}; sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 net.ipv6.conf.lo.disable_ipv6=0");

        var dryRun = Run("--target=DisableIpv6", "--dryrun");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"would write {SysctlFile}", dryRun.Output);
        Assert.Equal("absent 0", host.Exec($"test -e {SysctlFile} && echo present || echo absent; sysctl -n net.ipv6.conf.all.disable_ipv6").Replace('\n', ' '));

        var first = Run("--target=DisableIpv6");
        var second = Run("--target=DisableIpv6");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"wrote {SysctlFile}, applied at every boot", first.Output);
        Assert.Contains("set net.ipv6.conf.all.disable_ipv6 = 1 now", first.Output);
        // The kernel carries "all" over to "default" and every interface, lo included: they are already done when their turn comes.
        Assert.DoesNotContain("set net.ipv6.conf.default.disable_ipv6", first.Output);
        Assert.DoesNotContain("set net.ipv6.conf.lo.disable_ipv6", first.Output);
        Assert.Contains($"Disable IPv6: 2 change(s) made on {Target}.", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Disable IPv6: nothing to change on {Target}.", second.Output);
        Assert.Equal("1 1 1", host.Exec("sysctl -n net.ipv6.conf.all.disable_ipv6 net.ipv6.conf.default.disable_ipv6 net.ipv6.conf.lo.disable_ipv6").Replace('\n', ' '));
        // What a boot would apply: sysctl reading the file itself.
        host.Exec("sysctl -q -w net.ipv6.conf.all.disable_ipv6=0");
        host.Exec($"sysctl -q -p {SysctlFile}");
        Assert.Equal("1", host.Exec("sysctl -n net.ipv6.conf.all.disable_ipv6"));
    }

    [Fact]
    public void FailoverIp_writes_the_alias_and_cloud_init_files_and_brings_the_address_up_once()
    {
        host.Require();
        const string ip = "192.0.2.45";
        const string aliasFile = "/etc/network/interfaces.d/60-failover-eth0-1.cfg";

        var first = Run("--target=FailoverIp", $"--ip={ip}", "--interface=eth0", "--alias=1");
        var second = Run("--target=FailoverIp", $"--ip={ip}", "--interface=eth0", "--alias=1");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"wrote {aliasFile}: eth0:1 with {ip}/32 at every boot", first.Output);
        Assert.Contains("wrote /etc/cloud/cloud.cfg.d/99-disable-network-config.cfg", first.Output);
        Assert.Contains($"brought up {ip} on eth0:1 now, without a reboot", first.Output);
        Assert.Contains("ifupdown is not installed on 127.0.0.1", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Failover IP: nothing to change on {Target}.", second.Output);
        Assert.Equal(
            $"# Written by FailoverIp.\nauto eth0:1\niface eth0:1 inet static\n    address {ip}\n    netmask 255.255.255.255",
            host.Exec($"cat {aliasFile}"));
        Assert.Contains("network: {config: disabled}", host.Exec("cat /etc/cloud/cloud.cfg.d/99-disable-network-config.cfg"));
        Assert.Contains($"inet {ip}/32 scope global eth0:1", host.Exec("ip -4 addr show dev eth0"));
    }

    [Fact]
    public void FailoverIp_on_a_missing_interface_names_the_ones_there_and_writes_nothing()
    {
        host.Require();

        var result = Run("--target=FailoverIp", "--ip=192.0.2.46", "--interface=ens3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("127.0.0.1 has no network interface ens3: give the one holding the main address with --interface (it has eth0, lo)", result.Output);
        Assert.Equal("absent", host.Exec("test -e /etc/network/interfaces.d/60-failover-ens3-1.cfg && echo present || echo absent"));
    }

    [Theory]
    [InlineData("--ip=2001:db8::1", "--ip (command line): --ip takes an IPv4 address like 203.0.113.7, not '2001:db8::1'.")]
    [InlineData("--ip=10.1", "--ip (command line): --ip takes an IPv4 address like 203.0.113.7, not '10.1'.")]
    [InlineData("--interface=eth0;reboot", "--interface takes a network interface name like ens3, not 'eth0;reboot'.")]
    public void Bad_addresses_and_interface_names_are_refused_before_connecting(string argument, string message)
    {
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=networktest\n");

        var result = BuildProgram.Run(_work.Path, null, "--stack=stack", "--target=FailoverIp", "--host=root@127.0.0.1:1", argument);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output);
    }
}
