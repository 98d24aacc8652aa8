using PrivateCloud.Tasks.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Docker;

public class ComposeConfigTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public void Config_accepts_a_valid_stack()
    {
        using var stack = TestComposeStack.Create(docker);

        var validation = stack.Cli.Config();

        Assert.True(validation.IsValid, validation.Message);
    }

    [Fact]
    public void Config_returns_composes_explanation_for_a_broken_file()
    {
        using var stack = TestComposeStack.Create(docker);
        stack.Write("docker-compose.yml", "services:\n  web:\n    build: ./web\n    restart_policy_typo: always\n");

        var validation = stack.Cli.Config();

        Assert.False(validation.IsValid);
        Assert.Contains("restart_policy_typo", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_command_names_the_project_and_compose_message()
    {
        using var stack = TestComposeStack.Create(docker);

        var failure = Assert.Throws<CommandFailedException>(() => stack.Cli.Up(["no-such-service"]));

        Assert.Contains($"Starting compose project '{stack.Project.Name}' failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-service", failure.Message, StringComparison.Ordinal);
    }
}
