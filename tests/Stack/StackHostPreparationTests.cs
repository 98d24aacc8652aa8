using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// PrepareHost reading the real stack: on the disposable Debian host it creates every directory
/// the stack's volumes bind under /mnt/databases and /mnt/files, and gives the mail directory the
/// group the mail containers share, so the first Deploy finds them.
/// </summary>
public sealed class StackHostPreparationTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void PrepareHost_creates_every_data_directory_of_the_real_stack_and_the_mail_directory()
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
        Assert.All(expected, directory => Assert.Contains($"created directory {directory}", first.Output));
        Assert.Equal(string.Join('\n', expected.Order(StringComparer.Ordinal)), host.Exec("find /mnt/databases /mnt/files -mindepth 1 -type d | sort | grep -v -e /passbolt$ -e /cryptpad$"));
        Assert.Equal("5000 2775", host.Exec("stat -c '%g %a' /mnt/files/mails"));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to change", second.Output);
    }
}
