using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Configuration.Compose;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// The real stack in <c>configuration/</c>, read as files: every service of the personal cloud is
/// there, routed, persistent and closed to the outside as the README promises, and every variable
/// it uses is documented in <c>.env.dist</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class StackDefinitionTests
{
    /// <summary>Public services and the domain variable Traefik routes each by.</summary>
    public static readonly TheoryData<string, string> RoutedServices = new()
    {
        { "traefik", "STATUS_DOMAIN" },
        { "passbolt", "PASSWORDS_DOMAIN" },
        { "cozy", "CLOUD_DOMAIN" },
        { "xbs", "BOOKMARKS_DOMAIN" },
        { "davis-web", "DAV_DOMAIN" },
        { "kvtiles", "MAPS_DOMAIN" },
        { "cryptpad", "CRYPTPAD_DOMAIN" },
        { "cryptpad", "CRYPTPAD_SANDBOX_DOMAIN" },
        { "gitea", "GIT_DOMAIN" },
        { "linkding", "LINKDING_DOMAIN" },
    };

    private static readonly string[] ExpectedServices =
    [
        "traefik", "mariadb", "passbolt", "couchdb", "cozy", "mongo", "xbs", "davis", "davis-web", "kvtiles",
        "cryptpad", "opensmtpd", "dovecot", "gitea", "linkding",
    ];

    [Fact]
    public void Every_service_of_the_personal_cloud_is_defined()
    {
        var services = StackFiles.EachService().Select(s => s.Name).ToList();

        Assert.Equal(ExpectedServices.Order(), services.Order());
    }

    [Theory]
    [MemberData(nameof(RoutedServices))]
    public void A_public_service_is_routed_by_its_domain_over_tls_with_the_certificate_resolver(string service, string domainVariable)
    {
        var labels = Labels(service);
        var routers = labels.Keys
            .Select(key => RouterKey().Match(key))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .Distinct()
            .Where(router => labels.GetValueOrDefault($"traefik.http.routers.{router}.rule", string.Empty)
                .Contains($"Host(`${{{domainVariable}}}`)", StringComparison.Ordinal))
            .ToList();

        Assert.Equal("true", labels.GetValueOrDefault("traefik.enable"));
        Assert.NotEmpty(routers);
        Assert.All(routers, router =>
        {
            Assert.Equal("websecure", labels.GetValueOrDefault($"traefik.http.routers.{router}.entrypoints"));
            Assert.Equal("letsencrypt", labels.GetValueOrDefault($"traefik.http.routers.{router}.tls.certresolver"));
        });
    }

    [Fact]
    public void The_dashboard_sits_behind_basic_auth_from_STATUS_CREDENTIALS()
    {
        var labels = Labels("traefik");

        Assert.Equal("api@internal", labels["traefik.http.routers.dashboard.service"]);
        Assert.Contains("dashboard-auth", labels["traefik.http.routers.dashboard.middlewares"].Split(','));
        Assert.Equal("${STATUS_CREDENTIALS}", labels["traefik.http.middlewares.dashboard-auth.basicauth.users"]);
    }

    [Fact]
    public void Traefik_redirects_http_to_https_and_applies_the_tls_options_and_security_headers()
    {
        var traefik = ComposeYaml.Load(Path.Combine(StackFiles.Directory, "configurations/traefik/traefik.yml.template"))!;
        var redirection = At(traefik, "entryPoints", "web", "http", "redirections", "entryPoint");

        Assert.Equal("websecure", Scalar(redirection, "to"));
        Assert.Equal("https", Scalar(redirection, "scheme"));
        var options = At(Dynamic, "tls", "options");
        // Every router sets its own tls.certresolver, so an entry point's TLS options never reach one: only
        // options named `default` do.
        Assert.Equal(["default"], options.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("VersionTLS12", Scalar(At(options, "default"), "minVersion"));
        Assert.Null(Child(At(traefik, "entryPoints", "websecure"), "http"));
        Assert.Empty(RouterLabels().Where(r => r.Key.EndsWith(".tls.options", StringComparison.Ordinal)).Select(r => r.Key));
        Assert.Equal("63072000", Scalar(Headers("security-headers"), "stsSeconds"));
        var routedWithoutHeaders = RouterLabels()
            .Where(r => r.Key.EndsWith(".tls.certresolver", StringComparison.Ordinal))
            .Select(r => (r.Service, Router: r.Key.Split('.')[3], Labels: Labels(r.Service)))
            .Where(r => r.Labels.GetValueOrDefault($"traefik.http.routers.{r.Router}.service") != "noop@internal")
            .Where(r => !r.Labels.GetValueOrDefault($"traefik.http.routers.{r.Router}.middlewares", string.Empty).Split(',').Contains("security-headers@file"))
            .Select(r => (Name: $"{r.Service}/{r.Router}", Middlewares: r.Labels.GetValueOrDefault($"traefik.http.routers.{r.Router}.middlewares")))
            .ToList();
        // Cryptpad sets its own, stricter headers per origin (its sandbox depends on them), and gets HSTS alone.
        Assert.Equal([("cryptpad/cryptpad", "hsts@file"), ("cryptpad/cryptpad-websocket", "hsts@file")], routedWithoutHeaders);
    }

    [Fact]
    public void Cryptpads_hsts_is_the_security_headers_hsts_without_a_frame_option()
    {
        var shared = Headers("security-headers");
        var hsts = Headers("hsts");

        string[] sts = ["stsSeconds", "stsIncludeSubdomains", "stsPreload", "forceSTSHeader"];

        Assert.Equal(sts.Order(), hsts.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        Assert.All(sts, key => Assert.Equal(Scalar(shared, key), Scalar(hsts, key)));
    }

    [Fact]
    public void Only_traefik_and_the_mail_servers_publish_ports_publicly_and_gitea_ssh_on_loopback()
    {
        var published = StackFiles.EachService()
            .SelectMany(s => (Child(s.Definition, "ports") as YamlSequenceNode)?.Children.Select(p => $"{s.Name} {((YamlScalarNode)p).Value}") ?? [])
            .Order()
            .ToList();

        Assert.Equal(
            [
                "dovecot ${PUBLIC_IP}:993:993",
                "gitea 127.0.0.1:2222:22",
                "opensmtpd ${PUBLIC_IP}:25:25",
                "opensmtpd ${PUBLIC_IP}:465:465",
                "opensmtpd ${PUBLIC_IP}:587:587",
                "traefik ${PUBLIC_IP}:443:443",
                "traefik ${PUBLIC_IP}:80:80",
            ],
            published);
    }

    [Fact]
    public void Every_named_volume_binds_a_directory_under_the_data_mounts()
    {
        var devices = ComposeBindDevices.Read(StackFiles.Directory, [StackFiles.ComposeFileName], name => StackFiles.EnvDistValues.GetValueOrDefault(name))
            .Select(d => d.Path).ToList();
        var volumes = (YamlMappingNode)Child(StackFiles.Compose, "volumes")!;

        Assert.Equal(volumes.Children.Count, devices.Count);
        // The one exception holds no data: the host git user's ~/.ssh, which Gitea shares for the passthrough.
        Assert.All(devices.Where(device => device != GiteaSshPlan.Home + "/.ssh"), device => Assert.Matches("^/mnt/(databases|files)/[a-z]", device));
        Assert.Contains(GiteaSshPlan.Home + "/.ssh", devices);
        Assert.Contains("/mnt/databases/mysql", devices);
        Assert.Contains("/mnt/databases/couch", devices);
        Assert.Contains("/mnt/files/mails", devices);
    }

    [Fact]
    public void Services_mount_only_named_volumes_release_files_and_the_docker_socket()
    {
        var volumes = ((YamlMappingNode)Child(StackFiles.Compose, "volumes")!).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        var mounts = StackFiles.EachService()
            .SelectMany(s => (Child(s.Definition, "volumes") as YamlSequenceNode)?.Children.Select(v => (s.Name, Source: ((YamlScalarNode)v).Value!.Split(':')[0])) ?? [])
            .ToList();

        var unexpected = mounts.Where(m => !volumes.Contains(m.Source) && !m.Source.StartsWith("./configurations/", StringComparison.Ordinal)
                && m.Source != "/var/run/docker.sock")
            .ToList();

        Assert.Empty(unexpected);
        Assert.Equal(["traefik"], mounts.Where(m => m.Source == "/var/run/docker.sock").Select(m => m.Name));
        var mailVolumeUsers = mounts.Where(m => m.Source == "mails").Select(m => m.Name).Order();
        Assert.Equal(["dovecot", "opensmtpd"], mailVolumeUsers);
    }

    [Fact]
    public void Gitea_runs_as_2022_and_its_custom_files_come_from_the_release()
    {
        var gitea = Service("gitea");
        var environment = Mapping(gitea, "environment");
        var volumes = ((YamlSequenceNode)Child(gitea, "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value).ToList();

        Assert.Equal("2022", environment["USER_UID"]);
        Assert.Equal("2022", environment["USER_GID"]);
        Assert.Contains("./configurations/gitea/public:/data/gitea/public:ro", volumes);
        Assert.Contains("./configurations/gitea/templates:/data/gitea/templates:ro", volumes);
        Assert.True(File.Exists(Path.Combine(StackFiles.Directory, "configurations/gitea/public/robots.txt")));
    }

    [Fact]
    public void Gitea_locks_its_installer_and_shares_the_host_git_user_s_ssh_directory_and_host_key_with_SetUpGiteaSsh()
    {
        var gitea = Service("gitea");
        var environment = Mapping(gitea, "environment");
        var volumes = ((YamlSequenceNode)Child(gitea, "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value!).ToList();
        var data = volumes.Single(v => v.EndsWith(":/data", StringComparison.Ordinal)).Split(':')[0];
        var dataDirectory = BindDirectories().Single(d => d.Name == data).Directory;

        Assert.Equal("true", environment["GITEA__security__INSTALL_LOCK"]);
        // Gitea's git user has its home in /data/git: the authorized_keys Gitea writes is the host git user's.
        var ssh = volumes.Single(v => v.EndsWith(":/data/git/.ssh", StringComparison.Ordinal)).Split(':')[0];
        var sshDirectory = BindDirectories().Single(d => d.Name == ssh).Directory;
        Assert.Equal(GiteaSshPlan.AuthorizedKeys[..GiteaSshPlan.AuthorizedKeys.LastIndexOf('/')], sshDirectory.Path);
        // Made by PrepareHost as the git user's before the first Deploy, so Docker never makes it as root's.
        Assert.Equal(new DirectoryOwner("2022", "2022", "0700"), sshDirectory.Owner);
        // Gitea's image makes its sshd host keys in /data/ssh: SetUpGiteaSsh pins the one it reads there.
        Assert.Equal($"{StackFiles.EnvDistValues["FILES_DIR"]}/{GiteaSshPlan.HostKeyUnderFilesDir}", $"{dataDirectory.Path}/ssh/ssh_host_ed25519_key.pub");
        Assert.Equal(new DirectoryOwner("2022", "2022", "0755"), dataDirectory.Owner);
        Assert.Equal(environment["USER_UID"], GiteaSshPlan.DefaultId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Passbolt_signs_the_mobile_app_in_with_jwt_and_its_key_directories_are_writable_by_www_data()
    {
        var environment = Mapping(Service("passbolt"), "environment");
        var directories = BindDirectories().ToDictionary(d => d.Name, d => d.Directory.Owner);

        Assert.Equal("true", environment["PASSBOLT_PLUGINS_JWT_AUTHENTICATION_ENABLED"]);
        // The entrypoint writes the server key and the JWT key pair as www-data (33).
        Assert.Equal(new DirectoryOwner("33", "33", "0700"), directories["passbolt-gpg"]);
        Assert.Equal(new DirectoryOwner("0", "33", "0770"), directories["passbolt-jwt"]);
    }

    [Fact]
    public void Davis_writes_its_files_as_82_keeps_uploads_in_tmp_and_its_urls_refuse_a_password_needing_encoding()
    {
        var environment = Mapping(Service("davis"), "environment");
        var values = new Dictionary<string, string>(StackFiles.EnvDistValues) { ["DAVIS_DB_PASSWORD"] = "p@ss:word", ["MAIL_NO_REPLY_PASSWORD"] = "a/b%" };

        // The image runs as 82 (ARG fpm_user) and may create nothing outside its volumes but /tmp.
        Assert.Equal("/tmp", environment["WEBDAV_TMP_DIR"]);
        Assert.Equal(new DirectoryOwner("82", "82", "0755"), BindDirectories().Single(d => d.Name == "davis-files").Directory.Owner);
        Assert.Contains("davis-files:" + environment["WEBDAV_PUBLIC_DIR"], ((YamlSequenceNode)Child(Service("davis"), "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value));
        Assert.Empty(ComposeValidator.FindUnsafeInUrlCredentials(File.ReadAllText(StackFiles.ComposeFile), StackFiles.EnvDistValues.GetValueOrDefault));
        Assert.Equal(
            ["DAVIS_DB_PASSWORD", "MAIL_NO_REPLY_PASSWORD"],
            ComposeValidator.FindUnsafeInUrlCredentials(File.ReadAllText(StackFiles.ComposeFile), values.GetValueOrDefault).Select(r => r.Name).Order());
    }

    [Fact]
    public void The_mail_servers_sign_with_the_CreateDkimKey_key_and_read_only_the_mail_certificate_store()
    {
        var smtpd = File.ReadAllText(Path.Combine(StackFiles.Directory, "configurations/mail/smtpd.conf.template"));
        var traefik = File.ReadAllText(Path.Combine(StackFiles.Directory, "configurations/traefik/traefik.yml.template"));
        var smtpdVolumes = ((YamlSequenceNode)Child(Service("opensmtpd"), "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value).ToList();
        var dovecotVolumes = ((YamlSequenceNode)Child(Service("dovecot"), "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value).ToList();
        var traefikVolumes = ((YamlSequenceNode)Child(Service("traefik"), "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value).ToList();
        var routersOnMailResolver = Labels("traefik").Where(label => label.Key.EndsWith(".tls.certresolver", StringComparison.Ordinal) && label.Value == "mail")
            .Select(label => label.Key);

        Assert.Contains(
            MailSettings.DkimKeySetting.Default!.Replace("<stack>", ".", StringComparison.Ordinal) + ":/run/dkim/private.key:ro",
            smtpdVolumes);
        Assert.Matches(@"listen on \S+ port 587 tls-require .* auth <credentials> filter dkim-sign", smtpd);
        Assert.Matches(@"listen on \S+ port 465 smtps .* auth <credentials> filter dkim-sign", smtpd);
        Assert.Equal("Host(`${MAIL_DOMAIN}`)", Labels("traefik")["traefik.http.routers.mail-certificate.rule"]);
        Assert.Equal(["traefik.http.routers.mail-certificate.tls.certresolver"], routersOnMailResolver);
        Assert.Contains("storage: /mail-certificate/acme.json", traefik, StringComparison.Ordinal);
        Assert.Contains("mail-certificate:/mail-certificate", traefikVolumes);
        foreach (var volumes in new[] { smtpdVolumes, dovecotVolumes })
        {
            Assert.Contains("mail-certificate:/mail-certificate:ro", volumes);
            Assert.DoesNotContain(volumes, volume => volume!.StartsWith("traefik-certificates:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Databases_are_on_internal_networks_only()
    {
        var networks = (YamlMappingNode)Child(StackFiles.Compose, "networks")!;
        foreach (var database in new[] { "mariadb", "couchdb", "mongo" })
        {
            var attached = ((YamlSequenceNode)Child(Service(database), "networks")!).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
            Assert.All(attached, network => Assert.Equal("true", Scalar((YamlMappingNode)Child(networks, network)!, "internal")));
        }
    }

    [Fact]
    public void Every_service_restarts_and_pins_its_image_and_all_but_kvtiles_have_a_healthcheck()
    {
        Assert.All(StackFiles.EachService(), s =>
        {
            Assert.Equal("unless-stopped", Scalar(s.Definition, "restart"));
            var image = Scalar(s.Definition, "image")!;
            var tag = image[(image.LastIndexOf(':') + 1)..];
            Assert.True(image.Contains(':', StringComparison.Ordinal) && tag != "latest", $"{s.Name}: {image} is not pinned");
        });
        var withoutHealthcheck = StackFiles.EachService().Where(s => Child(s.Definition, "healthcheck") is null).Select(s => s.Name);

        // kvtiles' region images may carry grpc_health_probe, but which build a tag holds cannot be
        // checked here (configuration/README.md), so no healthcheck relies on it.
        Assert.Equal(["kvtiles"], withoutHealthcheck);
    }

    [Fact]
    public void Every_variable_the_compose_file_and_the_templates_use_is_in_env_dist()
    {
        var defined = StackFiles.EnvDistValues.Keys.ToHashSet(StringComparer.Ordinal);

        var undefinedInCompose = ComposeValidator.FindUndefined(File.ReadAllText(StackFiles.ComposeFile), defined);
        var report = new ConfigurationWriter(new SecretRedactor()).Apply(
            TemplateSet.Find(StackFiles.Directory), StackFiles.EnvDistValues, allowUndefined: false, dryRun: true);

        Assert.Empty(undefinedInCompose);
        Assert.True(report.Succeeded, string.Join("\n", report.Errors));
        Assert.Empty(report.Warnings);
        Assert.Equal(5, report.Rendered);
    }

    [Fact]
    public void Env_dist_comments_every_variable_and_holds_example_values_only()
    {
        var lines = File.ReadAllLines(StackFiles.EnvDist);
        var uncommented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            // A variable is commented when the block of assignments it belongs to follows a comment.
            var start = i;
            while (start > 0 && lines[start - 1].Length > 0 && !lines[start - 1].StartsWith('#'))
            {
                start--;
            }

            if (start == 0 || !lines[start - 1].StartsWith('#'))
            {
                uncommented.Add(lines[i]);
            }
        }

        Assert.Empty(uncommented);
        Assert.All(StackFiles.EnvDistValues, pair => Assert.False(string.IsNullOrEmpty(pair.Value), $"{pair.Key} has no example value"));
        var secrets = StackFiles.EnvDistValues.Where(pair => SecretRedactor.IsSecretName(pair.Key) && pair.Key != "STATUS_CREDENTIALS");
        Assert.All(secrets, pair => Assert.Contains("example", pair.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Env_dist_names_every_variable_of_the_install_guide()
    {
        string[] guide =
        [
            "TOP_DOMAIN", "PASSWORDS_DOMAIN", "CLOUD_DOMAIN", "BOOKMARKS_DOMAIN", "DAV_DOMAIN", "MAIL_DOMAIN", "MAPS_DOMAIN",
            "CRYPTPAD_DOMAIN", "CRYPTPAD_SANDBOX_DOMAIN", "GIT_DOMAIN", "STATUS_DOMAIN", "EMAIL", "MYSQL_ROOT_PASSWORD",
            "MAIL_HOST_IP", "MAIL_VOLUME_GROUP", "DKIM_SELECTOR", "STATUS_CREDENTIALS", "GITEA_ADMIN_USER", "GITEA_ADMIN_PASSWORD",
            "DAVIS_ADMIN_LOGIN", "DAVIS_ADMIN_PASSWORD", "COUCHDB_USER", "COUCHDB_PASSWORD", "COZY_ADMIN_PASSPHRASE",
            "CLOUD_MASTER_PASSWORD", "MAPS_API_KEY", "CRYPTPAD_ADMIN_EMAIL", "MAIL_PRINCIPAL_USER", "MAIL_PRINCIPAL_PASSWORD",
            "MAIL_NO_REPLY_PASSWORD", "LINKDING_USER", "LINKDING_PASSWORD", "PASSBOLT_USER",
            .. new[] { "PASSBOLT", "GITEA", "DAVIS", "XBS" }.SelectMany(s => new[] { $"{s}_DATABASE", $"{s}_DB_USERNAME", $"{s}_DB_PASSWORD" }),
        ];

        Assert.Empty(guide.Except(StackFiles.EnvDistValues.Keys));
    }

    /// <summary>Each bind volume's name and the directory, with its owner, it binds (from .env.dist).</summary>
    private static IEnumerable<(string Name, BindDirectory Directory)> BindDirectories()
    {
        var volumes = ((YamlMappingNode)Child(StackFiles.Compose, "volumes")!).Children.Keys.Select(k => ((YamlScalarNode)k).Value!);
        var directories = ComposeBindDevices.Read(StackFiles.Directory, [StackFiles.ComposeFileName], StackFiles.EnvDistValues.GetValueOrDefault);
        return volumes.Zip(directories);
    }

    private static YamlMappingNode Dynamic => ComposeYaml.Load(Path.Combine(StackFiles.Directory, "configurations/traefik/dynamic.yml"))!;

    private static YamlMappingNode Headers(string middleware) => At(Dynamic, "http", "middlewares", middleware, "headers");

    private static YamlMappingNode At(YamlMappingNode root, params string[] path) =>
        path.Aggregate(root, (node, key) => (YamlMappingNode)Child(node, key)!);

    private static IEnumerable<(string Service, string Key)> RouterLabels() =>
        StackFiles.EachService().SelectMany(s => Labels(s.Name).Keys.Where(k => k.StartsWith("traefik.http.routers.", StringComparison.Ordinal)).Select(k => (s.Name, k)));

    private static YamlMappingNode Service(string name) => StackFiles.EachService().Single(s => s.Name == name).Definition;

    private static Dictionary<string, string> Mapping(YamlMappingNode node, string key) =>
        ((YamlMappingNode)Child(node, key)!).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    private static Dictionary<string, string> Labels(string service) =>
        Child(Service(service), "labels") is YamlMappingNode ? Mapping(Service(service), "labels") : [];

    [GeneratedRegex(@"^traefik\.http\.routers\.([^.]+)\.")]
    private static partial Regex RouterKey();
}
