using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Docker;

public class ComposeConfigTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Config_accepts_a_valid_stack(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);

        var validation = stack.Cli.Config();

        Assert.True(validation.IsValid, validation.Message);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Config_returns_composes_explanation_for_a_broken_file(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);
        stack.Write("docker-compose.yml", "services:\n  web:\n    build: ./web\n    restart_policy_typo: always\n");

        var validation = stack.Cli.Config();

        Assert.False(validation.IsValid);
        Assert.Contains("restart_policy_typo", validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void A_failing_command_names_the_project_and_compose_message(ComposeFlavor flavor)
    {
        using var stack = TestComposeStack.Create(docker, flavor: flavor);

        var failure = Assert.Throws<CommandFailedException>(() => stack.Cli.Up(["no-such-service"]));

        Assert.Contains($"Starting compose project '{stack.Project.Name}' failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-service", failure.Message, StringComparison.Ordinal);
    }
}
