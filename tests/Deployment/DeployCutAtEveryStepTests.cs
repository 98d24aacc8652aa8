using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// Crash consistency of Deploy and Rollback, step by step: a changing run is recorded once, to learn
/// which commands it sends (never written down here: the plan may change them), then run again and
/// again with the connection cut right after its k-th command, for every k. After each cut the host
/// must be coherent, and the next run of the same task, with nothing cleaned by hand, must converge.
/// Real components: the build program, a real sshd on loopback, the real engine, the busybox stack.
/// <para>
/// Coherent means one of two states, nothing between. Old: <c>current</c> is the release that ran
/// before, every container is the one it ran, ready, and the page is its page. New: <c>current</c> is
/// the run's new release, every container ready and serving the new page, and the run's release is
/// complete. Anything else (the link on one release while the containers serve the other, a
/// container missing or unready) is a mix, named in the table with what was found.
/// Converged means the next run exits 0 with the new release current and serving, no
/// <c>.partial</c> release left, and the audit log's last line saying it succeeded. A Rollback cut
/// after its last change has finished on the host, so the next Rollback is one of its own and goes
/// one release further back; the table says so. The host is read once the containers the cut run
/// started are past their healthcheck's "starting".
/// </para>
/// <para>
/// Cost: each step runs the task twice (cut, then the next run), some seconds each, so the full
/// tables of both composes run only from <c>scripts/cut-every-step.sh</c> (<see cref="FullTablesVariable"/>).
/// Otherwise, as in CI, a smoke version runs under compose v2 alone, cutting only right after the
/// switch of <c>current</c>, the step that splits the old state from the new (<see cref="Steps"/>);
/// it stays within CI's budget of about a minute for these tests.
/// </para>
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DeployCutAtEveryStepTests(CommandCuttingSshServerFixture server, DockerFixture docker)
    : IClassFixture<CommandCuttingSshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    /// <summary>Set to <c>true</c> to cut after every command under both composes.</summary>
    public const string FullTablesVariable = "CUT_EVERY_STEP_FULL";

    /// <summary>Steps to cut after, comma-separated (<c>3,4</c>), to look at a few again; unset: as above.</summary>
    public const string OnlyStepsVariable = "CUT_EVERY_STEP_ONLY";

    private const int ShownCommandLength = 70;

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _remote = new();
    private readonly Dictionary<string, string> _pageOfRelease = [];
    private TestComposeStack? _stack;
    private int _pages;

    private TestComposeStack Stack => _stack!;

    public void Dispose()
    {
        _stack?.Dispose();
        _remote.Dispose();
    }

    private sealed record HostState(string? Release, Dictionary<string, string> Containers, bool AllReady, string Page, string[] Entries, int AuditLines);

    private sealed record Row(int Step, string Command, string AfterCut, bool Coherent, string Converged, TimeSpan CutRun, TimeSpan NextRun);

    [Theory]
    [ClassData(typeof(CutFlavors))]
    public void A_Deploy_cut_after_any_of_its_commands_leaves_the_host_coherent_and_the_next_Deploy_converges(ComposeFlavor flavor)
    {
        Use(flavor);
        Succeeded(DeployNewPage(server.Port, server.KnownHostsFile));
        server.ClearCommands();
        Succeeded(DeployNewPage(server.Port, server.KnownHostsFile));
        var recorded = server.Commands;

        var rows = new List<Row>();
        foreach (var step in Steps(recorded))
        {
            var before = Read();
            var newPage = NextPage();
            var cutRun = Stopwatch.StartNew();
            var (cut, wasCut) = server.RunCutAfter(step, () => Deploy(server.Forwarder.Port, server.ForwarderKnownHostsFile, newPage));
            cutRun.Stop();
            var sent = server.Commands;
            var after = Read();
            var (state, coherent) = wasCut ? Judge(before, after, newPage, SwitchedAheadOfUp(sent, step)) : ("not cut: the run sent no more commands", cut.ExitCode == 0);

            var nextRun = Stopwatch.StartNew();
            var next = Deploy(server.Port, server.KnownHostsFile, newPage);
            rows.Add(new Row(step, Shown(sent, step), state, coherent, Converged(next, before, newPage), cutRun.Elapsed, nextRun.Elapsed));
        }

        AssertTable($"Deploy, compose {flavor}: {recorded.Count} commands", rows);
    }

    [Theory]
    [ClassData(typeof(CutFlavors))]
    public void A_Rollback_cut_after_any_of_its_commands_leaves_the_host_coherent_and_the_next_Rollback_converges(ComposeFlavor flavor)
    {
        Use(flavor);
        Succeeded(DeployNewPage(server.Port, server.KnownHostsFile));
        Succeeded(DeployNewPage(server.Port, server.KnownHostsFile));
        server.ClearCommands();
        Succeeded(Run(server.Port, server.KnownHostsFile, "--target=Rollback"));
        var recorded = server.Commands;

        var rows = new List<Row>();
        foreach (var step in Steps(recorded))
        {
            Succeeded(DeployNewPage(server.Port, server.KnownHostsFile));
            var before = Read();
            var target = ReleaseBefore(before.Release!);
            var cutRun = Stopwatch.StartNew();
            var (cut, wasCut) = server.RunCutAfter(step, () => Run(server.Forwarder.Port, server.ForwarderKnownHostsFile, "--target=Rollback"));
            cutRun.Stop();
            var sent = server.Commands;
            var after = Read();
            var (state, coherent) = wasCut ? Judge(before, after, _pageOfRelease[target], SwitchedAheadOfUp(sent, step), target) : ("not cut: the run sent no more commands", cut.ExitCode == 0);
            // A Rollback cut after its last change (forgetting its target) has finished on the host, and the next is a Rollback
            // of its own, one release further back: nothing on the host tells it from a Rollback that ended well.
            var finished = after.Release == target && after.Page == _pageOfRelease[target] && !File.Exists(_remote.Combine(ReleaseStore.RollbackFile));
            var nextTarget = finished ? ReleaseBefore(target) : target;

            var nextRun = Stopwatch.StartNew();
            var next = Run(server.Port, server.KnownHostsFile, "--target=Rollback");
            var converged = Converged(next, after with { Release = finished ? after.Release : before.Release }, _pageOfRelease[nextTarget], nextTarget);
            rows.Add(new Row(step, Shown(sent, step), state, coherent, finished && converged == "yes" ? "yes, as a Rollback of its own: the cut one had finished" : converged, cutRun.Elapsed, nextRun.Elapsed));
        }

        AssertTable($"Rollback, compose {flavor}: {recorded.Count} commands", rows);
    }

    /// <summary>The release deployed last before <paramref name="release"/>: where a Rollback from it goes.</summary>
    private string ReleaseBefore(string release) =>
        _pageOfRelease.Keys.Where(id => string.CompareOrdinal(id, release) < 0).Max(StringComparer.Ordinal)!;

    private static void Succeeded(BuildProgram.Result result) => Assert.True(result.ExitCode == 0, result.ToString());

    private void Use(ComposeFlavor flavor)
    {
        server.Require();
        _stack = TestComposeStack.Create(docker, flavor: flavor);
    }

    private static bool FullTables =>
        string.Equals(Environment.GetEnvironmentVariable(FullTablesVariable), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Both composes for the full tables; the smoke version runs under compose v2 alone.</summary>
    public sealed class CutFlavors : TheoryData<ComposeFlavor>
    {
        public CutFlavors()
        {
            if (FullTables)
            {
                Add(ComposeFlavor.StandaloneV1);
            }

            Add(ComposeFlavor.PluginV2);
        }
    }

    /// <summary>
    /// Every step but the last, after which there is nothing left to cut, for the full tables; else the step
    /// right after the switch of <c>current</c> (the command that renames a new link over it), found in what the run sent.
    /// </summary>
    private static IEnumerable<int> Steps(IReadOnlyList<string> recorded)
    {
        var every = Enumerable.Range(1, recorded.Count - 1);
        if (Environment.GetEnvironmentVariable(OnlyStepsVariable) is { Length: > 0 } only)
        {
            return every.Intersect(only.Split(',').Select(step => int.Parse(step, CultureInfo.InvariantCulture)));
        }

        if (FullTables)
        {
            return every;
        }

        var switches = Enumerable.Range(1, recorded.Count).Where(step => IsSwitch(recorded, step)).ToList();
        Assert.True(switches.Count == 1, $"expected one recorded command switching current, found {switches.Count}:\n{string.Join("\n", recorded)}");
        return [switches[0]];
    }

    /// <summary>
    /// Whether the run's first k commands switched <c>current</c> and none brought the stack up since: the
    /// commands between the two only read, so the host is as it was right after the switch.
    /// </summary>
    private static bool SwitchedAheadOfUp(IReadOnlyList<string> sent, int step) =>
        Enumerable.Range(1, Math.Min(step, sent.Count)).LastOrDefault(k => IsSwitch(sent, k)) is var switched and > 0 &&
        !sent.Skip(switched).Take(step - switched).Any(command => command.Contains(" up -d", StringComparison.Ordinal));

    /// <summary>Whether the run's k-th command renames a new link over <c>current</c>, as ReleaseStore.Activate does.</summary>
    private static bool IsSwitch(IReadOnlyList<string> sent, int step) =>
        sent.Count >= step && sent[step - 1].Contains("ln -sfn ", StringComparison.Ordinal) && sent[step - 1].Contains("current", StringComparison.Ordinal);

    private string NextPage() => $"<h1>page {++_pages}</h1>";

    private BuildProgram.Result DeployNewPage(int port, string knownHosts) => Deploy(port, knownHosts, NextPage());

    private BuildProgram.Result Deploy(int port, string knownHosts, string page)
    {
        Stack.Write("web/index.html", page + "\n");
        var result = Run(port, knownHosts, "--target=Deploy");
        if (result.ExitCode == 0)
        {
            _pageOfRelease[Read().Release!] = page;
        }

        return result;
    }

    private BuildProgram.Result Run(int port, string knownHosts, string target) =>
        BuildProgram.Run(
            Stack.Directory,
            null,
            [
                target, $"--stack={Stack.Directory}", $"--host=root@127.0.0.1:{port}", $"--ssh-key={server.Ed25519Key}",
                $"--known-hosts={knownHosts}", $"--remote-dir={_remote.Path}", "--timeout=60", "--lock-timeout=30", Stack.ComposeOption,
            ]);

    /// <summary>
    /// The host as the cut left it, once the containers the last command started have settled: one whose
    /// health is still "starting" is judged ready or not when its healthcheck (every second) has said.
    /// </summary>
    private HostState Read()
    {
        var link = new DirectoryInfo(_remote.Combine("current")).LinkTarget;
        var containers = Stack.Cli.Ps();
        for (var waited = Stopwatch.StartNew(); containers.Any(s => s.IsRunning && s.Health == ContainerHealth.Starting) && waited.Elapsed < SettleTimeout;)
        {
            Thread.Sleep(250);
            containers = Stack.Cli.Ps();
        }

        var releases = _remote.Combine("releases");
        return new HostState(
            link is null ? null : Path.GetFileName(link),
            containers.ToDictionary(s => s.Service, s => s.ContainerId),
            containers.Count == 2 && containers.All(s => s.IsReady),
            Page(containers),
            Directory.Exists(releases) ? [.. Directory.GetFileSystemEntries(releases).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [],
            File.Exists(_remote.Combine(AuditLog.FileName)) ? File.ReadAllLines(_remote.Combine(AuditLog.FileName)).Length : 0);
    }

    /// <summary>What the running web container serves, asked inside it; "none" when no container answers.</summary>
    private string Page(IReadOnlyList<ServiceStatus> containers)
    {
        if (containers.SingleOrDefault(s => s.Service == "web" && s.IsRunning) is not { } web)
        {
            return "none";
        }

        var fetched = docker.Runner.Run(new CommandRequest("docker", ["exec", web.ContainerId, "wget", "-q", "-O-", "http://127.0.0.1/"]) { Quiet = true });
        return fetched.Succeeded ? fetched.StandardOutput.Trim() : "none";
    }

    /// <summary>Which of the two coherent states the host is in after a cut, or what mix it is; and what the cut left beside it.</summary>
    private (string State, bool Coherent) Judge(HostState before, HostState after, string newPage, bool cutAfterSwitch, string? newRelease = null)
    {
        var oldServing = after.Containers.Count == before.Containers.Count &&
            after.Containers.All(c => before.Containers.GetValueOrDefault(c.Key) == c.Value) && after.AllReady && after.Page == before.Page;
        var isOld = after.Release == before.Release && oldServing;
        var isNew = after.Release != before.Release && after.Release is not null && (newRelease is null || after.Release == newRelease) &&
            !after.Release.EndsWith(".partial", StringComparison.Ordinal) && after.AllReady && after.Page == newPage;
        // The one state between old and new a cut may leave: the switch of current and compose's up are two commands,
        // so right after the switch current names the new release while the old containers, untouched, still serve.
        var switchedAheadOfUp = cutAfterSwitch && after.Release != before.Release && (newRelease is null || after.Release == newRelease) && oldServing;
        var left = string.Join(", ", after.Entries.Except(before.Entries).Where(entry => entry != after.Release).Select(entry => $"+{Kind(entry)}"));
        var audit = after.AuditLines > before.AuditLines ? "audit: " + Outcome() : "audit: no line";
        var state = isOld ? "old release serving" :
            isNew ? "new release serving" :
            switchedAheadOfUp ? "old containers serving the old page, current already switched (the switch and up are two commands)" :
            $"MIX: current {(after.Release == before.Release ? "old" : "new")}, containers {Changed(before, after)}, page {(after.Page == before.Page ? "old" : after.Page == newPage ? "new" : after.Page)}{(after.AllReady ? string.Empty : ", not all ready")}";
        var recorded = after.AuditLines > before.AuditLines;
        return ($"{state}{(left.Length > 0 ? "; left " + left : string.Empty)}; {audit}", (isOld || isNew || switchedAheadOfUp) && recorded);
    }

    private static string Kind(string entry) => entry.EndsWith(".partial", StringComparison.Ordinal) ? "a .partial release" : "a complete release never switched to, which only pruning (--keep-releases) removes";

    private static string Changed(HostState before, HostState after)
    {
        var same = after.Containers.Count(c => before.Containers.GetValueOrDefault(c.Key) == c.Value);
        return same == before.Containers.Count && after.Containers.Count == same ? "old" : $"{after.Containers.Count - same} of {after.Containers.Count} new";
    }

    private string Outcome() => File.ReadAllLines(_remote.Combine(AuditLog.FileName))[^1].Split(' ')[^1];

    /// <summary>"yes", or why not: the next run must put the new release up, serving, with nothing half-made left and its audit line written.</summary>
    private string Converged(BuildProgram.Result next, HostState before, string newPage, string? newRelease = null)
    {
        var after = Read();
        string[] problems =
        [
            .. next.ExitCode == 0 ? Array.Empty<string>() : [$"exit {next.ExitCode}: {LastError(next.Output)}"],
            .. after.Release != before.Release && (newRelease is null || after.Release == newRelease) ? [] : new[] { $"current is {after.Release}" },
            .. after.Page == newPage ? [] : new[] { $"page {after.Page}" },
            .. after.AllReady ? [] : new[] { "not all ready" },
            .. after.Entries.Any(entry => entry.EndsWith(".partial", StringComparison.Ordinal)) ? new[] { "a .partial left" } : [],
            .. after.AuditLines > before.AuditLines && Outcome() == "outcome=succeeded" ? [] : new[] { "no succeeded audit line" },
        ];
        return problems.Length == 0 ? "yes" : "NO: " + string.Join("; ", problems);
    }

    private static string LastError(string output) =>
        output.Split('\n').LastOrDefault(line => line.StartsWith("Error:", StringComparison.Ordinal))?.Trim() ?? "no error line";

    /// <summary>The product's command as sent, without the timeout and stdin wrapping the SSH layer adds, on one line, shortened.</summary>
    private string Shown(IReadOnlyList<string> sent, int step)
    {
        if (sent.Count < step)
        {
            return "(fewer commands)";
        }

        var text = Wrapper().Match(sent[step - 1]) is { Success: true } wrapped ? wrapped.Groups["inner"].Value.Replace("'\\''", "'", StringComparison.Ordinal) : sent[step - 1];
        text = Drained().Replace(text, "${inner}");
        text = Whitespace().Replace(text.Replace(_remote.Path, "<remote-dir>", StringComparison.Ordinal), " ").Trim();
        text = text.Length > ShownCommandLength ? text[..ShownCommandLength] + "…" : text;
        return text.Replace("|", "\\|", StringComparison.Ordinal);
    }

    private void AssertTable(string title, IReadOnlyList<Row> rows)
    {
        var table = new StringBuilder()
            .AppendLine(title)
            .AppendLine()
            .AppendLine("| k | command k (shortened) | on the host after the cut | next run converged | cut run, next run (s) |")
            .AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {row.Step} | `{row.Command}` | {row.AfterCut} | {row.Converged} | {row.CutRun.TotalSeconds:0.0}, {row.NextRun.TotalSeconds:0.0} |");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());
        Assert.All(rows, row => Assert.True(row.Coherent && row.Converged.StartsWith("yes", StringComparison.Ordinal), $"step {row.Step}: {row.AfterCut}; converged: {row.Converged}\n{table}"));
    }

    [GeneratedRegex("""^timeout -k \d+ \d+ "\$\{SHELL:-/bin/sh\}" -c '(?<inner>.*)'$""", RegexOptions.Singleline)]
    private static partial Regex Wrapper();

    [GeneratedRegex("""^(?:\{ (?<inner>.*)\n\} </dev/null|\((?<inner>.*)\n\); status=\$\?; cat >/dev/null; exit \$status)$""", RegexOptions.Singleline)]
    private static partial Regex Drained();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
