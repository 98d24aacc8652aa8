using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Settings;

/// <summary>
/// Which values the settings loader hands to the redactor, that a run never fails on a value that
/// only looks secret, and the warnings it gives about what it reads.
/// </summary>
public sealed class SecretDetectionTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();
    private readonly RecordingLog _log = new();
    private readonly SecretRedactor _redactor = new();

    public void Dispose() => _work.Dispose();

    private void Load(string dotEnv, Dictionary<string, string>? environment = null)
    {
        _work.Write("stack/.env", dotEnv);
        var arguments = new[] { ("stack", _work.Combine("stack")) }.ToLookup(a => a.Item1, a => a.Item2, StringComparer.OrdinalIgnoreCase);
        new BuildSettingsLoader(_log, _redactor).Load(arguments, name => environment?.GetValueOrDefault(name), _work.Path, environment?.Keys);
    }

    [Fact]
    public void An_unknown_deploy_name_warns_naming_where_it_is_and_the_closest_setting()
    {
        Load("COMPOSE_PROJECT_NAME=names\nDEPLOY_HOTS=root@example.org\nDEPLOY_DRYRUN=false\n", new() { ["DEPLOY_REMOTEDIR"] = "/srv", ["DEPLOY_TIMEOUT"] = "30" });

        Assert.Equal(
            [
                "DEPLOY_REMOTEDIR (environment) is not a setting of this tool and is ignored (did you mean DEPLOY_REMOTE_DIR?); run with --help to list the settings.",
                $"DEPLOY_HOTS ({_work.Combine("stack", ".env")}:2) is not a setting of this tool and is ignored (did you mean DEPLOY_HOST?); run with --help to list the settings.",
            ],
            _log.Warnings);
    }

    [Fact]
    public void Catalog_settings_that_are_not_secret_never_are_and_a_command_ending_in_true_still_runs()
    {
        server.Require();
        Load("COMPOSE_PROJECT_NAME=secrettest\nDEPLOY_ACCEPT_NEW_HOST_KEY=true\nDEPLOY_SSH_KEY=/root/.ssh/id_deploy_key\n");
        using var session = new SshSession(server.Settings());
        var shell = new RemoteShell(session, _redactor, _ => { });

        var output = shell.Run(new RemoteCommand("readlink -- /nonexistent/current || true; echo /root/.ssh/id_deploy_key"));

        Assert.Empty(_redactor.Secrets);
        Assert.Empty(_log.Warnings);
        Assert.Equal("/root/.ssh/id_deploy_key\n", output);
    }

    [Fact]
    public void Flags_booleans_and_short_values_named_like_secrets_warn_naming_the_variable_and_are_not_masked()
    {
        Load("DB_PASSWORD=1234\nSMTP_SECRET=yes\nAPI_TOKEN=abc\nREAL_PASSWORD=long-enough-value\nEMPTY_PASSWORD=\nPIN_SECRET=83749283749823\n");

        Assert.Equal(["long-enough-value", "83749283749823"], _redactor.Secrets);
        var envFile = _work.Combine("stack", ".env");
        Assert.Equal(
            [
                $"DB_PASSWORD ({envFile}:1) is named like a secret but its value is shorter than 6 characters, so it is not masked in the output; if it is a secret, give it a long random value.",
                $"SMTP_SECRET ({envFile}:2) is named like a secret but its value is a boolean, so it is not masked in the output; if it is a secret, give it a long random value.",
                $"API_TOKEN ({envFile}:3) is named like a secret but its value is shorter than 6 characters, so it is not masked in the output; if it is a secret, give it a long random value.",
            ],
            _log.Warnings);
    }

    [Fact]
    public void A_secret_setting_from_the_environment_is_masked_unless_it_cannot_be()
    {
        Load("API_TOKEN=from-the-env-file\n", new() { ["API_TOKEN"] = "from-the-environment", ["DEPLOY_SSH_KEY_PASSPHRASE"] = "pw" });

        Assert.Equal(["from-the-environment"], _redactor.Secrets);
        Assert.Equal(
            ["DEPLOY_SSH_KEY_PASSPHRASE (DEPLOY_SSH_KEY_PASSPHRASE (environment)) is named like a secret but its value is shorter than 6 characters, so it is not masked in the output; if it is a secret, give it a long random value."],
            _log.Warnings);
    }
}
