using System.Globalization;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// GrowVolume on a real GPT partition of a loop disk that grew, through the build program and a
/// real sshd. It runs on this machine itself, not on the disposable host: a loop disk's partitions
/// are block devices of major 259, which that container may not open. Everything it touches is
/// its own: a sparse file in a temporary folder, the loop device attached to it, and an empty mount
/// point under /mnt; all three are undone after the test.
/// </summary>
public sealed class GrowVolumePartitionTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly TemporaryDirectory _work = new();
    private string? _disk;
    private bool _mounted;

    private string Image => _work.Combine("disk.img");

    /// <summary>Under /mnt: GrowVolume refuses a mount point in a system directory such as /tmp.</summary>
    private string Mount { get; } = $"/mnt/pctest-grow-{Guid.NewGuid():N}"[..26];

    public void Dispose()
    {
        if (_mounted)
        {
            Tool("umount", Mount);
        }

        if (_disk is not null)
        {
            Tool("losetup", "-d", _disk);
        }

        if (Directory.Exists(Mount))
        {
            Directory.Delete(Mount);
        }

        _work.Dispose();
    }

    [Fact]
    public void GrowVolume_grows_a_gpt_partition_and_its_ext4_filesystem_into_the_grown_disk_once()
    {
        server.Require();
        Requires.That(
            Environment.UserName == "root" && new[] { "losetup", "sfdisk", "partx", "mkfs.ext4", "resize2fs" }.All(Requires.Executable),
            "Loop disks need root, util-linux (losetup, partx), fdisk (sfdisk) and e2fsprogs");
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=growtest\n");
        var partition = PartitionedDisk(64 * MiB);
        Tool("mkfs.ext4", "-q", partition);
        Directory.CreateDirectory(Mount);
        Tool("mount", partition, Mount);
        _mounted = true;
        File.WriteAllText(Path.Combine(Mount, "marker"), "kept");
        var before = DfKib();
        using (var image = File.OpenWrite(Image))
        {
            image.SetLength(160 * MiB);
        }

        Tool("losetup", "-c", _disk!);
        string[] args = [$"--device={_disk}", $"--mount={Mount}"];

        var grown = Run(args);
        var again = Run(args);

        Assert.True(grown.ExitCode == 0, grown.ToString());
        Assert.Contains($"grew partition {partition} and the filesystem at {Mount} to fill {_disk} (", grown.Output);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"Grow volume: nothing to change on root@127.0.0.1:{server.Port}.", again.Output);
        Assert.Equal(partition, Tool("findmnt", "-n", "-o", "SOURCE", "--mountpoint", Mount).Trim());
        Assert.Equal("kept", File.ReadAllText(Path.Combine(Mount, "marker")));
        var after = DfKib();
        Assert.True(after > 2 * before, $"df size {before} KiB before, {after} KiB after");
        // The partition reaches the disk's end, up to GPT's backup table, and the table is valid there.
        var sectors = long.Parse(File.ReadAllText($"/sys/class/block/{Path.GetFileName(partition)}/size").Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(sectors * 512, (160 - 2) * MiB, 160 * MiB);
        Assert.DoesNotContain("backup GPT table is not on the end", Tool("sfdisk", "--list", _disk!), StringComparison.Ordinal);
    }

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(
        _work.Path,
        null,
        ["--target=GrowVolume", "--stack=stack", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}", $"--known-hosts={server.KnownHostsFile}",
         // Its own lock and audit log: the runs of other classes on this machine's sshd lock the default one.
         $"--remote-dir={_work.Combine("remote")}", .. args]);

    /// <summary>A sparse file of <paramref name="bytes"/> on a loop device with a GPT table and one Linux partition filling it; returns the partition.</summary>
    private string PartitionedDisk(long bytes)
    {
        using (var image = File.Create(Image))
        {
            image.SetLength(bytes);
        }

        _disk = Tool("losetup", "--find", "--show", "--partscan", Image).Trim();
        Tool("/bin/sh", "-c", $"printf 'label: gpt\\n,,L\\n' | sfdisk --quiet {_disk}");
        // Without udev the kernel may learn of the partition only from partx, and devtmpfs then makes its node.
        Tool("/bin/sh", "-c", $"partx -u {_disk} 2>/dev/null || partx -a {_disk}");
        var partition = _disk + "p1";
        Assert.True(File.Exists(partition), $"{partition} did not appear");
        return partition;
    }

    private long DfKib() => long.Parse(Tool("df", "-k", "--output=size", Mount).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), CultureInfo.InvariantCulture);

    private static string Tool(string name, params string[] arguments) => SshServerFixture.RunTool(name, arguments).GetAwaiter().GetResult();
}
