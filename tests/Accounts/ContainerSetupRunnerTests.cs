using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;
using PrivateCloud.Tasks.Accounts.Setup;

namespace PrivateCloud.Tests.Accounts;

/// <summary>
/// Passbolt's registration link, a bearer token, against a stack that answers Passbolt's commands:
/// shown once on the console and never logged in a watched run; in a CI or JSON run the admin is not
/// made at all, and the line says what to run instead.
/// </summary>
public sealed class ContainerSetupRunnerTests
{
    private const string Link = "https://passwords.example.test/setup/start/3f2b6c1e-0000-4000-8000-000000000001/7d1e4a52-0000-4000-8000-000000000002";

    private static readonly RequiredVariables Variables = new(
        new StackVariables(new Dictionary<string, (string, string)> { ["EMAIL"] = ("admin@example.test", ".env:1"), ["PASSBOLT_USER"] = ("Ada", ".env:2") }),
        ".env",
        "InitPassboltAdmin");

    [Theory]
    [InlineData(null, OutputFormat.Text, true)]
    [InlineData("false", OutputFormat.Text, true)]
    [InlineData("", OutputFormat.Text, true)]
    [InlineData("true", OutputFormat.Text, false)]
    [InlineData("TRUE", OutputFormat.Text, false)]
    [InlineData(null, OutputFormat.Json, false)]
    [InlineData("true", OutputFormat.Json, false)]
    public void Only_a_run_without_CI_true_and_without_json_output_has_a_console_for_one_time_secrets(string? ci, OutputFormat format, bool shown)
    {
        var console = new StringWriter();

        var secrets = OneTimeSecretConsole.For(ci, format, console);

        Assert.Equal(shown ? console : null, secrets.Console);
        Assert.Equal(shown, secrets.WhyNot is null);
    }

    [Fact]
    public void In_a_watched_run_the_link_goes_to_the_console_once_and_the_log_says_so_without_it()
    {
        var stack = new PassboltStack();
        var console = new StringWriter();
        var log = new List<string>();

        new ContainerSetupRunner(new(() => stack), dryRun: false, log.Add, OneTimeSecretConsole.For(null, OutputFormat.Text, console))
            .Run(ApplicationSetups.PassboltAdmin(Variables));

        Assert.Equal($"User saved successfully.\nTo start registration follow the link provided in your mailbox or here:\n{Link}\n", console.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(
            ["Passbolt admin admin@example.test: created. Its registration link, above, is shown this once, on the console only: it is in no log. " +
             "Whoever holds it can finish the registration, so open it now and share it with no one."],
            log);
        Assert.Equal(["users_index", "register_user"], stack.Commands);
    }

    [Theory]
    [InlineData("true", OutputFormat.Text, "this run has CI=true, and a CI job's output is kept in its logs")]
    [InlineData(null, OutputFormat.Json, "this run has --format=json, whose output programs read")]
    public void In_a_CI_or_json_run_the_admin_is_not_made_and_the_line_says_how_to_make_it_where_its_link_can_be_seen(string? ci, OutputFormat format, string why)
    {
        var stack = new PassboltStack();
        var console = new StringWriter();
        var log = new List<string>();

        new ContainerSetupRunner(new(() => stack), dryRun: false, log.Add, OneTimeSecretConsole.For(ci, format, console))
            .Run(ApplicationSetups.PassboltAdmin(Variables));

        Assert.Equal(["users_index"], stack.Commands);
        Assert.Empty(console.ToString());
        Assert.Equal(
            [$"Passbolt admin admin@example.test: not created in this run: its registration link is a bearer token shown only once, and {why}. " +
             "To create it and see its registration link, run ./build.sh --target=InitPassboltAdmin from a terminal, without CI=true and --format=json."],
            log);
    }

    [Fact]
    public void An_admin_that_exists_is_present_whether_or_not_anyone_watches()
    {
        var stack = new PassboltStack { Users = "| 1 | admin@example.test | Ada Ada | admin |\n" };
        var log = new List<string>();

        new ContainerSetupRunner(new(() => stack), dryRun: false, log.Add, OneTimeSecretConsole.For("true", OutputFormat.Text, new StringWriter()))
            .Run(ApplicationSetups.PassboltAdmin(Variables));

        Assert.Equal(["Passbolt admin admin@example.test: already present."], log);
        Assert.Equal(["users_index"], stack.Commands);
    }

    /// <summary>Answers users_index with <see cref="Users"/> and register_user with Passbolt's text and a link; nothing else.</summary>
    private sealed class PassboltStack : IComposeStack
    {
        public string Users { get; init; } = string.Empty;

        public List<string> Commands { get; } = [];

        public ComposeProject Project => throw new NotSupportedException();

        public string Location => "the test's stack";

        public string Kind => "compose project";

        public bool RunsContainersOnTheHost => false;

        public bool CountsReplicas => false;

        public string? PruneLimits => null;

        public ReleaseStore? Releases => null;

        public CommandResult Exec(ServiceExec exec)
        {
            Commands.Add(exec.Command[2]);
            return exec.Command[2] switch
            {
                "users_index" => new CommandResult(0, Users, string.Empty),
                "register_user" => new CommandResult(0, $"User saved successfully.\nTo start registration follow the link provided in your mailbox or here:\n{Link}\n", string.Empty),
                var other => throw new NotSupportedException(other),
            };
        }

        public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache, string? release = null) => throw new NotSupportedException();

        public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false) => throw new NotSupportedException();

        public void Remove(IReadOnlyCollection<string> services) => throw new NotSupportedException();

        public IReadOnlyDictionary<string, string> ConfigHashes(string? release = null) => throw new NotSupportedException();

        public IReadOnlyList<ServiceStatus> Ps() => throw new NotSupportedException();

        public string Logs(string service, int tail) => throw new NotSupportedException();

        public void Down(bool removeVolumes) => throw new NotSupportedException();

        public bool RemoveVolume(string volume) => throw new NotSupportedException();

        public string ReadEngine(IReadOnlyList<string> arguments) => throw new NotSupportedException();

        public void ChangeEngine(IReadOnlyList<string> arguments) => throw new NotSupportedException();

        public void RecordImages(IReadOnlyList<ServiceStatus> running) => throw new NotSupportedException();

        public PrunePlan PlanPrune(StackPruner pruner) => throw new NotSupportedException();
    }
}
