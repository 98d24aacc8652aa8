using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// PrepareHost and CheckDataMounts on the disposable Debian host: data directories that are plain
/// directories on the root filesystem are refused, naming each; loop devices mounted there pass;
/// --single-disk=true lets a one-disk host through on purpose.
/// </summary>
public sealed class DataMountTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();
    private readonly string _root = $"/mnt/data-{Guid.NewGuid():N}"[..20];

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Run(params string[] args)
    {
        _work.Write("stack/.env", $"COMPOSE_PROJECT_NAME=mounttest\nDATABASES_DIR={_root}/databases\nFILES_DIR={_root}/files/\nMAIL_VOLUME_GROUP=5000\n");
        _work.Write("stack/docker-compose.yml", """
            services:
              db:
                image: busybox
                volumes: [data:/data]
            volumes:
              data:
                driver: local
                driver_opts: {type: none, o: bind, device: "${DATABASES_DIR}/app"}
            """);
        return BuildProgram.Run(
            _work.Path,
            null,
            ["--stack=stack", $"--host=root@127.0.0.1:{host.Port}", $"--ssh-key={host.KeyFile}", $"--known-hosts={host.KnownHostsFile}", .. args]);
    }

    [Fact]
    public void PrepareHost_refuses_unmounted_data_directories_naming_each_and_creates_nothing()
    {
        host.Require();
        host.Exec($"mkdir -p {_root}/databases");

        var refused = Run("--target=PrepareHost", "--packages=privatecloud-probe-a");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(
            $"DATABASES_DIR={_root}/databases is not a mount point on 127.0.0.1, so its data would fill the root filesystem: " +
            $"mount a volume there (MountVolume --device=/dev/sdX --mount={_root}/databases), or give --single-disk=true if the host has one disk on purpose.",
            refused.Output);
        Assert.Contains($"FILES_DIR={_root}/files does not exist on 127.0.0.1", refused.Output);
        Assert.Equal("absent absent", host.Exec($"for d in {_root}/databases/app {_root}/files; do test -e $d && printf 'present ' || printf 'absent '; done").Trim());
    }

    [Fact]
    public void Mounted_data_directories_pass_and_single_disk_lets_plain_directories_through()
    {
        host.Require();
        foreach (var name in new[] { "databases", "files" })
        {
            var device = host.CreateBlockDevice(16);
            host.Exec($"mkfs.ext4 -q {device} && mkdir -p {_root}/{name} && mount {device} {_root}/{name}");
        }

        var mounted = Run("--target=CheckDataMounts");
        host.Exec($"umount {_root}/files");
        var halfMounted = Run("--target=CheckDataMounts");
        var singleDisk = Run("--target=CheckDataMounts", "--single-disk=true");
        host.Exec($"umount {_root}/databases");

        Assert.True(mounted.ExitCode == 0, mounted.ToString());
        Assert.Contains($"Data mounts: {_root}/databases and {_root}/files mounted on 127.0.0.1.", mounted.Output);
        Assert.Equal(2, halfMounted.ExitCode);
        Assert.Contains($"FILES_DIR={_root}/files is not a mount point on 127.0.0.1", halfMounted.Output);
        Assert.DoesNotContain("DATABASES_DIR=", halfMounted.Output);
        Assert.True(singleDisk.ExitCode == 0, singleDisk.ToString());
        Assert.Contains("Data mounts: not checked (--single-disk=true).", singleDisk.Output);
    }
}
