using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tests.Plumbing.Settings;

/// <summary>
/// The one decision Plan lists and Deploy refuses on: which secrets still hold .env.dist's example
/// value, at its boundaries (one character off, a default that is no secret, the environment).
/// </summary>
public sealed class DeployReadinessTests
{
    private const string TemplatePath = "/stack/.env.dist";
    private const string EnvPath = "/stack/.env";

    private const string Template =
        "MYSQL_ROOT_PASSWORD=example-root-password\n" +
        "STATUS_CREDENTIALS='admin:$2y$11$CdivNhzvuk6ddxqGakILIeCLhPLOY7j9u/FeFut6OWQI6XRdk3fVy'\n" +
        "DKIM_SELECTOR=mail2026\n" +
        "CRYPTPAD_ADMIN_KEY=[admin@pad.example.com/example-signing-key=]\n" +
        "DEPLOY_BACKUP_PASSPHRASE=example-backup-passphrase\n" +
        "DEPLOY_ACCEPT_NEW_HOST_KEY=false\n" +
        "TOP_DOMAIN=example.com\n";

    private static DeployReadiness Decide(string env, IReadOnlyDictionary<string, string>? environment = null, bool fallback = false)
    {
        var file = DotEnvParser.Parse(env, EnvPath);
        var values = file.Entries.ToDictionary(
            entry => entry.Key,
            entry => environment?.GetValueOrDefault(entry.Key) is { } overridden ? (overridden, $"{entry.Key} (environment)") : (entry.Value, $"{EnvPath}:{entry.Line}"),
            StringComparer.Ordinal);
        return DeployReadiness.Decide([], new StackVariables(values), DotEnvParser.Parse(Template, TemplatePath), fallback);
    }

    [Fact]
    public void An_env_equal_to_env_dist_names_each_secret_with_its_file_and_line_and_what_to_do()
    {
        var readiness = Decide(Template);

        Assert.Equal(["MYSQL_ROOT_PASSWORD", "STATUS_CREDENTIALS", "DEPLOY_BACKUP_PASSPHRASE"], readiness.ExampleSecrets.Select(e => e.Name));
        Assert.Equal(
            $"MYSQL_ROOT_PASSWORD ({EnvPath}:1) still holds the example value of {TemplatePath}, printed in the public repository: " +
            "set a value of your own, or delete its line and run ./build.sh --target=NewEnv --add-missing=true to generate one.",
            readiness.ExampleSecrets[0].Problem);
        Assert.Contains($"STATUS_CREDENTIALS ({EnvPath}:2) still holds", readiness.ExampleSecrets[1].Problem, StringComparison.Ordinal);
        Assert.Empty(readiness.Missing);
        Assert.False(readiness.Complete);
    }

    [Fact]
    public void A_secret_one_character_off_the_example_passes()
    {
        var env = Template
            .Replace("example-root-password", "example-root-passworD", StringComparison.Ordinal)
            .Replace("fVy'", "fVz'", StringComparison.Ordinal)
            .Replace("=example-backup-passphrase", "=xexample-backup-passphrase", StringComparison.Ordinal);

        var readiness = Decide(env);

        Assert.Empty(readiness.ExampleSecrets);
        Assert.True(readiness.Complete);
    }

    [Fact]
    public void Defaults_that_are_no_secret_pass_as_env_dist_has_them()
    {
        var readiness = Decide(
            "MYSQL_ROOT_PASSWORD=mine-and-long\nSTATUS_CREDENTIALS=admin:other\nDEPLOY_BACKUP_PASSPHRASE=mine-too\n" +
            "DKIM_SELECTOR=mail2026\nCRYPTPAD_ADMIN_KEY=[admin@pad.example.com/example-signing-key=]\nDEPLOY_ACCEPT_NEW_HOST_KEY=false\nTOP_DOMAIN=example.com\n");

        // DEPLOY_ACCEPT_NEW_HOST_KEY is named like a key but the catalog says it is a flag; Cryptpad's admin key is public.
        Assert.Empty(readiness.ExampleSecrets);
    }

    [Fact]
    public void A_value_from_the_environment_counts_as_compose_would_use_it()
    {
        Assert.Empty(Decide(Template, new Dictionary<string, string>
        {
            ["MYSQL_ROOT_PASSWORD"] = "from-the-ci-store", ["STATUS_CREDENTIALS"] = "admin:x", ["DEPLOY_BACKUP_PASSPHRASE"] = "from-the-ci-store",
        }).ExampleSecrets);

        var overridden = Decide(Template.Replace("example-root-password", "mine-and-long", StringComparison.Ordinal), new Dictionary<string, string> { ["MYSQL_ROOT_PASSWORD"] = "example-root-password" });
        Assert.StartsWith("MYSQL_ROOT_PASSWORD (environment) still holds", overridden.ExampleSecrets[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_secret_is_missing_not_an_example()
    {
        var readiness = Decide(Template.Replace("=example-root-password", "=", StringComparison.Ordinal));

        Assert.DoesNotContain("MYSQL_ROOT_PASSWORD", readiness.ExampleSecrets.Select(e => e.Name));
        Assert.Equal([$"MYSQL_ROOT_PASSWORD ({TemplatePath}:1): no value yet"], readiness.Missing);
    }

    [Fact]
    public void Without_an_env_the_examples_point_at_NewEnv()
    {
        var readiness = Decide(Template, fallback: true);

        Assert.All(readiness.ExampleSecrets, e => Assert.EndsWith("run ./build.sh --target=NewEnv to write a .env with fresh secrets.", e.Problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Refusing_throws_one_line_per_example_secret_and_nothing_when_none_remains()
    {
        var error = Assert.Throws<BuildInputException>(() => Decide(Template).RefuseExampleSecrets("Deploy"));

        var lines = error.Message.Split('\n');
        Assert.Equal("Deploy refuses to send the example secrets of .env.dist to the host (3):", lines[0]);
        Assert.Equal(["MYSQL_ROOT_PASSWORD", "STATUS_CREDENTIALS", "DEPLOY_BACKUP_PASSPHRASE"], lines.Skip(1).Select(line => line.TrimStart(' ', '-').Split(' ')[0]));
        Decide(Template.Replace("example-", "mine-", StringComparison.Ordinal).Replace("fVy'", "fVz'", StringComparison.Ordinal)).RefuseExampleSecrets("Deploy");
    }
}
