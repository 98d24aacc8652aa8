using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Backup;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Recovery;

/// <summary>
/// Recover's chain as a dry run of the build program: the real sshd on loopback, the small busybox
/// stack of the deploy tests, never deployed here, and a real duplicity backup in a file:// target.
/// The whole recovery, for real, is RecoveryDrillTests'.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RecoverTests(SshServerFixture server, DockerFixture docker) : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();
    private TestComposeStack? _stack;

    private string Target => "file://" + _work.Combine("target");

    public void Dispose()
    {
        _stack?.Dispose();
        DuplicityCache.Remove(Target);
        _work.Dispose();
    }

    [Fact]
    public void A_dry_run_shows_each_step_in_order_and_what_it_would_restore_and_changes_nothing()
    {
        server.Require();
        Requires.That(Requires.Executable("duplicity"), "duplicity is needed (apt-get install duplicity)");
        _stack = TestComposeStack.Create(docker);
        var files = _work.Combine("mnt", "files");
        _work.Write("mnt/files/notes.txt", "notes\n");
        var options = new DuplicityOptions(Target, [files], null, NoEncryption: true) { VolsizeMb = 1 };
        using (var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromMinutes(2) }))
        {
            var backup = new DuplicityHost(new RemoteShell(session, new SecretRedactor(), _ => { })).Change(options, DuplicityCommand.Backup(options));
            Assert.True(backup.Succeeded, backup.StandardError);
        }

        // The host lost its files: the mount point is empty again.
        File.Delete(_work.Combine("mnt", "files", "notes.txt"));

        var run = BuildProgram.Run(
            _stack.Directory,
            null,
            [
                "--target=Recover", "--dryrun", $"--stack={_stack.Directory}", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
                $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={_work.Combine("remote")}", "--timeout=60", _stack.ComposeOption,
                $"--backup-target={Target}", $"--backup-include={files}", "--no-encryption", "--packages=openssh-server",
            ]);

        // Doctor reads the host as it is, and a dry run leaves it unrecovered: its failure ends the run, as it would a real Recover that left a check failing.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("An error occurred when executing task 'Doctor'.", run.Output);
        var order = new[] { "MountDataVolumes", "PrepareHost", "RestoreData", "UploadRelease", "Up", "Deploy", "LoadDumps", "InitUsers", "Doctor" }
            .Select(task => Regex.Match(run.Output, $"^ {task} *\r?$", RegexOptions.Multiline) is { Success: true } header
                ? header.Index
                : run.Output.IndexOf($"{task} skipped", StringComparison.Ordinal))
            .ToList();
        Assert.True(!order.Contains(-1) && order.SequenceEqual(order.Order()), $"steps at {string.Join(", ", order)} in:\n{run.Output}");
        Assert.Contains("MountDataVolumes skipped: no --databases-device or --files-device given", run.Output);
        Assert.Matches($"Would restore {Regex.Escape(files)} \\(1 entries of the backup of [^)]+\\) from {Regex.Escape(Target)}\\.", run.Output);
        Assert.Contains("Would load the dumps RestoreData puts in ", run.Output);
        Assert.Empty(Directory.GetFileSystemEntries(files));
        Assert.False(Directory.Exists(_work.Combine("remote", "releases")), "the dry run uploaded a release");
        Assert.False(File.Exists(_work.Combine("remote", "restored-backup")), "the dry run wrote the marker");
    }
}
