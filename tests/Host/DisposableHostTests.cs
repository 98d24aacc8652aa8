using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// The disposable host does what machine-changing task tests need, driven through the project's
/// own SSH layer: root, sudo and refused-sudo logins, offline package installs, iptables, and
/// block devices that are formatted and mounted inside the container only.
/// </summary>
public sealed class DisposableHostTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly List<SshSession> _sessions = [];

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    [Fact]
    public void Root_logs_in_with_the_fixture_key_and_trusted_host_key()
    {
        host.Require();

        Assert.Equal("0", Shell().Run("id -u").Trim());
    }

    [Fact]
    public void A_package_from_the_local_repository_installs_without_network()
    {
        host.Require();

        Shell().Run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq privatecloud-probe-a");

        Assert.Equal("install ok installed", host.Exec("dpkg-query -W -f '${Status}' privatecloud-probe-a"));
        Assert.Equal("installed by privatecloud-probe-a", host.Exec("cat /usr/share/privatecloud-probe/privatecloud-probe-a"));
    }

    [Fact]
    public void The_sudo_user_runs_privileged_commands_through_sudo_n()
    {
        host.Require();
        var shell = Shell(DisposableHostFixture.SudoUser);

        Assert.NotEqual("0", shell.Run("id -u").Trim());
        shell.Run(new RemoteCommand("echo written-by-deployer > /root/sudo-probe") { Privileged = true });

        Assert.Equal("root written-by-deployer", host.Exec("stat -c %U /root/sudo-probe | tr '\\n' ' '; cat /root/sudo-probe"));
    }

    [Fact]
    public void A_user_whose_sudo_wants_a_password_gets_the_clear_error_instead_of_a_hang()
    {
        host.Require();
        var shell = Shell(DisposableHostFixture.PasswordSudoUser);

        var error = Assert.Throws<RemoteCommandException>(
            () => shell.Run(new RemoteCommand("touch /root/must-not-exist") { Privileged = true }));

        Assert.Contains($"asks user '{DisposableHostFixture.PasswordSudoUser}' for a password", error.Message, StringComparison.Ordinal);
        Assert.Contains("NOPASSWD", error.Message, StringComparison.Ordinal);
        Assert.Equal("absent", host.Exec("test -e /root/must-not-exist && echo present || echo absent"));
    }

    [Fact]
    public void Iptables_rules_change_the_container_firewall()
    {
        host.Require();

        Shell().Run("iptables -A INPUT -p tcp --dport 9 -j DROP");

        Assert.Contains("-A INPUT -p tcp -m tcp --dport 9 -j DROP", host.Exec("iptables -S INPUT"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_device_is_formatted_and_mounted_inside_the_container_only()
    {
        host.Require();
        var device = host.CreateBlockDevice(64);
        var mountPoint = $"/mnt/probe-{Guid.NewGuid():N}";

        Shell().Run($"mkfs.ext4 -q {device} && mkdir -p {mountPoint} && mount {device} {mountPoint} && echo data > {mountPoint}/file");

        Assert.Equal($"{device} ext4", host.Exec($"findmnt -n -o SOURCE,FSTYPE {mountPoint}"));
        Assert.Equal("data", host.Exec($"cat {mountPoint}/file"));
        Assert.DoesNotContain(mountPoint, File.ReadAllText("/proc/mounts"), StringComparison.Ordinal);
        host.Exec($"umount {mountPoint}");
    }

    private RemoteShell Shell(string user = SshTarget.DefaultUser)
    {
        var session = new SshSession(host.Settings(user));
        _sessions.Add(session);
        return new RemoteShell(session, new SecretRedactor(), _ => { });
    }
}
