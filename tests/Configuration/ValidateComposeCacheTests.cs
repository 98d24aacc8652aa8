using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Configuration;

/// <summary>
/// ValidateCompose as a user runs it (the build program, the real compose), its compose processes
/// counted by wrappers first on PATH that log and then run the real programs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ValidateComposeCacheTests : IClassFixture<DockerFixture>, IDisposable
{
    private readonly DockerFixture _docker;
    private readonly TemporaryDirectory _work = new();
    private readonly ComposeCallRecorder _recorder;
    private TestComposeStack? _stack;

    public ValidateComposeCacheTests(DockerFixture docker)
    {
        _docker = docker;
        _recorder = new ComposeCallRecorder(_work.Combine("bin"), _work.Combine("calls.log"));
    }

    private TestComposeStack Stack => _stack ??= TestComposeStack.Create(_docker);

    public void Dispose()
    {
        _stack?.Dispose();
        _work.Dispose();
    }

    private (BuildProgram.Result Result, IReadOnlyList<string> ComposeCalls) Validate(IReadOnlyDictionary<string, string>? environment = null)
    {
        _recorder.Clear();
        var result = BuildProgram.Run(
            Stack.Directory,
            new Dictionary<string, string>([.. _recorder.Environment, .. environment ?? new Dictionary<string, string>()]),
            $"--stack={Stack.Directory}", "--target=ValidateCompose", "--exclusive");
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result, _recorder.ComposeCalls);
    }

    [Fact]
    public void A_second_validation_of_the_same_stack_starts_no_compose()
    {
        var (_, first) = Validate();
        var (second, secondCalls) = Validate();

        Assert.Single(first, IsConfig);
        Assert.Empty(secondCalls);
        Assert.Contains("is valid: compose accepted it before, and nothing it reads has changed since.", second.Output);
    }

    [Fact]
    public void A_changed_compose_file_env_file_or_interpolated_variable_validates_again()
    {
        Validate();

        Stack.Write("docker-compose.yml", File.ReadAllText(Path.Combine(Stack.Directory, "docker-compose.yml")) + "# edited\n");
        var (_, afterComposeEdit) = Validate();
        File.AppendAllText(Path.Combine(Stack.Directory, ".env"), "UNUSED=1\n");
        var (_, afterEnvEdit) = Validate();
        var (_, withVariable) = Validate(new Dictionary<string, string> { ["GREETING"] = "from the environment" });
        var (_, withOtherVariable) = Validate(new Dictionary<string, string> { ["GREETING"] = "from the environment", ["NOT_IN_COMPOSE"] = "x" });

        Assert.Single(afterComposeEdit, IsConfig);
        Assert.Single(afterEnvEdit, IsConfig);
        Assert.Single(withVariable, IsConfig);
        Assert.Empty(withOtherVariable);
    }

    [Fact]
    public void A_changed_file_compose_never_reads_starts_no_compose_and_a_changed_env_file_of_a_service_validates_again()
    {
        var compose = File.ReadAllText(Path.Combine(Stack.Directory, "docker-compose.yml"));
        Stack.Write("docker-compose.yml", compose.Replace("    command: [\"sh\", \"/job.sh\"]\n", "    command: [\"sh\", \"/job.sh\"]\n    env_file: worker.env\n", StringComparison.Ordinal));
        Stack.Write("worker.env", "EXTRA=1\n");
        Validate();

        Stack.Write("web/index.html", "<h1>a page compose never reads</h1>\n");
        var (_, afterPageEdit) = Validate();
        Stack.Write("worker.env", "EXTRA=2\n");
        var (_, afterEnvFileEdit) = Validate();

        Assert.Empty(afterPageEdit);
        Assert.Single(afterEnvFileEdit, IsConfig);
    }

    [Fact]
    public void A_broken_compose_file_after_a_cached_success_is_still_rejected()
    {
        Validate();
        Stack.Write("docker-compose.yml", "services:\n  web:\n    image: [not, a, string]\n");

        _recorder.Clear();
        var result = BuildProgram.Run(Stack.Directory, _recorder.Environment, $"--stack={Stack.Directory}", "--target=ValidateCompose", "--exclusive");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("docker compose rejects the stack:", result.Output);
        Assert.Single(_recorder.ComposeCalls, IsConfig);
    }

    /// <summary>The validation itself; finding which compose is installed (`version`) is a compose call too.</summary>
    private static bool IsConfig(string call) => call.EndsWith(" config --quiet", StringComparison.Ordinal);
}
