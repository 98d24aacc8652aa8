using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Checks;

public sealed class HealthReportTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { CheckState.Ok, CheckState.Ok }, CheckState.Ok, 0)]
    [InlineData(new[] { CheckState.Ok, CheckState.NotConfigured }, CheckState.NotConfigured, 4)]
    [InlineData(new[] { CheckState.NotConfigured, CheckState.Warn }, CheckState.Warn, 3)]
    [InlineData(new[] { CheckState.Warn, CheckState.Fail, CheckState.NotConfigured }, CheckState.Fail, 1)]
    public void The_worst_state_gives_the_exit_code(CheckState[] states, CheckState worst, int exitCode)
    {
        var report = new HealthReport([.. states.Select((s, i) => new CheckResult($"c{i}", s, "line"))], Noon);

        Assert.Equal(worst, report.Worst);
        Assert.Equal(exitCode, HealthReport.ExitCodeOf(report.Worst));
    }

    [Fact]
    public void A_summary_names_the_worst_detail_or_counts_them()
    {
        CheckResult[] details = [new("a", CheckState.Ok, "fine"), new("b", CheckState.Warn, "soon"), new("c", CheckState.Fail, "down")];

        Assert.Equal(new CheckResult("all", CheckState.Fail, "c: down") { Details = details }, CheckResult.Summary("all", details, "none"));
        Assert.Equal("2 of 3 fail, first b: soon", CheckResult.Summary("x", [details[0], details[1] with { State = CheckState.Fail }, details[2]], "none").Line);
        Assert.Equal("all 1 ok", CheckResult.Summary("x", [details[0]], "none").Line);
        Assert.Equal(new CheckResult("x", CheckState.NotConfigured, "none"), CheckResult.Summary("x", [], "none"));
    }

    [Fact]
    public void The_runner_turns_a_throwing_check_into_its_failure_and_bad_configuration_into_not_configured()
    {
        var report = new HealthRunner(new FixedClock(Noon)).Run(
            [new Throwing("Broken", new InvalidOperationException("ssh: connection refused")), new Throwing("Unset", new BuildInputException("no backup target set")), new Fine()],
            CancellationToken.None);

        Assert.Equal(
            [new("Broken", CheckState.Fail, "ssh: connection refused"), new("Unset", CheckState.NotConfigured, "no backup target set"), new CheckResult("Fine", CheckState.Ok, "fine")],
            report.Results);
        Assert.Equal(Noon, report.CheckedAt);
    }

    [Fact]
    public void The_page_escapes_what_servers_said_and_fetches_nothing()
    {
        var report = new HealthReport([new CheckResult("https x:443", CheckState.Fail, "the route answers <script>alert(1)</script> & more")], Noon);

        var html = HealthHtml.Write(report, "Doctor");

        Assert.Contains("the route answers &lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);
        Assert.Contains("Checked 2026-11-29 12:00:00 UTC, exit code 1.", html);
    }

    [Fact]
    public void The_json_document_holds_states_lines_and_details()
    {
        var report = new HealthReport([new CheckResult("E", CheckState.Warn, "one") { Details = [new("d", CheckState.Warn, "one")] }], Noon);

        var json = HealthJson.Write(report);

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("2026-11-29T12:00:00+00:00", root.GetProperty("checkedAt").GetString());
        Assert.Equal(("warn", 3), (root.GetProperty("state").GetString(), root.GetProperty("exitCode").GetInt32()));
        var detail = root.GetProperty("checks")[0].GetProperty("details")[0];
        Assert.Equal(("d", "warn", "one"), (detail.GetProperty("name").GetString(), detail.GetProperty("state").GetString(), detail.GetProperty("line").GetString()));
    }

    private sealed class Throwing(string name, Exception exception) : IHealthCheck
    {
        public string Name => name;

        public CheckResult Run(CancellationToken cancellation) => throw exception;
    }

    private sealed class Fine : IHealthCheck
    {
        public string Name => "Fine";

        public CheckResult Run(CancellationToken cancellation) => new(Name, CheckState.Ok, "fine");
    }
}
