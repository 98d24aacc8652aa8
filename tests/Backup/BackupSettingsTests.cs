using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// The values InstallBackup writes into root's /etc/cron.d file: a line break in any of them would
/// add a job of the writer's choosing, so each is refused with one line naming where it came from.
/// </summary>
public class BackupSettingsTests
{
    private const string Injected = "\n* * * * * root touch /tmp/pwned";

    private static BackupSettings Read(Dictionary<string, string> environment, Dictionary<string, (string, string)>? variables = null)
    {
        var stack = new StackVariables(variables ?? []);
        var sources = new SettingSources(
            Array.Empty<(string, string)>().ToLookup(a => a.Item1, a => a.Item2), name => environment.GetValueOrDefault(name), stack.WithOrigins);
        return BackupSettings.Read(sources, stack);
    }

    [Theory]
    [InlineData("DEPLOY_BACKUP_LOG", "--backup-log", "/var/log/duplicity.log")]
    [InlineData("DEPLOY_BACKUP_NAME", "--backup-name", "backup_daily")]
    [InlineData("DEPLOY_BACKUP_SCHEDULE", "--backup-schedule", "42 1 * * *")]
    [InlineData("DEPLOY_FULL_IF_OLDER_THAN", "--full-if-older-than", "365D")]
    [InlineData("DEPLOY_BACKUP_INCLUDE", "--backup-include", "/mnt/files")]
    public void A_cron_value_with_a_line_break_is_refused_naming_the_setting(string variable, string option, string value)
    {
        var error = Assert.Throws<BuildInputException>(() => Read(new() { [variable] = value + Injected }));

        Assert.Equal($"{variable} (environment): {option} holds a control character (a line break, tab or the like), which no setting takes: remove it.", error.Message);
    }

    [Theory]
    [InlineData("DEPLOY_BACKUP_SCHEDULE", "42 1 * * *\n")]
    [InlineData("DEPLOY_BACKUP_NAME", "backup_daily\n")]
    [InlineData("DEPLOY_BACKUP_LOG", "/var/log/duplicity.log\r")]
    public void A_single_trailing_line_break_is_refused_too(string variable, string value) =>
        Assert.Throws<BuildInputException>(() => Read(new() { [variable] = value }));

    [Fact]
    public void A_data_directory_with_a_line_break_never_reaches_the_backup_line()
    {
        var error = Assert.Throws<BuildInputException>(() => Read([], new() { ["FILES_DIR"] = ("/mnt/files" + Injected, "/srv/cloud/.env:7") }));

        Assert.Equal("/srv/cloud/.env:7: FILES_DIR holds a control character (a line break, tab or the like), which no host path takes: remove it.", error.Message);
    }

    [Fact]
    public void Plain_values_still_reach_the_cron_job()
    {
        var settings = Read(new() { ["DEPLOY_BACKUP_LOG"] = "/var/log/backup.log", ["DEPLOY_BACKUP_SCHEDULE"] = "7 2 * * *" }, new() { ["FILES_DIR"] = ("/srv/files/", ".env:1") });

        Assert.Equal("/var/log/backup.log", settings.LogFile);
        Assert.Equal("7 2 * * *", settings.Schedule);
        Assert.Equal(["/mnt/databases", "/srv/files"], settings.Includes);
    }
}
