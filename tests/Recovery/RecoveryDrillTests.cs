using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tests.Backup;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Recovery;

/// <summary>
/// The disaster-recovery drill (issue 24): a stack that keeps real data (Debian's MariaDB of
/// <see cref="MariaDbServers"/> with rows in a bind-backed named volume, files in a bind directory
/// and in a second named volume) deployed through the real sshd on loopback, backed up by the cron
/// line InstallBackup installed, run by hand, to a file:// target with Debian's duplicity; then the
/// host's state destroyed and the build program's Recover run with no hand help.
/// The host is this machine: the data directories are under the test's temporary directory through
/// DATABASES_DIR and FILES_DIR, PrepareHost gets one installed package, MountDataVolumes gets no
/// device (so it is skipped), and the cron file, its credentials and its dump script are the test's
/// own, named for it and removed after it. The secrets archive is not part of the drill: the stack
/// directory with its .env is this machine's, which the drill does not lose (RestoreArchive has its
/// own tests in SecretsArchiveTests).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RecoveryDrillTests(SshServerFixture server, DockerFixture docker) : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string RowCheck = "SELECT COUNT(*), MAX(written) FROM drill.notes; CHECKSUM TABLE drill.notes EXTENDED;";

    /// <summary>A schedule cron never reaches (there is no 31 February): only the test runs the line.</summary>
    private const string NeverSchedule = "0 0 31 2 *";

    private readonly TemporaryDirectory _work = new();
    private readonly MariaDbServers _mariadb = new();
    private readonly string _backupName = "privatecloud-drill-" + Guid.NewGuid().ToString("N")[..8];
    private TestComposeStack? _stack;

    private string Databases => _work.Combine("mnt", "databases");

    private string Files => _work.Combine("mnt", "files");

    private string Remote => _work.Combine("remote");

    private string Target => "file://" + _work.Combine("target");

    private string BackupLog => _work.Combine("duplicity.log");

    /// <summary>The job's files on the host, named where InstallBackup names them.</summary>
    private CronJob Job => new(_backupName, NeverSchedule, BackupLog, new DuplicityOptions(Target, [Databases, Files], null, NoEncryption: true));

    public void Dispose()
    {
        foreach (var file in new[] { Job.CronFile, Job.CredentialsFile, Job.DumpScriptFile }.Where(File.Exists))
        {
            File.Delete(file);
        }

        _stack?.Dispose();
        _mariadb.Dispose();
        DuplicityCache.Remove(Target);
        _work.Dispose();
    }

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(
        _stack!.Directory,
        null,
        [
            $"--stack={_stack.Directory}", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
            $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={Remote}", "--timeout=90", _stack.ComposeOption,
            $"--backup-target={Target}", "--no-encryption", "--volsize=1", $"--backup-name={_backupName}", $"--backup-log={BackupLog}",
            $"--backup-schedule={NeverSchedule}", "--packages=openssh-server", "--single-disk=true", .. args,
        ]);

    private string Sql(string sql) => _mariadb.Sql(_stack!.ContainerName("mariadb"), sql);

    /// <summary>Every file under the data directories with its SHA-256, but MariaDB's live files, which the running server rewrites.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_work.Combine("mnt"), "*", SearchOption.AllDirectories)
            .Where(file => !file.StartsWith(Path.Combine(Databases, "mysql") + "/", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetRelativePath(_work.Combine("mnt"), file), file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));

    [Fact]
    public void Recover_brings_a_destroyed_host_back_from_the_installed_backup_byte_identical_and_a_second_run_changes_nothing()
    {
        server.Require();
        Requires.That(Requires.Executable("duplicity"), "duplicity is needed (apt-get install duplicity)");
        _mariadb.Require();
        _stack = TestComposeStack.Create(docker);
        _stack.Write("docker-compose.yml", ComposeFile);
        _stack.Write(".env", $"COMPOSE_PROJECT_NAME={_stack.Project.Name}\nDATABASES_DIR={Databases}\nFILES_DIR={Files}\nMYSQL_ROOT_PASSWORD={_mariadb.RootPassword}\n");
        _work.Write("mnt/files/www/index.html", "<h1>the drill</h1>\n");
        _work.Write("mnt/files/www/a name with spaces/photo.bin", Convert.ToBase64String(RandomNumberGenerator.GetBytes(300_000)));

        // One run, as a user types it: each target's own tasks in their order (Cake's engine alone had run BuildImages first).
        var installed = Run("--target=PrepareHost,Deploy,InstallBackup");
        Assert.True(installed.ExitCode == 0, installed.ToString());

        _work.Write("mnt/files/webdav/calendar/events.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
        Sql("CREATE DATABASE drill; CREATE TABLE drill.notes (id INT PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100), written TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB;");
        Sql("USE drill; INSERT INTO notes (body) SELECT CONCAT('note ', seq) FROM seq_1_to_5000;");

        // The installed line, as cron would run it: the dumps, then duplicity.
        var backedUpAt = DateTimeOffset.UtcNow;
        var cronLine = File.ReadAllText(Job.CronFile).Split('\n').Single(line => line.StartsWith(NeverSchedule + " root ", StringComparison.Ordinal));
        var (exit, output) = BackupTasksTests.RunAsCron(cronLine[(NeverSchedule + " root ").Length..].Replace("\\%", "%", StringComparison.Ordinal));
        Assert.True(exit == 0, output + File.ReadAllText(BackupLog));
        // The stack runs no MongoDB: the nightly script's mongo dump fails, says so, and the files are backed up all the same.
        Assert.Contains($"database dump mariadb: {DumpScript.For(Databases, _stack.Project.Name, DatabaseDump.Stack).Directory}/mariadb.sql, ", File.ReadAllText(BackupLog));
        Assert.Contains("database dump mongo: FAILED, no running container", File.ReadAllText(BackupLog));
        var rows = Sql(RowCheck);
        var before = Snapshot();
        Assert.Contains(Path.Combine("files", "webdav", "calendar", "events.ics"), before.Keys);
        Assert.Contains(Path.Combine("databases", "dumps", "mariadb.sql"), before.Keys);

        // The host is gone: its containers and volumes, releases, marker and audit log, data directories and backup job.
        TestComposeStack.RemoveProject(docker.Runner, _stack.Project.Name);
        Directory.Delete(Remote, recursive: true);
        Directory.Delete(_work.Combine("mnt"), recursive: true);
        foreach (var file in new[] { Job.CronFile, Job.CredentialsFile, Job.DumpScriptFile })
        {
            File.Delete(file);
        }

        DuplicityCache.Remove(Target);

        var destroyed = DateTimeOffset.UtcNow;
        var recovered = Run("--target=Recover", "--format=json", "--check-timeout=2");
        var healthyAt = DateTimeOffset.UtcNow;
        var ids = _stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId);
        var again = Run("--target=Recover", "--format=json", "--check-timeout=2");

        // Doctor's worst state is "not configured" (exit 4): no domain is set, so CheckEndpoints and VerifyDns have nothing to check.
        // The data directories are on the root file system, as --single-disk=true says, so CheckDiskUsage expects no mount.
        Assert.True(recovered.ExitCode == 4, recovered.ToString());
        Assert.Contains("MountDataVolumes skipped: no --databases-device or --files-device given", recovered.Output);
        Assert.Contains("Deployed release", recovered.Output);
        Assert.Contains("Loaded mariadb.", recovered.Output);
        Assert.Equal(before, Snapshot());
        Assert.Equal(rows, Sql(RowCheck));
        Assert.StartsWith("5000\t", rows);
        Assert.All(_stack.Cli.Ps(), service => Assert.True(service.Health == ContainerHealth.Healthy, $"{service.Service}: {service.State} {service.Health}"));
        Assert.Equal(DoctorsVerdict, DoctorStates(recovered));

        Assert.True(again.ExitCode == 4, again.ToString());
        Assert.Contains("Host preparation: nothing to change", again.Output);
        Assert.Contains("is already in place", again.Output);
        Assert.Contains("Deploy changed nothing", again.Output);
        Assert.Contains("LoadDumps: no dump of the backup of ", again.Output);
        Assert.Equal(ids, _stack.Cli.Ps().ToDictionary(s => s.Service, s => s.ContainerId));
        Assert.Equal(before, Snapshot());
        Assert.Equal(DoctorsVerdict, DoctorStates(again));

        // The drill's figures, which scripts/drill-recover.sh collects: the recovery time from the destroyed host to healthy (RTO),
        // and the age of the data restored (RPO): since the backup, and of the newest row.
        var newestRow = DateTimeOffset.Parse(rows.Split('\n')[0].Split('\t')[1] + "Z", CultureInfo.InvariantCulture);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Drill: RTO {(healthyAt - destroyed).TotalSeconds:0.0} s; RPO {(healthyAt - backedUpAt).TotalSeconds:0.0} s since the backup, " +
            $"newest row {(healthyAt - newestRow).TotalSeconds:0.0} s old.");
    }

    /// <summary>What Doctor says of the recovered host: all ok but the checks this stack gives nothing to do.</summary>
    private static Dictionary<string, string> DoctorsVerdict => new()
    {
        ["ShowStatus"] = HealthReport.Word(CheckState.Ok),
        ["CheckDiskUsage"] = HealthReport.Word(CheckState.Ok),
        ["CheckEndpoints"] = HealthReport.Word(CheckState.NotConfigured),
        ["VerifyDns"] = HealthReport.Word(CheckState.NotConfigured),
        ["BackupStatus"] = HealthReport.Word(CheckState.Ok),
    };

    /// <summary>Each check's state from Doctor's JSON, with its line for a failed one.</summary>
    private static Dictionary<string, string> DoctorStates(BuildProgram.Result run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            check => check.GetProperty("name").GetString()!,
            check => check.GetProperty("state").GetString() == HealthReport.Word(CheckState.Fail)
                ? $"{check.GetProperty("state").GetString()}: {check.GetProperty("line").GetString()}"
                : check.GetProperty("state").GetString()!);
    }

    // MariaDB's datadir is a named volume bound into DATABASES_DIR as the real stack's is, owned by
    // the test image's mysql user (uid 100, gid 101); web serves files from a bind directory and
    // keeps more in a named volume bound into FILES_DIR.
    private static string ComposeFile =>
        $$"""
        services:
          mariadb:
            image: {{MariaDbServers.Image}}
            environment:
              MARIADB_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}
            volumes:
              - mysql:/var/lib/mysql
            healthcheck:
              test: ["CMD", "healthcheck.sh"]
              interval: 1s
              timeout: 5s
              retries: 3
              start_period: 60s
          web:
            image: {{DockerFixture.BaseImage}}
            command: ["httpd", "-f", "-p", "80", "-h", "/www"]
            stop_signal: SIGKILL
            volumes:
              - ${FILES_DIR}/www:/www:ro
              - webdav:/data
            healthcheck:
              test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1/index.html"]
              interval: 1s
              timeout: 2s
              retries: 3
        volumes:
          mysql:
            driver_opts: {type: none, o: bind, device: "${DATABASES_DIR}/mysql"}
            x-owner: {user: "100", group: "101", mode: "0755"}
          webdav:
            driver_opts: {type: none, o: bind, device: "${FILES_DIR}/webdav"}
            x-owner: {user: "0", group: "0", mode: "0755"}
        """;
}
