using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Configuration;

/// <summary>RenderConfiguration, DkimKey and ValidateCompose run as a user runs them: through the build program.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigurationTasksTests : IDisposable
{
    private const string Secret = "Rq5-template-secret-Vn8";

    private readonly TemporaryDirectory _work = new();

    public ConfigurationTasksTests()
    {
        _work.Write("stack/.env", $"COMPOSE_PROJECT_NAME=cfgtest\nCLOUD_DOMAIN=example.org\nDB_PASSWORD={Secret}\nDKIM_SELECTOR=mail\nTOP_DOMAIN=example.org\n");
        _work.Write("stack/configurations/traefik/traefik.toml.template", "[entryPoints]\n  domain = \"${CLOUD_DOMAIN}\"\n# \\$HOME stays\n");
        _work.Write("stack/configurations/db/init.sql.template", "CREATE USER app IDENTIFIED BY '$DB_PASSWORD';\n");
        _work.Write("stack/docker-compose.yml", "services:\n  web:\n    image: busybox\n    environment:\n      DOMAIN: ${CLOUD_DOMAIN}\n");
    }

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Run(params string[] args) =>
        BuildProgram.Run(_work.Path, null, ["--stack=stack", "--templates=configurations/**/*.template", .. args]);

    [Fact]
    public void Renders_every_template_then_changes_nothing_on_a_second_run()
    {
        var first = Run("--target=RenderConfiguration", "--exclusive");
        var toml = _work.Combine("stack", "configurations", "traefik", "traefik.toml");
        var sql = _work.Combine("stack", "configurations", "db", "init.sql");
        var written = File.GetLastWriteTimeUtc(toml);

        var second = Run("--target=RenderConfiguration", "--exclusive");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("2 template(s) rendered: 2 changed, 0 unchanged.", first.Output);
        Assert.Equal("[entryPoints]\n  domain = \"example.org\"\n# $HOME stays\n", File.ReadAllText(toml));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sql));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("2 template(s) rendered: 0 changed, 2 unchanged.", second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(toml));
    }

    [Fact]
    public void Undefined_variables_are_all_listed_and_nothing_is_written()
    {
        _work.Write("stack/configurations/mail/smtpd.conf.template", "listen on $MAIL_IFACE\nhostname ${MAIL_HOSTNAME}\n");

        var result = Run("--target=RenderConfiguration", "--exclusive");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configurations/mail/smtpd.conf.template:1", result.Output);
        Assert.Contains("MAIL_IFACE", result.Output);
        Assert.Contains("configurations/mail/smtpd.conf.template:2", result.Output);
        Assert.Contains("MAIL_HOSTNAME", result.Output);
        Assert.Empty(Directory.GetFiles(_work.Combine("stack"), "*.toml", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_work.Combine("stack"), "*.sql", SearchOption.AllDirectories));
    }

    [Fact]
    public void Dry_run_shows_a_redacted_diff_and_writes_nothing()
    {
        var before = _work.Snapshot();

        var result = Run("--target=RenderConfiguration", "--dryrun", "--verbosity=diagnostic");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(before, _work.Snapshot());
        Assert.Contains("+++ b/configurations/db/init.sql", result.Output);
        Assert.Contains("+CREATE USER app IDENTIFIED BY '[REDACTED]';", result.Output);
        Assert.Contains("would create", result.Output);
        Assert.Contains("a 2048-bit RSA key would be created", result.Output);
        Assert.DoesNotContain(Secret, result.Output);
    }

    [Fact]
    public void The_dkim_key_is_created_once_and_never_overwritten()
    {
        var key = _work.Combine("stack", "configurations", "mail", "dkim", "private.key");

        var first = Run("--target=CreateDkimKey");
        var created = File.ReadAllText(key);
        var second = Run("--target=CreateDkimKey");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Created DKIM key", first.Output);
        Assert.Contains("mail._domainkey.example.org TXT \"v=DKIM1; k=rsa; p=", first.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Contains("exists: kept", second.Output);
        Assert.Equal(created, File.ReadAllText(key));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void ValidateCompose_accepts_a_good_stack_and_shows_composes_message_for_a_broken_one(ComposeFlavor flavor)
    {
        var compose = InstalledCompose.Require(flavor);
        var choice = $"--compose={ComposeSettings.OptionValue(flavor)}";

        var good = Run("--target=ValidateCompose", "--exclusive", choice);
        _work.Write("stack/docker-compose.yml", "services:\n  web:\n    image: busybox\n    ports: \"not a list\"\n");
        var broken = Run("--target=ValidateCompose", "--exclusive", choice);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains($"Compose on this machine: {compose}.", good.Output);
        Assert.Contains("The compose project cfgtest (docker-compose.yml) is valid.", good.Output);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("docker compose rejects the stack:", broken.Output);
        Assert.Contains("ports", broken.Output);
    }

    [Fact]
    public void On_a_machine_with_only_docker_compose_v1_ValidateCompose_runs_it()
    {
        V1OnlyHost.Require();
        var v1 = InstalledCompose.Require(ComposeFlavor.StandaloneV1);

        var result = BuildProgram.RunBehind(V1OnlyHost.Wrapper, _work.Path, null, "--stack=stack", "--target=ValidateCompose", "--exclusive");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Compose on this machine: {v1}.", result.Output);
        Assert.Contains("The compose project cfgtest (docker-compose.yml) is valid.", result.Output);
    }

    [Fact]
    public void ValidateCompose_names_a_variable_the_env_file_does_not_define()
    {
        _work.Write("stack/docker-compose.yml", "services:\n  web:\n    image: busybox:${BUSYBOX_TAG}\n");

        var result = Run("--target=ValidateCompose", "--exclusive");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("BUSYBOX_TAG (" + _work.Combine("stack", "docker-compose.yml") + ":3)", result.Output);
    }
}
