using System.Diagnostics;
using System.Text.Json;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// The backup tasks as a user runs them: the build program against the real sshd on loopback, which
/// is this machine, with Debian's duplicity, GPG encryption and a file:// target.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupTasksTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private const string Passphrase = "backup test passphrase, not a real one";

    private readonly TemporaryDirectory _work = CreateStack();
    private readonly string _name = "privatecloud-test-" + Guid.NewGuid().ToString("N")[..8];

    private string CronFile => "/etc/cron.d/" + _name;

    private string CredentialsFile => $"/etc/private-cloud/backup/{_name}.env";

    private string Target => "file://" + _work.Combine("target");

    public void Dispose()
    {
        foreach (var file in new[] { CronFile, CredentialsFile }.Where(File.Exists))
        {
            File.Delete(file);
        }

        DuplicityCache.Remove(Target);
        _work.Dispose();
    }

    private static TemporaryDirectory CreateStack()
    {
        var work = new TemporaryDirectory();
        work.Write("stack/.env", "COMPOSE_PROJECT_NAME=backuptest\n");
        work.Write("mnt/databases/mariadb/db.sql", "CREATE TABLE t (id INT);\n");
        work.Write("mnt/files/notes.txt", "notes\n");
        return work;
    }

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(
        _work.Path,
        new Dictionary<string, string> { ["DEPLOY_BACKUP_PASSPHRASE"] = Passphrase },
        [
            "--stack=stack", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}", $"--known-hosts={server.KnownHostsFile}",
            $"--backup-target={Target}", $"--backup-include={_work.Combine("mnt", "databases")},{_work.Combine("mnt", "files")}",
            $"--backup-name={_name}", $"--backup-log={_work.Combine("duplicity.log")}", "--volsize=1",
            // Its own lock and audit log: the runs of other classes on this machine's sshd lock the default one.
            $"--remote-dir={_work.Combine("remote")}", .. args,
        ]);

    private void RequireDuplicity()
    {
        server.Require();
        Requires.That(Requires.Executable("duplicity") && Requires.Executable("gpg"), "duplicity and gpg are needed (apt-get install duplicity)");
    }

    [Fact]
    public void InstallBackup_twice_leaves_one_cron_file_whose_line_makes_a_backup_VerifyBackup_accepts()
    {
        RequireDuplicity();

        var foresee = Run("--target=InstallBackup", "--dryrun");
        Assert.False(File.Exists(CronFile) || File.Exists(CredentialsFile), "the dry run wrote a file");
        var first = Run("--target=InstallBackup");
        var second = Run("--target=InstallBackup");
        var dryAgain = Run("--target=InstallBackup", "--dryrun");

        Assert.True(foresee.ExitCode == 0, foresee.ToString());
        Assert.Contains($"would write {CronFile}: 42 1 * * * root duplicity incr", foresee.Output);
        Assert.Contains($"would write {CredentialsFile} (mode 0600, root only)", foresee.Output);
        Assert.Contains($"Backup job {CronFile}: nothing would change on root@127.0.0.1:{server.Port}.", dryAgain.Output);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"wrote {CredentialsFile} (mode 0600, root only)", first.Output);
        Assert.Contains($"wrote {CronFile}: 42 1 * * * root duplicity incr {_work.Path}/mnt/ {Target}", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Backup job {CronFile}: nothing to change on root@127.0.0.1:{server.Port}.", second.Output);
        Assert.DoesNotContain(Passphrase, first.Output + second.Output);
        Assert.Equal([CronFile], Directory.GetFiles("/etc/cron.d", _name + "*").Concat(Directory.GetFiles("/etc/cron.d", "." + _name + "*")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(CronFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsFile));
        var cron = File.ReadAllText(CronFile);
        Assert.DoesNotContain(Passphrase, cron);
        Assert.Contains("export PASSPHRASE=", File.ReadAllText(CredentialsFile));

        var line = cron.Split('\n').Single(l => l.StartsWith("42 1 * * * root ", StringComparison.Ordinal));
        var (exit, output) = RunAsCron(line["42 1 * * * root ".Length..].Replace("\\%", "%", StringComparison.Ordinal));
        Assert.True(exit == 0, output);
        Assert.Contains("Errors 0", File.ReadAllText(_work.Combine("duplicity.log")));
        Assert.NotEmpty(Directory.GetFiles(_work.Combine("target"), "duplicity-full.*.difftar.gpg"));

        var verify = Run("--target=VerifyBackup");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"VerifyBackup: 6 files compared, 0 differences ({Target}).", verify.Output);
        Assert.Equal("ok", DoctorsBackupCheck().GetProperty("state").GetString());
    }

    /// <summary>Doctor's BackupStatus entry (the host has no stack, so other entries fail; only this one is read).</summary>
    private JsonElement DoctorsBackupCheck()
    {
        var result = Run("--target=Doctor", "--format=json", "--check-timeout=2", "--resolve=127.0.0.1");
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("checks").EnumerateArray().Single(check => check.GetProperty("name").GetString() == "BackupStatus").Clone();
    }

    [Fact]
    public void BackupStatus_as_json_has_only_json_on_stdout_and_fails_without_a_backup()
    {
        RequireDuplicity();

        var result = Run("--target=BackupStatus", "--format=json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("fail", json.RootElement.GetProperty("state").GetString());
        Assert.StartsWith($"no complete backup chain at {Target}", json.RootElement.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("lastFull").ValueKind);
        Assert.Contains("Backup status: no complete backup chain", result.Output);
        var doctors = DoctorsBackupCheck();
        Assert.Equal("fail", doctors.GetProperty("state").GetString());
        Assert.StartsWith($"no complete backup chain at {Target}", doctors.GetProperty("line").GetString());
    }

    [Fact]
    public void A_backup_task_without_a_target_or_encryption_says_what_to_give()
    {
        var noTarget = BuildProgram.Run(_work.Path, null, "--stack=stack", "--host=root@127.0.0.1:1", "--target=BackupStatus");
        var noPassphrase = BuildProgram.Run(_work.Path, null, "--stack=stack", "--host=root@127.0.0.1:1", "--target=VerifyBackup", "--backup-target=file:///srv/b");

        Assert.Equal(2, noTarget.ExitCode);
        Assert.Contains("BackupStatus needs --backup-target, the duplicity URL of the backups", noTarget.Output);
        Assert.Equal(2, noPassphrase.ExitCode);
        Assert.Contains("VerifyBackup: the backups are encrypted with a GPG passphrase: set DEPLOY_BACKUP_PASSPHRASE", noPassphrase.Output);
    }

    /// <summary>Runs the cron line as cron would: /bin/sh, root, HOME=/root, none of the test's environment.</summary>
    internal static (int Exit, string Output) RunAsCron(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment.Clear();
        start.Environment["HOME"] = "/root";
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
