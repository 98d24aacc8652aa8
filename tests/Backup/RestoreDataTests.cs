using System.Runtime.Versioning;
using System.Security.Cryptography;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// RestoreData's service as a lost host needs it: Debian's real duplicity through the tests' real
/// sshd, a file:// target made by a real backup of a temporary "/mnt", and the MariaDB dump the
/// nightly script wrote loaded into a fresh real MariaDB (<see cref="MariaDbServers"/>), started
/// when the restore asks the stack for its database service. The stack itself is a recorder: the
/// compose calls are only checked by name, the data and the database are real. One test restores
/// from an s3:// target instead, on s3rver (<see cref="S3rverFixture"/> says how it stands in for S3).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RestoreDataTests(SshServerFixture server, S3rverFixture s3) : IClassFixture<SshServerFixture>, IClassFixture<S3rverFixture>, IDisposable
{
    private const string RowCheck = "SELECT COUNT(*) FROM drill.notes; CHECKSUM TABLE drill.notes EXTENDED;";

    private readonly TemporaryDirectory _work = new();
    private readonly MariaDbServers _servers = new();
    private readonly string _project = "pcrestore" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _log = [];
    private readonly List<SshSession> _sessions = [];

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }

        _servers.Dispose();
        DuplicityCache.Remove(Target);
        _work.Dispose();
    }

    private string Databases => _work.Combine("mnt", "databases");

    private string Files => _work.Combine("mnt", "files");

    /// <summary>The s3:// target of the test that restores from s3rver; the others back up to a directory.</summary>
    private string? _s3Target;

    private string Target => _s3Target ?? "file://" + _work.Combine("target");

    private string Marker => _work.Combine("remote", "restored-backup");

    private DuplicityOptions Options => new(Target, [Databases, Files], null, NoEncryption: true)
    {
        VolsizeMb = 1,
        S3Unencrypted = _s3Target is not null,
        Secrets = _s3Target is null ? DuplicitySecrets.None : new DuplicitySecrets(null, S3rverFixture.AccessKey, S3rverFixture.SecretKey),
    };

    private DataRestoreRequest Request(bool force = false) =>
        new(Options, Marker, DumpScript.For(Databases, _project, DatabaseDump.Stack).Directory, DatabaseDump.Stack, force);

    private DuplicityServices Services(bool dryRun = false)
    {
        var shell = Shell(dryRun);
        return new DuplicityServices(shell, new PackageInstaller(shell));
    }

    private RemoteShell Shell(bool dryRun = false)
    {
        server.Require();
        Requires.That(Requires.Executable("duplicity"), "duplicity is needed (apt-get install duplicity)");
        var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromMinutes(3), DryRun = dryRun });
        _sessions.Add(session);
        return new RemoteShell(session, new SecretRedactor(), _log.Add);
    }

    /// <summary>Every file under /mnt with its SHA-256, keyed by its path there; lost+found is the file system's, not the data's.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_work.Combine("mnt"), "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains("/lost+found/", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetRelativePath(_work.Combine("mnt"), file), file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));

    /// <summary>A database with rows, its dump as the nightly script writes it, files beside it, and one real duplicity backup of both.</summary>
    private string BackUpLiveHost()
    {
        var source = _servers.Start(_project);
        _servers.Sql(source, "CREATE DATABASE drill; CREATE TABLE drill.notes (id INT PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100)) ENGINE=InnoDB;");
        _servers.Sql(source, "USE drill; INSERT INTO notes (body) SELECT CONCAT('note ', seq) FROM seq_1_to_3000;");
        var dump = CakeProcesses.CreateCommandRunner().Run(new CommandRequest("sh", [_work.Write("dumps.sh", DumpScript.For(Databases, _project, [DatabaseDump.Stack[0]]).Text)]) { Quiet = true });
        Assert.True(dump.ExitCode == 0, dump.StandardOutput + dump.StandardError);
        _work.Write("mnt/files/notes.txt", "notes\n");
        _work.Write("mnt/files/a name with spaces/photo.bin", Convert.ToBase64String(RandomNumberGenerator.GetBytes(200_000)));
        Directory.CreateDirectory(_work.Combine("mnt", "files", "empty-inbox"));
        var backup = new DuplicityHost(Shell()).Change(Options, DuplicityCommand.Backup(Options));
        Assert.True(backup.Succeeded, backup.StandardError + backup.StandardOutput);
        var expected = _servers.Sql(source, RowCheck);
        // The lost host's server is gone: the fresh one the restore starts must be the only one of the project.
        _servers.Docker("rm", "--force", source);
        return expected;
    }

    [Fact]
    public void LoadDumps_before_RestoreData_restored_the_files_names_the_marker_and_the_task_to_run_first()
    {
        var services = Services();
        _work.Write("mnt/databases/dumps/mariadb.sql", "SELECT 1;\n");
        _work.Write("mnt/files/notes.txt", "notes\n");
        Assert.True(new DuplicityHost(Shell()).Change(Options, DuplicityCommand.Backup(Options)).Succeeded);
        var stack = new RecordingStack(_project, () => throw new InvalidOperationException("no database may start"));

        var refused = Assert.Throws<BuildInputException>(() => services.DataRestorer.LoadDumps(Request(), stack, _log.Add));

        Assert.StartsWith($"LoadDumps: {Marker} on {server.Settings().Target} does not record the files of the backup of ", refused.Message);
        Assert.EndsWith(" as restored: run RestoreData first.", refused.Message);
        Assert.Empty(stack.Calls);
    }

    [Fact]
    public void With_one_include_emptied_after_a_restore_the_refusal_names_it_and_the_marker_not_the_other_as_never_restored()
    {
        var services = Services();
        _work.Write("mnt/databases/couch/notes.couch", "append-only\n");
        _work.Write("mnt/files/notes.txt", "notes\n");
        Assert.True(new DuplicityHost(Shell()).Change(Options, DuplicityCommand.Backup(Options)).Succeeded);
        var newest = Format(services.Status.Evaluate(Options, TimeSpan.MaxValue, DateTimeOffset.UtcNow).Collection!.Newest()!.Value);
        var stack = new RecordingStack(_project, () => throw new InvalidOperationException("no database may start"));
        Directory.Delete(Databases, recursive: true);
        Directory.Delete(Files, recursive: true);
        services.DataRestorer.Restore(Request(), stack, _log.Add);
        // What PrepareHost makes before a restore, an empty directory for a volume to bind, is no data either.
        Directory.Delete(Files, recursive: true);
        Directory.CreateDirectory(_work.Combine("mnt", "files", "webdav"));

        var refused = Assert.Throws<BuildInputException>(() => services.DataRestorer.Restore(Request(), stack, _log.Add));

        Assert.Equal(
            $"RestoreData: {Files} on {server.Settings().Target} is empty, though {Marker} records the backup of {newest} as restored: " +
            $"restoring it again would replace what {Databases} holds too; give --force to restore every include.", refused.Message);
    }

    [Fact]
    public void A_lost_hosts_data_comes_back_byte_identical_with_its_database_rows_and_a_second_run_changes_nothing()
    {
        var services = Services();
        var rows = BackUpLiveHost();
        var newest = Format(services.Status.Evaluate(Options, TimeSpan.MaxValue, DateTimeOffset.UtcNow).Collection!.Newest()!.Value);
        var before = Snapshot();
        var stack = new RecordingStack(_project, () => _servers.Start(_project));

        var refused = Assert.Throws<BuildInputException>(() => services.DataRestorer.Restore(Request(), stack, _log.Add));

        Assert.Equal(
            $"RestoreData: {Databases} on {server.Settings().Target} is not empty and was not restored from the backup of {newest}: " +
            "the restore would replace what it holds; move it away or give --force to replace it.", refused.Message);
        Assert.Empty(stack.Calls);

        // The host is lost: the databases directory is gone, the files directory a fresh mount point.
        Directory.Delete(Databases, recursive: true);
        Directory.Delete(Files, recursive: true);
        Directory.CreateDirectory(_work.Combine("mnt", "files", "lost+found"));
        var dryLines = new List<string>();

        Services(dryRun: true).DataRestorer.Restore(Request(), stack, dryLines.Add);

        Assert.False(Directory.Exists(Databases), "the dry run restored the databases");
        Assert.Equal(["lost+found"], Directory.GetFileSystemEntries(Files).Select(Path.GetFileName));
        Assert.False(File.Exists(Marker), "the dry run wrote the marker");
        Assert.Equal(
        [
            "Would stop the 1 running container(s) of the compose project " + _project + ".",
            $"Would restore {Databases} (2 entries of the backup of {newest}) from {Target}.",
            $"Would restore {Files} (4 entries of the backup of {newest}) from {Target}.",
            $"Would start mariadb and load {Databases}/dumps/mariadb.sql into it.",
        ], dryLines);

        var lines = new List<string>();
        var result = services.DataRestorer.Restore(Request(), stack, lines.Add);

        Assert.Equal(before, Snapshot());
        Assert.True(Directory.Exists(_work.Combine("mnt", "files", "lost+found")), "the restore removed the mount point's lost+found");
        Assert.True(Directory.Exists(_work.Combine("mnt", "files", "empty-inbox")), "the empty directory was not restored");
        Assert.Equal(rows, _servers.Sql(stack.Started.Single(), RowCheck));
        Assert.StartsWith("3000\n", rows);
        Assert.Equal(["down", "up mariadb", "up"], stack.Calls);
        Assert.Equal([Databases, Files], result.RestoredIncludes);
        Assert.Equal(["mariadb"], result.LoadedDumps);
        Assert.Equal(DataRestorer.MarkerText(result.Backup, [Databases, Files]) + DataRestorer.DumpsLoaded + "\n", File.ReadAllText(Marker));
        Assert.Contains("Checked: every one of the 9 entries the backup lists is in place.", lines);

        var times = Directory.EnumerateFileSystemEntries(_work.Combine("mnt"), "*", SearchOption.AllDirectories).ToDictionary(path => path, File.GetLastWriteTimeUtc);
        var again = services.DataRestorer.Restore(Request(), stack, lines.Add);

        var loadAgain = services.DataRestorer.LoadDumps(Request(), stack, lines.Add);

        Assert.False(again.Changed);
        Assert.False(loadAgain.Changed);
        Assert.Equal(["down", "up mariadb", "up"], stack.Calls);
        Assert.Equal(times, Directory.EnumerateFileSystemEntries(_work.Combine("mnt"), "*", SearchOption.AllDirectories).ToDictionary(path => path, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void From_an_s3_target_the_files_and_the_database_come_back_as_they_were()
    {
        s3.Require();
        var prefix = "restore-" + _project;
        _s3Target = $"s3://{new Uri(s3.Endpoint).Authority}/{S3rverFixture.Bucket}/{prefix}";
        var services = Services();
        var rows = BackUpLiveHost();
        var before = Snapshot();
        Directory.Delete(Databases, recursive: true);
        Directory.Delete(Files, recursive: true);
        var stack = new RecordingStack(_project, () => _servers.Start(_project));
        var lines = new List<string>();

        var result = services.DataRestorer.Restore(Request(), stack, lines.Add);

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(s3.BucketFolder, prefix), "duplicity-full.*.vol1.difftar.gz*"));
        Assert.Equal(before, Snapshot());
        Assert.Equal(rows, _servers.Sql(stack.Started.Single(), RowCheck));
        Assert.Equal([Databases, Files], result.RestoredIncludes);
        Assert.Equal(["mariadb"], result.LoadedDumps);
        Assert.Contains($"Restoring {Databases} (2 entries of the backup of {Format(result.Backup)}) from {Target}.", lines);
        Assert.Contains("Checked: every one of the 9 entries the backup lists is in place.", lines);
    }

    private static string Format(DateTimeOffset time) => BackupStatusCheck.Format(time);

    /// <summary>
    /// A compose project with one running web container; its "up" of a database service starts a
    /// real server through <paramref name="startDatabase"/>, labelled as the project's service.
    /// </summary>
    private sealed class RecordingStack(string name, Func<string> startDatabase) : IComposeStack
    {
        private bool _down;

        public List<string> Calls { get; } = [];

        public List<string> Started { get; } = [];

        public ComposeProject Project { get; } = new(name, "/nowhere", ["docker-compose.yaml"]);

        public string Location => "the test's stack";

        public string Kind => "compose project";

        public bool RunsContainersOnTheHost => true;

        public bool CountsReplicas => false;

        public string? PruneLimits => null;

        public ReleaseStore? Releases => null;

        public IReadOnlyList<ServiceStatus> Ps() =>
            _down ? [] : [new ServiceStatus("web", "c1", name + "-web-1", "running", ContainerHealth.None, "web:1", "sha256:1")];

        public void Down(bool removeVolumes)
        {
            Assert.False(removeVolumes, "the restore removed the volumes");
            Calls.Add("down");
            _down = true;
        }

        public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false)
        {
            Calls.Add(string.Join(' ', ["up", .. services]));
            if (services.SequenceEqual(["mariadb"]))
            {
                Started.Add(startDatabase());
            }
            else
            {
                _down = false;
            }
        }

        public PrunePlan PlanPrune(StackPruner pruner) => throw new NotSupportedException();

        public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache, string? release = null) => throw new NotSupportedException();

        public void Remove(IReadOnlyCollection<string> services) => throw new NotSupportedException();

        public IReadOnlyDictionary<string, string> ConfigHashes(string? release = null) => throw new NotSupportedException();

        public string Logs(string service, int tail) => throw new NotSupportedException();

        public bool RemoveVolume(string volume) => throw new NotSupportedException();

        public string ReadEngine(IReadOnlyList<string> arguments) => throw new NotSupportedException();

        public void ChangeEngine(IReadOnlyList<string> arguments) => throw new NotSupportedException();

        public void RecordImages(IReadOnlyList<ServiceStatus> running) => throw new NotSupportedException();

        public CommandResult Exec(ServiceExec exec) => throw new NotSupportedException();
    }
}
