using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tests.Checks;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;
using YamlDotNet.RepresentationModel;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Mail;

/// <summary>
/// The stack's own mail images, built for real from configuration/build/ once per test class on a
/// Debian base made by scripts/make-debian-base-image.sh (no registry: debootstrap, imported under
/// the tag the Dockerfiles name), and per compose flavour the two mail services of the real compose
/// file, run from the real program's rendering of .env.dist (CreateDkimKey's key included). A
/// supplementary file changes only the image names, so the test's images never take the stack's
/// tags, and the containers' DNS resolver, the one stand-in (see <see cref="Start"/>). The ports are
/// published on a loopback address of their own (PUBLIC_IP). The certificate is issued by a test CA
/// and laid into the bind directory of the mail resolver as Traefik writes its ACME store.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MailServersFixture : IDisposable
{
    private static readonly string[] Services = ["opensmtpd", "dovecot"];

    private const string BaseImageScript = "scripts/make-debian-base-image.sh";
    private const string Supplementary = "docker-compose.mailtest.yaml";
    private const int MissingToolExitStatus = 3;
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(25);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly DockerFixture _docker = new();
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly Lazy<string?> _images;
    private readonly ConcurrentDictionary<ComposeFlavor, Lazy<MailStack>> _stacks = new();
    private readonly List<string> _projects = [];

    public MailServersFixture()
    {
        _images = new Lazy<string?>(BuildImages);
    }

    private string Folder { get; } = Directory.CreateTempSubdirectory("mail-servers-").FullName;

    private string ImageTag(string service) => $"privatecloud-test/mail-{service}:{_id}";

    /// <summary>The two mail services of this flavour, started on first use and shared by the class's tests.</summary>
    public MailStack Stack(ComposeFlavor flavor)
    {
        _docker.RequireEngine();
        var compose = InstalledCompose.Require(flavor);
        var problem = _images.Value;
        Requires.That(problem is null, problem ?? string.Empty);
        return _stacks.GetOrAdd(flavor, _ => new Lazy<MailStack>(() => Start(compose))).Value;
    }

    public void Dispose()
    {
        var runner = _docker.Runner;
        foreach (var project in _projects)
        {
            TestComposeStack.RemoveProject(runner, project);
        }

        runner.Run(new CommandRequest("docker", ["image", "rm", "--force", .. Services.Select(ImageTag)]) { Quiet = true });
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>The build arguments the compose file gives a service, expanded from .env.dist.</summary>
    private static IReadOnlyList<string> BuildArguments(string service)
    {
        var definition = (YamlMappingNode)Child(StackFiles.Services, service)!;
        var arguments = (YamlMappingNode)Child((YamlMappingNode)Child(definition, "build")!, "args")!;
        var values = StackFiles.EnvDistValues;
        return arguments.Children
            .SelectMany(pair => new[] { "--build-arg", $"{((YamlScalarNode)pair.Key).Value}={ComposeInterpolation.Expand(((YamlScalarNode)pair.Value).Value!, values.GetValueOrDefault)}" })
            .ToList();
    }

    private string? BuildImages()
    {
        var root = SourceRoot.Find();
        var runner = _docker.Runner;
        var baseImage = runner.Run(new CommandRequest("bash", [Path.Combine(root, BaseImageScript)]) { Quiet = true, Timeout = BuildTimeout });
        if (baseImage.ExitCode == MissingToolExitStatus)
        {
            return $"Cannot make the Debian base image: {baseImage.StandardError.Trim()}";
        }

        baseImage.EnsureSuccess($"Making the Debian base image with {BaseImageScript}");
        foreach (var service in Services)
        {
            // The host network reaches the Debian archive; the engine's bridge has no NAT here.
            runner.Run(new CommandRequest(
                    "docker",
                    ["build", "--network=host", "--quiet", .. BuildArguments(service), "--tag", ImageTag(service), Path.Combine(StackFiles.Directory, "build", service)])
                { Quiet = true, Timeout = BuildTimeout })
                .EnsureSuccess($"Building the {service} image from configuration/build/{service}");
        }

        return null;
    }

    private MailStack Start(ComposeTool compose)
    {
        var work = Directory.CreateDirectory(Path.Combine(Folder, compose.Flavor.ToString())).FullName;
        var stack = Path.Combine(work, "stack");
        var project = $"pcmail{_id}{(compose.Flavor == ComposeFlavor.StandaloneV1 ? "v1" : "v2")}";
        // A loopback address per stack: the standard ports stay free of the machine's own servers.
        var address = IPAddress.Parse($"127.{Random.Shared.Next(20, 250)}.{Random.Shared.Next(1, 250)}.{(compose.Flavor == ComposeFlavor.StandaloneV1 ? 1 : 2)}");
        StackFiles.CopyTo(stack);
        var env = File.ReadAllText(StackFiles.EnvDist);
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["COMPOSE_PROJECT_NAME"] = project,
            ["PUBLIC_IP"] = address.ToString(),
            ["DATABASES_DIR"] = Path.Combine(work, "databases"),
            ["FILES_DIR"] = Path.Combine(work, "files"),
        })
        {
            env = Regex.Replace(env, $"^{name}=.*$", $"{name}={value}", RegexOptions.Multiline);
        }

        File.WriteAllText(Path.Combine(stack, ".env"), env);
        var variables = DotEnvFile.Load(Path.Combine(stack, ".env"), _ => null).Values.ToDictionary();

        var rendered = BuildProgram.Run(work, null, "--target=RenderConfiguration", "--stack=stack");
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var listed = BuildProgram.Run(work, null, "--target=MailDnsRecords", "--stack=stack", "--format=json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var records = JsonDocument.Parse(listed.Stdout);
        var dkim = records.RootElement.EnumerateArray().Single(r => r.GetProperty("value").GetString()!.StartsWith("v=DKIM1;", StringComparison.Ordinal));

        var directories = MakeBindDirectories(variables);
        var ca = TestCertificates.Create(work, "mail");
        var (chain, key) = ca.Issue([variables["MAIL_DOMAIN"]], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        WriteAcmeStore(Path.Combine(directories["mail-certificate"], "acme.json"), variables["MAIL_DOMAIN"], chain, key);

        // No DNS here: smtpd looks up each client's address before its banner, and the engine's
        // resolver would wait on servers out of reach. A resolver on the containers' own loopback,
        // where nothing listens, fails each lookup at once and sends no query off the machine.
        var resolver = Path.Combine(work, "resolv.conf");
        File.WriteAllText(resolver, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        File.WriteAllText(
            Path.Combine(stack, Supplementary),
            "services:\n" + string.Concat(Services.Select(service => $"  {service}:\n    image: {ImageTag(service)}\n    volumes:\n      - {resolver}:/etc/resolv.conf:ro\n")));
        lock (_projects)
        {
            _projects.Add(project);
        }

        var cli = new ComposeCli(_docker.Runner, compose, new ComposeProject(project, stack, [StackFiles.ComposeFileName, Supplementary], ".env"), DockerEngineTarget.Local);
        cli.Up(Services);
        var started = new MailStack(cli, address, variables, ca.CaFile, dkim.GetProperty("name").GetString()!, dkim.GetProperty("value").GetString()!, directories["mails"]);
        WaitUntilServing(started);
        return started;
    }

    /// <summary>
    /// Makes the mail services' bind directories with the owner and mode the compose file declares
    /// beside each (x-owner), as PrepareHost does on a host.
    /// </summary>
    private Dictionary<string, string> MakeBindDirectories(Dictionary<string, string> variables)
    {
        var volumes = (YamlMappingNode)Child(StackFiles.Compose, "volumes")!;
        var directories = new Dictionary<string, string>();
        foreach (var volume in new[] { "mails", "mail-certificate" })
        {
            var definition = (YamlMappingNode)Child(volumes, volume)!;
            var device = ComposeInterpolation.Expand(Scalar((YamlMappingNode)Child(definition, "driver_opts")!, "device")!, variables.GetValueOrDefault);
            var owner = (YamlMappingNode)Child(definition, "x-owner")!;
            string Owner(string key) => ComposeInterpolation.Expand(Scalar(owner, key)!, variables.GetValueOrDefault);
            Directory.CreateDirectory(device);
            _docker.Runner.Run(new CommandRequest("chown", [$"{Owner("user")}:{Owner("group")}", device]) { Quiet = true }).EnsureSuccess("chown");
            _docker.Runner.Run(new CommandRequest("chmod", [Owner("mode"), device]) { Quiet = true }).EnsureSuccess("chmod");
            directories[volume] = device;
        }

        return directories;
    }

    /// <summary>acme.json as Traefik writes it: per resolver, its account and its certificates, base64 PEM.</summary>
    private static void WriteAcmeStore(string path, string domain, string chain, string key)
    {
        using (var stream = File.Create(path))
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("mail");
            json.WriteStartObject("Account");
            json.WriteString("Email", "admin@example.com");
            json.WriteEndObject();
            json.WriteStartArray("Certificates");
            json.WriteStartObject();
            json.WriteStartObject("domain");
            json.WriteString("main", domain);
            json.WriteEndObject();
            json.WriteString("certificate", Convert.ToBase64String(File.ReadAllBytes(chain)));
            json.WriteString("key", Convert.ToBase64String(File.ReadAllBytes(key)));
            json.WriteString("Store", "default");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// Waits for the SMTP banner on 25 and a TLS handshake on 993: the ports answer as soon as the
    /// engine's proxy listens, before the servers inside do.
    /// </summary>
    private static void WaitUntilServing(MailStack stack)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(Answers(stack.Address, 25, smtp: true) && Answers(stack.Address, 993, smtp: false)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The mail servers did not answer within {StartTimeout.TotalSeconds} s:\n{stack.Cli.Logs("opensmtpd", 40)}\n{stack.Cli.Logs("dovecot", 40)}");
            }

            Thread.Sleep(1000);
        }
    }

    private static bool Answers(IPAddress address, int port, bool smtp)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(address, port);
            client.ReceiveTimeout = 10000;
            if (smtp)
            {
                var buffer = new byte[3];
                return client.GetStream().ReadAtLeast(buffer, 3, throwOnEndOfStream: false) == 3 && Encoding.ASCII.GetString(buffer) == "220";
            }

            using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
            tls.AuthenticateAsClient("probe");
            return true;
        }
        catch (Exception exception) when (exception is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }
}

/// <summary>One started pair of mail containers and what the test needs to talk to them.</summary>
public sealed record MailStack(
    ComposeCli Cli, IPAddress Address, IReadOnlyDictionary<string, string> Variables, string CaFile, string DkimRecordName, string DkimRecordValue, string MailDirectory)
{
    public string MailDomain => Variables["MAIL_DOMAIN"];

    public string TopDomain => Variables["TOP_DOMAIN"];

    public string Principal => $"{Variables["MAIL_PRINCIPAL_USER"]}@{TopDomain}";

    public string Password => Variables["MAIL_PRINCIPAL_PASSWORD"];

    /// <summary>Accepts the servers' certificate only if it chains to the test CA and names MAIL_DOMAIN.</summary>
    public bool Trusts(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPemFile(CaFile);
        return chain.Build(leaf) && leaf.MatchesHostname(MailDomain);
    }

    /// <summary>Runs a command in a service's container; returns its exit code and output.</summary>
    public CommandResult Exec(CommandRunner runner, string service, params string[] command)
    {
        var container = Cli.Ps().Single(s => s.Service == service).ContainerId;
        return runner.Run(new CommandRequest("docker", ["exec", container, .. command]) { Quiet = true });
    }
}
