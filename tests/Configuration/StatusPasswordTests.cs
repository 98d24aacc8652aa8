using System.Runtime.Versioning;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Configuration.Credentials;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;

namespace PrivateCloud.Tests.Configuration;

/// <summary>StatusPassword as a user runs it, on a copy of the real .env.dist, checked with an independent bcrypt verify.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class StatusPasswordTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    private readonly TemporaryDirectory _work = new();

    public StatusPasswordTests()
    {
        _work.Write("stack/.env", File.ReadAllText(StackFiles.EnvDist));
    }

    private string EnvFile => _work.Combine("stack", ".env");

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Run(string? password, params string[] args) => BuildProgram.Run(
        _work.Path,
        password is null ? null : new Dictionary<string, string> { ["DEPLOY_STATUS_PASSWORD"] = password },
        ["--target=StatusPassword", "--stack=stack", .. args]);

    private string Credentials() => DotEnvFile.Load(EnvFile, _ => null).Values[StatusPassword.Variable];

    [Fact]
    public void Writes_a_single_quoted_bcrypt_htpasswd_line_that_admits_the_password_and_nothing_else()
    {
        var before = File.ReadAllLines(EnvFile);

        var result = Run(Password, "--status-user=owner");

        Assert.True(result.ExitCode == 0, result.ToString());
        var after = File.ReadAllLines(EnvFile);
        var line = Assert.Single(after, l => l.StartsWith("STATUS_CREDENTIALS=", StringComparison.Ordinal));
        Assert.Matches(@"^STATUS_CREDENTIALS='owner:\$2y\$11\$[./A-Za-z0-9]{53}'$", line);
        var credentials = Credentials();
        Assert.StartsWith("owner:$2y$11$", credentials, StringComparison.Ordinal);
        Assert.True(BCrypt.Net.BCrypt.Verify(Password, credentials["owner:".Length..]));
        Assert.False(BCrypt.Net.BCrypt.Verify("example-password", credentials["owner:".Length..]));
        // Only that line changed, in place.
        Assert.Equal(before.Length, after.Length);
        Assert.Single(before.Zip(after), pair => pair.First != pair.Second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EnvFile));
        Assert.DoesNotContain(Password, result.Output, StringComparison.Ordinal);
        Assert.Contains("Replaced STATUS_CREDENTIALS", result.Output);
    }

    [Fact]
    public void A_second_run_with_the_same_password_keeps_the_line_and_another_password_replaces_it()
    {
        Assert.Equal(0, Run(Password).ExitCode);
        var first = File.ReadAllText(EnvFile);

        var same = Run(Password);
        var unchanged = File.ReadAllText(EnvFile);
        var other = Run("another password");

        Assert.Contains("already admits admin with this password: kept.", same.Output);
        Assert.Equal(first, unchanged);
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.True(BCrypt.Net.BCrypt.Verify("another password", Credentials()["admin:".Length..]));
    }

    /// <summary>
    /// The written line as each compose reads it: the label Traefik gets must be the htpasswd line
    /// itself. docker-compose 1.29 kept the '$$' of the old unquoted form, and v2 reads an unquoted '$'
    /// as a variable, so only the single-quoted literal reaches Traefik intact under both.
    /// </summary>
    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Compose_hands_the_written_line_to_the_dashboard_label_unchanged(ComposeFlavor flavor)
    {
        var compose = InstalledCompose.Require(flavor);
        Assert.Equal(0, Run(Password).ExitCode);
        _work.Write("stack/docker-compose.yaml", "services:\n  dashboard:\n    image: busybox\n    labels:\n      auth: ${STATUS_CREDENTIALS}\n");

        var config = CakeProcesses.CreateCommandRunner().Run(
            compose.Request(DockerEngineTarget.Local, ["config"]) with { WorkingDirectory = _work.Combine("stack"), Quiet = true });

        // `config` prints the resolved file with each literal '$' escaped as '$$', under both composes.
        var printed = config.StandardOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("auth:", StringComparison.Ordinal));
        var label = printed["auth:".Length..].Trim().Trim('\'').Replace("$$", "$", StringComparison.Ordinal);
        Assert.Equal(Credentials(), label);
        Assert.True(BCrypt.Net.BCrypt.Verify(Password, label["admin:".Length..]));
    }

    [Fact]
    public void The_example_in_env_dist_admits_its_documented_password()
    {
        var example = HtpasswdCredential.Parse(StackFiles.EnvDistValues[StatusPassword.Variable])!;

        Assert.True(example.Admits("admin", "example-password"));
        Assert.False(example.Admits("admin", "Example-password"));
        Assert.False(example.Admits("root", "example-password"));
    }

    [Fact]
    public void A_line_without_the_variable_gets_it_appended_and_a_dry_run_writes_nothing()
    {
        File.WriteAllText(EnvFile, "# mine\nTOP_DOMAIN=example.org");

        var dry = Run(Password, "--dryrun");
        var afterDry = File.ReadAllText(EnvFile);
        var real = Run(Password);

        Assert.Contains("Would add STATUS_CREDENTIALS", dry.Output);
        Assert.Equal("# mine\nTOP_DOMAIN=example.org", afterDry);
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.StartsWith("# mine\nTOP_DOMAIN=example.org\nSTATUS_CREDENTIALS='admin:$2y$", File.ReadAllText(EnvFile), StringComparison.Ordinal);
        Assert.Equal("example.org", DotEnvFile.Load(EnvFile, _ => null).Values["TOP_DOMAIN"]);
    }

    [Fact]
    public void Without_an_env_file_or_with_the_password_on_the_command_line_it_refuses()
    {
        File.Delete(EnvFile);
        File.WriteAllText(_work.Combine("stack", ".env.dist"), "TOP_DOMAIN=example.org\n");

        var missing = Run(Password);
        var onCommandLine = BuildProgram.Run(_work.Path, null, ["--target=StatusPassword", "--stack=stack", $"--status-password={Password}"]);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(".env does not exist: write it first with ./build.sh --target=NewEnv", missing.Output);
        Assert.False(File.Exists(EnvFile));
        Assert.Equal(2, onCommandLine.ExitCode);
        Assert.Contains("--status-password is a secret and is not taken on the command line", onCommandLine.Output);
    }
}
