using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Cli;

/// <summary>Runs tasks at the most talkative verbosity with distinctive secrets and looks for them in the output.</summary>
public sealed class SecretRedactionTests : IDisposable
{
    private const string EnvFileSecret = "Zq8-env-file-secret-Xk2";
    private const string EnvironmentSecret = "Wm4-environment-secret-Pt7";
    private const string PassphraseSecret = "Hy6-passphrase-secret-Lc3";

    private readonly TemporaryDirectory _work = new();

    public SecretRedactionTests()
    {
        _work.Write("configuration/.env", $"CLOUD_DOMAIN=example.org\nMYSQL_ROOT_PASSWORD={EnvFileSecret}\nAPI_TOKEN=\"{EnvironmentSecret}x\"\n");
        _work.Write("configuration/docker-compose.yml", "services: {}\n");
    }

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("--target=Plan")]
    [InlineData("--target=Plan", "--dryrun")]
    [InlineData("--target=Plan", "--unknown-setting=1")]
    public void No_secret_reaches_the_output_at_diagnostic_verbosity(params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["CLOUD_SECRET"] = EnvironmentSecret,
            ["API_TOKEN"] = EnvironmentSecret,
            ["DEPLOY_SSH_KEY_PASSPHRASE"] = PassphraseSecret,
        };

        var result = BuildProgram.Run(_work.Path, environment, [.. args, "--verbosity=diagnostic"]);

        Assert.DoesNotContain(EnvFileSecret, result.Output);
        Assert.DoesNotContain(EnvironmentSecret, result.Output);
        Assert.DoesNotContain(PassphraseSecret, result.Output);
    }

    [Fact]
    public void A_secret_setting_on_the_command_line_is_refused_without_echoing_it()
    {
        var result = BuildProgram.Run(_work.Path, null, $"--ssh-key-passphrase={PassphraseSecret}", "--verbosity=diagnostic");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set DEPLOY_SSH_KEY_PASSPHRASE in the environment or the .env", result.Output);
        Assert.DoesNotContain(PassphraseSecret, result.Output);
    }
}
