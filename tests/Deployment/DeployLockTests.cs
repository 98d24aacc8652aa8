using LibGit2Sharp;
using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>The deploy lock and audit log on a real sshd (this machine), with real flock.</summary>
public sealed class DeployLockTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private const string Holder = "alice@laptop, Deploy, since 2026-11-29T15:00:00Z";

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string RemoteDirectory => _work.Combine("remote");

    private DeployLock Lock(SshSession session) => new(new RemoteShell(session, new SecretRedactor(), _ => { }), RemoteDirectory);

    [Fact]
    public void A_second_run_fails_at_once_naming_the_holder_and_gets_the_lock_once_it_is_released()
    {
        server.Require();
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());

        var held = Lock(first).Acquire(Holder, TimeSpan.Zero);
        var refused = Assert.Throws<RemoteCommandException>(() => Lock(second).Acquire("bob@desk, Rollback, since now", TimeSpan.Zero));
        held!.Dispose();
        using var next = Lock(second).Acquire("bob@desk, Rollback, since now", TimeSpan.Zero);

        Assert.Equal(
            $"Another run holds the deploy lock for {RemoteDirectory} on {server.Target}: {Holder}; waited 0 s (--lock-timeout). " +
            "Run again once it is done; a run whose connection dropped has already let go.",
            refused.Message);
        Assert.NotNull(next);
    }

    [Fact]
    public void A_read_run_once_held_hands_its_output_over_while_the_lock_stays_held()
    {
        server.Require();
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());

        using var held = Lock(first).Acquire(Holder, TimeSpan.Zero, "echo first; read -r nothing || echo no input; printf 'locked\\nlast'");
        var refused = Assert.Throws<RemoteCommandException>(() => Lock(second).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero));

        // The read cannot swallow the audit line the lock reads on stdin, and a line "locked" of its own is just output.
        Assert.Equal("first\nno input\nlocked\nlast\n", held!.ReadOnceHeld);
        Assert.StartsWith("Another run holds the deploy lock", refused.Message);
        held.Release("a line");
        Assert.Equal(["a line"], File.ReadAllLines(Path.Combine(RemoteDirectory, AuditLog.FileName)));
    }

    [Fact]
    public void A_read_that_fails_once_held_fails_the_acquisition_with_its_error_and_lets_go()
    {
        server.Require();
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());

        var failed = Assert.Throws<RemoteCommandException>(() => Lock(first).Acquire(Holder, TimeSpan.Zero, "echo half; echo 'no such thing' >&2; exit 7"));
        using var next = Lock(second).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero);

        Assert.Equal($"Reading the deploy state in {RemoteDirectory} on {server.Target} failed: no such thing", failed.Message);
        Assert.NotNull(next);
    }

    [Fact]
    public void A_run_whose_connection_dropped_lets_go_by_itself()
    {
        server.Require();
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());
        var held = Lock(first).Acquire(Holder, TimeSpan.Zero);

        // The connection drops: its sshd session process dies, as when the network goes.
        KillSessionOf(RemoteDirectory);
        using var next = Lock(second).Acquire("bob@desk, Deploy, since now", TimeSpan.FromSeconds(20));

        Assert.NotNull(next);
        Assert.NotNull(held);
    }

    [Fact]
    public async Task A_waiting_run_gets_the_lock_when_the_holder_finishes_within_lock_timeout()
    {
        server.Require();
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());
        var held = Lock(first).Acquire(Holder, TimeSpan.Zero);

        var cancel = TestContext.Current.CancellationToken;
        var waiting = Task.Run(() => Lock(second).Acquire("bob@desk, Deploy, since now", TimeSpan.FromSeconds(60)), cancel);
        var first2s = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(2), cancel));
        Assert.NotSame(waiting, first2s);
        held!.Dispose();

        using var next = await waiting;
        Assert.NotNull(next);
    }

    [Fact]
    public void A_locking_task_refused_by_the_lock_changes_nothing_and_a_run_that_holds_it_is_recorded_in_the_audit_log()
    {
        var args = SmallStack("locktest");
        using var session = new SshSession(server.Settings());

        BuildProgram.Result refused;
        using (Lock(session).Acquire(Holder, TimeSpan.Zero))
        {
            refused = BuildProgram.Run(_work.Path, null, [.. args, "--target=Down", "--confirm"]);
        }

        var auditBefore = File.Exists(Path.Combine(RemoteDirectory, AuditLog.FileName));
        var ran = BuildProgram.Run(_work.Path, null, [.. args, "--target=Down", "--confirm"]);
        var status = BuildProgram.Run(_work.Path, null, [.. args, "--target=ShowStatus"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"Error: Another run holds the deploy lock for {RemoteDirectory} on {server.Target}: {Holder}; waited 0 s", refused.Output);
        Assert.False(auditBefore, "a refused run wrote the audit log");
        var line = Assert.Single(File.ReadAllLines(Path.Combine(RemoteDirectory, AuditLog.FileName)));
        Assert.Matches($"^\\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ {Environment.UserName}@{Environment.MachineName} Down release=- commit=- outcome=(succeeded|failed)$", line);
        Assert.Equal(ran.ExitCode == 0 ? "outcome=succeeded" : "outcome=failed", line.Split(' ')[^1]);
        Assert.Contains($"  {line}", status.Output);
    }

    [Theory]
    [InlineData("--target=UploadRelease,Deploy")]
    [InlineData("--target=Plan,Deploy")]
    [InlineData("--target=Up")]
    [InlineData("--target=Deploy", "--exclusive")]
    public void A_run_executing_any_task_that_changes_the_host_is_refused_by_the_held_lock_whatever_its_targets(params string[] targets)
    {
        var args = SmallStack("plantest");
        using var session = new SshSession(server.Settings());

        BuildProgram.Result refused;
        using (Lock(session).Acquire(Holder, TimeSpan.Zero))
        {
            refused = BuildProgram.Run(_work.Path, null, [.. args, .. targets]);
        }

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"Error: Another run holds the deploy lock for {RemoteDirectory} on {server.Target}: {Holder}; waited 0 s", refused.Output);
        Assert.False(Directory.Exists(Path.Combine(RemoteDirectory, "releases")), "a refused run sent a release");
    }

    [Fact]
    public void A_run_that_only_reads_the_host_is_not_held_back_by_the_lock()
    {
        var args = SmallStack("readtest");
        using var session = new SshSession(server.Settings());

        using var held = Lock(session).Acquire(Holder, TimeSpan.Zero);
        var status = BuildProgram.Run(_work.Path, null, [.. args, "--target=ShowStatus"]);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.DoesNotContain("deploy lock", status.Output);
    }

    [Fact]
    public void ShowStatus_in_json_gives_the_audit_entries_field_by_field_and_nothing_else_on_stdout()
    {
        var args = SmallStack("jsonstatustest");
        BuildProgram.Run(_work.Path, null, [.. args, "--target=Down", "--confirm"]);
        BuildProgram.Run(_work.Path, null, [.. args, "--target=Down", "--confirm"]);
        File.AppendAllText(Path.Combine(RemoteDirectory, AuditLog.FileName), "edited by hand\n");

        var status = BuildProgram.Run(_work.Path, null, [.. args, "--target=ShowStatus", "--format=json"]);

        Assert.True(status.ExitCode == 0, status.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(status.Stdout);
        var root = json.RootElement;
        Assert.Equal("jsonstatustest", root.GetProperty("project").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("release").ValueKind);
        Assert.Empty(root.GetProperty("services").EnumerateArray());
        var lines = File.ReadAllLines(Path.Combine(RemoteDirectory, AuditLog.FileName));
        var entries = root.GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(lines, entries.Select(entry => entry.GetProperty("line").GetString()));
        Assert.All(entries[..2], entry =>
        {
            var fields = entry.GetProperty("line").GetString()!.Split(' ');
            Assert.Equal(DateTimeOffset.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), entry.GetProperty("time").GetDateTimeOffset());
            Assert.Equal($"{Environment.UserName}@{Environment.MachineName}", entry.GetProperty("user").GetString());
            Assert.Equal("Down", entry.GetProperty("task").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("release").ValueKind);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("commit").ValueKind);
            Assert.Equal(fields[5]["outcome=".Length..], entry.GetProperty("outcome").GetString());
        });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entries[2].GetProperty("task").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entries[2].GetProperty("time").ValueKind);
    }

    [Fact]
    public void An_audit_line_reads_back_field_by_field()
    {
        var line = AuditLog.Line(new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero), "alice@laptop", "Deploy", "20261129T150000000Z", "abc123-dirty", succeeded: true);

        Assert.Equal(
            new AuditEntry(line, new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero), "alice@laptop", "Deploy", "20261129T150000000Z", "abc123-dirty", "succeeded"),
            AuditEntry.Parse(line));
        Assert.Equal(new AuditEntry("alice deployed", null, null, null, null, null, null), AuditEntry.Parse("alice deployed"));
    }

    [Fact]
    public void An_audit_line_names_the_commit_and_marks_uncommitted_changes()
    {
        Repository.Init(_work.Path);
        _work.Write("stack/docker-compose.yml", "services: {}\n");
        string sha;
        using (var repository = new Repository(_work.Path))
        {
            Commands.Stage(repository, "stack/docker-compose.yml");
            var signature = new Signature("test", "test@example.org", DateTimeOffset.UnixEpoch);
            sha = repository.Commit("stack", signature, signature).Sha;
        }

        var clean = AuditLog.Commit(_work.Combine("stack"));
        _work.Write("stack/docker-compose.yml", "services: {web: {image: busybox}}\n");

        Assert.Equal(sha, clean);
        Assert.Equal(sha + "-dirty", AuditLog.Commit(_work.Combine("stack")));
        Assert.Equal(
            $"2026-11-29T15:00:00Z alice@laptop Rollback release=20261129T150000000Z commit={sha}-dirty outcome=failed",
            AuditLog.Line(new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero), "alice@laptop", "Rollback", "20261129T150000000Z", sha + "-dirty", succeeded: false));
    }

    /// <summary>A stack of one service never started, and the arguments that reach it on the server's remote directory.</summary>
    private string[] SmallStack(string project)
    {
        server.Require();
        _work.Write("stack/.env", $"COMPOSE_PROJECT_NAME={project}\n");
        _work.Write("stack/docker-compose.yml", "services:\n  web:\n    image: busybox\n");
        return ["--stack=stack", $"--host={server.Target}", $"--ssh-key={server.Ed25519Key}", $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={RemoteDirectory}"];
    }

    /// <summary>Kills -9 the sshd session process serving the lock holder found by its command line.</summary>
    private static void KillSessionOf(string remoteDirectory)
    {
        var holder = SshServerFixture.RunTool("pgrep", "-f", "-o", $"dir={remoteDirectory};").GetAwaiter().GetResult().Trim();
        var parent = File.ReadAllText($"/proc/{holder}/stat").Split(' ')[3];
        SshServerFixture.RunTool("kill", "-9", parent).GetAwaiter().GetResult();
    }
}
