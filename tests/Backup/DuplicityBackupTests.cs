using System.Security.Cryptography;
using System.Text;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// Debian's real duplicity, run as root on this machine through the tests' real sshd, backing up a
/// temporary "/mnt" (databases and files) to a file:// target.
/// </summary>
public sealed class DuplicityBackupTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();
    private readonly List<string> _log = [];
    private SshSession? _session;

    private string Mnt => _work.Combine("mnt");

    private string Target => "file://" + _work.Combine("target");

    private DuplicityOptions Options => new(Target, [_work.Combine("mnt", "databases"), _work.Combine("mnt", "files")], null, NoEncryption: true)
    {
        VolsizeMb = 1,
    };

    public void Dispose()
    {
        _session?.Dispose();
        DuplicityCache.Remove(Target);
        _work.Dispose();
    }

    private DuplicityHost Host()
    {
        server.Require();
        Requires.That(Requires.Executable("duplicity"), "duplicity is needed (apt-get install duplicity)");
        _session ??= new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromMinutes(3) });
        return new DuplicityHost(new RemoteShell(_session, new SecretRedactor(), _log.Add));
    }

    private void WriteLiveFiles()
    {
        _work.Write("mnt/databases/mariadb/db.sql", "CREATE TABLE t (id INT);\n");
        _work.Write("mnt/files/mails/inbox.eml", "Subject: hello\n\nbody\n");
        _work.Write("mnt/files/notes.txt", "first version\n");
        _work.Write("mnt/other/not-included.txt", "outside the includes\n");
    }

    private DuplicityHost Backup()
    {
        var host = Host();
        WriteLiveFiles();
        var result = host.Change(Options, DuplicityCommand.Backup(Options));
        Assert.True(result.Succeeded, result.StandardError + result.StandardOutput);
        return host;
    }

    /// <summary>Changes content and time, as a later write by a service would.</summary>
    private void Change(string relativePath)
    {
        var path = _work.Combine("mnt", relativePath);
        File.WriteAllText(path, "second version, longer\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
    }

    [Fact]
    public void The_source_directory_is_the_deepest_common_parent_of_the_includes()
    {
        Assert.Equal("/mnt/", new DuplicityOptions("file:///b", ["/mnt/databases", "/mnt/files"], null, true).SourceDirectory);
        Assert.Equal("/mnt/files/", new DuplicityOptions("file:///b", ["/mnt/files/mails", "/mnt/files/davis"], null, true).SourceDirectory);
        Assert.Equal("/mnt/", new DuplicityOptions("file:///b", ["/mnt/files"], null, true).SourceDirectory);
        Assert.Equal("/", new DuplicityOptions("file:///b", ["/srv/data", "/mnt/files"], null, true).SourceDirectory);
        Assert.Equal(
            "duplicity incr --full-if-older-than 365D --volsize 1024 --asynchronous-upload --no-encryption --include /mnt/databases --include /mnt/files --exclude '**' /mnt/ s3://s3.example.net/bucket",
            DuplicityCommand.Backup(new DuplicityOptions("s3://s3.example.net/bucket", ["/mnt/databases", "/mnt/files"], null, true)));
    }

    [Fact]
    public void A_fresh_backup_verifies_and_its_status_is_ok()
    {
        var host = Backup();

        var verify = new BackupVerifier(host).Verify(Options, 50);
        var status = new BackupStatusCheck(host).Evaluate(Options, TimeSpan.FromHours(26), DateTimeOffset.UtcNow);

        Assert.True(verify.Passed, verify.Summary);
        // The source directory, its two included directories and everything below them; mnt/other is excluded.
        Assert.Equal(8, verify.FilesCompared);
        Assert.Equal(BackupState.Ok, status.State);
        Assert.InRange(status.Collection!.LastFull!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(status.Collection.LastIncremental);
        Assert.Single(status.Collection.Chains);
    }

    [Fact]
    public void A_changed_file_is_exactly_one_difference_naming_it()
    {
        var host = Backup();
        Change("files/notes.txt");

        var verify = new BackupVerifier(host).Verify(Options, 50);

        Assert.False(verify.Passed);
        var difference = Assert.Single(verify.Differences);
        Assert.StartsWith("File files/notes.txt has", difference);
        Assert.Equal("1 difference between the backup and the live files, 8 files compared", verify.Summary);
    }

    [Fact]
    public void A_damaged_volume_is_reported_as_a_corrupted_backup()
    {
        var host = Backup();
        var volume = Directory.GetFiles(_work.Combine("target"), "duplicity-full.*.vol1.difftar.gz").Single();
        var bytes = File.ReadAllBytes(volume);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(volume, bytes);

        var verify = new BackupVerifier(host).Verify(Options, 50);

        Assert.False(verify.Passed);
        Assert.True(verify.Corrupted);
        Assert.Equal($"the backup at {Target} is corrupted: a volume does not match its manifest's hash ({Path.GetFileName(volume)}) (exit 21)", verify.Summary);
    }

    [Fact]
    public void An_old_backup_fails_the_status_with_its_age()
    {
        var host = Backup();
        var incremental = host.Change(Options, DuplicityCommand.Backup(Options));
        Assert.True(incremental.Succeeded, incremental.StandardError);

        var status = new BackupStatusCheck(host).Evaluate(Options, TimeSpan.FromHours(26), DateTimeOffset.UtcNow.AddDays(3));

        Assert.Equal(BackupState.Fail, status.State);
        Assert.StartsWith("backup too old: newest backup ", status.Summary);
        Assert.EndsWith("the limit is 26h (--max-backup-age)", status.Summary);
        Assert.NotNull(status.Collection!.LastIncremental);
    }

    [Fact]
    public void No_backup_at_all_fails_status_and_verify_clearly()
    {
        var host = Host();
        WriteLiveFiles();

        var status = new BackupStatusCheck(host).Evaluate(Options, TimeSpan.FromHours(26), DateTimeOffset.UtcNow);
        var verify = new BackupVerifier(host).Verify(Options, 50);

        Assert.Equal(BackupState.Fail, status.State);
        Assert.StartsWith($"no complete backup chain at {Target}", status.Summary);
        Assert.False(verify.Passed);
        Assert.Equal("duplicity verify printed no summary (exit 30), so nothing says the backup matches: duplicity.dup_collections.CollectionsError: No backup chains found", verify.Summary);
    }

    [Fact]
    public void Restore_test_passes_on_a_good_directory_and_names_a_changed_file()
    {
        var host = Backup();
        var tester = new RestoreTester(host);

        var good = tester.Test(Options, _work.Combine("mnt", "files"));
        Change("files/notes.txt");
        var changed = tester.Test(Options, "files/notes.txt");

        Assert.True(good.Passed, good.Summary);
        Assert.Equal(2, good.FilesCompared);
        Assert.False(changed.Passed);
        Assert.Equal(["files/notes.txt: restored content differs from the live copy"], changed.Mismatches);
        Assert.All(new[] { good.TemporaryDirectory, changed.TemporaryDirectory }, dir =>
        {
            Assert.StartsWith("/tmp/restore-test.", dir);
            Assert.False(Directory.Exists(dir), $"{dir} was left behind");
        });
    }

    [Fact]
    public void Backup_files_lists_the_newest_backup_under_a_path_with_live_sizes()
    {
        var host = Backup();
        File.Delete(_work.Combine("mnt", "files", "mails", "inbox.eml"));

        var files = new BackupListing(host).List(Options, _work.Combine("mnt", "files"));

        Assert.Equal(["files", "files/mails", "files/mails/inbox.eml", "files/notes.txt"], files.Select(f => f.Path));
        Assert.Equal([null, null, null, 14L], files.Select(f => f.LiveSize));
        Assert.All(files, f => Assert.InRange(f.Time, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
    }
}

/// <summary>duplicity keeps a cache per target under root's ~/.cache/duplicity, named by the MD5 of the URL.</summary>
internal static class DuplicityCache
{
    public static void Remove(string target)
    {
        var name = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(target)));
        var path = Path.Combine("/root/.cache/duplicity", name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
