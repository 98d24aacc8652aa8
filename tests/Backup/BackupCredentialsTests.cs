using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// The backup's settings a newcomer finds in .env.dist, and the warning for an S3 target without
/// its keys, which duplicity would otherwise only report at night in the cron job's log.
/// </summary>
public sealed class BackupCredentialsTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Env_dist_carries_the_target_passphrases_and_s3_keys_commented_under_the_names_the_settings_read()
    {
        var lines = File.ReadAllLines(StackFiles.EnvDist);

        foreach (var setting in new[] { BackupSettings.BackupTarget, BackupSettings.BackupPassphrase, ArchiveSettings.ArchivePassphrase, BackupSettings.S3AccessKeySetting, BackupSettings.S3SecretKeySetting })
        {
            // Commented: an example value must not become a real target or passphrase.
            Assert.Single(lines, line => line.StartsWith($"#{setting.EnvironmentVariable}=example", StringComparison.Ordinal) || line.StartsWith($"#{setting.EnvironmentVariable}=s3://", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line.StartsWith(setting.EnvironmentVariable + "=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_dry_run_of_InstallBackup_warns_about_an_s3_target_without_its_keys_and_not_once_they_are_set()
    {
        server.Require();
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=backupkeys\n");

        var withoutAccessKey = DryRun(new() { ["AWS_ACCESS_KEY_ID"] = string.Empty, ["AWS_SECRET_ACCESS_KEY"] = "example-secret" });
        var withBoth = DryRun(new() { ["AWS_ACCESS_KEY_ID"] = "example-id", ["AWS_SECRET_ACCESS_KEY"] = "example-secret" });

        Assert.True(withoutAccessKey.ExitCode == 0, withoutAccessKey.ToString());
        Assert.Contains(
            "--backup-target is an S3 URL, but AWS_ACCESS_KEY_ID is not set (environment or .env): duplicity cannot reach the bucket without them.",
            withoutAccessKey.Output);
        Assert.True(withBoth.ExitCode == 0, withBoth.ToString());
        Assert.DoesNotContain("is an S3 URL, but", withBoth.Output);
    }

    [Theory]
    [InlineData("s3://s3.example.net/bucket", null, null, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")]
    [InlineData("boto3+s3://bucket", "id", null, "AWS_SECRET_ACCESS_KEY is not set")]
    [InlineData("s3+http://bucket", "id", "secret", null)]
    [InlineData("file:///srv/backups", null, null, null)]
    [InlineData("sftp://backup@example.net/backups", null, null, null)]
    public void Only_s3_targets_need_both_keys(string target, string? accessKey, string? secretKey, string? expected)
    {
        var settings = Settings(target, accessKey, secretKey);

        if (expected is null)
        {
            Assert.Null(settings.MissingS3Credentials());
        }
        else
        {
            Assert.Contains(expected, settings.MissingS3Credentials(), StringComparison.Ordinal);
        }
    }

    private static BackupSettings Settings(string target, string? accessKey, string? secretKey) => new()
    {
        Target = target,
        S3AccessKey = accessKey,
        S3SecretKey = secretKey,
        Includes = ["/mnt/files"],
        Schedule = "42 1 * * *",
        FullIfOlderThan = "365D",
        VolsizeMb = 1,
        LogFile = "/var/log/duplicity.log",
        Name = "backup_daily",
        MaxAge = TimeSpan.FromHours(26),
        MaxDifferences = 1,
        Archive = null!,
        ColdStorage = null!,
    };

    private BuildProgram.Result DryRun(Dictionary<string, string> environment) => BuildProgram.Run(
        _work.Path,
        new Dictionary<string, string>(environment) { ["DEPLOY_BACKUP_PASSPHRASE"] = "not a real passphrase" },
        [
            "--target=InstallBackup", "--dryrun", "--stack=stack", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
            $"--known-hosts={server.KnownHostsFile}", "--backup-target=s3://s3.example.net/example-bucket", "--backup-name=privatecloud-keys-test",
        ]);
}
