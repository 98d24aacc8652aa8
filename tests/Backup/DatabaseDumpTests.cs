using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// The nightly job's database dumps against a real MariaDB (Debian's 10.11, see
/// <see cref="MariaDbServers"/>) in the real engine: the dump script as InstallBackup writes it, run
/// here and, through the real sshd, as the installed cron line runs it before the real duplicity.
/// MongoDB has no Debian package, so no real mongodump runs here: its dump is only ever seen
/// failing (no running container), and its command is checked as text.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DatabaseDumpTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly MariaDbServers _servers = new();
    private readonly TemporaryDirectory _work = new();
    private readonly string _project = "pcdump" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _hostFiles = [];

    public void Dispose()
    {
        foreach (var file in _hostFiles)
        {
            File.Delete(file);
        }

        _servers.Dispose();
        _work.Dispose();
    }

    private string Databases => _work.Combine("mnt", "databases");

    private string StartWithRows(int rows)
    {
        var container = _servers.Start(_project);
        _servers.Sql(container, "CREATE DATABASE drill; CREATE TABLE drill.notes (id INT PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100)) ENGINE=InnoDB;");
        _servers.Sql(container, $"USE drill; INSERT INTO notes (body) SELECT CONCAT('note ', seq) FROM seq_1_to_{rows};");
        return container;
    }

    private CommandResult RunScript(DumpScript script)
    {
        var file = _work.Write("dumps.sh", script.Text);
        return CakeProcesses.CreateCommandRunner().Run(new CommandRequest("sh", [file]) { Quiet = true });
    }

    [Fact]
    public void The_stacks_database_services_are_the_ones_the_compose_file_runs_on_mariadb_and_mongo_images()
    {
        foreach (var dump in DatabaseDump.Stack)
        {
            var definition = Assert.IsType<YamlDotNet.RepresentationModel.YamlMappingNode>(Child(StackFiles.Services, dump.Service));
            var image = ((YamlDotNet.RepresentationModel.YamlScalarNode)Child(definition, "image")!).Value!;
            Assert.StartsWith(dump.Engine == DatabaseEngine.MariaDb ? "mariadb:" : "mongo:", image);
        }
    }

    [Fact]
    public void The_dump_loads_into_a_fresh_server_with_the_same_rows_and_checksum_and_a_service_not_running_fails_after_the_others_were_dumped()
    {
        var source = StartWithRows(2000);
        var script = DumpScript.For(Databases, _project, DatabaseDump.Stack);

        var result = RunScript(script);

        Assert.Equal(1, result.ExitCode);
        var dumpFile = Path.Combine(Databases, "dumps", "mariadb.sql");
        Assert.Matches(new Regex($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ database dump mariadb: {Regex.Escape(dumpFile)}, {new FileInfo(dumpFile).Length} bytes$", RegexOptions.Multiline), result.StandardOutput);
        Assert.Contains("database dump mongo: FAILED, no running container", result.StandardOutput);
        Assert.Equal(["mariadb.sql"], Directory.GetFiles(Path.Combine(Databases, "dumps")).Select(Path.GetFileName));
        Assert.Equal("700", Convert.ToString((int)File.GetUnixFileMode(Path.Combine(Databases, "dumps")), 8));
        var fresh = _servers.Start(_project + "fresh");
        _servers.Load(fresh, dumpFile);
        const string check = "SELECT COUNT(*) FROM drill.notes; CHECKSUM TABLE drill.notes EXTENDED;";
        Assert.Equal(_servers.Sql(source, check), _servers.Sql(fresh, check));
        Assert.StartsWith("2000\n", _servers.Sql(fresh, check));
    }

    [Fact]
    public void A_dump_that_fails_in_the_container_keeps_the_previous_dump_and_leaves_no_partial_file()
    {
        _servers.Start(_project);
        var previous = _work.Write("mnt/databases/dumps/mariadb.archive", "the previous night's dump\n");
        // A mongodump in the MariaDB container: the program is missing, so docker exec fails.
        var script = DumpScript.For(Databases, _project, [new DatabaseDump("mariadb", DatabaseEngine.MongoDb)]);

        var result = RunScript(script);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("database dump mariadb: FAILED (docker exec), the previous dump is kept", result.StandardOutput);
        Assert.Equal("the previous night's dump\n", File.ReadAllText(previous));
        Assert.Equal([previous], Directory.GetFiles(Path.Combine(Databases, "dumps")));
    }

    [Fact]
    public void Under_a_write_load_the_dump_restores_a_consistent_database()
    {
        var source = _servers.Start(_project);
        // Each transaction adds one debit and one credit: a consistent copy holds as many of each.
        _servers.Sql(source, File.ReadAllText(Path.Combine(SourceRoot.Find(), "scripts", "lib", "bank-transfers.sql")));
        _servers.Docker("exec", "--detach", "--env", "MYSQL_PWD", source, "mariadb", "--protocol=socket", "--user=root", "--execute", "CALL bank.transfers(1000000, 0.001)");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (int.Parse(_servers.Sql(source, "SELECT COUNT(*) FROM bank.credits"), System.Globalization.CultureInfo.InvariantCulture) < 200)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the write load did not start");
            Thread.Sleep(100);
        }

        var result = RunScript(DumpScript.For(Databases, _project, [new DatabaseDump("mariadb", DatabaseEngine.MariaDb)]));
        var after = int.Parse(_servers.Sql(source, "SELECT COUNT(*) FROM bank.credits"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var fresh = _servers.Start(_project + "fresh");
        _servers.Load(fresh, Path.Combine(Databases, "dumps", "mariadb.sql"));
        var counts = _servers.Sql(fresh, "SELECT (SELECT COUNT(*) FROM bank.debits), (SELECT COUNT(*) FROM bank.credits)").Split('\t');
        Assert.Equal(counts[0], counts[1]);
        var dumped = int.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture);
        // Taken while the load ran: more rows than when it started, fewer than once it was done.
        Assert.InRange(dumped, 200, after - 1);
    }

    [Fact]
    public void The_installed_cron_line_dumps_then_backs_up_with_duplicity_and_a_failed_dump_is_loud_while_the_files_are_still_backed_up()
    {
        server.Require();
        Requires.That(Requires.Executable("duplicity"), "duplicity is needed (apt-get install duplicity)");
        StartWithRows(10);
        _work.Write("mnt/files/notes.txt", "a file beside the databases\n");
        var target = "file://" + _work.Combine("target");
        var options = new DuplicityOptions(target, [Databases, _work.Combine("mnt", "files")], null, NoEncryption: true) { VolsizeMb = 1 };
        var name = "privatecloud-dumptest-" + _project;
        var log = _work.Combine("backup.log");
        // A schedule that never comes (31 February): a cron daemon on this machine never runs it.
        var job = new CronJob(name, "0 0 31 2 *", log, options) { Dumps = DumpScript.For(Databases, _project, DatabaseDump.Stack) };
        using var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromMinutes(3) });
        var shell = new RemoteShell(session, new SecretRedactor(), _ => { });
        _hostFiles.AddRange([job.CronFile, job.CredentialsFile, job.DumpScriptFile]);
        new BackupInstaller(shell, new PackageInstaller(shell)).Install(job);
        var cronLine = File.ReadAllLines(job.CronFile).Single(line => line.StartsWith(job.Schedule, StringComparison.Ordinal));

        var run = shell.Attempt(new RemoteCommand(cronLine[(job.Schedule + " root ").Length..]));

        Assert.Equal($"{name}: a database dump failed, see the backup log", run.StandardError.Trim());
        Assert.Equal("700", Convert.ToString((int)File.GetUnixFileMode(job.DumpScriptFile), 8));
        var logText = File.ReadAllText(log);
        Assert.Contains("database dump mariadb: " + Path.Combine(Databases, "dumps", "mariadb.sql"), logText);
        Assert.Contains("database dump mongo: FAILED, no running container", logText);
        var listed = new BackupListing(new DuplicityHost(shell)).List(options, null);
        Assert.Contains(listed, file => file.Path.EndsWith("dumps/mariadb.sql", StringComparison.Ordinal));

        // What BackupStatus shows of them, read on the host as root.
        var dumpFile = new FileInfo(Path.Combine(Databases, "dumps", "mariadb.sql"));
        Assert.Equal(
            [
                new DumpFile("mariadb", dumpFile.FullName, new DateTimeOffset(dumpFile.LastWriteTimeUtc.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero), dumpFile.Length),
                new DumpFile("mongo", Path.Combine(Databases, "dumps", "mongo.archive"), null, null),
            ],
            new DumpFiles(shell).Read(job.Dumps));
    }
}
