using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Cli;

/// <summary>Runs tasks at the most talkative verbosity with distinctive secrets and looks for them in the output.</summary>
public sealed class SecretRedactionTests(SshServerFixture server, DockerFixture docker)
    : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string EnvFileSecret = "Zq8-env-file-secret-Xk2";
    private const string EnvironmentSecret = "Wm4-environment-secret-Pt7";
    private const string PassphraseSecret = "Hy6-passphrase-secret-Lc3";

    private readonly TemporaryDirectory _work = new();

    private readonly TemporaryDirectory _remote = new();

    private void WriteStack()
    {
        _work.Write("configuration/.env", $"CLOUD_DOMAIN=example.org\nMYSQL_ROOT_PASSWORD={EnvFileSecret}\nAPI_TOKEN=\"{EnvironmentSecret}x\"\n");
        _work.Write("configuration/docker-compose.yml", "services:\n  db:\n    image: busybox\n");
        _work.Write("configuration/db/init.sql.template", "ALTER USER root IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}';\n-- ${API_TOKEN}\n");
    }

    public void Dispose()
    {
        _work.Dispose();
        _remote.Dispose();
    }

    [Theory]
    [InlineData("--target=Plan")]
    [InlineData("--target=Plan", "--dryrun")]
    [InlineData("--target=Plan", "--unknown-setting=1")]
    [InlineData("--target=RenderConfiguration", "--dryrun")]
    [InlineData("--target=Deploy", "--dryrun", "--host=root@127.0.0.1:1")]
    [InlineData("--target=RenderConfiguration", "--templates=db/*.template")]
    public void No_secret_reaches_the_output_at_diagnostic_verbosity(params string[] args)
    {
        WriteStack();
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
        WriteStack();
        var result = BuildProgram.Run(_work.Path, null, $"--ssh-key-passphrase={PassphraseSecret}", "--verbosity=diagnostic");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set DEPLOY_SSH_KEY_PASSPHRASE in the environment or the .env", result.Output);
        Assert.DoesNotContain(PassphraseSecret, result.Output);
    }

    [Fact]
    public void A_dry_run_deploy_shows_the_redacted_diff_and_upload_but_no_secret()
    {
        server.Require();
        docker.RequireCompose();
        WriteStack();
        var result = BuildProgram.Run(
            _work.Path,
            new Dictionary<string, string> { ["API_TOKEN"] = EnvironmentSecret },
            "--target=Deploy", "--dryrun", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
            $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={_remote.Path}", "--verbosity=diagnostic");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("+ALTER USER root IDENTIFIED BY '[REDACTED]';", result.Output);
        Assert.Contains("+-- [REDACTED]", result.Output);
        Assert.Contains("would upload .env", result.Output);
        Assert.DoesNotContain(EnvFileSecret, result.Output);
        Assert.DoesNotContain(EnvironmentSecret, result.Output);
    }
}
