using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Configuration.Credentials;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Configuration.EnvFiles;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// The real <c>configuration/</c> stack through the real program: rendered and validated from
/// <c>.env.dist</c>, then deployed with Deploy over a real sshd on loopback to this machine's Docker
/// engine, extended by a supplementary compose file as a user would, under docker-compose v1 and
/// the v2 plugin alike.
///
/// No image registry is reachable here, so every image the stack names is a local tag of the test
/// busybox image, and the supplementary file (<see cref="StandInOverride"/>) gives every service
/// <c>sleep</c> as its process, a healthcheck that passes, and a stand-in build context for the
/// three images the stack builds. What the deploy proves: the real file's interpolation from a
/// complete .env, its networks (internal ones included), its bind volumes on the data
/// directories, the volumes services share, its bind mounts of rendered and release files, its
/// published ports, its depends_on order with health conditions, and Deploy's idempotence on it.
/// What it does not prove: that the real images start with this configuration (Traefik, MariaDB,
/// Passbolt, Cozy, Cryptpad, Gitea... never run here), that their healthchecks work, that the three
/// Dockerfiles build (their Debian and nginx bases cannot be pulled), certificates, or mail.
/// The data directories are made by the test (PrepareHost's part, tested on the disposable host)
/// under a temporary folder, set through DATABASES_DIR and FILES_DIR; ports bind to 127.0.0.1 (PUBLIC_IP).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class StackDeployTests(SshServerFixture server, DockerFixture docker)
    : IClassFixture<SshServerFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string Supplementary = "docker-compose.smoke.yaml";

    private readonly TemporaryDirectory _work = new();
    private readonly string _project = $"pcstack-{Guid.NewGuid():N}"[..16];
    private readonly List<string> _tags = [];
    private ComposeTool? _compose;

    private string StackDirectory => _work.Combine("stack");

    private string Current => _work.Combine("remote", "current");

    public void Dispose()
    {
        var runner = docker.Runner;
        TestComposeStack.RemoveProject(runner, _project);
        if (_tags.Count > 0)
        {
            // Untags only: the busybox image itself stays.
            runner.Run(new CommandRequest("docker", ["image", "rm", .. _tags]) { Quiet = true });
        }

        _work.Dispose();
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void The_stack_renders_strictly_from_env_dist_and_ValidateCompose_accepts_it(ComposeFlavor flavor)
    {
        InstalledCompose.Require(flavor);
        StackFiles.CopyTo(StackDirectory);

        var result = BuildProgram.Run(
            _work.Path, null, ["--target=ValidateCompose", "--stack=stack", "--env-file=stack/.env.dist", $"--compose={ComposeSettings.OptionValue(flavor)}"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("5 template(s) rendered: 5 changed, 0 unchanged.", result.Output);
        Assert.Contains("The compose project private-cloud (docker-compose.yaml) is valid.", result.Output);
        Assert.DoesNotContain("undefined", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("admin@example.com", File.ReadAllText(Path.Combine(StackDirectory, "configurations/traefik/traefik.yml")));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Deploy_brings_up_every_service_of_the_real_file_with_a_supplementary_file_and_a_second_deploy_changes_nothing(ComposeFlavor flavor)
    {
        server.Require();
        _compose = docker.RequireCompose(flavor);
        var variables = PrepareStack();

        var first = Deploy();
        var containers = Containers();
        var second = Deploy();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Compose on {server.Target}: {InstalledCompose.Located(_compose.Flavor)}.", first.Output);
        Assert.Contains($"docker-compose.yaml, {Supplementary}", first.Output);
        var services = Cli().Ps();
        Assert.Equal(StackFiles.EachService().Select(s => s.Name).Order(), services.Select(s => s.Service).Order());
        Assert.All(services, s => Assert.True(s.IsReady, $"{s.Service} is {s.State}/{s.Health}"));
        var separator = flavor == ComposeFlavor.PluginV2 ? '-' : '_';
        Assert.All(services, s => Assert.Equal($"{_project}{separator}{s.Service}{separator}1", s.ContainerName));

        // Interpolation from .env reached labels and environment.
        Assert.Equal("Host(`status.example.com`)", Inspect("traefik", "{{index .Config.Labels \"traefik.http.routers.dashboard.rule\"}}"));
        Assert.Contains("APP_FULL_BASE_URL=https://passwords.example.com", Inspect("passbolt", "{{json .Config.Env}}"), StringComparison.Ordinal);

        // Databases sit on internal networks shared with their clients only.
        Assert.Equal("true", Docker("network", "inspect", "--format", "{{.Internal}}", $"{_project}_mariadb"));
        Assert.Equal(["davis", "gitea", "mariadb", "passbolt"], ServicesOn("mariadb"));
        Assert.Equal(["couchdb", "cozy"], ServicesOn("couchdb"));
        Assert.Equal(["dovecot", "opensmtpd"], ServicesOn("mail"));
        Assert.Contains("mail.example.com", Inspect("opensmtpd", $"{{{{json (index .NetworkSettings.Networks \"{_project}_outbox\").Aliases}}}}"), StringComparison.Ordinal);

        // Each named volume binds its directory under the data directories, and the mail volume is shared.
        Assert.Equal($"{variables["FILES_DIR"]}/mails", Docker("volume", "inspect", "--format", "{{.Options.device}}", $"{_project}_mails"));
        Exec("opensmtpd", "echo delivered > /var/mail/probe");
        Assert.Equal("delivered", Exec("dovecot", "cat /var/mail/probe"));
        Assert.Equal("delivered\n", File.ReadAllText(Path.Combine(variables["FILES_DIR"], "mails", "probe")));
        Exec("mariadb", "echo row > /var/lib/mysql/probe");
        Assert.True(File.Exists(Path.Combine(variables["DATABASES_DIR"], "mysql", "probe")));

        // Release files and rendered templates are mounted where the services read them.
        Assert.Equal(File.ReadAllText(Path.Combine(StackFiles.Directory, "configurations/gitea/public/robots.txt")), Exec("gitea", "cat /data/gitea/public/robots.txt") + "\n");
        Assert.Contains("email: \"admin@example.com\"", Exec("traefik", "cat /etc/traefik/traefik.yml"), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN", Exec("opensmtpd", "head -c 10 /run/dkim/private.key"), StringComparison.Ordinal);

        // Public ports on PUBLIC_IP, Gitea's SSH on loopback.
        Assert.Equal("127.0.0.1:443", Docker("port", containers["traefik"], "443/tcp"));
        Assert.Equal("127.0.0.1:587", Docker("port", containers["opensmtpd"], "587/tcp"));
        Assert.Equal("127.0.0.1:2222", Docker("port", containers["gitea"], "22/tcp"));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(containers, Containers());
    }

    /// <summary>Copies the stack, writes its .env and the supplementary file, tags the stand-in images.</summary>
    private Dictionary<string, string> PrepareStack()
    {
        StackFiles.CopyTo(StackDirectory);
        var data = _work.Combine("data");
        // The one bind directory off the data mounts is the host git user's ~/.ssh: on this machine, the
        // test's own folder stands in for it, so the deploy writes nothing into a real home directory.
        var compose = Path.Combine(StackDirectory, StackFiles.ComposeFileName);
        File.WriteAllText(compose, File.ReadAllText(compose).Replace($"device: \"{GiteaSshPlan.Home}/.ssh\"", $"device: \"{data}/git-ssh\"", StringComparison.Ordinal));
        var overrides = new Dictionary<string, string>
        {
            ["COMPOSE_PROJECT_NAME"] = _project,
            ["PUBLIC_IP"] = "127.0.0.1",
            ["DATABASES_DIR"] = Path.Combine(data, "databases"),
            ["FILES_DIR"] = Path.Combine(data, "files"),
            // Deploy puts the mail SNAT rule back when MAIL_HOST_IP is set: never on this machine's own firewall.
            ["MAIL_HOST_IP"] = string.Empty,
        };

        // Deploy refuses .env.dist's example secrets: each gets a value of its own, as NewEnv would give it.
        foreach (var name in StackFiles.EnvDistValues.Where(pair => ExampleValues.MustBeReplaced(pair.Key, pair.Value)).Select(pair => pair.Key))
        {
            overrides[name] = name == StatusPassword.Variable ? HtpasswdCredential.Create("admin", RandomSecret.New()).ToString() : RandomSecret.New();
        }

        var env = File.ReadAllText(StackFiles.EnvDist);
        foreach (var (name, value) in overrides)
        {
            env = Regex.Replace(env, $"^{name}=.*$", _ => DotEnvAssignment.Line(name, value, StackFiles.EnvDist), RegexOptions.Multiline);
        }

        File.WriteAllText(Path.Combine(StackDirectory, ".env"), env);
        var variables = DotEnvFile.Load(Path.Combine(StackDirectory, ".env"), _ => null).Values.ToDictionary();

        foreach (var directory in ComposeBindDevices.Read(StackDirectory, [StackFiles.ComposeFileName], variables.GetValueOrDefault).Select(d => d.Path))
        {
            Assert.StartsWith(data, directory, StringComparison.Ordinal);
            Directory.CreateDirectory(directory);
        }

        foreach (var (_, definition) in StackFiles.EachService().Where(s => Child(s.Definition, "build") is null))
        {
            var image = ComposeInterpolation.Expand(Scalar(definition, "image")!, variables.GetValueOrDefault);
            Docker("tag", DockerFixture.BaseImage, image);
            _tags.Add(image);
        }

        _tags.AddRange(StackFiles.EachService().Where(s => Child(s.Definition, "build") is not null).Select(s => Scalar(s.Definition, "image")!));
        Directory.CreateDirectory(Path.Combine(StackDirectory, "standin"));
        File.WriteAllText(Path.Combine(StackDirectory, "standin", "Dockerfile"), $"FROM {DockerFixture.BaseImage}\n");
        File.WriteAllText(Path.Combine(StackDirectory, Supplementary), StandInOverride());
        return variables;
    }

    /// <summary>
    /// Replaces, per service, only what needs a real image: the process, the healthcheck and the
    /// build context. Everything else (networks, volumes, ports, environment, labels, depends_on)
    /// comes from the real file. Every process stops at SIGKILL: sleep as PID 1 ignores SIGTERM.
    /// </summary>
    private static string StandInOverride()
    {
        var text = new StringBuilder("services:\n");
        foreach (var (name, definition) in StackFiles.EachService())
        {
            text.Append($"""
                  {name}:
                    entrypoint: ["sleep"]
                    command: ["86400"]
                    stop_signal: SIGKILL
                    healthcheck:
                      test: ["CMD", "true"]
                      interval: 1s
                      timeout: 2s
                      retries: 3

                """);
            if (Child(definition, "build") is not null)
            {
                text.Append("""
                        build:
                          context: ./standin
                          dockerfile: Dockerfile

                    """);
            }
        }

        return text.ToString();
    }

    private BuildProgram.Result Deploy() => BuildProgram.Run(
        _work.Path,
        null,
        [
            "--target=Deploy", "--stack=stack", $"--host=root@127.0.0.1:{server.Port}", $"--ssh-key={server.Ed25519Key}",
            $"--known-hosts={server.KnownHostsFile}", $"--remote-dir={_work.Combine("remote")}", "--timeout=120",
            // DATABASES_DIR and FILES_DIR are folders of the test's, not mounts.
            "--single-disk=true",
            $"--compose-file={StackFiles.ComposeFileName},{Supplementary}", $"{ComposeSettings.Compose.Option}={ComposeSettings.OptionValue(_compose!.Flavor)}",
        ]);

    private ComposeCli Cli() => new(
        docker.Runner, _compose!, new ComposeProject(_project, Current, [StackFiles.ComposeFileName, Supplementary], ".env"), DockerEngineTarget.Local);

    private Dictionary<string, string> Containers() => Cli().Ps().ToDictionary(s => s.Service, s => s.ContainerId);

    private List<string> ServicesOn(string network) =>
        Containers().Keys
            .Where(service => Inspect(service, "{{json .NetworkSettings.Networks}}").Contains($"\"{_project}_{network}\"", StringComparison.Ordinal))
            .Order()
            .ToList();

    private string Inspect(string service, string format) => Docker("inspect", "--format", format, Containers()[service]);

    private string Exec(string service, string command) => Docker("exec", Containers()[service], "sh", "-c", command);

    private string Docker(params string[] arguments) =>
        docker.Runner.Run(new CommandRequest("docker", arguments) { Quiet = true })
            .EnsureSuccess($"docker {arguments[0]}").StandardOutput.Trim();
}
