using System.Diagnostics;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>The deploy lock and audit log on a real sshd (this machine), with real flock.</summary>
public sealed class DeployLockTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private const string Holder = "alice@laptop, Deploy, since 2026-11-29T15:00:00Z";

    private readonly TemporaryDirectory _work = new();

    private readonly List<Process> _staleHolders = [];

    public void Dispose()
    {
        foreach (var holder in _staleHolders)
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }

            holder.Dispose();
        }

        _work.Dispose();
    }

    private string RemoteDirectory => _work.Combine("remote");

    /// <summary>Beats fast and gives up soon, so a silent holder lets go within the test; a remote command may take 2 s to start here.</summary>
    private static readonly LockHeartbeat Quick = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    private DeployLock Lock(SshSession session) => new(new RemoteShell(session, new SecretRedactor(), _ => { }), RemoteDirectory);

    private DeployLock Lock(SshSession session, LockHeartbeat heartbeat) => new(new RemoteShell(session, new SecretRedactor(), _ => { }), RemoteDirectory, heartbeat);

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

        // No beat yet (the first comes 10 s after taking it): the age is that of the lock.
        Assert.Matches(
            Regex.Escape($"Another run holds the deploy lock for {RemoteDirectory} on {server.Target}: {Holder}; waited 0 s (--lock-timeout); its last heartbeat was ") +
            "[0-9]" + Regex.Escape(" s ago. Run again once it is done: a holder whose connection drops lets go at once, one silent for 45 s lets go by itself, " +
            "and --break-lock=true ends one that still holds it after that.") + "$",
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
    public void A_run_whose_connection_dropped_lets_go_by_itself_and_the_audit_log_records_it_as_interrupted_on_the_current_release()
    {
        server.Require();
        Directory.CreateDirectory(Path.Combine(RemoteDirectory, "releases", "20261129T150000Z"));
        File.CreateSymbolicLink(Path.Combine(RemoteDirectory, "current"), "releases/20261129T150000Z");
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());
        var held = Lock(first).Acquire(Holder, TimeSpan.Zero, interruptedRun: ("alice@laptop", "Deploy"));

        // The connection drops: its sshd session process dies, as when the network goes.
        KillSessionOf(RemoteDirectory);
        var next = Lock(second).Acquire("bob@desk, Deploy, since now", TimeSpan.FromSeconds(20), interruptedRun: ("bob@desk", "Deploy"));
        next!.Release("bob's line");

        Assert.NotNull(held);
        var lines = File.ReadAllLines(Path.Combine(RemoteDirectory, AuditLog.FileName));
        Assert.Equal(2, lines.Length);
        var interrupted = AuditEntry.Parse(lines[0]);
        Assert.Equal(("alice@laptop", "Deploy", "20261129T150000Z", null, "interrupted"), (interrupted.User, interrupted.Task, interrupted.Release, interrupted.Commit, interrupted.Outcome));
        Assert.InRange(interrupted.Time!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        // A run that sent its line is not recorded as interrupted as well.
        Assert.Equal("bob's line", lines[1]);
    }

    [Fact]
    public void A_holder_whose_connection_freezes_lets_go_once_its_heartbeats_stop_and_the_refusal_says_how_old_the_last_one_is()
    {
        server.Require();
        using var forwarder = CuttableForwarder.Tcp(server.Port);
        var knownHosts = _work.Combine("known_hosts");
        File.WriteAllText(knownHosts, $"[127.0.0.1]:{forwarder.Port} {server.HostKeyLine}\n");
        using var first = new SshSession(server.Settings(knownHostsFile: knownHosts) with { Target = new SshTarget("root", "127.0.0.1", forwarder.Port) });
        using var second = new SshSession(server.Settings());
        using var held = Lock(first, Quick).Acquire(Holder, TimeSpan.Zero);

        // Beating, the holder keeps the lock past the silence.
        Thread.Sleep(Quick.Silence + TimeSpan.FromSeconds(1));
        var whileBeating = Assert.Throws<RemoteCommandException>(() => Lock(second, Quick).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero));
        forwarder.Freeze();
        var frozenAt = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        var whileFrozen = Assert.Throws<RemoteCommandException>(() => Lock(second, Quick).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero));
        using var next = Lock(second, Quick).Acquire("bob@desk, Deploy, since now", TimeSpan.FromSeconds(20));
        var letGoAfter = frozenAt.Elapsed;

        Assert.Matches("its last heartbeat was [01] s ago", whileBeating.Message);
        Assert.Matches("its last heartbeat was [1-7] s ago", whileFrozen.Message);
        Assert.NotNull(next);
        // The host ends the holder after 8 s without a beat; the last beat came up to 0.5 s before the freeze.
        Assert.InRange(letGoAfter, Quick.Silence - TimeSpan.FromSeconds(1), Quick.Silence + TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Breaking_the_lock_ends_a_holder_whose_heartbeats_stopped_and_records_who_broke_whose_lock()
    {
        server.Require();
        var stale = StaleHolder(Holder, TimeSpan.FromMinutes(10));
        using var session = new SshSession(server.Settings());

        var refused = Assert.Throws<RemoteCommandException>(() => Lock(session).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero));
        using var broken = Lock(session).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero, breakingStale: "bob@desk");

        Assert.Matches("its last heartbeat was 60[0-9] s ago", refused.Message);
        Assert.NotNull(broken);
        Assert.True(stale.WaitForExit(TimeSpan.FromSeconds(5)), "the stale holder still runs");
        Assert.Matches(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ bob@desk BreakLock release=- commit=- outcome=broke-lock-of:alice@laptop,Deploy,since=2026-11-29T15:00:00Z$",
            Assert.Single(File.ReadAllLines(Path.Combine(RemoteDirectory, AuditLog.FileName))));
    }

    [Fact]
    public void Breaking_the_lock_leaves_a_holder_whose_last_heartbeat_is_within_the_silence()
    {
        server.Require();
        using var first = new SshSession(server.Settings());
        using var second = new SshSession(server.Settings());
        var stale = StaleHolder(Holder, Quick.Silence - TimeSpan.FromSeconds(5));

        var refused = Assert.Throws<RemoteCommandException>(() => Lock(second, Quick).Acquire("bob@desk, Deploy, since now", TimeSpan.Zero, breakingStale: "bob@desk"));

        Assert.StartsWith("Another run holds the deploy lock", refused.Message);
        Assert.False(stale.HasExited, "a holder within the silence was ended");
        Assert.False(File.Exists(Path.Combine(RemoteDirectory, AuditLog.FileName)), "a break was recorded");
    }

    [Fact]
    public void A_run_given_break_lock_ends_a_stale_holder_then_runs_and_both_are_in_the_audit_log()
    {
        var args = SmallStack("breaktest");
        var stale = StaleHolder(Holder, TimeSpan.FromMinutes(10));

        var refused = BuildProgram.Run(_work.Path, null, [.. args, "--target=Down", "--confirm"]);
        var ran = BuildProgram.Run(_work.Path, null, [.. args, "--target=Down", "--confirm", "--break-lock=true"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Matches("its last heartbeat was 60[0-9] s ago", refused.Output);
        Assert.True(stale.WaitForExit(TimeSpan.FromSeconds(5)), "the stale holder still runs");
        var who = $"{Environment.UserName}@{Environment.MachineName}";
        var lines = File.ReadAllLines(Path.Combine(RemoteDirectory, AuditLog.FileName));
        Assert.Equal(2, lines.Length);
        Assert.EndsWith($" {who} BreakLock release=- commit=- outcome=broke-lock-of:alice@laptop,Deploy,since=2026-11-29T15:00:00Z", lines[0]);
        Assert.Contains($" {who} Down release=- commit=- outcome=", lines[1]);
        Assert.Equal(ran.ExitCode == 0 ? "outcome=succeeded" : "outcome=failed", lines[1].Split(' ')[^1]);
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
        // The whole output in the message: a refusal for another reason says which.
        Assert.True(refused.Output.Contains($"Error: Another run holds the deploy lock for {RemoteDirectory} on {server.Target}: {Holder}; waited 0 s", StringComparison.Ordinal), refused.ToString());
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

    /// <summary>
    /// A process on this machine (the sshd's host) holding the lock on descriptor 9 as a holder does,
    /// its holder file written and last touched <paramref name="silentFor"/> ago: a run whose heartbeats
    /// stopped reaching a holder that went on holding.
    /// </summary>
    private Process StaleHolder(string holder, TimeSpan silentFor)
    {
        Directory.CreateDirectory(RemoteDirectory);
        var holderFile = Path.Combine(RemoteDirectory, DeployLock.HolderFileName);
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList =
            {
                "-c", "exec 9>>\"$1\"; flock 9; printf '%s\\n%s\\n' \"$3\" \"$$\" > \"$2.new\"; mv \"$2.new\" \"$2\"; exec sleep 600",
                "sh", Path.Combine(RemoteDirectory, DeployLock.FileName), holderFile, holder,
            },
        };
        var process = Process.Start(start)!;
        _staleHolders.Add(process);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(holderFile))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the stale holder never took the lock");
            Thread.Sleep(50);
        }

        File.SetLastWriteTimeUtc(holderFile, DateTime.UtcNow - silentFor);
        return process;
    }

    /// <summary>Kills -9 the sshd session process serving the lock holder found by its command line.</summary>
    private static void KillSessionOf(string remoteDirectory)
    {
        var holder = SshServerFixture.RunTool("pgrep", "-f", "-o", $"dir={remoteDirectory};").GetAwaiter().GetResult().Trim();
        var parent = File.ReadAllText($"/proc/{holder}/stat").Split(' ')[3];
        SshServerFixture.RunTool("kill", "-9", parent).GetAwaiter().GetResult();
    }
}
