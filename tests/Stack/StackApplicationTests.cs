using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tasks.Accounts;
using PrivateCloud.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// What the stack tells Cozy, CouchDB, xBrowserSync, MongoDB, Cryptpad and kvtiles, checked against
/// what their images do (configuration/README.md names the upstream files). None of these images
/// can be pulled here: the compose file and templates are read, and the JavaScript the stack hands
/// to the images' node and mongosh is run by this machine's node.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StackApplicationTests : IDisposable
{
    private readonly TemporaryDirectory _work = new();
    private readonly CommandRunner _runner = CakeProcesses.CreateCommandRunner();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Cozy_hands_its_entrypoint_the_couchdb_administrator_couchdb_is_started_with()
    {
        var couchdb = EnvironmentOf("couchdb");
        var cozy = EnvironmentOf("cozy");

        // cozy-stack's entrypoint creates _users and _replicator as COUCHDB_USER (default cozy/cozy).
        Assert.Equal(couchdb["COUCHDB_USER"], cozy.GetValueOrDefault("COUCHDB_USER"));
        Assert.Equal(couchdb["COUCHDB_PASSWORD"], cozy.GetValueOrDefault("COUCHDB_PASSWORD"));
        Assert.Equal($"http://{couchdb["COUCHDB_USER"]}:{couchdb["COUCHDB_PASSWORD"]}@couchdb:5984/", cozy["COZY_COUCHDB_URL"]);
    }

    [Fact]
    public void Cozy_routes_home_where_it_sends_users_after_login_and_every_app_InitCozyInstance_installs()
    {
        var labels = Labels("cozy");
        var rule = labels["traefik.http.routers.cozy.rule"];
        var apps = UsersSettings.CozyAppsSetting.Default!.Split(',');

        Assert.Contains("Host(`${CLOUD_DOMAIN}`)", rule, StringComparison.Ordinal);
        Assert.All(apps.Append("home"), app => Assert.Contains($"Host(`{app}.${{CLOUD_DOMAIN}}`)", rule, StringComparison.Ordinal));
        // home is not installed: its front page leads to the drive.
        Assert.DoesNotContain("home", apps);
        Assert.Contains("cozy-home-to-drive", labels["traefik.http.routers.cozy.middlewares"].Split(','));
        Assert.Equal(@"^https://home\.${CLOUD_DOMAIN}/?$$", labels["traefik.http.middlewares.cozy-home-to-drive.redirectregex.regex"]);
        Assert.Equal("https://drive.${CLOUD_DOMAIN}/", labels["traefik.http.middlewares.cozy-home-to-drive.redirectregex.replacement"]);
        // The names a user must create DNS records for.
        // The README wraps its lines, so its words are compared with the line breaks taken out.
        var readme = Regex.Replace(File.ReadAllText(Path.Combine(SourceRoot.Find(), "README.md")), @"\s+", " ");
        Assert.Contains("the Cozy apps' `home.`, `drive.` and `settings.` names", readme, StringComparison.Ordinal);
        Assert.Contains("home.<CLOUD_DOMAIN>, drive.<CLOUD_DOMAIN> and settings.<CLOUD_DOMAIN>", File.ReadAllText(StackFiles.EnvDist), StringComparison.Ordinal);
    }

    [Fact]
    public void Cozy_keeps_its_files_and_its_passphrase_and_vault_keys_in_bind_directories_of_the_files_volume()
    {
        var mounts = Mounts("cozy");
        var cozyYaml = new YamlStream();
        cozyYaml.Load(new StringReader(Render("configurations/cozy/cozy.yaml.template")));
        var settings = (YamlMappingNode)cozyYaml.Documents[0].RootNode;

        var config = mounts["/etc/cozy"];
        var data = mounts["/var/lib/cozy/data"];
        Assert.Equal("${FILES_DIR}/cozy-config", Device(config));
        Assert.Equal("${FILES_DIR}/cozy", Device(data));
        Assert.Equal("./configurations/cozy/cozy.yaml", mounts["/etc/cozy/cozy.yaml"]);
        Assert.Equal(("3552", "3552"), Owner(config));
        Assert.Equal(("3552", "3552"), Owner(data));
        // fs.url is where the files volume is mounted; the vault keys are in the config volume.
        Assert.Equal("file:///var/lib/cozy/data", Scalar((YamlMappingNode)Child(settings, "fs")!, "url"));
        var vault = (YamlMappingNode)Child(settings, "vault")!;
        Assert.Equal("/etc/cozy/vault.enc", Scalar(vault, "credentials_encryptor_key"));
        Assert.Equal("/etc/cozy/vault.dec", Scalar(vault, "credentials_decryptor_key"));
    }

    [Fact]
    public void The_xbs_healthcheck_runs_the_stacks_own_script_against_the_port_the_api_listens_on()
    {
        var healthcheck = ((YamlSequenceNode)Child((YamlMappingNode)Child(Service("xbs"), "healthcheck")!, "test")!)
            .Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        var settings = JsonDocument.Parse(Render("configurations/xbs/settings.json.template")).RootElement;
        var port = settings.GetProperty("server").GetProperty("port").GetInt32();

        Assert.Equal(["CMD", "node", "/usr/local/lib/xbs/healthcheck.js", $"http://127.0.0.1:{port}/info"], healthcheck);
        Assert.Equal("./configurations/xbs/healthcheck.js", Mounts("xbs")["/usr/local/lib/xbs/healthcheck.js"]);
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), Labels("xbs")["traefik.http.services.xbs.loadbalancer.server.port"]);
        Assert.Equal("0.0.0.0", settings.GetProperty("server").GetProperty("host").GetString());
    }

    [Fact]
    public void The_xbs_settings_use_only_keys_the_api_reads()
    {
        // The keys of config/settings.default.json in xbrowsersync/api at v1.1.13, which the API
        // deep-merges settings.json into; any other key is silently ignored.
        string[] known =
        [
            "allowedOrigins", "dailyNewSyncsLimit", "db.authSource", "db.connTimeout", "db.host", "db.name", "db.password",
            "db.port", "db.ssl", "db.useSRV", "db.username", "location", "log.file.enabled", "log.file.level", "log.file.path",
            "log.file.rotatedFilesToKeep", "log.file.rotationPeriod", "log.stdout.enabled", "log.stdout.level", "maxSyncs",
            "maxSyncSize", "server.behindProxy", "server.host", "server.https.certPath", "server.https.enabled",
            "server.https.keyPath", "server.port", "server.relativePath", "status.allowNewSyncs", "status.message",
            "status.online", "throttle.maxRequests", "throttle.timeWindow",
        ];
        var settings = JsonDocument.Parse(Render("configurations/xbs/settings.json.template")).RootElement;

        var leaves = Leaves(settings, prefix: null).ToList();

        Assert.Contains("db.name", leaves);
        Assert.Empty(leaves.Except(known));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(2, 1)]
    public void The_xbs_healthcheck_is_healthy_only_while_the_api_says_it_is_online(int status, int exitCode)
    {
        // A stand-in for xBrowserSync's GET /info on loopback: the API itself cannot run here.
        var result = RunHealthcheck(200, $$"""{"maxSyncSize":512000,"message":"","status":{{status}},"version":"1.1.13"}""");

        Assert.Equal(exitCode, result.ExitCode);
    }

    [Theory]
    [InlineData(500, """{"code":"UnspecifiedException"}""")]
    [InlineData(200, "<html>not the API</html>")]
    public void The_xbs_healthcheck_is_unhealthy_on_an_error_or_an_answer_that_is_not_the_apis(int httpStatus, string body)
    {
        var result = RunHealthcheck(httpStatus, body);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unhealthy", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_xbs_healthcheck_is_unhealthy_when_nothing_listens()
    {
        RequireNode();
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var result = Node([HealthcheckScript, $"http://127.0.0.1:{port}/info"]);

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Mongos_first_start_creates_the_xbs_user_and_the_ttl_index_that_frees_the_daily_new_sync_limit()
    {
        RequireNode();
        // mongosh's `db` and `print` are stood in for by recorders: no MongoDB runs here. The
        // script itself runs in node's JavaScript engine, as mongosh runs it.
        var runner = _work.Write("run.js", """
            const vm = require('vm');
            const fs = require('fs');
            const calls = [];
            const collection = (database, name) => ({
              createIndex: (keys, options) => calls.push({ call: 'createIndex', database, collection: name, keys, options: options || {} }),
            });
            const database = (name) => new Proxy({
              // The password is named, not printed: the runner masks a secret in the output.
              createUser: (user) => calls.push({ call: 'createUser', database: name,
                user: { ...user, pwd: user.pwd === process.env.XBS_DB_PASSWORD ? '$XBS_DB_PASSWORD' : user.pwd } }),
            }, { get: (target, key) => target[key] || collection(name, key) });
            const db = { getSiblingDB: database };
            vm.runInNewContext(fs.readFileSync(process.argv[2], 'utf8'), { db, print: () => {}, process });
            console.log(JSON.stringify(calls));
            """);

        var result = Node([runner, Path.Combine(StackFiles.Directory, "configurations/mongo/create-xbs-user.js")], new Dictionary<string, string>
        {
            ["XBS_DATABASE"] = "bookmarks",
            ["XBS_DB_USERNAME"] = "xbs",
            ["XBS_DB_PASSWORD"] = "xbs-secret",
        }).EnsureSuccess("create-xbs-user.js");
        var calls = JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateArray().Select(c => c.GetRawText()).ToList();

        Assert.Contains("""{"call":"createUser","database":"bookmarks","user":{"user":"xbs","pwd":"$XBS_DB_PASSWORD","roles":[{"role":"readWrite","db":"bookmarks"}]}}""", calls);
        // xBrowserSync's newsynclogs documents expire at their expiresAt (the next midnight).
        Assert.Contains("""{"call":"createIndex","database":"bookmarks","collection":"newsynclogs","keys":{"expiresAt":1},"options":{"expireAfterSeconds":0}}""", calls);
        Assert.Contains("""{"call":"createIndex","database":"bookmarks","collection":"newsynclogs","keys":{"ipAddress":1},"options":{}}""", calls);
        Assert.Equal("/docker-entrypoint-initdb.d/10-create-xbs-user.js", Mounts("mongo").Single(m => m.Value == "./configurations/mongo/create-xbs-user.js").Key);
    }

    [Fact]
    public void Cryptpads_configuration_gives_the_admin_key_its_rights_and_quota_and_restores_the_original_limits()
    {
        var config = CryptpadConfiguration();
        var key = StackFiles.EnvDistValues["CRYPTPAD_ADMIN_KEY"];

        Assert.Equal([key], config.GetProperty("adminKeys").EnumerateArray().Select(k => k.GetString()));
        var limit = config.GetProperty("customLimits").GetProperty(key);
        Assert.Equal(1024L * 1024 * 1024, limit.GetProperty("limit").GetInt64());
        Assert.Equal(200L * 1024 * 1024, config.GetProperty("maxUploadSize").GetInt64());
        Assert.Equal(JsonValueKind.False, config.GetProperty("inactiveTime").ValueKind);
        Assert.Equal("https://" + StackFiles.EnvDistValues["CRYPTPAD_DOMAIN"], config.GetProperty("httpUnsafeOrigin").GetString());
    }

    [Fact]
    public void Cryptpad_stores_everything_under_data_the_original_volume_owned_by_its_uid()
    {
        var config = CryptpadConfiguration();
        var mounts = Mounts("cryptpad");
        string[] storage = ["filePath", "archivePath", "pinPath", "taskPath", "blockPath", "blobPath", "blobStagingPath", "decreePath", "logPath"];

        // Cryptpad resolves them from its working directory, /cryptpad.
        Assert.All(storage, name => Assert.StartsWith("./data/", config.GetProperty(name).GetString(), StringComparison.Ordinal));
        // The original set no decreePath: decree.ndjson is in data/ itself.
        Assert.Equal("./data/", config.GetProperty("decreePath").GetString());
        Assert.Equal("${FILES_DIR}/cryptpad", Device(mounts["/cryptpad/data"]));
        Assert.Equal(["/cryptpad/config/config.js", "/cryptpad/data"], mounts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("4001", "4001"), Owner(mounts["/cryptpad/data"]));
    }

    [Fact]
    public void Kvtiles_lets_any_origin_fetch_the_tiles_its_key_guards()
    {
        var command = ((YamlSequenceNode)Child(Service("kvtiles"), "command")!).Children.Select(n => ((YamlScalarNode)n).Value).ToList();

        Assert.Equal(["-tilesKey=${MAPS_API_KEY}", "-allowOrigin=*"], command);
    }

    private static string HealthcheckScript => Path.Combine(StackFiles.Directory, "configurations/xbs/healthcheck.js");

    private static void RequireNode() => Requires.That(Requires.Executable("node"), "node is needed (apt-get install nodejs)");

    private static YamlMappingNode Service(string name) => StackFiles.EachService().Single(s => s.Name == name).Definition;

    private static Dictionary<string, string> EnvironmentOf(string service) => Strings((YamlMappingNode)Child(Service(service), "environment")!);

    private static Dictionary<string, string> Labels(string service) => Strings((YamlMappingNode)Child(Service(service), "labels")!);

    private static Dictionary<string, string> Strings(YamlMappingNode map) =>
        map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    /// <summary>The service's mounts: container path to source (a named volume or a release file).</summary>
    private static Dictionary<string, string> Mounts(string service) =>
        ((YamlSequenceNode)Child(Service(service), "volumes")!).Children
            .Select(v => ((YamlScalarNode)v).Value!.Split(':'))
            .ToDictionary(parts => parts[1], parts => parts[0]);

    private static YamlMappingNode Volume(string name) => (YamlMappingNode)Child((YamlMappingNode)Child(StackFiles.Compose, "volumes")!, name)!;

    private static string Device(string volume) => Scalar((YamlMappingNode)Child(Volume(volume), "driver_opts")!, "device")!;

    private static (string? User, string? Group) Owner(string volume) =>
        Child(Volume(volume), "x-owner") is YamlMappingNode owner ? (Scalar(owner, "user"), Scalar(owner, "group")) : (null, null);

    private static string Render(string template)
    {
        var result = TemplateRenderer.Render(
            File.ReadAllText(Path.Combine(StackFiles.Directory, template)), template, StackFiles.EnvDistValues, allowUndefined: false);
        Assert.Empty(result.Errors);
        return result.Output;
    }

    private static IEnumerable<string> Leaves(JsonElement element, string? prefix) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().SelectMany(p => Leaves(p.Value, prefix is null ? p.Name : $"{prefix}.{p.Name}"))
            : [prefix!];

    /// <summary>config.js rendered from .env.dist and loaded by node as Cryptpad loads it (require), as JSON.</summary>
    private JsonElement CryptpadConfiguration()
    {
        RequireNode();
        var config = _work.Write("config.js", Render("configurations/cryptpad/config.js.template"));
        var result = Node(["-e", "console.log(JSON.stringify(require(process.argv[1])))", config]).EnsureSuccess("Cryptpad's config.js");
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private CommandResult RunHealthcheck(int httpStatus, string body)
    {
        RequireNode();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[1024];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var content = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {httpStatus} X\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(content);
            return request.ToString();
        });

        var result = Node([HealthcheckScript, $"http://127.0.0.1:{port}/info"]);

        Assert.StartsWith("GET /info HTTP/1.1", server.Result, StringComparison.Ordinal);
        return result;
    }

    private CommandResult Node(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        _runner.Run(new CommandRequest("node", arguments)
        {
            Quiet = true,
            Timeout = TimeSpan.FromSeconds(30),
            Environment = environment ?? new Dictionary<string, string>(),
        });
}
