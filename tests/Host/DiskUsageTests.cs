using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>df of the machine running the tests, read over the real sshd: reading changes nothing.</summary>
public sealed class DiskUsageTests(SshServerFixture server) : IClassFixture<SshServerFixture>
{
    private const string SharedMemory = "/dev/shm";
    private const string NotMounted = "/srv/not-mounted-disk-usage-test";

    private readonly List<string> _log = [];

    [Fact]
    public void Reports_device_filesystems_and_the_given_mounts_and_fails_on_a_missing_mount()
    {
        server.Require();
        Requires.That(Directory.Exists(SharedMemory), $"{SharedMemory} (a tmpfs) is needed as a data mount point");
        using var session = new SshSession(server.Settings());

        var report = new DiskUsageCheck(new RemoteShell(session, new SecretRedactor(), _log.Add))
            .Check(new DiskThresholds(), [SharedMemory + "/", NotMounted]);

        Assert.Equal([$"root@127.0.0.1:{server.Port}: LC_ALL=C df -P -k"], _log);
        Assert.All(report.Filesystems, f => Assert.True(f.Usage.IsDevice || f.Usage.MountPoint == SharedMemory, f.Usage.ToString()));
        var shm = Assert.Single(report.Filesystems, f => f.Usage.MountPoint == SharedMemory);
        Assert.Equal(new DriveInfo(SharedMemory).TotalSize / 1024, shm.Usage.SizeKiB);
        Assert.Equal([NotMounted], report.MissingMounts);
        Assert.Equal(DiskLevel.Fail, report.Level);
        Assert.Empty(report.Unreadable);
    }

    [Fact]
    public void A_dry_run_reads_and_judges_the_same_as_a_real_run()
    {
        server.Require();
        using var real = new SshSession(server.Settings());
        using var dry = new SshSession(server.Settings() with { DryRun = true });

        var judged = new DiskUsageCheck(new RemoteShell(real, new SecretRedactor(), _ => { })).Check(new DiskThresholds(), [NotMounted]);
        var dryJudged = new DiskUsageCheck(new RemoteShell(dry, new SecretRedactor(), _log.Add)).Check(new DiskThresholds(), [NotMounted]);

        Assert.Equal([$"root@127.0.0.1:{server.Port}: LC_ALL=C df -P -k"], _log);
        Assert.Equal(judged.Filesystems.Select(f => f.Usage.MountPoint), dryJudged.Filesystems.Select(f => f.Usage.MountPoint));
        Assert.Equal([NotMounted], dryJudged.MissingMounts);
        Assert.Equal(DiskLevel.Fail, dryJudged.Level);
    }
}
