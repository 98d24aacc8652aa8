using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// PrepareHost reading the real stack: on the disposable Debian host it creates every directory
/// the stack's volumes bind under /mnt/databases and /mnt/files, each owned by the uid its image
/// writes as (the x-owner beside the volume), so the first Deploy finds them writable.
/// </summary>
public sealed class StackHostPreparationTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void PrepareHost_creates_every_data_directory_of_the_real_stack_with_its_declared_owner()
    {
        host.Require();
        StackFiles.CopyTo(_work.Combine("stack"));
        File.Copy(StackFiles.EnvDist, _work.Combine("stack", ".env"));
        string[] args =
        [
            "--target=PrepareHost", "--stack=stack", $"--host=root@127.0.0.1:{host.Port}", $"--ssh-key={host.KeyFile}",
            $"--known-hosts={host.KnownHostsFile}", "--packages=privatecloud-probe-a",
            // The disposable host has no data volumes: its /mnt/databases and /mnt/files are plain directories.
            "--single-disk=true",
        ];
        var expected = ComposeBindDevices.Read(StackFiles.Directory, [StackFiles.ComposeFileName], name => StackFiles.EnvDistValues.GetValueOrDefault(name));

        var first = BuildProgram.Run(_work.Path, null, args);
        var second = BuildProgram.Run(_work.Path, null, args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(expected, directory => Assert.Contains($"created directory {directory.Path}", first.Output));
        Assert.Equal(
            string.Join('\n', expected.Select(d => d.Path).Where(p => p.StartsWith("/mnt/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)),
            host.Exec("find /mnt/databases /mnt/files -mindepth 1 -type d | sort | grep -v -e /passbolt$"));
        // Gitea's shared ~/.ssh of the host's git user, made before SetUpGiteaSsh creates that user.
        Assert.Equal("2022:2022 700", host.Exec("stat -c '%u:%g %a' /home/git/.ssh"));
        Assert.All(expected, directory => Assert.Equal(
            $"{directory.Owner.User}:{directory.Owner.Group} {directory.Owner.StatMode}",
            host.Exec($"stat -c '%u:%g %a' {directory.Path}")));
        Assert.Equal("0:5000 2775", host.Exec("stat -c '%u:%g %a' /mnt/files/mails"));
        Assert.Equal("33:33 700", host.Exec("stat -c '%u:%g %a' /mnt/files/passbolt/gpg"));
        Assert.Equal("82:82 755", host.Exec("stat -c '%u:%g %a' /mnt/files/webdav"));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to change", second.Output);
    }
}
